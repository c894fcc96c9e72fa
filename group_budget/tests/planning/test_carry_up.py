"""Approved changes of a centre's budget move its ancestors' consolidated
lines (logic/consolidation.py, ``carry_up``): a parent's line stays the
budget of its subtree after adjustments and additions."""

import datetime
import re

from odoo import Command
from odoo.tests import tagged

from ..common import GroupBudgetCase

MARCH = datetime.date(2031, 3, 1)
MARCH_END = datetime.date(2031, 3, 31)


@tagged("post_install", "-at_install")
class TestCarryUp(GroupBudgetCase):
    """Four levels in two companies, budgets of 2031 executing in both:

    - the holding (company B) → the group → the subsidiary → its plant, and
      the group's other subsidiary; the subsidiary's workshop has no budget;
    - freight (group-wide, adds up): 40,000.00 a month at the holding,
      25,000.00 at the group, 10,000.00 at the subsidiary (its plant's) and
      at the plant, 15,000.00 at the other subsidiary;
    - training (adds up): 5,000.00 at the holding, 4,000.00 at the group,
      2,000.00 at the plant, none at the subsidiary;
    - vehicles (non-financial, adds up) and a market share (averaged, 12 %)
      at the holding, the group, the subsidiary and the plant.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["group_budget"], ["zh_CN"], overwrite=True)
        cls.company_b.partner_id.lang = "zh_CN"
        Item = cls.env["group.budget.item"]
        cls.item_freight, cls.item_training = Item.create(
            [
                {
                    "name": name,
                    "code": code,
                    "category": "operations",
                    "direction": "lower_better",
                }
                for name, code in (("Freight", "T-FRT"), ("Training", "T-TRN"))
            ]
        )
        cls.item_freight.with_context(lang="zh_CN").name = "运费"
        cls.item_share = cls._share_item()
        cls.centre_holding = cls.env["group.budget.centre"].create(
            {
                "name": "Holding",
                "code": "H",
                "centre_type": "investment",
                "company_id": cls.company_b.id,
            }
        )
        cls.centre_group.parent_id = cls.centre_holding
        cls.centre_group.manager_id = cls.user_committee
        cls.centre_sub.manager_id = cls.user_officer
        cls.centre_sibling.officer_ids = [Command.link(cls.user_officer.id)]
        cls.centre_workshop = cls.env["group.budget.centre"].create(
            {
                "name": "Workshop",
                "code": "S-W",
                "centre_type": "cost",
                "parent_id": cls.centre_sub.id,
                "company_id": cls.company_a.id,
            }
        )
        cls.period = cls.env["group.budget.period"].create(
            {"year": 2031, "company_id": cls.company_a.id}
        )
        cls.period_b = cls.env["group.budget.period"].create(
            {"year": 2031, "company_id": cls.company_b.id}
        )
        freight, training = cls.item_freight, cls.item_training
        volume, share = cls.item_volume, cls.item_share
        cls.budgets = {
            centre: cls._executing_budget(centre, monthly, period=period)
            for centre, monthly, period in (
                (
                    cls.centre_holding,
                    {freight: 40_000.0, training: 5_000.0, volume: 300.0, share: 12.0},
                    cls.period_b,
                ),
                (
                    cls.centre_group,
                    {freight: 25_000.0, training: 4_000.0, volume: 200.0, share: 12.0},
                    cls.period,
                ),
                (cls.centre_sibling, {freight: 15_000.0}, cls.period),
                (cls.centre_sub, {freight: 10_000.0, volume: 100.0, share: 12.0}, cls.period),
                (
                    cls.centre_dept,
                    {freight: 10_000.0, training: 2_000.0, volume: 100.0, share: 12.0},
                    cls.period,
                ),
            )
        }
        (cls.period | cls.period_b)._set_state("executing")

    def setUp(self):
        super().setUp()
        self._set_net_assets(100_000.0)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _months(self, centre, item):
        line = self.budgets[centre].line_ids.filtered(lambda line: line.item_id == item)
        return line._months() if line else None

    def _versions(self):
        return {centre: budget.version_count for centre, budget in self.budgets.items()}

    def _q4(self, before, after):
        """Nine months at ``before``, the fourth quarter at ``after``."""
        return [before] * 9 + [after] * 3

    def _raise(self, centre, line, *others, condition="market"):
        """A raise of ``centre``'s lines ``(item, proposed year value[,
        months])``, effective in October, submitted and approved; without
        months, the value is spread."""
        self._enter_adjustment_window()
        item, proposed, *months = line
        adjustment = self._adjustment(
            proposed,
            item=item,
            centre=centre,
            condition=condition,
            months=months and self.env["group.budget.line"]._months_vals(months[0]),
        )
        self._add_adjustment_lines(adjustment, [(centre, *other) for other in others])
        adjustment.with_user(self.user_officer).action_submit()
        return self._approve_adjustment(adjustment)

    def _addition(self, amount, source_centre, source_item):
        """An operating addition to the plant's freight in March, funded by
        savings, submitted and approved."""
        addition = (
            self.env["group.budget.addition"]
            .with_user(self.user_officer)
            .create(
                {
                    "period_id": self.period.id,
                    "centre_id": self.centre_dept.id,
                    "item_id": self.item_freight.id,
                    "date_from": MARCH,
                    "date_to": MARCH_END,
                    "amount": amount,
                    "reason": "Spare parts flown in after the flood.",
                    "kind": "operating",
                    "funding": "savings",
                    "source_centre_id": source_centre.id,
                    "source_item_id": source_item.id,
                }
            )
        )
        addition.action_submit()
        addition.with_user(self.user_office).validate_tier()
        addition.with_user(self.user_committee).validate_tier()
        self.assertEqual(addition.state, "approved")
        return addition

    # ------------------------------------------------------------------
    # Adjustments
    # ------------------------------------------------------------------
    def test_a_leaf_adjustment_moves_every_ancestor(self):
        """The plant's freight raised from 120,000.00 to 150,000.00 from
        October: its subsidiary, the group and the holding of company B
        follow month by month, each with a new version and a message in its
        company's language; the other subsidiary does not move."""
        versions = self._versions()
        adjustment = self._raise(self.centre_dept, (self.item_freight, 150_000.0))
        self.assertEqual(adjustment.state, "approved")
        freight = self.item_freight
        self.assertEqual(self._months(self.centre_dept, freight), self._q4(10_000.0, 20_000.0))
        self.assertEqual(self._months(self.centre_sub, freight), self._q4(10_000.0, 20_000.0))
        self.assertEqual(self._months(self.centre_group, freight), self._q4(25_000.0, 35_000.0))
        self.assertEqual(self._months(self.centre_holding, freight), self._q4(40_000.0, 50_000.0))
        self.assertEqual(self._months(self.centre_sibling, freight), [15_000.0] * 12)
        self.assertEqual(
            self._versions(),
            {centre: count + (centre != self.centre_sibling) for centre, count in versions.items()},
        )
        for centre in (self.centre_sub, self.centre_group, self.centre_holding):
            budget = self.budgets[centre]
            self.assertEqual(budget.version_ids[:1].kind, "adjustment")
            self.assertEqual(
                budget.version_ids[:1]
                .line_ids.filtered(lambda line: line.item_id == freight)
                .total,
                budget.line_ids.filtered(lambda line: line.item_id == freight).total,
            )
        # The plant's own version only, on the adjustment.
        self.assertEqual(adjustment.version_ids.budget_id, self.budgets[self.centre_dept])
        amount = r"30,000\.00"
        english = self.budgets[self.centre_group].message_ids[0].body
        self.assertRegex(
            english,
            rf"Budget Adjustment {adjustment.name} of \[S-P\] Plant approved: the "
            rf"consolidated budget changes by \[T-FRT\] Freight \D*{amount}",
        )
        chinese = self.budgets[self.centre_holding].message_ids[0].body
        for part in ("预算调整", adjustment.name, "运费"):
            self.assertIn(part, chinese)
        self.assertRegex(chinese, amount)
        symbol = re.escape(self.company_b.currency_id.symbol)
        self.assertRegex(chinese, symbol)

    def test_a_breakdown_does_not_double_the_parent(self):
        """Top-down: the subsidiary's freight raised to 150,000.00 moves the
        group and the holding at once; its plant's breakdown then moves the
        plant, and nothing above it a second time."""
        freight = self.item_freight
        adjustment = self._raise(self.centre_sub, (freight, 150_000.0))
        self.assertEqual(self._months(self.centre_sub, freight), self._q4(10_000.0, 20_000.0))
        self.assertEqual(self._months(self.centre_group, freight), self._q4(25_000.0, 35_000.0))
        self.assertEqual(self._months(self.centre_holding, freight), self._q4(40_000.0, 50_000.0))
        self.assertEqual(self._months(self.centre_dept, freight), [10_000.0] * 12)
        child = adjustment.child_ids
        self.assertEqual(child.centre_id, self.centre_dept)
        versions = self._versions()
        child.line_ids.write(
            {
                "proposed_value": 150_000.0,
                **child.line_ids._months_vals(self._q4(10_000.0, 20_000.0)),
            }
        )
        child.with_user(self.user_officer).action_submit()
        self._approve_adjustment(child)
        self.assertEqual(child.state, "approved")
        self.assertEqual(self._months(self.centre_dept, freight), self._q4(10_000.0, 20_000.0))
        self.assertEqual(self._months(self.centre_sub, freight), self._q4(10_000.0, 20_000.0))
        self.assertEqual(self._months(self.centre_group, freight), self._q4(25_000.0, 35_000.0))
        self.assertEqual(self._months(self.centre_holding, freight), self._q4(40_000.0, 50_000.0))
        versions[self.centre_dept] += 1
        self.assertEqual(self._versions(), versions)

    def test_an_adjustment_setting_parent_and_child_counts_the_change_once(self):
        """One adjustment of the subsidiary raising its own freight (the
        consolidated 120,000.00) and its plant's to 150,000.00: the group
        and the holding move by 30,000.00, not 60,000.00."""
        freight = self.item_freight
        self._enter_adjustment_window()
        adjustment = self._add_adjustment_lines(
            self._adjustment(150_000.0, item=freight),
            [(self.centre_dept, freight, 150_000.0)],
        )
        adjustment.with_user(self.user_officer).action_submit()
        self._approve_adjustment(adjustment)
        for centre in (self.centre_dept, self.centre_sub):
            self.assertEqual(self._months(centre, freight), self._q4(10_000.0, 20_000.0))
        self.assertEqual(self._months(self.centre_group, freight), self._q4(25_000.0, 35_000.0))
        self.assertEqual(self._months(self.centre_holding, freight), self._q4(40_000.0, 50_000.0))

    def test_a_ratio_is_not_carried(self):
        """The plant's market share raised to 15 % (24 % a month from
        October) with its freight: the freight is carried, the share of
        its ancestors stays 12 %, theirs to set."""
        self._raise(
            self.centre_dept,
            (self.item_share, 15.0, self._q4(12.0, 24.0)),
            (self.item_freight, 150_000.0),
            condition="other",
        )
        self.assertEqual(self._months(self.centre_dept, self.item_share), self._q4(12.0, 24.0))
        for centre in (self.centre_sub, self.centre_group, self.centre_holding):
            self.assertEqual(self._months(centre, self.item_share), [12.0] * 12)
        self.assertEqual(
            self._months(self.centre_group, self.item_freight), self._q4(25_000.0, 35_000.0)
        )

    def test_an_ancestor_without_the_line_is_left_alone(self):
        """The plant's training raised from 24,000.00 to 48,000.00: the
        subsidiary, without a training line, gets none; the group and the
        holding above it follow."""
        training = self.item_training
        versions = self._versions()
        self._raise(self.centre_dept, (training, 48_000.0))
        self.assertEqual(self._months(self.centre_dept, training), self._q4(2_000.0, 10_000.0))
        self.assertIsNone(self._months(self.centre_sub, training))
        self.assertEqual(self._months(self.centre_group, training), self._q4(4_000.0, 12_000.0))
        self.assertEqual(self._months(self.centre_holding, training), self._q4(5_000.0, 13_000.0))
        self.assertEqual(self._versions()[self.centre_sub], versions[self.centre_sub])

    def test_an_ancestor_in_another_currency_is_left_alone(self):
        """The holding's company keeps its accounts in euros: its budget does
        not take amounts in the group's currency."""
        euro = self.env.ref("base.EUR")
        euro.active = True
        self.company_b.currency_id = euro
        self._raise(self.centre_dept, (self.item_freight, 150_000.0))
        self.assertEqual(
            self._months(self.centre_group, self.item_freight), self._q4(25_000.0, 35_000.0)
        )
        self.assertEqual(self._months(self.centre_holding, self.item_freight), [40_000.0] * 12)

    # ------------------------------------------------------------------
    # Additions
    # ------------------------------------------------------------------
    def test_an_addition_moves_the_ancestors_of_both_lines(self):
        """6,000.00 of freight for the plant in March, from its training
        savings (2,000.00 a month taken from March back to January): the
        ancestors' freight rises in March, their training falls in the
        first quarter; the subsidiary has no training line to lower."""
        versions = self._versions()
        addition = self._addition(6_000.0, self.centre_dept, self.item_training)
        march = [0.0, 0.0, 6_000.0] + [0.0] * 9
        taken = [2_000.0] * 3 + [0.0] * 9
        for centre, freight, training in (
            (self.centre_dept, 10_000.0, 2_000.0),
            (self.centre_sub, 10_000.0, None),
            (self.centre_group, 25_000.0, 4_000.0),
            (self.centre_holding, 40_000.0, 5_000.0),
        ):
            with self.subTest(centre=centre.code):
                self.assertEqual(
                    self._months(centre, self.item_freight),
                    [freight + added for added in march],
                )
                self.assertEqual(
                    self._months(centre, self.item_training),
                    training and [training - less for less in taken],
                )
                self.assertEqual(self._versions()[centre], versions[centre] + 1)
                self.assertEqual(self.budgets[centre].version_ids[:1].kind, "addition")
        self.assertEqual(addition.version_id.budget_id, self.budgets[self.centre_dept])
        body = self.budgets[self.centre_group].message_ids[0].body
        self.assertRegex(
            body,
            rf"Budget Addition {addition.name} of \[S-P\] Plant approved: the consolidated "
            rf"budget changes by \[T-FRT\] Freight \D*6,000\.00; \[T-TRN\] Training \D*-6,000\.00",
        )

    def test_savings_moved_within_a_subtree_leave_its_top_alone(self):
        """9,000.00 of freight for the plant in March, from the other
        subsidiary's freight savings: the subsidiary rises, the group they
        share and the holding above it do not move."""
        versions = self._versions()
        self._addition(9_000.0, self.centre_sibling, self.item_freight)
        march = [0.0, 0.0, 9_000.0] + [0.0] * 9
        for centre, before, sign in (
            (self.centre_dept, 10_000.0, 1),
            (self.centre_sub, 10_000.0, 1),
            (self.centre_sibling, 15_000.0, -1),
        ):
            self.assertEqual(
                self._months(centre, self.item_freight),
                [before + sign * added for added in march],
            )
            self.assertEqual(self._versions()[centre], versions[centre] + 1)
        self.assertEqual(self._months(self.centre_group, self.item_freight), [25_000.0] * 12)
        self.assertEqual(self._months(self.centre_holding, self.item_freight), [40_000.0] * 12)
        for centre in (self.centre_group, self.centre_holding):
            self.assertEqual(self._versions()[centre], versions[centre])

    # ------------------------------------------------------------------
    # Cost
    # ------------------------------------------------------------------
    def test_queries_do_not_grow_with_the_ancestors_lines(self):
        """Carrying three items up to three ancestors (eight lines) costs
        no more queries than carrying one (three lines)."""
        Budget = self.env["group.budget"].sudo()
        self._enter_adjustment_window()
        origin = self._adjustment(130_000.0, item=self.item_freight, centre=self.centre_dept)
        plant = self.budgets[self.centre_dept]
        december = [0.0] * 11 + [1_000.0]
        one = [(self.centre_dept, self.item_freight, december)]
        three = [
            (self.centre_dept, item, december)
            for item in (self.item_freight, self.item_training, self.item_volume)
        ]
        counts = []
        for changes in (one, one, three):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Budget._store_new_versions(origin, plant, changes, "adjustment")
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(
            self._months(self.centre_holding, self.item_freight)[11], 40_000.0 + 3 * 1_000.0
        )
        self.assertEqual(self._months(self.centre_group, self.item_volume)[11], 200.0 + 1_000.0)
        self.assertLessEqual(counts[2], counts[1], counts)
