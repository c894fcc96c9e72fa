from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestItem(GroupBudgetCase):
    def test_fields_and_defaults(self):
        item = self.env["group.budget.item"].create(
            {"name": "Revenue", "code": "T-REV", "category": "scale"}
        )
        self.assertEqual(item.item_type, "financial")
        self.assertEqual(item.direction, "higher_better")
        self.assertEqual(item.aggregation, "sum")
        self.assertEqual(item.control_mode, "none")
        self.assertFalse(item.is_core)
        self.assertEqual(self.item_volume.uom_label, "vehicles")

    def test_account_mapped_to_two_items_is_refused(self):
        Item = self.env["group.budget.item"]
        before = Item.search_count([])
        with self.assertRefused(ValidationError, "GB6120") as caught:
            Item.create(
                {
                    "name": "Premises",
                    "code": "T-PREM",
                    "category": "operations",
                    "company_id": self.company_a.id,
                    "account_ids": [Command.set(self.account_rent.ids)],
                }
            )
        self.assertIn("T-RENT", str(caught.exception))
        self.assertEqual(Item.search_count([]), before)

    def test_group_wide_item_conflicts_with_company_item(self):
        with self.assertRaises(ValidationError):
            self.env["group.budget.item"].create(
                {
                    "name": "Premises",
                    "code": "T-PREM",
                    "category": "operations",
                    "account_ids": [Command.set(self.account_rent.ids)],
                }
            )

    def test_adding_a_used_account_on_write_is_refused(self):
        office = self.env["group.budget.item"].create(
            {
                "name": "Office",
                "code": "T-OFF",
                "category": "operations",
                "company_id": self.company_a.id,
                "account_ids": [Command.set(self.account_office.ids)],
            }
        )
        with self.assertRaises(ValidationError):
            office.account_ids = [Command.link(self.account_rent.id)]
        self.assertEqual(office.account_ids, self.account_office)

    def test_same_account_in_another_company_is_allowed(self):
        item = self.env["group.budget.item"].create(
            {
                "name": "Rent B",
                "code": "T-RENT-B",
                "category": "operations",
                "company_id": self.company_b.id,
                "account_ids": [Command.set(self.account_rent.ids)],
            }
        )
        self.assertEqual(item.account_ids, self.account_rent)

    def test_non_financial_item_takes_no_account(self):
        with self.assertRefused(ValidationError, "non-financial"):
            self.item_volume.account_ids = [Command.link(self.account_office.id)]

    def test_onchange_to_non_financial_clears_accounts(self):
        with Form(self.item_rent) as form:
            form.item_type = "non_financial"
        self.assertFalse(self.item_rent.account_ids)

    @mute_logger("odoo.sql_db")  # the database refuses the duplicate
    def test_duplicate_code_is_refused(self):
        with self.assertRefused(ValidationError, "T-RENT"):
            self.env["group.budget.item"].create(
                {
                    "name": "Rent again",
                    "code": "T-RENT",
                    "category": "operations",
                    "company_id": self.company_a.id,
                }
            )
