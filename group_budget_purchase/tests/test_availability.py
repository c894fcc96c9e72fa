"""Before confirmation, each line of an order shows what its budget leaves
available, in red when the line would exceed it (manual §五 3.3)."""

import logging

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged

from .common import APRIL_15, BUDGET_TABLES, TODAY, PurchaseCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestAvailability(PurchaseCase):
    def _figures(self, order):
        return [
            (line.group_budget_controlled, line.group_budget_available, line.group_budget_exceeds)
            for line in order.order_line
        ]

    def test_each_line_shows_what_is_left_after_the_lines_above(self):
        # 2,000.00 of the subsidiary's 10,000.00 committed by another order.
        self._order([self._tooling(2_000.0)], confirm=True)
        order = self._order(
            [
                self._tooling(5_000.0),
                self._tooling(3_000.0),
                self._tooling(0.01),
                (self.product_travel, 1, 100.0, {self.centre_sub: 100}),
                self._tooling(9_000.0, date=APRIL_15),
            ]
        )
        self.assertEqual(
            self._figures(order),
            [
                (True, 8_000.0, False),
                (True, 3_000.0, False),
                (True, 0.0, True),
                (False, 0.0, False),  # no control: no figure
                # April's year to date: March's budget, less what the
                # lines above take in March.
                (True, -0.01, True),
            ],
        )

    def test_a_split_line_and_one_cent_either_side(self):
        order = self._order(
            [(self.product_tooling, 1, 10_000.0, {self.centre_sub: 60, self.centre_sibling: 40})]
        )
        self.assertEqual(self._figures(order), [(True, 16_666.67, False)])
        order.order_line.price_unit = 16_666.67
        self.assertEqual(self._figures(order), [(True, 16_666.67, False)])
        order.order_line.price_unit = 16_666.68
        self.assertEqual(self._figures(order), [(True, 16_666.67, True)])

    def test_a_line_being_entered_shows_its_figure_before_it_is_saved(self):
        self._order([self._tooling(9_000.0)], confirm=True)
        self.env.user.groups_id += self.env.ref("analytic.group_analytic_accounting")
        form = Form(self.env["purchase.order"].with_company(self.company_a))
        form.partner_id = self.vendor
        with form.order_line.new() as line:
            line.product_id = self.product_tooling
            line.product_qty = 1
            line.price_unit = 1_000.01
            line.date_planned = "2031-03-15 12:00:00"
            line.analytic_distribution = {str(self.centre_sub.analytic_account_id.id): 100}
            self.assertEqual(line.group_budget_available, 1_000.0)
            self.assertTrue(line.group_budget_exceeds)
            line.price_unit = 1_000.0
            self.assertFalse(line.group_budget_exceeds)

    def test_all_lines_in_one_query(self):
        """The budget's figures for all lines in one query: 50 lines cost
        what 5 cost, and one query reads the budgets."""
        warm = self._order([self._tooling(100.0)])
        small = self._order([self._tooling(100.0) for _n in range(5)])
        large = self._order([self._tooling(100.0) for _n in range(50)])
        counts = []
        for order in (warm, small, large):
            self.env.flush_all()
            self.env.invalidate_all()
            with self._queries() as queries:
                self.assertTrue(all(order.order_line.mapped("group_budget_controlled")))
            counts.append(queries)
        _logger.info(
            "availability of 5 and 50 lines: %d and %d queries", len(counts[1]), len(counts[2])
        )
        self.assertEqual(len(counts[1]), len(counts[2]), counts[2])
        budget_queries = [query for query in counts[2] if BUDGET_TABLES.search(query)]
        self.assertEqual(len(budget_queries), 1, budget_queries)

    def test_a_confirmed_order_shows_no_figure(self):
        order = self._order([self._tooling(100.0)], confirm=True)
        self.assertEqual(self._figures(order), [(False, 0.0, False)])
        order.order_line = [Command.update(order.order_line.id, {"product_qty": 2})]
        self.assertEqual(self._figures(order), [(False, 0.0, False)])

    def test_a_buyer_without_budget_role_sees_the_figures(self):
        order = self._order([self._tooling(10_000.01)], user=self.user_buyer)
        self.assertEqual(self._figures(order.with_user(self.user_buyer)), [(True, 10_000.0, True)])
