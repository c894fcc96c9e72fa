from odoo import api, fields, models

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

    # What control at posting will find, shown while a draft entry, bill or
    # invoice is entered (group.budget.control._entry_availability).
    group_budget_controlled = fields.Boolean(
        string="Under Budget Control",
        compute="_compute_group_budget_available",
        help="The line hits a responsibility centre whose budget is in execution, on a "
        "budget item under rigid or flexible control.",
    )
    group_budget_available = fields.Monetary(
        string="Budget Available",
        compute="_compute_group_budget_available",
        currency_field="company_currency_id",
        help="What the budget of the line's responsibility centre and budget item has left "
        "to date in the line's month, before posting: budget to date, less what pending "
        "budget additions reserve, less actuals and commitments to date, less what the "
        "lines above on the same centre and item take. A later month that already has "
        "actuals or commitments and leaves less counts instead, as control at posting "
        "checks it too. For a line shared between centres, the most the whole line can be. "
        "In red when the line exceeds it.",
    )
    group_budget_exceeds = fields.Boolean(
        string="Over Budget",
        compute="_compute_group_budget_available",
        help="Posting the entry as it is would take the budget of the line's responsibility "
        "centre and budget item over what is available to date.",
    )

    @api.depends(
        "parent_state",
        "date",
        "company_id",
        "account_id",
        "analytic_distribution",
        "balance",
        "price_subtotal",
        "sequence",
        "move_id.line_ids.account_id",
        "move_id.line_ids.analytic_distribution",
        "move_id.line_ids.balance",
        "move_id.line_ids.price_subtotal",
        "move_id.line_ids.sequence",
    )
    def _compute_group_budget_available(self):
        """For the lines of draft entries, what is available to each before
        posting, its entry's lines above it counted: one query for all the
        entries of ``self``, new lines of a form included."""
        drafts = self.move_id.filtered(lambda move: move.state == "draft")
        invoice_lines = self.env["account.move"]._fields["invoice_line_ids"]
        entries = []
        for move in drafts:
            lines = move.line_ids
            # A form's onchange of the invoice lines leaves the other journal
            # items out (account.move.onchange): its invoice lines count, as
            # they are in the form. Otherwise they are among the journal
            # items, and not read again.
            if self.env.cache.contains(move, invoice_lines):
                lines |= move.invoice_line_ids
            # A stable sort: lines of the same sequence keep the entry's order.
            entries.append(lines.sorted("sequence"))
        result = self.env["group.budget.control"]._entry_availability(entries)
        for line in self:
            figure = result.get(line.id) if line.move_id in drafts else None
            controlled = bool(figure) and figure["available"] is not None
            line.group_budget_controlled = controlled
            line.group_budget_available = figure["available"] if controlled else 0.0
            line.group_budget_exceeds = controlled and figure["exceeds"]

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
