from odoo import fields, models


class GroupBudgetCommitment(models.Model):
    """A confirmed purchase order line's commitment: one row per line and
    centre its analytic distribution names (``group.budget.purchase``
    keeps them)."""

    _inherit = "group.budget.commitment"

    purchase_line_id = fields.Many2one(
        "purchase.order.line",
        string="Purchase Order Line",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )
    purchase_order_id = fields.Many2one(
        related="purchase_line_id.order_id",
        string="Purchase Order",
        store=True,
        index="btree_not_null",
    )
