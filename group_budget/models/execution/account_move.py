from odoo import api, models
from odoo.tools import plaintext2html

from ... import messages
from .account_analytic_line import analytic_sync
from .group_budget_control import AutopostRefusals


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.onchange("invoice_line_ids", "line_ids")
    def _onchange_group_budget_lines(self):
        """Compute the lines' budget figures again when a form changes a line:
        the form sends the figures it shows with the lines, and the change of
        one line changes the figures of the others below it."""
        (self.line_ids | self.invoice_line_ids).invalidate_recordset(
            ["group_budget_controlled", "group_budget_available", "group_budget_exceeds"]
        )

    def _post(self, soft=True):
        """Check the posted entries against the budgets they hit (manual §五
        3.3, 4.6): a rigid overrun refuses the whole posting."""
        posted = super()._post(soft=soft)
        self.env["group.budget.control"]._check_postings(posted)
        return posted

    def write(self, vals):
        """Moving a posted entry to another date (Odoo refuses it unless asked
        to skip its check) is checked like a posting on the new date, and its
        analytic items follow it."""
        if "date" not in vals:
            return super().write(vals)
        posted = self.filtered(lambda move: move.state == "posted")
        if not posted:
            return super().write(vals)
        with self.env["group.budget.control"]._check_line_changes(posted.line_ids):
            res = super().write(vals)
            # Odoo leaves the analytic items at the old date: they follow their
            # journal item (account_analytic_line.py), as the ledger does.
            posted.line_ids._inverse_analytic_distribution()
        return res

    def button_draft(self):
        # Odoo deletes the analytic items of the entries' journal items.
        return super(AccountMove, analytic_sync(self)).button_draft()

    def _autopost_draft_entries(self):
        """Odoo's cron posting entries dated in the future: an entry that a
        rigid budget refuses stays in draft, with a message (Odoo's) and an
        activity for its creator naming the shortfall; the others post."""
        refusals = AutopostRefusals()
        res = super(
            AccountMove, self.with_context(group_budget_autopost=refusals)
        )._autopost_draft_entries()
        moves = (
            self.browse(list(refusals.by_move))
            .exists()
            .filtered(lambda move: move.state == "draft")
        )
        Control = self.env["group.budget.control"]
        for move in moves:
            # In the language of the entry's creator, who gets the to-do.
            messages.todo(
                move,
                move.create_uid,
                lambda local: local.env._("Not posted: over a budget under rigid control"),
                note=lambda local, lines=refusals.by_move[move.id]: plaintext2html(
                    local.env._(
                        "The scheduled posting of this entry was refused by budget "
                        "control (manual §五 3.3). Request a budget addition or "
                        "correct the entry, then post it.\n%(lines)s",
                        lines="\n".join(
                            Control.with_context(lang=local.env.lang)._line_text(line)
                            for line in lines
                        ),
                    )
                ),
            )
        return res
