"""What a confirmed order commits, and what releases it (manual §五 2.4, 4.4)."""

from freezegun import freeze_time

from odoo import fields
from odoo.tests import new_test_user, tagged

from ..hooks import post_init_hook
from .common import APRIL, APRIL_15, MARCH, TODAY, PurchaseCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCommitment(PurchaseCase):
    def _consumed(self, budget, item):
        """The year's consumption (actuals and commitments) of ``budget``
        and ``item``, as control at posting reads it."""
        self.env.flush_all()
        figures = self.env["group.budget.control"]._year_figures({(budget.id, item.id): {}})
        return sum(figures[budget.id, item.id]["actual"])

    # ------------------------------------------------------------------
    # When budget is committed
    # ------------------------------------------------------------------
    def test_confirmation_commits_the_untaxed_amount_in_the_planned_month(self):
        order = self._order(
            [
                (self.product_tooling, 4, 1_000.0, {self.centre_sub: 100}),
                (self.product_office, 10, 25.0, {self.centre_sub: 100}, APRIL_15),
            ]
        )
        order.order_line[0].discount = 10
        self.assertFalse(self._committed(order), "a quotation commits nothing")
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(
            self._committed(order),
            {
                (self.centre_sub, self.item_tooling, MARCH): 3_600.0,
                (self.centre_sub, self.item_office, APRIL): 250.0,
            },
        )
        commitment = order.group_budget_commitment_ids.filtered(
            lambda c: c.item_id == self.item_tooling
        )
        self.assertEqual(commitment.purchase_line_id, order.order_line[0])
        self.assertEqual(
            (commitment.budget_id, commitment.period_id, commitment.company_id),
            (self.budget_sub, self.period, self.company_a),
        )
        self.assertEqual((commitment.origin, commitment.res_model), (order.name, "purchase.order"))
        self.assertEqual(commitment.res_id, order.id)
        self.assertEqual(self._consumed(self.budget_sub, self.item_tooling), 3_600.0)

    def test_a_line_shared_60_40_commits_each_centre_its_share(self):
        order = self._order(
            [(self.product_tooling, 1, 5_000.0, {self.centre_sub: 60, self.centre_sibling: 40})],
            confirm=True,
        )
        self.assertEqual(
            self._committed(order),
            {
                (self.centre_sub, self.item_tooling, MARCH): 3_000.0,
                (self.centre_sibling, self.item_tooling, MARCH): 2_000.0,
            },
        )
        self.assertEqual(len(order.group_budget_commitment_ids), 2)

    def test_an_order_in_another_currency_commits_in_company_currency_at_the_order_date(self):
        currency = self.env.ref("base.EUR")
        currency.active = True
        company_currency = self.company_a.currency_id
        self.assertNotEqual(company_currency, currency)
        self.env["res.currency.rate"].create(
            [
                # One company unit is worth 0.5 euro from March 1st: an
                # euro is 2.00; later rates do not apply.
                {
                    "name": "2031-03-01",
                    "rate": 0.5 * company_currency.rate,
                    "currency_id": currency.id,
                    "company_id": self.company_a.id,
                },
                {
                    "name": "2031-03-20",
                    "rate": 0.25 * company_currency.rate,
                    "currency_id": currency.id,
                    "company_id": self.company_a.id,
                },
            ]
        )
        order = self._order(
            [(self.product_tooling, 2, 1_000.0, {self.centre_sub: 100})],
            currency_id=currency.id,
        )
        order.button_confirm()
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 4_000.0}
        )

    def test_lines_off_control_commit_nothing(self):
        order = self._order(
            [
                # An item without control, an account of no item, no
                # distribution, a centre without a budget of the year.
                (self.product_travel, 1, 100.0, {self.centre_sub: 100}),
                (self.product_unmapped, 1, 100.0, {self.centre_sub: 100}),
                (self.product_tooling, 1, 100.0, {}),
                (self.product_tooling, 1, 100.0, {self.centre_dept: 100}),
            ],
            confirm=True,
        )
        self.assertEqual(order.state, "purchase")
        self.assertEqual(self._committed(order), {})
        self.assertFalse(order.group_budget_commitment_count)

    def test_a_budget_year_not_in_execution_is_not_committed(self):
        self.budget_sub._set_state("draft")
        order = self._order([self._tooling(1_000.0)], confirm=True)
        self.assertEqual(self._committed(order), {})

    def test_an_order_waiting_for_approval_commits_at_approval(self):
        self.company_a.write(
            {"po_double_validation": "two_step", "po_double_validation_amount": 500.0}
        )
        order = self._order([self._tooling(1_000.0)], user=self.user_buyer)
        order.with_user(self.user_buyer).button_confirm()
        self.assertEqual(order.state, "to approve")
        self.assertEqual(self._committed(order), {})
        manager = new_test_user(
            self.env,
            login="gb_purchase_manager",
            groups="purchase.group_purchase_manager",
            company_id=self.company_a.id,
            company_ids=[fields.Command.set(self.company_a.ids)],
        )
        order.with_user(manager).button_approve()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 1_000.0}
        )

    # ------------------------------------------------------------------
    # When it is released
    # ------------------------------------------------------------------
    def test_posted_bills_release_what_they_bill_draft_ones_do_not(self):
        order = self._order([(self.product_tooling, 10, 500.0, {self.centre_sub: 100})])
        order.button_confirm()
        key = (self.centre_sub, self.item_tooling, MARCH)
        self.assertEqual(self._committed(order), {key: 5_000.0})
        draft = self._bill(order, [4], post=False)
        self.assertEqual(self._committed(order), {key: 5_000.0}, "a draft bill releases nothing")
        self.assertEqual(order.order_line.qty_invoiced, 4, "Odoo counts draft bills")
        draft.action_post()
        self.assertEqual(self._committed(order), {key: 3_000.0})
        # The bill's actual replaced the commitment it released: never both.
        self.assertEqual(self._consumed(self.budget_sub, self.item_tooling), 5_000.0)
        self._bill(order, [6])
        self.assertEqual(self._committed(order), {key: 0.0})
        self.assertEqual(self._consumed(self.budget_sub, self.item_tooling), 5_000.0)

    def test_a_bill_reset_to_draft_or_cancelled_commits_again(self):
        order = self._order([(self.product_tooling, 10, 500.0, {self.centre_sub: 100})])
        order.button_confirm()
        key = (self.centre_sub, self.item_tooling, MARCH)
        bill = self._bill(order, [10])
        self.assertEqual(self._committed(order), {key: 0.0})
        bill.button_draft()
        self.assertEqual(self._committed(order), {key: 5_000.0})
        self.assertEqual(self._consumed(self.budget_sub, self.item_tooling), 5_000.0)
        bill.action_post()
        self.assertEqual(self._committed(order), {key: 0.0})
        bill.button_cancel()
        self.assertEqual(bill.state, "cancel")
        self.assertEqual(self._committed(order), {key: 5_000.0})

    def test_a_posted_refund_commits_again(self):
        order = self._order([(self.product_tooling, 10, 500.0, {self.centre_sub: 100})])
        order.button_confirm()
        key = (self.centre_sub, self.item_tooling, MARCH)
        self._bill(order, [10])
        self._bill(order, [3], refund=True)
        self.assertEqual(self._committed(order), {key: 1_500.0})
        self.assertEqual(self._consumed(self.budget_sub, self.item_tooling), 5_000.0)

    def test_a_bill_in_another_unit_of_measure_releases_its_quantity(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        unit = self.env.ref("uom.product_uom_unit")
        order = self._order([(self.product_tooling, 24, 100.0, {self.centre_sub: 100})])
        order.button_confirm()
        bill = self._bill(order, [1], post=False)
        bill.invoice_line_ids.write({"product_uom_id": dozen.id, "price_unit": 1_200.0})
        bill.action_post()
        self.assertEqual(order.order_line.product_uom, unit)
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 1_200.0}
        )

    def test_cancelling_the_order_releases_everything(self):
        order = self._order([self._tooling(3_000.0)], confirm=True)
        self.assertTrue(self._committed(order))
        order.button_cancel()
        self.assertEqual(self._committed(order), {})
        self.assertEqual(self._consumed(self.budget_sub, self.item_tooling), 0.0)
        # Back to a quotation and confirmed again: committed again.
        order.button_draft()
        order.button_confirm()
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 3_000.0}
        )

    def test_locking_releases_what_will_never_be_billed(self):
        order = self._order(
            [
                (self.product_received, 10, 100.0, {self.centre_sub: 100}),  # billed on receipt
                (self.product_tooling, 10, 100.0, {self.centre_sub: 100}),  # billed on order
            ],
            confirm=True,
        )
        received, ordered = order.order_line
        received.qty_received = 4
        self._bill(order, [1, 2])
        self.assertEqual(
            {c.purchase_line_id: c.amount for c in order.group_budget_commitment_ids},
            {received: 900.0, ordered: 800.0},
            "an open order commits what is ordered and not billed",
        )
        order.button_done()
        self.assertEqual(order.state, "done")
        self.assertEqual(
            {c.purchase_line_id: c.amount for c in order.group_budget_commitment_ids},
            {received: 300.0, ordered: 800.0},
        )
        # Received later on the locked order: committed, up to what is received.
        received.qty_received = 6
        self.assertEqual(
            {c.purchase_line_id: c.amount for c in order.group_budget_commitment_ids},
            {received: 500.0, ordered: 800.0},
        )
        order.button_unlock()
        self.assertEqual(
            {c.purchase_line_id: c.amount for c in order.group_budget_commitment_ids},
            {received: 900.0, ordered: 800.0},
        )

    def test_orders_locked_at_confirmation_stay_open(self):
        self.company_a.po_lock = "lock"
        order = self._order(
            [(self.product_received, 10, 100.0, {self.centre_sub: 100})], confirm=True
        )
        self.assertEqual(order.state, "done")
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 1_000.0}
        )

    # ------------------------------------------------------------------
    # Changes of a confirmed order
    # ------------------------------------------------------------------
    def test_changes_of_a_confirmed_line_move_its_commitment(self):
        order = self._order([(self.product_tooling, 2, 1_000.0, {self.centre_sub: 100})])
        order.button_confirm()
        line = order.order_line
        line.product_qty = 3
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 3_000.0}
        )
        line.price_unit = 900.0
        line.date_planned = APRIL_15
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, APRIL): 2_700.0}
        )
        line.analytic_distribution = {str(self.centre_sibling.analytic_account_id.id): 100}
        self.assertEqual(
            self._committed(order), {(self.centre_sibling, self.item_tooling, APRIL): 2_700.0}
        )
        line.product_id = self.product_travel
        self.assertEqual(self._committed(order), {}, "travel is under no control")
        # A line added to the confirmed order commits at once.
        order.order_line = [
            fields.Command.create(
                {
                    "product_id": self.product_tooling.id,
                    "product_qty": 1,
                    "price_unit": 400.0,
                    "taxes_id": [fields.Command.clear()],
                    "date_planned": APRIL_15,
                    "analytic_distribution": {str(self.centre_sub.analytic_account_id.id): 100},
                }
            )
        ]
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, APRIL): 400.0}
        )

    def test_commitments_follow_the_line(self):
        order = self._order([self._tooling(1_000.0)], confirm=True)
        commitment = order.group_budget_commitment_ids
        self.assertEqual(len(commitment), 1)
        order.button_cancel()
        self.assertFalse(commitment.exists())

    def test_installing_commits_the_orders_confirmed_before(self):
        order = self._order([self._tooling(1_000.0)], confirm=True)
        self.env.cr.execute(
            "DELETE FROM group_budget_commitment WHERE purchase_order_id = %s", [order.id]
        )
        self.env.invalidate_all()
        self.assertEqual(self._committed(order), {})
        post_init_hook(self.env)
        self.assertEqual(
            self._committed(order), {(self.centre_sub, self.item_tooling, MARCH): 1_000.0}
        )
