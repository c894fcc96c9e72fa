import datetime
import uuid

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import RedirectWarning
from odoo.tests import tagged

from odoo.addons.group_budget.tests.concurrency import ConcurrencyCase

MARCH_15 = datetime.datetime(2031, 3, 15, 12)


@tagged("post_install", "-at_install")
class TestConfirmationConcurrency(ConcurrencyCase):
    """Two users confirming orders on the same budget in parallel
    transactions, on a real PostgreSQL, can never together overrun a rigid
    budget (manual §五 3.3): the later one fails to serialise, is retried,
    and the retry sees the first's commitment.

    The other tests run inside one transaction that is rolled back; this one
    needs data that other transactions see, so it commits its own, in a
    company of its own.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            stamp = uuid.uuid4().hex[:8]
            company = env["res.company"].create({"name": f"Purchase Concurrency {stamp}"})
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            tooling = (
                env["account.account"]
                .with_company(company)
                .create({"name": "Tooling", "code": "PC6300", "account_type": "expense"})
            )
            centre, budget = cls._rigid_budget(env, company, tooling, "PC", stamp)
            # A product each: confirming an order adds its vendor to the
            # product, and nothing but the budget may tie the two together.
            products = env["product.product"].create(
                [
                    {"name": f"{name} {stamp}", "type": "consu", "purchase_method": "purchase"}
                    for name in ("Fixture", "Jig")
                ]
            )
            for product in products:
                product.product_tmpl_id.with_company(company).property_account_expense_id = tooling
            vendor = env["res.partner"].create({"name": f"Vendor {stamp}"})
            # Two orders of 200 in March: each fits the 300 budgeted to date,
            # both together do not.
            orders = (
                env["purchase.order"]
                .with_company(company)
                .create(
                    [
                        {
                            "partner_id": vendor.id,
                            "company_id": company.id,
                            "order_line": [
                                Command.create(
                                    {
                                        "product_id": product.id,
                                        "product_qty": 1,
                                        "price_unit": 200.0,
                                        "taxes_id": [Command.clear()],
                                        "date_planned": MARCH_15,
                                        "analytic_distribution": {
                                            str(centre.analytic_account_id.id): 100
                                        },
                                    }
                                )
                            ],
                        }
                        for product in products
                    ]
                )
            )
            cls.company_id = company.id
            cls.order_ids = orders.ids
            cls.budget_id = budget.id

    def test_parallel_confirmations_never_overrun_a_rigid_budget(self):
        # The retry is handled contention: nothing logs it as an error.
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            first, second = self._race(
                lambda env: env["purchase.order"].browse(self.order_ids[0]).button_confirm(),
                lambda env: env["purchase.order"].browse(self.order_ids[1]).button_confirm(),
                RedirectWarning,
                mute_sql=False,
            )
        self.assertTrue(first.get("done"))
        self.assertFalse(second.get("done"))
        self.assertIn("it has not been confirmed", second["error"])
        self.assertIn("short by", second["error"])
        # The second failed to serialise, was retried, and the retry saw the
        # first's commitment.
        self.assertEqual(second["attempts"], 2)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state FROM purchase_order WHERE id = ANY(%s) ORDER BY id", [self.order_ids]
            )
            self.assertEqual([row[0] for row in cr.fetchall()], ["purchase", "draft"])
            cr.execute(
                "SELECT SUM(amount) FROM group_budget_commitment WHERE budget_id = %s",
                [self.budget_id],
            )
            self.assertEqual(cr.fetchone()[0], 200.0)

    def tearDown(self):
        """Cancel the orders so that later tests see no commitment of them."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"allowed_company_ids": [self.company_id]})
            env["purchase.order"].browse(self.order_ids).filtered(
                lambda order: order.state == "purchase"
            ).button_cancel()
        super().tearDown()
