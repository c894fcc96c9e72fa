"""The demo's purchases: the truck assembly plant's tooling order, confirmed
and half billed, and the welding cell waiting for confirmation over a rigid
budget (manual §五 2.4, 3.3)."""

from odoo.exceptions import RedirectWarning
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPurchaseDemo(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.tooling = ref("group_budget_purchase.demo_purchase_order_tooling", False)
        if not cls.tooling:
            return
        cls.waiting = ref("group_budget_purchase.demo_purchase_order_waiting")
        cls.buyer = ref("group_budget_purchase.demo_user_buyer")
        cls.assembly = ref("group_budget.demo_centre_trucks_assembly")
        cls.capex = ref("group_budget.demo_item_capex")

    def setUp(self):
        super().setUp()
        if not self.tooling:
            self.skipTest("the database was installed without demo data")

    def test_the_tooling_order_is_confirmed_and_half_billed(self):
        line = self.tooling.order_line
        self.assertEqual(self.tooling.state, "purchase")
        bill = self.env.ref("group_budget_purchase.demo_bill_tooling")
        self.assertEqual(bill.state, "posted")
        self.assertEqual(line.qty_invoiced, line.product_qty / 2)
        commitment = self.tooling.group_budget_commitment_ids
        self.assertEqual((commitment.centre_id, commitment.item_id), (self.assembly, self.capex))
        self.assertAlmostEqual(commitment.amount, line.price_subtotal / 2)
        self.assertEqual(self.capex.control_mode, "rigid")

    def test_the_waiting_order_would_exceed_its_rigid_budget(self):
        self.assertEqual(self.waiting.state, "draft")
        line = self.waiting.with_user(self.buyer).order_line
        self.assertTrue(line.group_budget_controlled)
        self.assertTrue(line.group_budget_exceeds)
        self.assertGreater(line.price_subtotal, line.group_budget_available)
        self.assertFalse(self.buyer.has_group("group_budget.group_budget_officer"))
        with mute_logger("odoo.http"), self.assertRaises(RedirectWarning):
            self.waiting.with_user(self.buyer).button_confirm()
