from odoo import api, models

from .account_analytic_line import analytic_sync

# Fields of a posted journal item whose change changes the actual of a
# budget: where (analytic distribution, account), when and how much.
CONTROLLED_FIELDS = {
    "analytic_distribution",
    "account_id",
    "balance",
    "debit",
    "credit",
    "amount_currency",
    "date",
    "company_id",
    "move_id",
}

# Of those, the ones after whose change Odoo leaves the analytic items as
# they were.
RESYNC_FIELDS = CONTROLLED_FIELDS - {"analytic_distribution", "account_id"}


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        """Journal items added to an entry already posted are checked like a
        posting of them."""
        lines = super().create(vals_list)
        posted = lines.filtered(lambda line: line.parent_state == "posted")
        if posted:
            self.env["group.budget.control"]._check_new_lines(posted)
        return lines

    def write(self, vals):
        """A change of a posted journal item that moves spending onto a
        centre is checked like a posting there (manual §五 3.3): refused over
        a rigid budget, recorded over a flexible one. Moving spending away
        releases it."""
        if not CONTROLLED_FIELDS.intersection(vals):
            return super().write(vals)
        posted = self.filtered(lambda line: line.parent_state == "posted")
        if not posted:
            return super().write(vals)
        with self.env["group.budget.control"]._check_line_changes(posted):
            res = super().write(vals)
            if RESYNC_FIELDS.intersection(vals):
                # Odoo only renews the analytic items of a posted journal
                # item when its distribution or account changes; they follow
                # their journal item (account_analytic_line.py).
                posted._inverse_analytic_distribution()
        return res

    def _create_analytic_lines(self):
        return super(AccountMoveLine, analytic_sync(self))._create_analytic_lines()

    def _inverse_analytic_distribution(self):
        # Odoo replaces the analytic items of posted journal items.
        return super(AccountMoveLine, analytic_sync(self))._inverse_analytic_distribution()
