import re

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

    def test_demo_letters_sent_follow_the_rules_and_their_targets(self):
        """Every letter the demo sent or signed, the one an adjustment brought
        too, keeps to the weight rules and says its target's values: the
        assembly plant's cost of sales as the approved adjustment raised it."""
        adjustment = self.env.ref(
            "group_budget.demo_adjustment_trucks_assembly_cogs", raise_if_not_found=False
        )
        if not adjustment:
            self.skipTest("the database was installed without demo data")
        self.assertEqual(adjustment.state, "approved")
        self.assertTrue(adjustment.letter_ids)
        letters = self.env["group.budget.letter"].search([("state", "in", ("sent", "signed"))])
        self.assertIn(adjustment.letter_ids, letters)
        for letter in letters:
            letter._check_appraisal_weights()
            values = {line.item_id: line.value for line in letter.target_id.line_ids}
            for kpi in letter.kpi_line_ids:
                self.assertEqual(kpi.target_value, values[kpi.item_id], letter.name)
        budget_line = adjustment.version_ids.budget_id.line_ids.filtered(
            lambda line: line.item_id == adjustment.line_ids.item_id
        )
        self.assertEqual(
            adjustment.letter_ids.kpi_line_ids.target_value, budget_line.total, budget_line
        )

    def test_demo_appraisal_writes_in_chinese(self):
        trucks = self.env.ref("group_budget.demo_centre_trucks", raise_if_not_found=False)
        if not trucks:
            self.skipTest("the database was installed without demo data")
        cards = self.env["group.budget.scorecard"].search([])
        letters = cards.letter_id
        texts = cards.mapped("board_decision") + cards.gs_line_ids.mapped("comment")
        texts += cards.veto_line_ids.mapped("comment")
        texts += letters.task_line_ids.mapped("name") + letters.mapped("veto_items")
        self.assertTrue(any(texts))
        for text in filter(None, texts):
            with self.subTest(text=text):
                self.assertFalse(re.findall(r"[A-Za-z]{2,}", str(text)), text)
