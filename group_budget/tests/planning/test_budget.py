import datetime

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestBudgetCompilation(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()
        target = cls._target(cls.centre_sub, {cls.item_revenue: 1200.0, cls.item_margin: 12.0})
        cls._line(target, cls.item_revenue).write(
            {
                "breakdown_method": "seasonal",
                "profile_id": cls.env["group.budget.profile"]
                .create({"name": "H2 heavy", **{f"weight_{m:02d}": 2.0 for m in range(7, 13)}})
                .id,
            }
        )
        target.action_issue()
        target.action_agree()
        cls.target = target

    def _start(self):
        self.period.with_user(self.user_office).action_start_compilation()
        return {b.centre_id: b for b in self.period.budget_ids}

    def test_start_compilation_prefills_from_agreed_targets(self):
        budgets = self._start()
        centres = self.env["group.budget.centre"].search([("company_id", "=", self.company_a.id)])
        self.assertEqual(set(budgets), set(centres))
        self.assertEqual(set(self.period.budget_ids.mapped("state")), {"draft"})
        revenue = budgets[self.centre_sub].line_ids.filtered(
            lambda line: line.item_id == self.item_revenue
        )
        # The monthly pattern of the target breakdown: 1 in H1, 2 in H2.
        self.assertEqual(revenue._months(), [66.67] * 6 + [133.33] * 6)
        self.assertAlmostEqual(revenue.total, 1200.0, places=2)
        margin = budgets[self.centre_sub].line_ids.filtered(
            lambda line: line.item_id == self.item_margin
        )
        self.assertEqual(margin.total, 12.0)  # average over the months
        self.assertFalse(budgets[self.centre_sibling].line_ids)  # no agreed target

    def test_start_compilation_is_idempotent(self):
        self._start()
        count = len(self.period.budget_ids)
        self.env["group.budget"]._create_for_periods(self.period)
        self.assertEqual(len(self.period.budget_ids), count)

    def test_rollup_sums_amounts_and_averages_ratios(self):
        budgets = self._start()
        Line = self.env["group.budget.line"]
        Line.create(
            [
                {
                    "budget_id": budgets[self.centre_dept].id,
                    "item_id": self.item_revenue.id,
                    **Line._months_vals([10.0] * 12),
                },
                {
                    "budget_id": budgets[self.centre_dept].id,
                    "item_id": self.item_margin.id,
                    **Line._months_vals([8.0] * 12),
                },
                {
                    "budget_id": budgets[self.centre_sibling].id,
                    "item_id": self.item_revenue.id,
                    **Line._months_vals([1.0] * 12),
                },
            ]
        )
        consolidated = budgets[self.centre_group]._consolidated()
        revenue = consolidated[self.item_revenue]
        # The group has no line of its own: its top-most centres with one, the
        # subsidiary (pattern above, already holding its plant's 10 a month)
        # and the sibling (1 a month); the plant is never added again.
        self.assertEqual(revenue[0], round(66.67 + 1.0, 2))
        self.assertAlmostEqual(sum(revenue), 1200.0 + 12.0, places=2)
        self.assertEqual(consolidated[self.item_margin], [12.0] * 12)  # the subsidiary's
        sub_only = budgets[self.centre_dept]._consolidated()
        self.assertEqual(sub_only[self.item_revenue], [10.0] * 12)
        # The subsidiary's own line is its consolidated budget.
        self.assertAlmostEqual(
            sum(budgets[self.centre_sub]._consolidated()[self.item_revenue]), 1200.0, places=2
        )
        action = budgets[self.centre_group].action_view_consolidated()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        totals = {line.item_id: line.total for line in wizard.line_ids}
        self.assertAlmostEqual(totals[self.item_revenue], 1212.0, places=2)
        self.assertEqual(totals[self.item_margin], 12.0)

    def test_rollup_query_count_does_not_grow_with_lines(self):
        budgets = self._start()
        Line = self.env["group.budget.line"]
        budget = budgets[self.centre_group]

        def queries():
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            budget._consolidated()
            return self.env.cr.sql_log_count - start

        before = queries()
        Line.create(
            [
                {"budget_id": budgets[self.centre_dept].id, "item_id": item.id}
                for item in self.env["group.budget.item"].search(
                    [
                        ("id", "not in", (self.item_revenue | self.item_margin).ids),
                        ("company_id", "in", [False, self.company_a.id]),
                    ]
                )
            ]
        )
        self.env.flush_all()
        self.assertLessEqual(queries(), before + 1)

    def test_incremental_lines_prefill_from_last_year(self):
        self._entries(
            [
                (
                    datetime.date(2030, 3, 5),
                    self.account_rent,
                    300.0,
                    {self.centre_dept: 60, self.centre_sibling: 40},
                )
            ]
        )
        budgets = self._start()
        budget = budgets[self.centre_dept]
        line = self.env["group.budget.line"].create(
            {"budget_id": budget.id, "item_id": self.item_rent.id, "method": "incremental"}
        )
        budget.action_prefill_last_year()
        self.assertEqual(line.month_03, 180.0)  # 60 % of the posting
        self.assertEqual(line.total, 180.0)

    def test_negative_months_refused(self):
        budgets = self._start()
        with self.assertRefused(ValidationError, "does not allow negative values"):
            self.env["group.budget.line"].create(
                {
                    "budget_id": budgets[self.centre_dept].id,
                    "item_id": self.item_revenue.id,
                    "month_05": -1.0,
                }
            )

    def test_item_of_another_company_refused(self):
        budgets = self._start()
        foreign = self.env["group.budget.item"].create(
            {
                "name": "Foreign",
                "code": "T-FOR",
                "category": "scale",
                "company_id": self.company_b.id,
            }
        )
        with self.assertRefused(UserError, "(?s)Incompatible companies.*Budget Item"):
            self.env["group.budget.line"].create(
                {"budget_id": budgets[self.centre_dept].id, "item_id": foreign.id}
            )

    def test_officer_sees_the_budgets_of_their_centres(self):
        budgets = self._start()
        visible = (
            self.env["group.budget"]
            .with_user(self.user_officer)
            .search([("period_id", "=", self.period.id)])
        )
        self.assertEqual(set(visible.centre_id), {self.centre_sub, self.centre_dept})
        self.assertNotIn(budgets[self.centre_sibling], visible)

    def test_start_compilation_queries_do_not_grow_with_lines(self):
        def start(year, items):
            period = self.env["group.budget.period"].create(
                {"year": year, "company_id": self.company_a.id}
            )
            targets = self.env["group.budget.target"].create(
                [
                    {
                        "centre_id": centre.id,
                        "period_id": period.id,
                        "line_ids": [
                            Command.create({"item_id": item.id, "issued_value": 12.0})
                            for item in items
                        ],
                    }
                    for centre in (self.centre_dept, self.centre_sibling)
                ]
            )
            targets.action_issue()
            targets.action_agree()
            self.env.flush_all()
            self.env.invalidate_all()
            count = self.env.cr.sql_log_count
            self.env["group.budget"]._create_for_periods(period)
            self.env.flush_all()
            return self.env.cr.sql_log_count - count

        items = self.env["group.budget.item"].create(
            [{"name": f"Q{i}", "code": f"T-Q{i}", "category": "operations"} for i in range(8)]
        )
        few, many = start(2041, items[:2]), start(2042, items)
        self.assertLessEqual(many - few, 2)
