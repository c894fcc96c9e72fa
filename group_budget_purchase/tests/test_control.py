"""Control at confirmation (manual §五 3.3): a rigid item refuses an order that
takes the year to date over the budget, a flexible one records an overrun."""

import logging
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import RedirectWarning
from odoo.tests import tagged

from ..models.group_budget_purchase import GroupBudgetPurchase
from .common import BUDGET_TABLES, MARCH, TODAY, PurchaseCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestConfirmationControl(PurchaseCase):
    def test_a_rigid_budget_takes_an_order_to_the_cent_and_refuses_one_more(self):
        within = self._order([self._tooling(6_000.0), self._tooling(4_000.0)])
        over = self._order([self._tooling(0.01)])
        within.button_confirm()
        self.assertEqual(within.state, "purchase")
        with self.assertRefused(RedirectWarning, "it has not been confirmed") as caught:
            over.button_confirm()
        self.assertEqual(over.state, "draft")
        self.assertEqual(self._committed(over), {}, "nothing of the refused confirmation is saved")
        message, action, button = caught.exception.args[:3]
        self.assertIn("This purchase order exceeds a budget under rigid control", message)
        self.assertIn("[S] Subsidiary, [T-TOOL] Tooling, 2031-03", message)
        self.assertIn("budget to date $\xa010,000.00", message)
        self.assertIn("consumed $\xa010,000.00", message)
        self.assertIn("this order $\xa00.01", message)
        self.assertIn("short by $\xa00.01", message)
        self.assertEqual(button, "Request a Budget Addition")
        self.assertEqual(action["res_model"], "group.budget.addition")
        self.assertEqual(
            {key: action["context"][key] for key in action["context"]},
            {
                "default_period_id": self.period.id,
                "default_centre_id": self.centre_sub.id,
                "default_item_id": self.item_tooling.id,
                "default_date_from": "2031-03-01",
                "default_date_to": "2031-03-31",
                "default_amount": 0.01,
            },
        )

    def test_a_single_order_one_cent_over_is_refused(self):
        order = self._order([self._tooling(10_000.01)])
        with self.assertRefused(RedirectWarning, "it has not been confirmed") as caught:
            order.button_confirm()
        self.assertIn("this order $\xa010,000.01, short by $\xa00.01", caught.exception.args[0])
        self.assertEqual(order.state, "draft")
        order.order_line.price_unit = 10_000.0
        order.button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_actuals_and_reserved_savings_count_as_consumed(self):
        """Budget to date 10,000.00: 2,500.00 posted, and 2,500.00 that a
        pending addition reserves as its savings (the budget less them),
        leave 5,000.00."""
        self._bill(self._order([self._tooling(2_500.0)], confirm=True), [1])
        addition = self.env["group.budget.addition"].create(
            {
                "period_id": self.period.id,
                "centre_id": self.centre_sibling.id,
                "item_id": self.item_tooling.id,
                "date_from": "2031-03-01",
                "date_to": "2031-03-31",
                "amount": 2_500.0,
                "reason": "Second shift.",
                "kind": "operating",
                "funding": "savings",
                "source_centre_id": self.centre_sub.id,
                "source_item_id": self.item_tooling.id,
            }
        )
        addition.action_submit()
        with self.assertRefused(RedirectWarning, "it has not been confirmed") as caught:
            self._order([self._tooling(5_000.01)], confirm=True)
        self.assertIn(
            "budget to date $\xa07,500.00, consumed $\xa02,500.00", caught.exception.args[0]
        )
        order = self._order([self._tooling(5_000.0)], confirm=True)
        self.assertEqual(order.state, "purchase")

    def test_an_increase_of_a_confirmed_line_is_checked(self):
        order = self._order([(self.product_tooling, 2, 4_000.0, {self.centre_sub: 100})])
        order.button_confirm()
        line = order.order_line
        with self.assertRefused(RedirectWarning, "the change has not been saved"):
            line.product_qty = 3
        self.assertEqual(line.product_qty, 2)
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 8_000.0}
        )
        line.price_unit = 5_000.0  # exactly the budget
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 10_000.0}
        )
        # A release always passes (the price given: Odoo takes the vendor's
        # price again when the quantity changes).
        line.write({"product_qty": 1, "price_unit": 5_000.0})
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 5_000.0}
        )

    def test_a_flexible_overrun_is_confirmed_recorded_and_counted_in_the_ledger(self):
        order = self._order([(self.product_office, 1, 1_200.0, {self.centre_sub: 100})])
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        overrun = self.env["group.budget.overrun"].search([("purchase_order_id", "=", order.id)])
        self.assertEqual(len(overrun), 1)
        self.assertFalse(overrun.move_id)
        self.assertEqual(
            (overrun.budget_id, overrun.item_id, overrun.date),
            (self.budget_sub, self.item_office, MARCH),
        )
        self.assertEqual(
            (overrun.ytd_budget, overrun.consumed, overrun.posting, overrun.shortfall),
            (1_000.0, 0.0, 1_200.0, 200.0),
        )
        self.assertIn(
            "This order commits over a budget under flexible control",
            order.message_ids[0].body,
        )
        self.assertIn("short by $&nbsp;200.00", order.message_ids[0].body)
        ledger = self.env["group.budget.ledger"].search(
            [
                ("centre_id", "=", self.centre_sub.id),
                ("item_id", "=", self.item_office.id),
                ("period_id", "=", self.period.id),
                ("month", "=", 3),
            ]
        )
        self.assertEqual(ledger.overrun_count, 1)
        self.assertEqual(ledger.action_open_overruns()["domain"][1][2], self.item_office.id)
        # A cancelled order's overrun no longer counts.
        order.button_cancel()
        ledger.invalidate_recordset()
        self.assertEqual(ledger.overrun_count, 0)

    def test_a_buyer_without_budget_role_confirms_and_reads_the_refusal(self):
        order = self._order([self._tooling(4_000.0)], user=self.user_buyer)
        order.with_user(self.user_buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 4_000.0}
        )
        over = self._order([self._tooling(6_000.01)], user=self.user_buyer)
        with self.assertRefused(RedirectWarning, "Tooling, 2031-03: budget to date"):
            over.with_user(self.user_buyer).button_confirm()
        # A flexible overrun goes through for them too, with its message.
        office = self._order(
            [(self.product_office, 1, 1_500.0, {self.centre_sub: 100})], user=self.user_buyer
        )
        office.with_user(self.user_buyer).button_confirm()
        self.assertEqual(office.state, "purchase")
        self.assertEqual(
            len(self.env["group.budget.overrun"].search([("purchase_order_id", "=", office.id)])),
            1,
        )

    def test_an_accountant_posts_a_bill_that_releases_the_commitment(self):
        order = self._order([(self.product_tooling, 2, 5_000.0, {self.centre_sub: 100})])
        order.button_confirm()
        bill = self._bill(order, [1], post=False, user=self.user_billing)
        bill.with_user(self.user_billing).action_post()
        self.assertEqual(bill.state, "posted")
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 5_000.0}
        )
        # A bill over what was ordered is refused by control at posting,
        # with the commitment it would release counted only once.
        extra = self._bill(order, [2], post=False, user=self.user_billing)
        with self.assertRefused(RedirectWarning, "it has not been posted"):
            extra.with_user(self.user_billing).action_post()
        self.assertEqual(extra.state, "draft")

    # ------------------------------------------------------------------
    # Cost
    # ------------------------------------------------------------------
    def _confirm_cost(self, count):
        """The queries of confirming an order of ``count`` lines with the
        budget's part, and without it (its refresh patched away), from a
        cold cache."""
        lines = [
            self._tooling(100.0, self.centre_sub if n % 2 else self.centre_sibling)
            for n in range(count)
        ]
        with_budget, without_budget = self._order(lines), self._order(lines)
        self.env.flush_all()
        counts = []
        for order, patched in ((without_budget, True), (with_budget, False)):
            self.env.invalidate_all()
            with self._queries() as queries:
                if patched:
                    with patch.object(GroupBudgetPurchase, "_refresh", lambda *args, **kw: None):
                        order.button_confirm()
                else:
                    order.button_confirm()
                self.env.flush_all()
            counts.append(queries)
        self.assertEqual(with_budget.state, "purchase")
        self.assertEqual(len(with_budget.group_budget_commitment_ids), count)
        return counts[1], counts[0]

    def test_confirming_costs_queries_that_do_not_grow_with_the_lines(self):
        """The budget's part of a confirmation costs three queries, for 50
        lines as for 5: one maps the lines and locks their budgets, the ORM
        creates the commitments in one insert (what they copy of their
        budget comes from the first), one reads control's figures."""
        self._confirm_cost(1)  # what the registry caches (defaults, precisions)
        costs = {}
        for count in (5, 50):
            with_budget, without_budget = self._confirm_cost(count)
            budget_queries = [query for query in with_budget if BUDGET_TABLES.search(query)]
            costs[count] = (len(with_budget) - len(without_budget), budget_queries)
        _logger.info(
            "confirming an order: %d extra queries for 5 lines, %d for 50",
            costs[5][0],
            costs[50][0],
        )
        self.assertEqual(costs[5][0], costs[50][0], costs[50][1])
        self.assertEqual(len(costs[5][1]), len(costs[50][1]), costs[50][1])
        self.assertLessEqual(costs[50][0], 3, costs[50][1])
        inserts = [query for query in costs[50][1] if "INSERT INTO" in query]
        self.assertEqual(len(inserts), 1, inserts)

    def test_posting_a_bill_releases_in_queries_that_do_not_grow_with_the_lines(self):
        """A bill of every line of a confirmed order releases their
        commitments in as many queries for 50 lines as for 5 (each
        commitment has its own amount: they are read at once, then written
        together)."""
        costs = {}
        for count in (5, 50):
            order = self._order([self._tooling(100.0) for _n in range(count)], confirm=True)
            bill = self._bill(order, [1] * count, post=False)
            self.env.flush_all()
            self.env.invalidate_all()
            with self._queries() as queries:
                bill.action_post()
                self.env.flush_all()
            self.assertEqual(bill.state, "posted")
            self.assertFalse(any(order.group_budget_commitment_ids.mapped("amount")))
            costs[count] = [query for query in queries if BUDGET_TABLES.search(query)]
        self.assertEqual(len(costs[5]), len(costs[50]), costs[50])
        commitment_reads = [
            query for query in costs[50] if 'FROM "group_budget_commitment"' in query
        ]
        self.assertLessEqual(len(commitment_reads), 2, commitment_reads)
