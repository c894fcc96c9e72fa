from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ... import guard

# Fields of an analytic item that budget control reads.
CONTROLLED_FIELDS = {"amount", "date", "general_account_id", "company_id", "move_line_id"}


def analytic_sync(records):
    """``records`` in the context of Odoo's own upkeep of analytic items."""
    return guard.grant(records, guard.ANALYTIC_SYNC)


class AccountAnalyticLine(models.Model):
    """The analytic items of posted journal items on a responsibility
    centre's analytic account follow their journal item: they cannot be
    created, changed or deleted by hand; the journal item's analytic
    distribution is changed instead, and control checks that change.

    The budget figures (the ledger, control at posting) read the journal
    items, through their monthly totals, never these items: this keeps what
    Odoo's analytic reports show of a centre equal to its actuals in the
    ledger."""

    _inherit = "account.analytic.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self._is_analytic_sync() and any(vals.get("move_line_id") for vals in vals_list):
            lines._check_not_on_centres()
        return lines

    def write(self, vals):
        guarded = not self._is_analytic_sync() and (
            CONTROLLED_FIELDS.intersection(vals) or set(self._get_plan_fnames()).intersection(vals)
        )
        if guarded:
            self._check_not_on_centres()
        res = super().write(vals)
        if guarded:
            self._check_not_on_centres()
        return res

    def unlink(self):
        if not self._is_analytic_sync():
            self._check_not_on_centres()
        return super().unlink()

    def _is_analytic_sync(self):
        return guard.holds(self, guard.ANALYTIC_SYNC)

    def _check_not_on_centres(self):
        """Refuse when one of these analytic items belongs to a journal item
        and carries a responsibility centre's analytic account."""
        columns = [fname for fname in self._get_plan_fnames() if fname in self._fields]
        if not self or not columns:
            return
        self.flush_model(["move_line_id", *columns])
        self.env.cr.execute(
            SQL(
                """
                SELECT al.move_line_id
                  FROM account_analytic_line al
                  JOIN group_budget_centre c ON c.analytic_account_id IN (%(columns)s)
                 WHERE al.id = ANY(%(ids)s) AND al.move_line_id IS NOT NULL
                 LIMIT 1
                """,
                columns=SQL(", ").join(SQL("al.%s", SQL.identifier(fname)) for fname in columns),
                ids=self.ids,
            )
        )
        row = self.env.cr.fetchone()
        if row:
            move_line = self.env["account.move.line"].sudo().browse(row[0])
            raise UserError(
                _(
                    "The analytic items of the journal item %(item)s carry the analytic "
                    "account of a responsibility centre: they follow the journal item and "
                    "cannot be created, changed or deleted by hand. Change the journal "
                    "item's analytic distribution instead; budget control checks that "
                    "change.",
                    item=move_line.move_id.display_name,
                )
            )
