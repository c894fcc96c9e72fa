from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def button_draft(self):
        """A bill reset to draft (or cancelled, which resets it first) no
        longer bills its order lines: they commit again."""
        lines = self.filtered(
            lambda move: move.state == "posted" and move.move_type in ("in_invoice", "in_refund")
        ).line_ids.purchase_line_id
        res = super().button_draft()
        if lines:
            self.env["group.budget.purchase"]._refresh(lines)
        return res
