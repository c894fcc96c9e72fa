from odoo import api, models


class GroupBudgetControl(models.AbstractModel):
    _inherit = "group.budget.control"

    @api.model
    def _check_postings(self, moves):
        """A posted bill releases the commitments of the purchase order
        lines it bills before control checks it: its actual replaces their
        commitment, in the same transaction, never both."""
        bills = moves.filtered(lambda move: move.move_type in ("in_invoice", "in_refund"))
        lines = bills.line_ids.purchase_line_id
        if lines:
            self.env["group.budget.purchase"]._refresh(lines)
        return super()._check_postings(moves)
