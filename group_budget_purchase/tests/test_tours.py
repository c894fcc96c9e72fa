"""Purchase commitments in a real browser, on the demo (manual §五 2.4, 3.3):
the buyer (刘洋, no budget role) confirms the welding cell that the assembly
plant's equipment budget refuses and reads why; the plant's officer (王强,
who also buys here) requests the addition from the refusal; the buyer bills
the rest of the tooling order and its commitment is released."""

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.group_budget.tests.tours import TourCase


@tagged("post_install", "-at_install")
class TestPurchaseTours(TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.has_demo:
            return
        ref = cls.env.ref
        cls.buyer = ref("group_budget_purchase.demo_user_buyer")
        cls.tooling = ref("group_budget_purchase.demo_purchase_order_tooling")
        cls.waiting = ref("group_budget_purchase.demo_purchase_order_waiting")
        cls.capex = ref("group_budget.demo_item_capex")
        # English screens, whatever the demo's language.
        (cls.buyer | cls.officer).lang = "en_US"

    def setUp(self):
        super().setUp()
        self._require_demo()
        # The demo's current budget year is this calendar year: a tour never skips.
        self.assertEqual(self.current_period.year, fields.Date.today().year)

    def _url(self, order):
        return f"/odoo/action-purchase.purchase_rfq/{order.id}"

    def test_the_buyer_reads_the_refusal(self):
        self.assertFalse(self.buyer.has_group("group_budget.group_budget_officer"))
        with mute_logger("odoo.http"):
            self.start_tour(
                self._url(self.waiting),
                "group_budget_purchase_tour_refused",
                login="purchase_buyer",
            )
        self.assertEqual(self.waiting.state, "draft")
        self.assertFalse(self.waiting.sudo().group_budget_commitment_ids)

    def test_the_officer_requests_the_addition_from_the_refusal(self):
        self.officer.groups_id = [
            fields.Command.link(self.env.ref("purchase.group_purchase_user").id)
        ]
        Addition = self.env["group.budget.addition"]
        before = Addition.search([])
        with mute_logger("odoo.http"):
            self.start_tour(
                self._url(self.waiting),
                "group_budget_purchase_tour_request_addition",
                login="budget_officer",
            )
        self.assertEqual(self.waiting.state, "draft")
        addition = Addition.search([]) - before
        self.assertEqual(len(addition), 1)
        self.assertEqual(
            (addition.centre_id, addition.item_id, addition.state),
            (self.assembly, self.capex, "submitted"),
        )
        line = self.waiting.order_line
        self.assertTrue(line.group_budget_exceeds)
        # The shortfall: what the line is over what is available, to the cent.
        self.assertAlmostEqual(
            addition.amount, line.price_subtotal - line.group_budget_available, places=2
        )

    def test_a_bill_of_the_confirmed_order_releases_its_commitment(self):
        commitment = self.tooling.sudo().group_budget_commitment_ids
        line = self.tooling.order_line
        self.assertEqual(len(commitment), 1)
        self.assertAlmostEqual(commitment.amount, line.price_subtotal / 2)
        self.start_tour(
            self._url(self.tooling), "group_budget_purchase_tour_bill", login="purchase_buyer"
        )
        bills = self.tooling.invoice_ids.filtered(lambda bill: bill.state == "posted")
        self.assertEqual(len(bills), 2)
        self.assertEqual(line.qty_invoiced, line.product_qty)
        self.env.invalidate_all()
        self.assertEqual(commitment.amount, 0.0)
        ledger = self.env["group.budget.ledger"].search(
            [
                ("centre_id", "=", self.assembly.id),
                ("item_id", "=", self.capex.id),
                ("period_id", "=", self.current_period.id),
                ("date", "=", commitment.date),
            ]
        )
        self.assertEqual(len(ledger), 1)
