from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ...amount_field import Amount
from ...logic import budget_rules

# The budget's fields a commitment copies (in this order in a bridge's query).
BUDGET_COPIES = ("centre_id", "period_id", "company_id")


class GroupBudgetCommitment(models.Model):
    """Budget committed by a document not yet posted (manual §五 2.4, 4.4):
    a confirmed purchase order line, say, reserves the budget of a centre
    and item in a month before its bill posts.

    The core reads commitments wherever it tells what is left to spend: the
    ledger's *Committed* and *Available*, control at posting, additions,
    warnings and forecasts. It creates none: a bridge add-on
    (for purchase orders, say) keeps one row per document line and centre,
    through its own private methods, and releases it as the document's
    postings become actuals. Nobody writes commitments by hand: every role
    reads them only. A bridge writes them through the ORM, in batches
    (``sudo``: no role writes them).

    A commitment copies its budget's centre, year and company (fixed once
    the budget leaves draft, and only budgets in execution are committed):
    the bridge gives them from the query that found the budget, so that
    creating a batch reads nothing more. Given none, they are read from
    the budget. The companies agree by construction (the bridge's query
    joins the budget and item to the document's company), so the ORM's
    record-by-record company check, which would read the budgets and items
    once more, is off.
    """

    _name = "group.budget.commitment"
    _description = "Budget Commitment"
    _inherit = ["group.budget.item.total.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = False

    budget_id = fields.Many2one(
        "group.budget", required=True, index=True, ondelete="cascade", check_company=True
    )
    centre_id = fields.Many2one("group.budget.centre", required=True, readonly=True, index=True)
    period_id = fields.Many2one(
        "group.budget.period", string="Budget Year", required=True, readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    item_id = fields.Many2one(
        "group.budget.item",
        string="Budget Item",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    date = fields.Date(
        string="Month", required=True, help="The first day of the month the budget is committed in."
    )
    # In the company's currency (shown with it), rounded as the accounts
    # are: a float, so that a batch is created without looking the
    # currency up again for each row.
    amount = Amount(
        string="Committed",
        digits="Account",
        help="What the document still commits of this budget, in the company's "
        "currency: its untaxed amount not yet billed.",
    )
    origin = fields.Char(string="Source Document", readonly=True)
    res_model = fields.Char(string="Source Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Source Record", model_field="res_model", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        """The budget's centre, year and company, where the bridge gave
        none (without a budget, the ORM refuses the row)."""
        missing = [
            vals
            for vals in vals_list
            if vals.get("budget_id") and not vals.keys() >= set(BUDGET_COPIES)
        ]
        if missing:
            budgets = (
                self.env["group.budget"].sudo().browse({vals["budget_id"] for vals in missing})
            )
            by_id = {budget.id: budget for budget in budgets}
            for vals in missing:
                budget = by_id[vals["budget_id"]]
                for fname in BUDGET_COPIES:
                    vals.setdefault(fname, budget[fname].id)
        return super().create(vals_list)

    def init(self):
        """Control reads what a budget's items commit, month by month, at
        every posting and confirmation: an index on them, their months and
        amounts (read from the index alone), instead of the table's scan of
        every open document line."""
        create_index(
            self.env.cr,
            "group_budget_commitment_budget_item_index",
            self._table,
            ["budget_id", "item_id", "date", "amount"],
        )

    @api.model
    def _monthly_commitments(self, centres, items, date_from, date_to):
        """``{(centre_id, item_id, (year, month)): amount}``: what confirmed
        documents commit of the budgets (approved, executing or closed) of
        ``centres`` on ``items``, in the months from ``date_from``'s to
        ``date_to``'s, as :meth:`group.budget.actuals._monthly_actuals` gives
        the actuals. Whoever asks, read in one query without the reader's
        record rules: a figure, not the rows behind it."""
        if not centres or not items:
            return {}
        self.flush_model()
        self.env["group.budget"].flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT cm.centre_id, cm.item_id, date_trunc('month', cm.date)::date,
                       SUM(cm.amount)
                  FROM group_budget_commitment cm
                  JOIN group_budget b ON b.id = cm.budget_id AND b.state IN %s
                 WHERE cm.centre_id = ANY(%s) AND cm.item_id = ANY(%s)
                   AND cm.date BETWEEN date_trunc('month', %s::date) AND %s
                 GROUP BY 1, 2, 3
                HAVING SUM(cm.amount) <> 0
                """,
                budget_rules.LEDGER_STATES,
                centres.ids,
                items.ids,
                date_from,
                date_to,
            )
        )
        return {
            (centre_id, item_id, (month.year, month.month)): float(amount)
            for centre_id, item_id, month, amount in self.env.cr.fetchall()
        }
