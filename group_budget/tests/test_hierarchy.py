"""One rule for figures across the centre hierarchy (logic/consolidation.py):
a parent's own budget line is the consolidated budget of its subtree, its
actual is its own postings plus all its descendants'. Applied by the early
warnings, Execution by Centre and the warning dashboard's companies."""

import datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import GroupBudgetCase

MONTHLY_REVENUE = 8_200_000.0  # the demo's heavy-trucks company, a month


class HierarchyCase(GroupBudgetCase):
    """The demo's three levels with its figures, in 2031: the group →
    the subsidiary (the heavy-trucks company centre) → its plant (the sales
    department). The subsidiary's revenue line, 8.2 million a month, is the
    consolidated budget of its subtree: the plant, which sells, holds the
    same 8.2 million. Salaries: 700,000 a month consolidated at the
    subsidiary, 165,000 of them the plant's. The group has no line of its
    own. 2030 is closed with the subsidiary's budget only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Period = cls.env["group.budget.period"]
        cls.period_last = Period.create({"year": 2030, "company_id": cls.company_a.id})
        cls.period = Period.create({"year": 2031, "company_id": cls.company_a.id})
        cls.account_sales = (
            cls.env["account.account"]
            .with_company(cls.company_a)
            .create({"name": "Truck Sales", "code": "GB4100", "account_type": "income"})
        )
        cls.account_salaries = cls._shared_account("GB6600", "Salaries")
        cls.item_sales = cls._revenue_item("Sales Revenue", "H-REV", cls.account_sales)
        cls.item_salaries = cls._cost_item("Salaries", "H-SAL", "none", cls.account_salaries)
        cls._executing_budget(
            cls.centre_sub, {cls.item_sales: MONTHLY_REVENUE}, period=cls.period_last
        )
        cls.period_last._set_state("closed")
        cls.budget_sub = cls._executing_budget(
            cls.centre_sub, {cls.item_sales: MONTHLY_REVENUE, cls.item_salaries: 700_000.0}
        )
        cls.budget_dept = cls._executing_budget(
            cls.centre_dept, {cls.item_sales: MONTHLY_REVENUE, cls.item_salaries: 165_000.0}
        )
        cls.period._set_state("executing")

    def _sales(self, postings):
        """``[(date, centre, revenue, salaries)]`` posted in company A."""
        entries = []
        for date, centre, revenue, salaries in postings:
            if revenue:
                entries.append((date, self.account_sales, -revenue, {centre: 100.0}))
            if salaries:
                entries.append((date, self.account_salaries, salaries, {centre: 100.0}))
        return self._entries(entries)


@tagged("post_install", "-at_install")
class TestHierarchyWarnings(HierarchyCase):
    def _run(self, day):
        with freeze_time(day):
            self.env["group.budget.warning"]._cron_raise_warnings()
        return self.env["group.budget.warning"].search([("period_id", "=", self.period.id)])

    def test_a_parent_compares_its_consolidated_budget_with_its_rolled_up_actual(self):
        rules = self.env["group.budget.warning.rule"].search(
            [("company_id", "=", self.company_a.id)]
        )
        (rules - rules.filtered(lambda r: r.horizon == "month")).active = False
        # The plant sells 8.0 million in November (97.6 % of 8.2): on track.
        # The subsidiary itself posts no revenue, only its own salaries.
        self._sales(
            [
                ("2031-11-10", self.centre_dept, 8_000_000.0, 150_000.0),
                ("2031-11-10", self.centre_sub, 0.0, 400_000.0),
            ]
        )
        warnings = self._run("2031-11-25")
        # Nothing on revenue: the subsidiary's actual is its plant's 8.0 million
        # (not 0.00 against 8.2 million, which was a serious warning).
        self.assertFalse(warnings.filtered(lambda w: w.item_id == self.item_sales))
        # Salaries: 550,000 of 700,000 consolidated at the subsidiary (78.6 %:
        # no cost warning); the plant's 150,000 of 165,000 is 90.9 %.
        self.assertFalse(warnings.filtered(lambda w: w.centre_id == self.centre_sub))
        plant = warnings.filtered(lambda w: w.centre_id == self.centre_dept)
        self.assertEqual(
            [(w.item_id, w.level, w.budget, w.actual) for w in plant],
            [(self.item_salaries, "attention", 165_000.0, 150_000.0)],
        )
        # A shortfall at the plant in December shows at both levels, with the
        # subsidiary's figures: its own budget, the rolled-up actual.
        self._sales([("2031-12-10", self.centre_dept, 6_000_000.0, 0.0)])
        warnings = self._run("2031-12-26").filtered(
            lambda w: w.item_id == self.item_sales and w.period_label == "2031-12"
        )
        self.assertEqual(
            {(w.centre_id, w.level, w.budget, w.actual) for w in warnings},
            {
                (self.centre_dept, "serious", MONTHLY_REVENUE, 6_000_000.0),
                (self.centre_sub, "serious", MONTHLY_REVENUE, 6_000_000.0),
            },
        )
        # The group has no budget line: it is not warned (nothing invented).
        self.assertNotIn(self.centre_group, warnings.centre_id)


@tagged("post_install", "-at_install")
class TestExecutionByCentre(HierarchyCase):
    """One year at a time, by centre and item; a parent's budget is its own
    consolidated line and its actual includes its descendants'."""

    @property
    def _ours(self):
        """This test's centres: tests that commit (concurrency) leave budgets
        of the same years in other companies."""
        return [("centre_id", "in", (self.centre_group | self.centre_sub | self.centre_dept).ids)]

    def _post_first_quarter(self):
        self._sales(
            [
                ("2031-01-12", self.centre_dept, 7_800_000.0, 160_000.0),
                ("2031-02-12", self.centre_dept, 7_000_000.0, 160_000.0),
                ("2031-03-12", self.centre_dept, 8_000_000.0, 150_000.0),
                ("2031-03-12", self.centre_sub, 0.0, 400_000.0),
            ]
        )

    def test_rows_by_centre_and_item_with_the_rule(self):
        self._post_first_quarter()
        with freeze_time("2031-03-20"):
            rows = self.env["group.budget.execution"].search([*self._ours, ("year", "=", 2031)])
            figures = {
                (row.centre_id, row.item_id): (row.budget, row.actual, row.execution_rate)
                for row in rows
            }
        self.assertEqual(
            figures,
            {
                # The subsidiary: its own line to March, its plant's sales.
                (self.centre_sub, self.item_sales): (24_600_000.0, 22_800_000.0, 92.7),
                (self.centre_sub, self.item_salaries): (2_100_000.0, 870_000.0, 41.4),
                (self.centre_dept, self.item_sales): (24_600_000.0, 22_800_000.0, 92.7),
                (self.centre_dept, self.item_salaries): (495_000.0, 470_000.0, 94.9),
            },
        )
        # The group has no line of its own: no row.
        self.assertNotIn(self.centre_group, rows.centre_id)

    def test_totals_add_one_item_of_one_year_over_the_top_most_centres(self):
        self._post_first_quarter()
        Execution = self.env["group.budget.execution"]
        with freeze_time("2031-03-20"):
            by_item = {
                group["item_id"][0]: group
                for group in Execution.read_group(
                    [*self._ours, ("year", "=", 2031)],
                    ["budget:sum", "actual:sum", "execution_rate:avg"],
                    ["item_id"],
                )
            }
            # Revenue of the subsidiary and its plant: the subsidiary's, once.
            sales = by_item[self.item_sales.id]
            self.assertEqual(
                (sales["budget"], sales["actual"], sales["execution_rate"]),
                (24_600_000.0, 22_800_000.0, 92.7),
            )
            # Only the plant selected: its own figures.
            plant = Execution.read_group(
                [*self._ours, ("year", "=", 2031), ("centre_id", "=", self.centre_dept.id)],
                ["budget:sum", "actual:sum"],
                ["item_id"],
            )
            self.assertEqual(
                {g["item_id"][0]: (g["budget"], g["actual"]) for g in plant},
                {
                    self.item_sales.id: (24_600_000.0, 22_800_000.0),
                    self.item_salaries.id: (495_000.0, 470_000.0),
                },
            )
            # By centre, items are never added together; across years, not
            # even one item (2030's closed budget has rows too).
            by_centre = Execution.read_group(
                [*self._ours, ("year", "=", 2031)], ["budget:sum", "actual:sum"], ["centre_id"]
            )
            self.assertTrue(by_centre)
            self.assertFalse([g for g in by_centre if "budget" in g or "actual" in g])
            self.assertTrue(Execution.search([*self._ours, ("year", "=", 2030)]))
            sales_all_years = Execution.read_group(
                [("item_id", "=", self.item_sales.id), ("centre_id", "=", self.centre_sub.id)],
                ["budget:sum"],
                ["centre_id"],
            )
            self.assertNotIn("budget", sales_all_years[0])
            per_year = Execution.read_group(
                [("item_id", "=", self.item_sales.id), ("centre_id", "=", self.centre_sub.id)],
                ["budget:sum"],
                ["year"],
            )
            self.assertEqual(
                {g["year"]: g["budget"] for g in per_year},
                {2030: 12 * MONTHLY_REVENUE, 2031: 3 * MONTHLY_REVENUE},
            )

    def test_the_screen_opens_on_this_year(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_budget.group_budget_execution_action"
        )
        context = safe_eval(action["context"])
        self.assertEqual(context.get("search_default_current_year"), 1)
        arch = self.env["group.budget.execution"].get_views([(False, "search")])["views"]["search"][
            "arch"
        ]
        self.assertIn("current_year", arch)
        self.assertIn("context_today().year", arch)
        pivot = self.env["group.budget.execution"].get_views([(False, "pivot")])["views"]["pivot"][
            "arch"
        ]
        self.assertIn('name="item_id" type="col"', pivot)


@tagged("post_install", "-at_install")
class TestConsolidatedBudget(HierarchyCase):
    def test_a_parent_line_is_its_subtree_budget(self):
        # The subsidiary's line holds its plant's: never added twice.
        consolidated = self.budget_sub._consolidated()
        self.assertEqual(sum(consolidated[self.item_sales]), 12 * MONTHLY_REVENUE)
        self.assertEqual(sum(consolidated[self.item_salaries]), 12 * 700_000.0)
        # The group has no line: its top-most centres with one, the subsidiary.
        group = self.env["group.budget"].create(
            {"centre_id": self.centre_group.id, "period_id": self.period.id}
        )
        self.assertEqual(sum(group._consolidated()[self.item_sales]), 12 * MONTHLY_REVENUE)


@tagged("post_install", "-at_install")
class TestWarningDashboardCompanies(GroupBudgetCase):
    """The warnings of the companies selected in the company switcher, as
    every multi-company screen; when there are none, the help names the
    user's other companies with open warnings."""

    def test_the_help_points_to_the_companies_not_selected(self):
        self._setup_execution()
        period_b = self.env["group.budget.period"].create(
            {"year": 2031, "company_id": self.company_b.id}
        )
        self.env["group.budget.warning"].create(
            {
                "company_id": self.company_b.id,
                "period_id": period_b.id,
                "centre_id": self.centre_other_company.id,
                "item_id": self.item_rent.id,
                "horizon": "month",
                "period_label": "2031-10",
                "date": datetime.date(2031, 10, 25),
                "level": "serious",
            }
        )
        Action = self.env["ir.actions.act_window"]
        action = Action._for_xml_id("group_budget.group_budget_warning_dashboard_action")
        self.assertFalse(action.get("domain"))
        self.assertEqual(
            safe_eval(action["context"]),
            {"search_default_unresolved": 1, "search_default_group_centre": 1},
        )
        # The Committee, with company A only selected: nothing to show, and
        # the help (as the web client loads the action) says where to look.
        user, both = self.user_committee, [self.company_a.id, self.company_b.id]

        def load(companies):
            env = self.env(user=user, context={"allowed_company_ids": companies})
            record = env.ref("group_budget.group_budget_warning_dashboard_action")
            warnings = env["group.budget.warning"].search([("state", "!=", "resolved")])
            return warnings, record.sudo()._get_action_dict()["help"]

        warnings, help_a = load([self.company_a.id])
        self.assertFalse(warnings)
        self.assertIn("company switcher", help_a)
        self.assertIn(f"{self.company_b.name} (1)", help_a)
        # Both companies selected: the warning shows, the help names nothing.
        warnings, help_both = load(both)
        self.assertEqual(warnings.company_id, self.company_b)
        self.assertNotIn(self.company_b.name, help_both)
