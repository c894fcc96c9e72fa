"""The demo's purchase orders (demo/group_budget_purchase_demo.xml)."""

import datetime
import math

from odoo import Command, api, fields, models

from odoo.addons.group_budget.demo.builders import set_xmlids

# Ten fixtures take this share of what the assembly plant's equipment budget
# leaves available to date; the waiting order goes this much over it.
FIXTURE_SHARE = 0.4
FIXTURES = 10
OVER_BY = 50_000


class GroupBudgetPurchase(models.AbstractModel):
    _inherit = "group.budget.purchase"

    @api.model
    def _load_demo_purchase(self):
        """The truck assembly plant's equipment investment (rigid control):
        a confirmed order for ten welding fixtures, half billed (the bill is
        posted), and a quotation for a welding cell waiting for
        confirmation, which the budget left would refuse."""
        ref = self.env.ref
        company = ref("group_budget.demo_company_trucks")
        period = ref("group_budget.demo_period_trucks_current")
        today = fields.Date.context_today(self)
        if today.year != period.year:
            return
        buyer = ref("group_budget_purchase.demo_user_buyer")
        if self.env["res.lang"]._lang_get("zh_CN"):
            buyer.lang = "zh_CN"
        assembly = ref("group_budget.demo_centre_trucks_assembly")
        capex = ref("group_budget.demo_item_capex")
        budget = ref("group_budget.demo_budget_trucks_assembly_current")
        account = capex.account_ids.filtered(lambda a: company in a.company_ids)[:1]
        fixture = ref("group_budget_purchase.demo_product_fixture")
        cell = ref("group_budget_purchase.demo_product_welding_cell")
        (fixture | cell).product_tmpl_id.with_company(company).property_account_expense_id = account
        vendor = ref("group_budget_purchase.demo_partner_tooling_vendor")
        planned = datetime.datetime.combine(today, datetime.time(12))
        distribution = {str(assembly.analytic_account_id.id): 100}

        def order(product, quantity, price):
            return (
                self.env["purchase.order"]
                .with_user(buyer)
                .with_company(company)
                .create(
                    {
                        "partner_id": vendor.id,
                        "company_id": company.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_qty": quantity,
                                    "price_unit": price,
                                    "taxes_id": [Command.clear()],
                                    "date_planned": planned,
                                    "analytic_distribution": distribution,
                                }
                            )
                        ],
                    }
                )
            )

        left = self._demo_available(budget, capex, today.month)
        unit = max(math.floor(left * FIXTURE_SHARE / FIXTURES / 100) * 100, 100)
        tooling = order(fixture, FIXTURES, unit)
        tooling.button_confirm()
        tooling.action_create_invoice()
        bill = tooling.invoice_ids
        bill.write(
            {
                "invoice_date": today,
                "invoice_line_ids": [
                    Command.update(line.id, {"quantity": FIXTURES / 2})
                    for line in bill.invoice_line_ids
                ],
            }
        )
        bill.action_post()
        left = self._demo_available(budget, capex, today.month)
        waiting = order(cell, 1, math.ceil((left + OVER_BY) / 1000) * 1000)
        set_xmlids(
            self.env,
            "group_budget_purchase",
            {
                "demo_purchase_order_tooling": tooling,
                "demo_bill_tooling": bill,
                "demo_purchase_order_waiting": waiting,
            },
        )

    @api.model
    def _demo_available(self, budget, item, month):
        """What ``budget`` leaves available to date in ``month`` for
        ``item``: its budget to date less its actual and commitments."""
        figures = self.env["group.budget.control"]._year_figures({(budget.id, item.id): {}})
        year = figures[budget.id, item.id]
        return sum(year["budget"][:month]) - sum(year["actual"][:month])
