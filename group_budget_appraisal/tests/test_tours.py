from odoo.tests import tagged

from odoo.addons.group_budget.tests.tours import TourCase


@tagged("post_install", "-at_install")
class TestAppraisalTour(TourCase):
    """The Budget Office computes a demo centre's scorecard in the browser."""

    def test_office_computes_a_scorecard(self):
        self._require_demo()
        card = (
            self.env["group.budget.scorecard"]
            .with_user(self.office)
            ._generate(self.current_period, "month", 1, centres=self.admin_centre, provisional=True)
        )
        self.assertEqual(card.state, "draft")
        self.start_tour(
            f"/odoo/action-group_budget_appraisal.group_budget_scorecard_action/{card.id}",
            "group_budget_appraisal_tour_compute",
            login="budget_office",
        )
        self.assertEqual(card.state, "computed")
        self.assertTrue(card.kpi_line_ids.filtered("actual"), "actuals come from the ledger")
        self.assertGreater(card.score, 0)

    def test_office_ranks_the_centres(self):
        self._require_demo()
        yearly = self.env["group.budget.scorecard"].search([("period_type", "=", "year")])
        self.assertGreater(max(yearly.mapped("score")), 0, "the demo has a scored year")
        # The ranking shows the companies selected: the truck company's.
        self.assertEqual(yearly.company_id, self.trucks_company)
        self.office.company_id = self.trucks_company
        self.start_read_only_tour(
            "/odoo/action-group_budget_appraisal.group_budget_scorecard_ranking_action",
            "group_budget_appraisal_tour_ranking",
            login="budget_office",
        )
