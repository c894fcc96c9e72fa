import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..common import GroupBudgetCase

MONTHS = [f"month_{m:02d}" for m in range(1, 13)]


@tagged("post_install", "-at_install")
class TestTarget(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()

    def _issued(self, values, centre=None):
        target = self._target(centre or self.centre_sub, values)
        target.action_issue()
        return target

    # Revision rule ------------------------------------------------------
    def test_revision_allowed_at_20_percent(self):
        target = self._issued({self.item_revenue: 100000.0})
        line = self._line(target, self.item_revenue)
        centre_line = line.with_user(self.user_officer)
        centre_line.write({"estimate_value": 80000.0})
        self.assertTrue(line.may_revise)
        self.assertAlmostEqual(line.gap_percent, 20.0)
        centre_line.write({"has_proposal": True, "proposed_value": 80000.0})
        centre_target = target.with_user(self.user_officer)
        centre_target.revision_reason = "The new plant opens in July, not January."
        centre_target.action_propose_revision()
        self.assertEqual(target.state, "revision")
        target.with_user(self.user_office).action_accept_revision()
        self.assertEqual(target.state, "agreed")
        self.assertEqual(line.agreed_value, 80000.0)
        self.assertEqual(line.value, 80000.0)
        self.assertAlmostEqual(sum(line[m] for m in MONTHS), 80000.0, places=2)

    def test_revision_refused_below_20_percent(self):
        target = self._issued({self.item_revenue: 100000.0})
        line = self._line(target, self.item_revenue)
        line.write({"estimate_value": 80000.01, "has_proposal": True, "proposed_value": 80000.01})
        self.assertFalse(line.may_revise)
        target.revision_reason = "Slightly lower"
        with self.assertRefused(ValidationError, r"at least 20%.*T-REV"):
            target.action_propose_revision()
        self.assertEqual(target.state, "issued")
        # Below the threshold the issued target is agreed as it stands.
        target.with_user(self.user_officer).action_agree()
        self.assertEqual(target.state, "agreed")
        self.assertEqual(line.agreed_value, 100000.0)

    def test_rejected_revision_keeps_the_issued_target(self):
        target = self._issued({self.item_revenue: 100000.0})
        line = self._line(target, self.item_revenue)
        line.write({"estimate_value": 130000.0, "has_proposal": True, "proposed_value": 130000.0})
        target.revision_reason = "More orders"
        target.action_propose_revision()
        target.with_user(self.user_office).action_reject_revision()
        self.assertEqual(line.agreed_value, 100000.0)
        self.assertEqual(target.state, "agreed")

    def test_threshold_is_a_company_setting(self):
        self.company_a.group_budget_revision_threshold = 10.0
        target = self._issued({self.item_revenue: 100000.0})
        line = self._line(target, self.item_revenue)
        line.estimate_value = 110000.0
        self.assertTrue(line.may_revise)
        self.company_a.group_budget_revision_threshold = 20.0
        line.invalidate_recordset(["may_revise"])
        self.assertFalse(line.may_revise)

    def test_revision_needs_a_reason(self):
        target = self._issued({self.item_revenue: 100000.0})
        self._line(target, self.item_revenue).write(
            {"estimate_value": 50000.0, "has_proposal": True, "proposed_value": 50000.0}
        )
        with self.assertRefused(ValidationError, "reasons"):
            target.action_propose_revision()

    def test_only_the_office_decides(self):
        target = self._issued({self.item_revenue: 100000.0})
        self._line(target, self.item_revenue).write(
            {"estimate_value": 50000.0, "has_proposal": True, "proposed_value": 50000.0}
        )
        target.revision_reason = "Market shrinks"
        target.action_propose_revision()
        with self.assertRefused(AccessError, "Only the Budget Office"):
            target.with_user(self.user_officer).action_accept_revision()
        self.assertEqual(target.state, "revision")

    def test_state_changes_only_through_buttons(self):
        target = self._target(self.centre_sub, {self.item_revenue: 1.0})
        with self.assertRefused(UserError, "only through its buttons"):
            target.write({"state": "agreed"})
        with self.assertRefused(UserError, "cannot be agreed"):
            target.action_agree()

    # Access --------------------------------------------------------------
    def test_centre_fills_estimates_not_issued_targets(self):
        target = self._issued({self.item_revenue: 100000.0})
        line = self._line(target, self.item_revenue).with_user(self.user_officer)
        line.estimate_value = 90000.0
        with self.assertRefused(AccessError, "set by the Budget Office"):
            line.issued_value = 1.0
        self.assertEqual(line.issued_value, 100000.0)

    # Breakdown by time ------------------------------------------------------
    def test_even_breakdown_adds_up_exactly(self):
        target = self._target(self.centre_sub, {self.item_revenue: 100000.0})
        line = self._line(target, self.item_revenue)
        months = [line[m] for m in MONTHS]
        self.assertEqual(months[:4], [8333.34] * 4)
        self.assertEqual(months[4:], [8333.33] * 8)
        self.assertAlmostEqual(sum(months), 100000.0, places=2)
        self.assertAlmostEqual(line.q1, 25000.02, places=2)
        self.assertAlmostEqual(line.h1 + line.h2, 100000.0, places=2)

    def test_ratio_items_hold_their_value_every_month(self):
        target = self._target(self.centre_sub, {self.item_margin: 12.5})
        line = self._line(target, self.item_margin)
        self.assertEqual({line[m] for m in MONTHS}, {12.5})
        self.assertEqual(line.q3, 12.5)

    def test_seasonal_profile(self):
        profile = self.env["group.budget.profile"].create(
            {"name": "Peak in Q4", "weight_10": 3.0, "weight_11": 3.0, "weight_12": 3.0}
        )
        target = self._target(self.centre_sub, {self.item_revenue: 1800.0})
        line = self._line(target, self.item_revenue)
        line.write({"breakdown_method": "seasonal", "profile_id": profile.id})
        self.assertEqual(line.month_01, 100.0)
        self.assertEqual(line.month_12, 300.0)
        self.assertAlmostEqual(line.q4, 900.0)

    def test_profile_weights_must_have_a_positive_total(self):
        with self.assertRefused(ValidationError, "positive total"):
            self.env["group.budget.profile"].create(
                {"name": "Empty", **{f"weight_{m:02d}": 0.0 for m in range(1, 13)}}
            )
        with self.assertRefused(ValidationError, "Dented"):
            self.env["group.budget.profile"].create({"name": "Dented", "weight_03": -1.0})

    def test_last_year_pattern(self):
        revenue = (
            self.env["account.account"]
            .with_company(self.company_a)
            .create({"name": "Sales", "code": "GB4000", "account_type": "income"})
        )
        self.item_revenue.account_ids = [Command.set(revenue.ids)]
        moves = self._entries(
            [
                (
                    datetime.date(2030, month, 10),
                    revenue,
                    -100.0 if month <= 6 else -300.0,
                    {self.centre_sub: 100},
                )
                for month in range(1, 13)
            ]
        )
        # A draft entry never counts.
        moves[0].copy({"date": datetime.date(2030, 1, 20)})
        target = self._target(self.centre_sub, {self.item_revenue: 2400.0})
        line = self._line(target, self.item_revenue)
        line.breakdown_method = "last_year"
        self.assertEqual([line[m] for m in MONTHS], [100.0] * 6 + [300.0] * 6)

    def test_negative_value_refused_unless_allowed(self):
        Target = self.env["group.budget.target"]
        before = Target.search_count([])
        with self.assertRefused(ValidationError, "does not allow negative values"):
            self._target(self.centre_sub, {self.item_revenue: -5.0})
        self.assertEqual(Target.search_count([]), before)
        self.item_revenue.allow_negative = True
        target = self._target(self.centre_sub, {self.item_revenue: -5.0})
        self.assertEqual(self._line(target, self.item_revenue).month_01, -0.42)

    def test_hand_edited_months_must_add_up(self):
        target = self._target(self.centre_sub, {self.item_revenue: 1200.0})
        line = self._line(target, self.item_revenue)
        line.write({"month_01": 50.0, "month_02": 150.0})
        with self.assertRefused(ValidationError, r"add up to \D*1,250\.00"):
            line.write({"month_01": 100.0, "month_02": 150.0})

    # Breakdown across centres -------------------------------------------------
    def _split(self, target, weights, items=None):
        wizard = (
            self.env["group.budget.target.split"]
            .with_context(active_id=target.id)
            .create({"item_ids": [Command.set((items or self.env["group.budget.item"]).ids)]})
        )
        for line in wizard.line_ids:
            line.weight = weights[line.centre_id]
        wizard.action_apply()

    def test_share_among_children_adds_up_exactly(self):
        dept_b = self.env["group.budget.centre"].create(
            {
                "name": "Plant B",
                "code": "S-B",
                "centre_type": "cost",
                "parent_id": self.centre_sub.id,
                "company_id": self.company_a.id,
            }
        )
        dept_c = self.env["group.budget.centre"].create(
            {
                "name": "Plant C",
                "code": "S-C",
                "centre_type": "cost",
                "parent_id": self.centre_sub.id,
                "company_id": self.company_a.id,
            }
        )
        parent = self._target(self.centre_sub, {self.item_revenue: 0.05, self.item_margin: 12.0})
        self._split(parent, {self.centre_dept: 1, dept_b: 1, dept_c: 1})
        targets = self.env["group.budget.target"].search(
            [("centre_id", "in", (self.centre_dept | dept_b | dept_c).ids)]
        )
        revenue = targets.line_ids.filtered(lambda line: line.item_id == self.item_revenue)
        self.assertEqual(sorted(revenue.mapped("issued_value")), [0.01, 0.02, 0.02])
        margin = targets.line_ids.filtered(lambda line: line.item_id == self.item_margin)
        self.assertEqual(set(margin.mapped("issued_value")), {12.0})
        self.assertFalse(self._line(parent, self.item_revenue).mismatch)
        (parent | targets).action_issue()
        self.assertEqual(set((parent | targets).mapped("state")), {"issued"})

    def test_weights_must_be_positive(self):
        parent = self._target(self.centre_sub, {self.item_revenue: 100.0})
        with self.assertRefused(ValidationError, "Plant"):
            self._split(parent, {self.centre_dept: 0.0})

    def test_mismatch_blocks_issuing_and_is_listed(self):
        parent = self._target(
            self.centre_group, {self.item_revenue: 1000.0, self.item_margin: 10.0}
        )
        child_a = self._target(self.centre_sub, {self.item_revenue: 600.0, self.item_margin: 8.0})
        child_b = self._target(
            self.centre_sibling, {self.item_revenue: 300.0, self.item_margin: 9.0}
        )
        line = self._line(parent, self.item_revenue)
        self.assertTrue(line.mismatch)
        self.assertEqual(line.children_value, 900.0)
        self.assertFalse(self._line(parent, self.item_margin).mismatch)
        with self.assertRefused(UserError, r"\[G\] Group, \[T-REV\] Revenue.*1,000\.00.*900\.00"):
            (parent | child_a | child_b).action_issue()
        self.assertEqual(parent.state, "draft")
        self._line(child_b, self.item_revenue).issued_value = 400.0
        (parent | child_a | child_b).action_issue()
        self.assertEqual(parent.state, "issued")

    # The year's actions ----------------------------------------------------------
    def test_prepare_and_issue_the_year(self):
        period = self.period.with_user(self.user_office)
        period.action_prepare_targets()
        targets = self.period.target_ids
        self.assertEqual(
            targets.centre_id,
            self.env["group.budget.centre"].search([("company_id", "=", self.company_a.id)]),
        )
        self.assertIn(self.item_revenue, targets[0].line_ids.item_id)
        period.action_prepare_targets()  # twice: nothing more
        self.assertEqual(self.period.target_ids, targets)
        period.action_issue_targets()
        self.assertEqual(set(targets.mapped("state")), {"issued"})

    def test_issuing_queries_are_bounded_per_centre(self):
        def issue(count):
            centres = self.env["group.budget.centre"].create(
                [
                    {
                        "name": f"Q{count}-{i}",
                        "code": f"Q{count}-{i}",
                        "centre_type": "expense",
                        "company_id": self.company_a.id,
                    }
                    for i in range(count)
                ]
            )
            period = self.env["group.budget.period"].create(
                {"year": 2040 + count, "company_id": self.company_a.id}
            )
            targets = self.env["group.budget.target"].create(
                [
                    {
                        "centre_id": c.id,
                        "period_id": period.id,
                        "line_ids": [
                            Command.create({"item_id": self.item_revenue.id, "issued_value": 10.0}),
                            Command.create({"item_id": self.item_margin.id, "issued_value": 1.0}),
                        ],
                    }
                    for c in centres
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            targets.action_issue()
            self.env.flush_all()
            return self.env.cr.sql_log_count - start

        small, large = issue(3), issue(9)
        # Six more centres cost at most a few queries each (chatter included).
        self.assertLessEqual(large - small, 6 * 12)

    def test_one_target_per_centre_and_year(self):
        self._target(self.centre_sub, {self.item_revenue: 1.0})
        with self.assertRefused(
            ValidationError, "already has a Budget Target for the budget year 2031"
        ):
            self._target(self.centre_sub, {self.item_margin: 1.0})
