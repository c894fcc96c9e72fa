from odoo.tests import tagged

from odoo.addons.group_budget.tests.tours import TourCase


@tagged("post_install", "-at_install")
class TestAnalysisTour(TourCase):
    """The officer's variance analysis in a real browser (demo data)."""

    def test_officer_analyses_and_explains_a_material_variance(self):
        self._require_demo()
        Explanation = self.env["group.budget.variance.explanation"]
        Explanation.search([]).unlink()
        # Its reads run on read-only cursors (the matrix's rows on the
        # primary): none wrote and was retried on a read/write cursor.
        with self.assertNoLogs("odoo.http", "WARNING"):
            self.start_tour(
                "/odoo/action-group_budget_report.group_budget_analysis_wizard_action",
                "group_budget_report_tour_analysis",
                login="budget_officer",
            )
        explanation = Explanation.search([])
        self.assertEqual(len(explanation), 1)
        self.assertEqual(explanation.state, "submitted")
        self.assertEqual(explanation.create_uid, self.officer)
        self.assertEqual(explanation.responsible_id, self.officer)
        self.assertEqual(explanation.cause_type, "internal")
