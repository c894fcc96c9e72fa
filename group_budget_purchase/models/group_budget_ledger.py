from odoo import api, models
from odoo.tools import SQL


class GroupBudgetLedger(models.Model):
    """The ledger counts a confirmed order's flexible overruns with the
    postings' (its *Flexible Overruns* column)."""

    _inherit = "group.budget.ledger"

    _depends = {
        "group.budget.overrun": ["purchase_order_id"],
        "purchase.order": ["state"],
    }

    @api.model
    def _ledger_sources(self, totals):
        sources = super()._ledger_sources(totals)
        sources["order_overrun"] = SQL(
            """
            SELECT o.period_id, o.centre_id, o.item_id, o.budget_id, NULL::int AS line_id,
                   FALSE AS base,
                   %s
              FROM group_budget_overrun o
              JOIN purchase_order po ON po.id = o.purchase_order_id
                   AND po.state IN ('purchase', 'done')
             GROUP BY 1, 2, 3, 4
            """,
            self._ledger_month_columns(
                o=lambda month: f"COUNT(*) FILTER (WHERE EXTRACT(MONTH FROM o.date) = {month})"
            ),
        )
        return sources
