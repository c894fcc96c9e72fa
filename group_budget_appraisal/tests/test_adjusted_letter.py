from odoo import Command
from odoo.tests import tagged

from odoo.addons.group_budget.tests.common import GroupBudgetCase

VETO = "A major production safety accident."
TASK = ("Open two dealers in the south", 25.0, "Dealers trading by 31 December")


@tagged("post_install", "-at_install")
class TestAdjustedLetter(GroupBudgetCase):
    """An approved adjustment reaches the letter signed again and the
    scorecards generated from it (manual §七, §三 5.6, §九): the centre is
    appraised against the adjusted figure, not the one it replaced."""

    @classmethod
    def setUpClass(cls):
        """A sales office under the group, in the executing year 2031: its
        budget and agreed target of travel (12,000.00, 1,000.00 a month),
        vehicles sold (12,000, 1,000 a month) and market share (10 %,
        averaged), its budget's rent (not in the target), and its letter
        signed by both parties: travel 45 %, vehicles 20 %, market share
        10 %, a work task 25 %."""
        super().setUpClass()
        cls._setup_execution()
        cls.centre_group.manager_id = cls.user_committee
        cls.item_share = cls._share_item()
        cls.centre_sales = cls._sales_office(manager_id=cls.user_officer.id)
        cls.budget_sales = cls._executing_budget(
            cls.centre_sales,
            {
                cls.item_travel: 1_000.0,
                cls.item_volume: 1_000.0,
                cls.item_share: 10.0,
                cls.item_rent: 3_000.0,
            },
        )
        cls.target = cls._target(
            cls.centre_sales,
            {cls.item_travel: 12_000.0, cls.item_volume: 12_000.0, cls.item_share: 10.0},
        )
        cls.target._set_state("issued")
        cls.target.action_agree()
        Letter = cls.env["group.budget.letter"]
        cls.letter = Letter.create(
            dict(
                Letter._prepare_letter_vals(cls.target),
                task_line_ids=[
                    Command.create({"name": TASK[0], "weight": TASK[1], "measure": TASK[2]})
                ],
                veto_items=VETO,
            )
        )
        weights = {cls.item_travel: 45.0, cls.item_volume: 20.0, cls.item_share: 10.0}
        for kpi in cls.letter.kpi_line_ids:
            kpi.weight = weights[kpi.item_id]
        cls._sign(cls.letter)

    @classmethod
    def _sign(cls, letter):
        """The Budget Office sends the letter; both parties sign it."""
        letter.with_user(cls.user_office).action_send()
        letter.with_user(cls.user_committee).action_sign()
        letter.with_user(cls.user_officer).action_sign()

    def setUp(self):
        super().setUp()
        self._enter_adjustment_window()

    def _approve(self, adjustment):
        adjustment.with_user(self.user_officer).action_submit()
        adjustment.with_user(self.user_office).office_opinion = "Justified by the figures."
        adjustment.with_user(self.user_office).validate_tier()
        if adjustment.condition == "other":
            adjustment.with_user(self.user_committee).validate_tier()
        adjustment.with_user(self.user_committee).validate_tier()
        self.assertEqual(adjustment.state, "approved")
        return adjustment

    def _target_line(self, item):
        return self.target.line_ids.filtered(lambda line: line.item_id == item)

    def _terms(self, letter):
        """What a letter says: ``{item: (target, weight)}``, its work tasks
        and its veto items."""
        return (
            {kpi.item_id: (kpi.target_value, kpi.weight) for kpi in letter.kpi_line_ids},
            [(task.name, task.weight, task.measure) for task in letter.task_line_ids],
            letter.veto_items,
        )

    def _scorecards(self, *periods):
        """Generate the scorecards of ``(period type, number)`` with the
        wizard, as the Budget Office does: ``{(type, number): card}``."""
        cards = {}
        for period_type, index in periods:
            wizard = (
                self.env["group.budget.scorecard.generate"]
                .with_user(self.user_office)
                .create(
                    {
                        "period_id": self.period.id,
                        "period_type": period_type,
                        "period_index": index,
                        "centre_ids": [Command.set(self.centre_sales.ids)],
                        "provisional": True,
                    }
                )
            )
            action = wizard.action_generate()
            cards[period_type, index] = self.env["group.budget.scorecard"].search(action["domain"])
        return cards

    @staticmethod
    def _card_target(card, item):
        return card.kpi_line_ids.filtered(lambda line: line.item_id == item).target

    def test_approval_reaches_the_letter_and_the_scorecard(self):
        """Travel raised from 12,000.00 to 14,400.00 from October (24 % of
        the opening net assets of 10,000.00): the target says 14,400.00
        (1,800.00 a month in the fourth quarter), the new letter too, with
        the old one's weights, work task and veto items; a draft until the
        Budget Office sends it, then signed by both parties; the yearly
        scorecard generated from it targets 14,400.00, the fourth quarter's
        5,400.00."""
        self.period.with_user(self.user_office).write(
            {
                "opening_net_assets_override": 10_000.0,
                "opening_net_assets_note": "Audited balance sheet at 1 January.",
            }
        )
        kpis, tasks, veto = self._terms(self.letter)
        self.assertEqual(kpis[self.item_travel], (12_000.0, 45.0))
        self.assertTrue(self.target.locked)
        adjustment = self._approve(
            self._adjustment(14_400.0, centre=self.centre_sales, item=self.item_travel)
        )
        travel = self._target_line(self.item_travel)
        self.assertEqual(travel.value, 14_400.0)
        self.assertEqual(travel._months(), [1_000.0] * 9 + [1_800.0] * 3)
        # The other items of the target stand; rent is in no target.
        self.assertEqual(self._target_line(self.item_volume).value, 12_000.0)
        self.assertNotIn(self.item_rent, self.target.line_ids.item_id)

        new = adjustment.letter_ids
        self.assertEqual(self.letter.state, "superseded")
        self.assertEqual((new.state, new.version), ("draft", 2))
        kpis[self.item_travel] = (14_400.0, 45.0)
        self.assertEqual(self._terms(new), (kpis, tasks, veto))
        self.assertEqual(new.weight_total, 100.0)
        self._sign(new)
        self.assertEqual(new.state, "signed")
        self.assertTrue(self.target.locked)

        cards = self._scorecards(("year", 1), ("quarter", 3), ("quarter", 4))
        self.assertEqual(cards["year", 1].letter_id, new)
        self.assertEqual(self._card_target(cards["year", 1], self.item_travel), 14_400.0)
        self.assertEqual(self._card_target(cards["year", 1], self.item_volume), 12_000.0)
        for card in (cards["quarter", 3], cards["quarter", 4]):
            card.with_user(self.user_office).action_compute()
        self.assertEqual(self._card_target(cards["quarter", 3], self.item_travel), 3_000.0)
        self.assertEqual(self._card_target(cards["quarter", 4], self.item_travel), 5_400.0)

    def test_lowered_ratio_is_its_years_average(self):
        """The market share lowered from 10 % to 8 % from October (another
        case the budget bodies recognise): its year value, the average, is
        9.5 %, and so is the target of the letter signed again and its
        yearly scorecard; the fourth quarter's scorecard targets 8 %, the
        average of its months, not their sum."""
        months = {f"month_{m:02d}": 10.0 if m < 10 else 8.0 for m in range(1, 13)}
        adjustment = self._approve(
            self._adjustment(
                9.5,
                kind="lower",
                condition="other",
                centre=self.centre_sales,
                item=self.item_share,
                months=months,
            )
        )
        share = self._target_line(self.item_share)
        self.assertEqual(share.value, 9.5)
        self.assertEqual(share._months(), [10.0] * 9 + [8.0] * 3)
        self.assertEqual(self._target_line(self.item_travel).value, 12_000.0)
        new = adjustment.letter_ids
        kpis, _tasks, _veto = self._terms(new)
        self.assertEqual(kpis[self.item_share], (9.5, 10.0))
        self.assertEqual(kpis[self.item_travel], (12_000.0, 45.0))
        self._sign(new)
        cards = self._scorecards(("year", 1), ("quarter", 4))
        cards["quarter", 4].with_user(self.user_office).action_compute()
        self.assertEqual(self._card_target(cards["year", 1], self.item_share), 9.5)
        self.assertEqual(self._card_target(cards["quarter", 4], self.item_share), 8.0)
