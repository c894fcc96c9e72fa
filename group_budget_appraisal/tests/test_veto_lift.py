from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import AppraisalCase

DECISION = {
    "board_decision": "The accident was a contractor's: the board lifts the veto.",
    "board_decision_date": "2031-05-10",
}


@tagged("post_install", "-at_install")
class TestVetoLift(AppraisalCase):
    """A veto item gives 0 and the board decides (manual §九 6.2 (6)): when
    the board lifts the veto, the score follows from the KPI and work-task
    scores again, and the scorecard no longer says the board must decide."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_appraisal()
        _letter, cls.card = cls._appraisal_card(
            cls.centre_sub,
            cls.period,
            {cls.item_volume: (100.0, 60)},
            tasks=[("Cut costs", 40)],
            veto="A major accident.\nFraud.",
        )
        office = cls.card.with_user(cls.user_office)
        # 120 vehicles of 100 at 60 %, the work task done at 40 %: 1.12.
        office.kpi_line_ids.actual = 120.0
        office.gs_line_ids.score = 100
        office.veto_line_ids[0].occurred = True
        office.action_compute()
        cls.card.with_user(cls.user_committee).action_review()

    def _board(self, **vals):
        with freeze_time("2031-05-10"):
            self.card.with_user(self.user_committee).write(dict(DECISION, **vals))

    def test_vetoed_card_scores_zero_and_waits_for_the_board(self):
        self.assertTrue(self.card.vetoed)
        self.assertFalse(self.card.veto_lifted)
        self.assertEqual(self.card.score, 0.0)
        self.assertAlmostEqual(self.card.total, 1.12, places=4)
        self.assertTrue(self.card.awaiting_board)

    def test_lifted_veto_restores_the_score(self):
        self._board(veto_lifted=True)
        self.assertTrue(self.card.veto_lifted)
        self.assertAlmostEqual(self.card.score, 1.12, places=4)
        self.assertAlmostEqual(self.card.score_raw, 1.12, places=4)
        self.assertFalse(self.card.awaiting_board)
        self.card.with_user(self.user_committee).action_decide()
        self.assertEqual(self.card.state, "decided")
        self.assertAlmostEqual(self.card.score, 1.12, places=4)
        rows = self.env["group.budget.scorecard"].with_user(self.user_office)._pay_rows(self.period)
        self.assertEqual([(row["score"], row["vetoed"]) for row in rows], [(1.12, True)])

    def test_the_banner_clears_when_the_veto_is_lifted(self):
        """The form's danger banner shows while the veto stands, the lift's
        note once the board lifted it."""
        arch = self.env.ref("group_budget_appraisal.group_budget_scorecard_view_form").arch_db
        self.assertIn('invisible="not vetoed or veto_lifted"', arch)
        self.assertIn('name="veto_lifted_banner" invisible="not vetoed or not veto_lifted"', arch)
        self._board(veto_lifted=True)
        self.assertTrue(self.card.vetoed, "the veto item occurred; the board lifted it")
        self.assertTrue(self.card.veto_lifted)

    def test_only_the_board_lifts_the_veto(self):
        with self.assertRefused(AccessError, "Budget Committee"):
            self.card.with_user(self.user_office).veto_lifted = True
        with self.assertRefused(ValidationError, "Only the board lifts the veto"):
            self.card.with_user(self.user_committee).veto_lifted = True
        self.assertFalse(self.card.veto_lifted)
        self.assertEqual(self.card.score, 0.0)

    def test_a_decision_that_keeps_the_veto_keeps_zero(self):
        self._board(board_decision="Score 0 confirmed.")
        self.card.with_user(self.user_committee).action_decide()
        self.assertEqual((self.card.state, self.card.score), ("decided", 0.0))
