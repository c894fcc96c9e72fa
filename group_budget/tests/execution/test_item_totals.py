from lxml import etree

from odoo import Command
from odoo.tests import tagged

from ..common import GroupBudgetCase

LIST_MODELS = (
    "group.budget",
    "group.budget.target",
    "group.budget.target.line",
    "group.budget.line",
    "group.budget.version",
    "group.budget.version.line",
    "group.budget.ledger",
    "group.budget.overrun",
    "group.budget.addition",
)


@tagged("post_install", "-at_install")
class TestItemTotals(GroupBudgetCase):
    """Figures of different items are never added up (issue 9): grouped reads
    total amounts within one item only, and only items that add up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()
        for centre, revenue in ((cls.centre_group, 1000.0), (cls.centre_sub, 600.0)):
            cls._target(
                centre, {cls.item_revenue: revenue, cls.item_margin: 12.0, cls.item_volume: 50.0}
            )
        cls.Line = cls.env["group.budget.target.line"]
        cls.domain = [("period_id", "=", cls.period.id)]

    def test_breakdown_grouped_by_centre_has_no_total(self):
        groups = self.Line.read_group(self.domain, ["value:sum", "month_01:sum"], ["centre_id"])
        self.assertEqual(len(groups), 2)
        for group in groups:
            self.assertEqual(group["centre_id_count"], 3)
            self.assertNotIn("value", group)
            self.assertNotIn("month_01", group)
        # Nor over the whole grid (a pivot's or graph's grand total).
        (total,) = self.Line.read_group(self.domain, ["value:sum"], [])
        self.assertNotIn("value", total)

    def test_one_item_adds_up_when_its_figures_do(self):
        groups = self.Line.read_group(self.domain, ["value:sum"], ["item_id"])
        totals = {group["item_id"][0]: group.get("value") for group in groups}
        self.assertEqual(totals[self.item_revenue.id], 1600.0)
        self.assertEqual(totals[self.item_volume.id], 100.0)
        # A ratio never adds up, even within one item.
        self.assertIsNone(totals[self.item_margin.id])
        # Grouped by item, then centre: every cell is one figure.
        cells = self.Line.read_group(
            self.domain, ["value:sum"], ["item_id", "centre_id"], lazy=False
        )
        self.assertEqual(len(cells), 6)
        self.assertTrue(all("value" in cell for cell in cells))

    def test_web_grouped_list_follows_the_same_rule(self):
        result = self.Line.web_read_group(self.domain, ["value:sum"], ["centre_id"])
        self.assertTrue(all("value" not in group for group in result["groups"]))

    def test_budget_lines_grouped_by_budget_have_no_total(self):
        budget = self.env["group.budget"].create(
            {
                "centre_id": self.centre_sub.id,
                "period_id": self.period.id,
                "line_ids": [
                    Command.create({"item_id": item.id, "month_01": 10.0})
                    for item in (self.item_revenue, self.item_rent)
                ],
            }
        )
        (group,) = self.env["group.budget.line"].read_group(
            [("budget_id", "=", budget.id)], ["month_01:sum"], ["budget_id"]
        )
        self.assertNotIn("month_01", group)

    def test_no_list_adds_up_a_column_of_mixed_items(self):
        for model in LIST_MODELS:
            with self.subTest(model=model):
                arch = self.env[model].get_views([(False, "list")])["views"]["list"]["arch"]
                self.assertFalse(etree.fromstring(arch).xpath("//field[@sum or @avg]"))


@tagged("post_install", "-at_install")
class TestLedgerTotals(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()
        cls.Ledger = cls.env["group.budget.ledger"]
        cls.domain = [("period_id", "=", cls.period.id)]

    def test_ledger_totals_within_one_item(self):
        by_centre = self.Ledger.read_group(self.domain, ["budget:sum", "actual:sum"], ["centre_id"])
        self.assertTrue(by_centre)
        self.assertTrue(all("budget" not in group for group in by_centre))
        by_item = self.Ledger.read_group(self.domain, ["budget:sum"], ["item_id"])
        rent = next(group for group in by_item if group["item_id"][0] == self.item_rent.id)
        self.assertEqual(rent["budget"], 2 * 12 * 100.0)  # two centres, twelve months

    def test_pivot_and_graph_group_by_item(self):
        for view_type in ("pivot", "graph"):
            arch = self.Ledger.get_views([(False, view_type)])["views"][view_type]["arch"]
            names = [node.get("name") for node in etree.fromstring(arch).xpath("//field")]
            self.assertIn("item_id", names, view_type)
        pivot = self.Ledger.get_views([(False, "pivot")])["views"]["pivot"]["arch"]
        rows = etree.fromstring(pivot).xpath("//field[@type='row']/@name")
        self.assertEqual(rows[0], "item_id")
