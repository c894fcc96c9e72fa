"""A draft order's form reads what is available on a read-only cursor
(issue 26): with ``--db_replica_host`` Odoo serves it from the replica, and
the availability of each line, computed when the form reads it, neither
writes nor locks (see ``group_budget/tests/read_only.py``)."""

from odoo.tests import tagged

from odoo.addons.group_budget.tests.read_only import ReadOnlyCase


@tagged("post_install", "-at_install")
class TestReadOnly(ReadOnlyCase):
    def test_draft_order_form_with_what_is_available(self):
        self._require_demo()
        waiting = self.env.ref("group_budget_purchase.demo_purchase_order_waiting")
        self.assertIn(waiting.state, ("draft", "sent"))
        lines = {
            "fields": {
                "product_id": {"fields": {"display_name": {}}},
                "price_subtotal": {},
                "group_budget_available": {},
                "group_budget_exceeds": {},
            }
        }
        [order] = self.read_only(
            "purchase_buyer",
            "purchase.order",
            "web_read",
            [waiting.ids, {"name": {}, "state": {}, "order_line": lines}],
        )
        [line] = [line for line in order["order_line"] if line["group_budget_exceeds"]]
        self.assertGreater(line["price_subtotal"], line["group_budget_available"])
        self.assertEqual(
            line["group_budget_available"], waiting.order_line[:1].group_budget_available
        )
