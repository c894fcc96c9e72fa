import uuid

from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..common import GroupBudgetCase
from ..concurrency import ConcurrencyCase


@tagged("post_install", "-at_install")
class TestCodes(GroupBudgetCase):
    """Centre and item codes are unique in the database (issue 9, point 6)."""

    def _item(self, code, company=None):
        return self.env["group.budget.item"].create(
            {
                "name": f"Item {code}",
                "code": code,
                "category": "operations",
                "company_id": company and company.id,
            }
        )

    @mute_logger("odoo.sql_db")
    def test_the_database_refuses_a_centre_code_twice_in_a_company(self):
        # Past the ORM and its checks: the table itself refuses.
        with self.assertRaises(IntegrityError):
            self.env.cr.execute(
                "UPDATE group_budget_centre SET code = ' s ' WHERE id = %s",
                [self.centre_sibling.id],
            )

    @mute_logger("odoo.sql_db")
    def test_the_database_refuses_a_group_wide_item_code_of_a_company_item(self):
        group_wide = self._item("T-WIDE")
        with self.assertRaises(IntegrityError):
            self.env.cr.execute(
                "UPDATE group_budget_item SET code = 't-rent' WHERE id = %s", [group_wide.id]
            )

    @mute_logger("odoo.sql_db")  # the database refuses the duplicate
    def test_group_wide_item_may_not_repeat_a_company_item_code(self):
        with self.assertRefused(ValidationError, "The code T-RENT is already used"):
            self._item("t-rent ")

    @mute_logger("odoo.sql_db")  # the database refuses the duplicate
    def test_company_item_may_not_repeat_a_group_wide_item_code(self):
        self._item("T-WIDE")
        for company in (self.company_a, self.company_b):
            with self.assertRefused(ValidationError, "The code T-WIDE is already used"):
                self._item("T-WIDE", company)
        wide = self._item("T-WIDE-2")
        with self.assertRefused(ValidationError, "The code T-WIDE is already used"):
            wide.code = "T-Wide"

    @mute_logger("odoo.sql_db")  # the database refuses the duplicate
    def test_item_codes_repeat_across_companies(self):
        self._item("T-LOCAL", self.company_a)
        self.assertEqual(self._item("T-LOCAL", self.company_b).code, "T-LOCAL")
        # A company item and the group-wide one become a clash when the
        # company item turns group-wide.
        local = self._item("T-LOCAL-2", self.company_b)
        local.company_id = False
        with self.assertRefused(ValidationError, "The code T-LOCAL is already used"):
            local.code = "T-LOCAL"

    @mute_logger("odoo.sql_db")  # the database refuses the duplicate
    def test_centre_code_clash_in_one_batch_names_the_code(self):
        with self.assertRefused(
            ValidationError, "The code BX is already used .* Budget Test Group"
        ):
            self.env["group.budget.centre"].create(
                [
                    {
                        "name": name,
                        "code": code,
                        "centre_type": "cost",
                        "company_id": self.company_a.id,
                    }
                    for name, code in (("One", "BX"), ("Two", "bx"))
                ]
            )


@tagged("post_install", "-at_install")
class TestCodesConcurrency(ConcurrencyCase):
    """Two transactions creating the same code at once: the second is refused
    with the code named, whichever way the rows compete."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stamp = uuid.uuid4().hex[:8]
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            company = env["res.company"].create({"name": f"Budget Codes {cls.stamp}"})
            cls.company_id = company.id
        cls.context = {"tracking_disable": True}

    def _race_creations(self, model, first_vals, second_vals):
        """Create ``first_vals`` and hold the transaction open; create
        ``second_vals`` meanwhile; then commit the first."""
        return self._race(
            lambda env: env[model].create(first_vals),
            lambda env: env[model].create(second_vals),
            ValidationError,
        )

    def _count(self, table, code):
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT COUNT(*) FROM %s WHERE upper(code) = upper(%s)",
                    SQL.identifier(table),
                    code,
                )
            )
            return cr.fetchone()[0]

    def test_parallel_centres_with_one_code(self):
        code = f"PAR-{self.stamp}"
        vals = {"name": "Plant", "code": code, "centre_type": "cost", "company_id": self.company_id}
        first, second = self._race_creations(
            "group.budget.centre", vals, dict(vals, code=code.lower())
        )
        self.assertTrue(first.get("done"))
        self.assertFalse(second.get("done"))
        self.assertRegex(second["error"], f"(?i)The code {code} is already used")
        self.assertEqual(self._count("group_budget_centre", code), 1)

    def test_parallel_group_wide_and_company_items_with_one_code(self):
        code = f"PAR-{self.stamp}"
        vals = {"name": "Rent", "code": code, "category": "operations"}
        first, second = self._race_creations(
            "group.budget.item", vals, dict(vals, company_id=self.company_id)
        )
        self.assertTrue(first.get("done"))
        self.assertFalse(second.get("done"))
        self.assertRegex(second["error"], f"(?i)The code {code} is already used")
        self.assertEqual(self._count("group_budget_item", code), 1)
