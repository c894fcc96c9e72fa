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
    # The line's order, given with the line (a line never changes order).
    purchase_order_id = fields.Many2one(
        "purchase.order",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )
