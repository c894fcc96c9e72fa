from odoo import fields, models


class GroupBudgetOverrun(models.Model):
    """A purchase order confirmed over a flexible budget is an overrun too:
    it has an order instead of a journal entry."""

    _inherit = "group.budget.overrun"

    move_id = fields.Many2one(required=False)
    purchase_order_id = fields.Many2one(
        "purchase.order",
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
        readonly=True,
    )

    _sql_constraints = [
        (
            "document_required",
            "CHECK(move_id IS NOT NULL OR purchase_order_id IS NOT NULL)",
            "A flexible overrun belongs to a journal entry or a purchase order.",
        ),
    ]
