import unittest

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAnalysisTour(HttpCase):
    """The officer's variance analysis in a real browser (demo data)."""

    def test_officer_analyses_and_explains_a_material_variance(self):
        ref = self.env.ref
        officer = ref("group_budget.demo_user_officer", raise_if_not_found=False)
        if not officer:
            self.skipTest("the database was installed without demo data")
        Explanation = self.env["group.budget.variance.explanation"]
        Explanation.search([]).unlink()
        try:
            self.start_tour(
                "/odoo/action-group_budget_report.group_budget_analysis_wizard_action",
                "group_budget_report_tour_analysis",
                login="budget_officer",
            )
        except unittest.SkipTest as exc:
            self.fail(f"The browser tour could not run ({exc}): it needs Chromium")
        explanation = Explanation.search([])
        self.assertEqual(len(explanation), 1)
        self.assertEqual(explanation.state, "submitted")
        self.assertEqual(explanation.create_uid, officer)
        self.assertEqual(explanation.responsible_id, officer)
        self.assertEqual(explanation.cause_type, "internal")
