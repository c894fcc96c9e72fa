from odoo import api, fields, models
from odoo.tools import SQL

from ...amount_field import Amount
from ...logic import budget_rules
from .monthly_totals import delta_function, install_triggers

# The budget's fields a commitment copies (in this order in a bridge's query).
BUDGET_COPIES = ("centre_id", "period_id", "company_id")

# The monthly totals of the commitments, by budget, item and month: what the
# ledger, control and the warnings read instead of the commitments
# themselves, one row per open document line (see
# :meth:`GroupBudgetCommitment.init`). ``line_count``: the commitments that
# commit something (an amount other than 0), each of which counts as an item
# of its month for control.
MONTH_TOTALS_TABLE = "group_budget_commitment_month"
MONTH_TOTALS_FUNCTION = "group_budget_commitment_month_delta"
MONTH_TOTALS_TRIGGERS = {
    "insert": "AFTER INSERT ON group_budget_commitment REFERENCING NEW TABLE AS new_rows",
    "update": "AFTER UPDATE ON group_budget_commitment "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "AFTER DELETE ON group_budget_commitment REFERENCING OLD TABLE AS old_rows",
}
# The columns of a commitment its totals depend on: an update that changes
# none of them adds nothing.
MONTH_TOTALS_COLUMNS = ("budget_id", "item_id", "date", "amount")


def _month_totals_select(rows, sign="1"):
    """The totals of the commitments ``rows`` (a relation with their
    columns, and ``sign`` a column or a number: 1 adds them, -1 removes
    them), summed by budget, item and month, as the totals table holds
    them."""
    return f"""
        SELECT budget_id, item_id, date_trunc('month', date)::date AS date,
               SUM({sign} * COALESCE(amount, 0)) AS amount,
               SUM({sign} * (COALESCE(amount, 0) <> 0)::int) AS line_count
          FROM {rows} AS cm
         GROUP BY 1, 2, 3
        HAVING SUM({sign} * COALESCE(amount, 0)) <> 0
            OR SUM({sign} * (COALESCE(amount, 0) <> 0)::int) <> 0"""


def _month_totals_delta(rows, sign):
    return f"""
        INSERT INTO group_budget_commitment_month (budget_id, item_id, date, amount, line_count)
        {_month_totals_select(rows, sign)}
         ORDER BY 1, 2, 3"""


MONTH_TOTALS_FUNCTION_SQL = delta_function(
    MONTH_TOTALS_FUNCTION, _month_totals_delta, MONTH_TOTALS_COLUMNS
)


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
        """The monthly totals of the commitments (install and every
        upgrade), filled from the commitments when the table is new.

        Control, the ledger and the warnings read what a budget's items
        commit month by month at every posting, confirmation and screen:
        they read these totals, a row per budget, item and month, instead of
        summing a row per open document line. PostgreSQL triggers keep them
        equal to a recompute from the commitments in the same transaction as
        every change, on every path (the ORM, a cascade from a deleted
        document, SQL): each statement appends the difference it makes,
        summed by key. Appending never updates a row, so confirmations never
        wait for each other here; readers sum the rows of a key, and a daily
        job merges them (:meth:`_compact_month_totals`). The table has no
        foreign key that would check every row a confirmation appends (a
        deleted budget's rows add up to nothing)."""
        cr = self.env.cr
        cr.execute("SELECT to_regclass(%s)", [MONTH_TOTALS_TABLE])
        created = cr.fetchone()[0] is None
        cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS %(table)s (
                    id bigserial PRIMARY KEY,
                    budget_id integer NOT NULL,
                    item_id integer NOT NULL,
                    date date NOT NULL,
                    amount numeric NOT NULL,
                    line_count integer NOT NULL
                );
                CREATE INDEX IF NOT EXISTS group_budget_commitment_month_key_index
                    ON %(table)s (budget_id, item_id, date) INCLUDE (amount, line_count);
                COMMENT ON TABLE %(table)s IS
                    'group_budget: monthly totals of the budget commitments by budget, item '
                    'and month, kept by triggers on group_budget_commitment';
                """,
                table=SQL.identifier(MONTH_TOTALS_TABLE),
            )
        )
        cr.execute(MONTH_TOTALS_FUNCTION_SQL)
        install_triggers(
            cr, MONTH_TOTALS_TABLE, self._table, MONTH_TOTALS_TRIGGERS, MONTH_TOTALS_FUNCTION
        )
        # Read by the totals now; the bridge's existing rows are read by line.
        cr.execute("DROP INDEX IF EXISTS group_budget_commitment_budget_item_index")
        if created:
            self._rebuild_month_totals()

    # ------------------------------------------------------------------
    # The monthly totals: rebuild, check and compaction
    # ------------------------------------------------------------------
    @api.model
    def _rebuild_month_totals(self):
        """Recompute the monthly totals from the commitments."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "DELETE FROM %(table)s; INSERT INTO %(table)s "
                "(budget_id, item_id, date, amount, line_count) %(rows)s",
                table=SQL.identifier(MONTH_TOTALS_TABLE),
                rows=SQL(_month_totals_select(self._table)),
            )
        )

    @api.model
    def _month_totals_differences(self):
        """Where the monthly totals differ from a recompute from the
        commitments: ``(budget_id, item_id, month, (amount, lines) kept,
        (amount, lines) recomputed)`` rows, none when they agree."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH kept AS (%(kept)s), recomputed AS (%(recomputed)s)
                SELECT budget_id, item_id, date,
                       k.amount, k.line_count, r.amount, r.line_count
                  FROM kept k
                  FULL JOIN recomputed r USING (budget_id, item_id, date)
                 WHERE k.amount IS DISTINCT FROM r.amount
                    OR k.line_count IS DISTINCT FROM r.line_count
                 ORDER BY 1, 2, 3
                """,
                kept=SQL(
                    """
                    SELECT budget_id, item_id, date, SUM(amount) AS amount,
                           SUM(line_count) AS line_count
                      FROM %s
                     GROUP BY 1, 2, 3
                    HAVING SUM(amount) <> 0 OR SUM(line_count) <> 0
                    """,
                    SQL.identifier(MONTH_TOTALS_TABLE),
                ),
                recomputed=SQL(_month_totals_select(self._table)),
            )
        )
        return [
            (budget_id, item_id, month, (kept_amount, kept_lines), (amount, lines))
            for budget_id, item_id, month, kept_amount, kept_lines, amount, lines in (
                self.env.cr.fetchall()
            )
        ]

    @api.model
    def _compact_month_totals(self):
        """Merge the rows of each key of the monthly totals into one (none
        for a key whose rows add up to nothing). Commitments only ever append, so
        merging what this transaction sees never conflicts with them; a
        second run finds nothing to merge. Returns the rows merged."""
        self.env.cr.execute(
            SQL(
                """
                WITH split AS (
                    SELECT budget_id, item_id, date
                      FROM %(table)s
                     GROUP BY 1, 2, 3
                    HAVING COUNT(*) > 1
                ),
                gone AS (
                    DELETE FROM %(table)s t
                     USING split s
                     WHERE t.budget_id = s.budget_id AND t.item_id = s.item_id
                       AND t.date = s.date
                 RETURNING t.budget_id, t.item_id, t.date, t.amount, t.line_count
                )
                INSERT INTO %(table)s (budget_id, item_id, date, amount, line_count)
                SELECT budget_id, item_id, date, SUM(amount), SUM(line_count)
                  FROM gone
                 GROUP BY 1, 2, 3
                HAVING SUM(amount) <> 0 OR SUM(line_count) <> 0
                """,
                table=SQL.identifier(MONTH_TOTALS_TABLE),
            )
        )
        return self.env.cr.rowcount

    @api.model
    def _cron_compact_month_totals(self):
        """:meth:`_compact_month_totals` (a daily job)."""
        return self._compact_month_totals()

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
                SELECT b.centre_id, cm.item_id, cm.date, SUM(cm.amount)
                  FROM %s cm
                  JOIN group_budget b ON b.id = cm.budget_id AND b.state IN %s
                 WHERE b.centre_id = ANY(%s) AND cm.item_id = ANY(%s)
                   AND cm.date BETWEEN date_trunc('month', %s::date) AND %s
                 GROUP BY 1, 2, 3
                HAVING SUM(cm.amount) <> 0
                """,
                SQL.identifier(MONTH_TOTALS_TABLE),
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
