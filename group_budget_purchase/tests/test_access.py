"""Who sees an order's commitments: an officer their own centres' only, the
Budget Office all of its companies'; a buyer without a budget role none
(manual §五 4.4)."""

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TODAY, PurchaseCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCommitmentAccess(PurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The officer and the Budget Office also read purchase orders.
        buyers = cls.env.ref("purchase.group_purchase_user")
        (cls.user_officer | cls.user_office).groups_id = [(4, buyers.id)]
        # 60 % on the officer's subsidiary, 40 % on its sibling.
        cls.order = cls._order(
            [(cls.product_tooling, 1, 5_000.0, {cls.centre_sub: 60, cls.centre_sibling: 40})],
            confirm=True,
        )

    def test_an_officer_sees_the_commitments_of_their_own_centres(self):
        officer = self.user_officer
        self.assertEqual(self.order.group_budget_commitment_count, 2)
        # The cache holds what the superuser read: the officer reads anew.
        self.env.invalidate_all()
        order = self.order.with_user(officer)
        commitments = order.group_budget_commitment_ids
        self.assertEqual(commitments.centre_id, self.centre_sub)
        self.assertEqual(commitments.mapped("amount"), [3_000.0])
        self.assertEqual(order.group_budget_commitment_count, 1)
        self.assertEqual(order.order_line.group_budget_commitment_ids, commitments)
        Commitment = self.env["group.budget.commitment"].with_user(officer)
        self.assertEqual(
            Commitment.search([("purchase_order_id", "=", self.order.id)]), commitments
        )
        # Read-only for every role, the officer's own included.
        with self.assertRaises(AccessError):
            commitments.write({"amount": 0.0})
        with self.assertRaises(AccessError):
            commitments.unlink()
        action = order.action_view_group_budget_ledger()
        self.assertEqual(action["res_model"], "group.budget.ledger")
        rows = self.env["group.budget.ledger"].with_user(officer).search(action["domain"])
        self.assertEqual(rows.centre_id, self.centre_sub)
        self.assertEqual(rows.item_id, self.item_tooling)
        self.assertEqual(len(rows), 12)

    def test_the_budget_office_sees_every_centre(self):
        self.env.invalidate_all()
        order = self.order.with_user(self.user_office)
        self.assertEqual(
            order.group_budget_commitment_ids.centre_id, self.centre_sub | self.centre_sibling
        )
        with self.assertRaises(AccessError):
            order.group_budget_commitment_ids.write({"amount": 0.0})

    def test_a_buyer_without_a_budget_role_sees_no_commitment(self):
        order = self.order.with_user(self.user_buyer)
        self.assertEqual(order.state, "purchase")
        with self.assertRaises(AccessError):
            order.read(["group_budget_commitment_ids"])
        with self.assertRaises(AccessError):
            self.env["group.budget.commitment"].with_user(self.user_buyer).search([])
        # The order itself reads as usual, all its other fields included.
        fields = [
            name
            for name, field in order._fields.items()
            if not field.groups or order.env.user.has_groups(field.groups)
        ]
        self.assertTrue(order.read(fields))
