"""Over real HTTP JSON-RPC, as the web client calls: a buyer without a
budget role confirms orders and reads a refusal's figures, never the
commitments; an officer reads their own centres' commitments; nobody writes
them (manual §五 3.3, 4.4)."""

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.group_budget.tests.json_rpc import JsonRpcCase

from .common import PurchaseCase

REFUSED = "odoo.exceptions.RedirectWarning"


@tagged("post_install", "-at_install")
class TestPurchaseRpc(JsonRpcCase, PurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        buyers = cls.env.ref("purchase.group_purchase_user")
        (cls.user_officer | cls.user_office).groups_id = [Command.link(buyers.id)]
        cls.split = cls._order(
            [(cls.product_tooling, 1, 5_000.0, {cls.centre_sub: 60, cls.centre_sibling: 40})],
            confirm=True,
        )

    def _login(self, user):
        self.authenticate(user.login, user.login)

    @mute_logger("odoo.http")
    def test_a_buyer_confirms_and_reads_the_refusal(self):
        within = self._order([self._tooling(7_000.0)], user=self.user_buyer)
        over = self._order([self._tooling(0.01)], user=self.user_buyer)
        self._login(self.user_buyer)
        self.assertRpc("+", "purchase.order", "button_confirm", [within.ids])
        self.assertEqual(within.state, "purchase")
        outcome, message = self._rpc("purchase.order", "button_confirm", [over.ids])
        self.assertEqual(outcome, REFUSED)
        self.assertIn("it has not been confirmed", message)
        self.assertIn("[S] Subsidiary, [T-TOOL] Tooling, 2031-03: budget to date", message)
        self.assertIn("short by $\xa00.01", message)
        self.assertEqual(over.state, "draft")
        # The commitments themselves are the budget roles'.
        self.assertRpc("-", "group.budget.commitment", "search_read", [[], ["amount"]])
        self.assertRpc("-", "purchase.order", "read", [within.ids, ["group_budget_commitment_ids"]])
        self.assertRpc("-", "purchase.order", "action_view_group_budget_ledger", [within.ids])

    def test_an_officer_reads_their_own_centres_commitments_only(self):
        self._login(self.user_officer)
        rows = self.assertRpc(
            "+",
            "group.budget.commitment",
            "search_read",
            [[("purchase_order_id", "=", self.split.id)], ["centre_id", "amount"]],
        )
        self.assertEqual(
            [(row["centre_id"][0], row["amount"]) for row in rows], [(self.centre_sub.id, 3_000.0)]
        )
        order = self.assertRpc(
            "+", "purchase.order", "read", [self.split.ids, ["group_budget_commitment_ids"]]
        )
        self.assertEqual(len(order[0]["group_budget_commitment_ids"]), 1)

    def test_nobody_writes_a_commitment(self):
        commitment = self.split.group_budget_commitment_ids.filtered(
            lambda c: c.centre_id == self.centre_sub
        )
        for user in (self.user_buyer, self.user_billing, self.user_officer, self.user_committee):
            self._login(user)
            for method, args in (
                ("write", [commitment.ids, {"amount": 0.0}]),
                ("unlink", [commitment.ids]),
                ("create", [{"budget_id": self.budget_sub.id, "item_id": self.item_tooling.id}]),
            ):
                with self.subTest(user=user.login, method=method), mute_logger("odoo.http"):
                    self.assertRpc("-", "group.budget.commitment", method, args)
        self.assertEqual(commitment.amount, 3_000.0)
