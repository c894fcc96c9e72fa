"""Every read of the suite's screens runs on a read-only cursor (issue 26).

With ``--db_replica_host``, Odoo serves these calls from the replica; nothing
on their path may write (a cache, a flush into a table, a wizard created on
open), or the call would fail there and be retried on the primary. Each test
makes the web client's calls of one screen over JSON-RPC, as the demo's
users, and checks both that they ran on read-only cursors only and that they
return the screen's figures.
"""

from odoo import Command, fields
from odoo.tests import tagged

from .read_only import ReadOnlyCase


@tagged("post_install", "-at_install")
class TestReadOnly(ReadOnlyCase):
    def setUp(self):
        super().setUp()
        self._require_demo()
        self.today = fields.Date.context_today(self.env["res.users"])
        self.to_date = [("date", "<=", str(self.today.replace(day=1)))]

    def test_ledger_list_pivot_and_graph(self):
        # The officer's default screen: the rows to this month, 80 a page.
        spec = self.list_spec(self.officer, "group_budget.group_budget_ledger_view_list")
        page = self.read_only(
            "budget_officer",
            "group.budget.ledger",
            "web_search_read",
            [self.to_date, spec],
            {"limit": 80, "count_limit": 10001},
        )
        self.assertGreater(page["length"], 0)
        self.assertTrue(any(row["ytd_budget"] for row in page["records"]))
        self.assertTrue(any(row["ytd_actual"] for row in page["records"]))
        self.assertEqual(
            page["records"][0]["centre_id"].keys(), {"id", "display_name"}, "the centre's name"
        )
        # Grouped by centre (the grouped list), by centre and item (the
        # pivot), by month (the graph).
        measures = ["budget:sum", "actual:sum", "ytd_budget:sum", "ytd_actual:sum"]
        grouped = self.read_only(
            "budget_officer",
            "group.budget.ledger",
            "web_read_group",
            [self.to_date, measures, ["centre_id"]],
            {"limit": 80, "lazy": True},
        )
        self.assertTrue(grouped["groups"])
        pivot = self.read_only(
            "budget_officer",
            "group.budget.ledger",
            "read_group",
            [self.to_date, measures, ["centre_id", "item_id"]],
            {"lazy": False},
        )
        self.assertTrue(any(group.get("ytd_budget") for group in pivot))
        graph = self.read_only(
            "budget_officer",
            "group.budget.ledger",
            "read_group",
            [[("item_id", "=", self.rent.id)], ["actual:sum"], ["date:month"]],
            {"lazy": True},
        )
        self.assertTrue(any(group.get("actual") for group in graph))

    def test_ledger_drill_down(self):
        # The suite's own @api.readonly methods: the ledger's buttons, each
        # opening what is behind a figure. The journal items take Odoo's
        # read-only accounting group.
        self.officer.groups_id = [Command.link(self.env.ref("account.group_account_readonly").id)]
        Ledger = self.env["group.budget.ledger"].with_user(self.officer)
        row = Ledger.search([*self.to_date, ("actual", "!=", 0)], limit=1)
        self.assertTrue(row, "the demo posts on the officer's centres")
        overrun = Ledger.search([("overrun_count", ">", 0)], limit=1)
        self.assertTrue(overrun, "the demo has a flexible overrun on the officer's centres")
        expected = {
            "action_open_move_lines": "account.move.line",
            "action_open_ytd_move_lines": "account.move.line",
            "action_open_budget": "group.budget",
            "action_open_commitments": "group.budget.commitment",
        }
        actions = {}
        for method, model in expected.items():
            actions[method] = self.read_only(
                "budget_officer", "group.budget.ledger", method, [row.ids], route="call_button"
            )
            self.assertEqual(actions[method]["res_model"], model, method)
        items = self.env["account.move.line"].search(actions["action_open_move_lines"]["domain"])
        self.assertTrue(items, "the month's actual has journal items behind it")
        budget = self.env["group.budget"].search(
            [("centre_id", "=", row.centre_id.id), ("period_id", "=", row.period_id.id)]
        )
        self.assertEqual(actions["action_open_budget"]["res_id"], budget.id)
        action = self.read_only(
            "budget_officer",
            "group.budget.ledger",
            "action_open_overruns",
            [overrun.ids],
            route="call_button",
        )
        self.assertEqual(action["res_model"], "group.budget.overrun")

    def test_execution_by_centre(self):
        period = self.current_period
        domain = [("period_id", "=", period.id), ("item_id", "=", self.revenue.id)]
        pivot = self.read_only(
            "budget_office",
            "group.budget.execution",
            "read_group",
            [domain, ["budget:sum", "actual:sum", "execution_rate:sum"], ["centre_id"]],
            {"lazy": False},
        )
        self.assertTrue(any(group.get("budget") for group in pivot))
        rows = self.read_only(
            "budget_office",
            "group.budget.execution",
            "web_search_read",
            [domain, {"centre_id": {"fields": {"display_name": {}}}, "budget": {}, "actual": {}}],
            {"limit": 80},
        )
        self.assertTrue(any(row["actual"] for row in rows["records"]))

    def test_a_centres_budgets(self):
        spec = self.list_spec(self.officer, "group_budget.group_budget_view_list")
        budgets = self.read_only(
            "budget_officer",
            "group.budget",
            "web_search_read",
            [[("centre_id", "=", self.sales.id)], spec],
            {"limit": 80},
        )
        self.assertTrue(budgets["records"])
        self.assertTrue(any(row["line_count"] for row in budgets["records"]))
        budget = self.env["group.budget"].browse(budgets["records"][0]["id"])
        [form] = self.read_only(
            "budget_officer",
            "group.budget",
            "web_read",
            [budget.ids, {"state": {}, "line_ids": {"fields": {"item_id": {}, "total": {}}}}],
        )
        self.assertTrue(form["line_ids"])
        self.assertTrue(any(line["total"] for line in form["line_ids"]))

    def test_warnings_list_and_dashboard(self):
        spec = self.list_spec(self.office, "group_budget.group_budget_warning_view_list")
        unresolved = [("state", "!=", "resolved")]
        warnings = self.read_only(
            "budget_office", "group.budget.warning", "web_search_read", [unresolved, spec]
        )
        self.assertTrue(warnings["records"])
        self.assertTrue(all(row["level"] for row in warnings["records"]))
        # The dashboard: its graph and pivot, by centre and level.
        dashboard = self.read_only(
            "budget_office",
            "group.budget.warning",
            "read_group",
            [unresolved, ["__count"], ["centre_id", "level"]],
            {"lazy": False},
        )
        self.assertEqual(
            sum(group["__count"] for group in dashboard),
            self.env["group.budget.warning"].with_user(self.office).search_count(unresolved),
        )
