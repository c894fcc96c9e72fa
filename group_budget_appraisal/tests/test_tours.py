import unittest

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAppraisalTour(HttpCase):
    """The Budget Office computes a demo centre's scorecard in the browser."""

    def test_office_computes_a_scorecard(self):
        ref = self.env.ref
        if not ref("group_budget.demo_user_office", raise_if_not_found=False):
            self.skipTest("the database was installed without demo data")
        period = ref("group_budget.demo_period_trucks_current")
        card = (
            self.env["group.budget.scorecard"]
            .with_user(ref("group_budget.demo_user_office"))
            ._generate(
                period,
                "month",
                1,
                centres=ref("group_budget.demo_centre_trucks_admin"),
                provisional=True,
            )
        )
        self.assertEqual(card.state, "draft")
        try:
            self.start_tour(
                f"/odoo/action-group_budget_appraisal.group_budget_scorecard_action/{card.id}",
                "group_budget_appraisal_tour_compute",
                login="budget_office",
            )
        except unittest.SkipTest as exc:
            self.fail(f"The browser tour could not run ({exc})")
        self.assertEqual(card.state, "computed")
        self.assertTrue(card.kpi_line_ids.filtered("actual"), "actuals come from the ledger")
        self.assertGreater(card.score, 0)
