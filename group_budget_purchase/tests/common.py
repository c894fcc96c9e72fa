"""Purchase orders of company A committing its 2031 budgets (manual §五 2.4).

On the suite's test base (:class:`GroupBudgetCase`: two companies, the
centre hierarchy, one user per role): a budget year 2031 in execution, the
subsidiary's and its sibling's budgets of tooling (rigid control, 10,000.00
budgeted in March and nothing before), office costs (flexible, 1,000.00 in
March) and travel (no control); products whose expense accounts feed them
(and one whose account feeds no item), a vendor, a purchase journal, a buyer
and an accountant without a budget role.
"""

import datetime
import re
from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command, fields
from odoo.sql_db import Cursor
from odoo.tests import new_test_user
from odoo.tools import SQL

from odoo.addons.group_budget.demo.builders import create_budgets
from odoo.addons.group_budget.tests.common import GroupBudgetCase

MARCH = datetime.date(2031, 3, 1)
APRIL = datetime.date(2031, 4, 1)
# Lines are planned at noon (UTC) of their day: the month is the same in
# every time zone the tests meet.
MARCH_15 = datetime.datetime(2031, 3, 15, 12)
APRIL_15 = datetime.datetime(2031, 4, 15, 12)
TODAY = "2031-03-15 10:00:00"
# A query that reads or writes the budget's tables (not a column named after
# them, such as a company's settings).
BUDGET_TABLES = re.compile(r"(FROM|JOIN|INTO|UPDATE)\s+\"?group_budget", re.IGNORECASE)


def in_march(amount):
    """Twelve months with ``amount`` in March only."""
    return [0.0, 0.0, amount] + [0.0] * 9


class PurchaseCase(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_purchase()

    def setUp(self):
        super().setUp()
        # Whatever a test does to orders and bills (confirming, billing,
        # refunding, cancelling, locking, deleting lines), the commitments'
        # monthly totals agree with the commitments at its end.
        self.addCleanup(self._assert_month_totals_agree)

    def _assert_month_totals_agree(self):
        self.assertEqual(self.env["group.budget.commitment"]._month_totals_differences(), [])

    @classmethod
    def _setup_purchase(cls):
        env = cls.env
        company = cls.company_a
        cls.account_tooling = cls._shared_account("GB6300", "Test Tooling")
        cls.account_travel = cls._shared_account("GB6400", "Test Travel")
        cls.account_unmapped = cls._shared_account("GB6900", "Test Sundries")
        cls.item_tooling = cls._cost_item("Tooling", "T-TOOL", "rigid", cls.account_tooling)
        cls.item_office = cls._cost_item("Office", "T-OFF", "flexible", cls.account_office)
        cls.item_travel = cls._cost_item("Travel", "T-TRV", "none", cls.account_travel)
        cls.period = env["group.budget.period"].create({"year": 2031, "company_id": company.id})
        cls.budget_sub, cls.budget_sibling = create_budgets(
            env,
            cls.period,
            {
                cls.centre_sub: {
                    cls.item_tooling: in_march(10_000.0),
                    cls.item_office: in_march(1_000.0),
                    cls.item_travel: in_march(1_000.0),
                },
                cls.centre_sibling: {cls.item_tooling: in_march(10_000.0)},
            },
        )
        cls.period._set_state("executing")

        Account = env["account.account"].with_company(company)
        cls.account_payable = Account.create(
            {
                "name": "Payable",
                "code": "GB2110",
                "account_type": "liability_payable",
                "reconcile": True,
            }
        )
        cls.journal_bills = env["account.journal"].create(
            {"name": "Vendor Bills", "code": "GBIL", "type": "purchase", "company_id": company.id}
        )
        cls.vendor = env["res.partner"].create({"name": "Tooling Vendor", "is_company": True})
        cls.vendor.with_company(company).property_account_payable_id = cls.account_payable
        cls.product_tooling = cls._product("Fixture", cls.account_tooling)
        cls.product_office = cls._product("Paper", cls.account_office)
        cls.product_travel = cls._product("Train Ticket", cls.account_travel)
        cls.product_unmapped = cls._product("Sundries", cls.account_unmapped)
        cls.product_received = cls._product("Jig", cls.account_tooling, "receive")

        cls.user_buyer = new_test_user(
            env,
            login="gb_buyer",
            groups="purchase.group_purchase_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.user_billing = new_test_user(
            env,
            login="gb_billing",
            groups="account.group_account_invoice,purchase.group_purchase_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _product(cls, name, account, purchase_method="purchase"):
        product = cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "purchase_method": purchase_method,
                "supplier_taxes_id": [Command.clear()],
            }
        )
        product.product_tmpl_id.with_company(cls.company_a).property_account_expense_id = account
        return product

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @classmethod
    def _order(cls, lines, confirm=False, user=None, **vals):
        """A purchase order of company A with a line per ``(product,
        quantity, unit price, {centre: percent}[, planned date])`` (March
        15th by default), created by ``user`` (the superuser by default)."""
        Order = cls.env["purchase.order"]
        if user:
            Order = Order.with_user(user)
        order = Order.with_company(cls.company_a).create(
            {
                "partner_id": cls.vendor.id,
                "company_id": cls.company_a.id,
                "date_order": fields.Datetime.to_datetime(TODAY),
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": quantity,
                            "price_unit": price,
                            "taxes_id": [Command.clear()],
                            "date_planned": planned[0] if planned else MARCH_15,
                            "analytic_distribution": {
                                str(centre.analytic_account_id.id): percent
                                for centre, percent in shares.items()
                            }
                            or False,
                        }
                    )
                    for product, quantity, price, shares, *planned in lines
                ],
                **vals,
            }
        )
        if confirm:
            order.button_confirm()
        return order

    @classmethod
    def _bill(cls, order, quantities, post=True, refund=False, user=None):
        """A vendor bill (or refund) of ``order`` for ``quantities`` (one per
        order line, in order), dated March 20th."""
        Move = cls.env["account.move"]
        if user:
            Move = Move.with_user(user)
        bill = Move.with_company(cls.company_a).create(
            {
                "move_type": "in_refund" if refund else "in_invoice",
                "partner_id": cls.vendor.id,
                "journal_id": cls.journal_bills.id,
                "invoice_date": datetime.date(2031, 3, 20),
                "invoice_line_ids": [
                    Command.create({**line._prepare_account_move_line(), "quantity": quantity})
                    for line, quantity in zip(order.order_line, quantities, strict=True)
                    if quantity
                ],
            }
        )
        if post:
            bill.action_post()
        return bill

    @contextmanager
    def _queries(self):
        """The list of the queries the block runs."""
        queries = []
        execute = Cursor.execute

        def record(cr, query, params=None, log_exceptions=True):
            queries.append(str(query.code if isinstance(query, SQL) else query))
            return execute(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", record):
            yield queries

    def _committed(self, orders):
        """``{(centre, item, month): amount}`` of the orders' commitments."""
        self.env.flush_all()
        commitments = self.env["group.budget.commitment"].search(
            [("purchase_order_id", "in", orders.ids)]
        )
        result = {}
        for commitment in commitments:
            key = (commitment.centre_id, commitment.item_id, commitment.date)
            result[key] = result.get(key, 0.0) + commitment.amount
        return result

    @classmethod
    def _tooling(cls, amount, centre=None, date=MARCH_15):
        """An order line of one fixture at ``amount`` on ``centre`` (the
        subsidiary)."""
        return (cls.product_tooling, 1, amount, {centre or cls.centre_sub: 100}, date)
