from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAppraisalDemo(TransactionCase):
    """The demo's scorecards: the truck company's decided yearly one, a
    department's quarterly one and one with a veto awaiting the board."""

    def test_demo_scorecards(self):
        ref = self.env.ref
        trucks = ref("group_budget.demo_centre_trucks", raise_if_not_found=False)
        if not trucks:
            self.skipTest("the database was installed without demo data")
        cards = self.env["group.budget.scorecard"].search([])
        decided = cards.filtered(lambda c: c.centre_id == trucks and c.period_type == "year")
        self.assertEqual(decided.state, "decided")
        self.assertTrue(decided.board_decision and decided.board_decision_date)
        self.assertTrue(0.6 < decided.score < 1.5, decided.score)
        quarterly = cards.filtered(lambda c: c.period_type == "quarter")
        self.assertEqual(quarterly.centre_id, ref("group_budget.demo_centre_trucks_admin"))
        self.assertTrue(quarterly.provisional)
        self.assertTrue(quarterly.kpi_line_ids.filtered("actual"), "actuals from the ledger")
        vetoed = cards.filtered("vetoed")
        self.assertEqual((vetoed.state, vetoed.score), ("reviewed", 0.0))
        self.assertTrue(vetoed.awaiting_board)
