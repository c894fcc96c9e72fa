from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ...logic import budget_rules, consolidation
from .group_budget_commitment import MONTH_TOTALS_TABLE
from .monthly_totals import delta_function, install_triggers

# What counts as whose actual, defined once (manual §五 4.4): a posted
# journal item counts for the centre whose analytic account its analytic
# distribution names (its share of it, in company currency), under the
# items whose accounts include its account (an item of another company
# excepted), signed by the item's direction so that revenue and costs both
# read positive. Every reader builds its query from the three pieces below:
# :func:`journal_shares` (journal items split by analytic account),
# :func:`mapped` (those rows, or their monthly totals, joined to centres and
# items) and :func:`signed`.
#
# The monthly totals (``group.budget.actual.month``) hold the journal items
# split by analytic account, summed by company, analytic account, account
# and month; the ledger, control at posting, the year-to-date figures and
# the analysis read them instead of the journal, whose size grows with every
# year of history. The mapping to centres and items is applied when they are
# read, so that changing it needs no rebuild.
TOTALS_TABLE = "group_budget_actual_month"
TOTALS_FUNCTION_NAME = "group_budget_actual_month_delta"

# The sign that makes revenue and costs both read positive, of the item ``i``.
ITEM_SIGN = SQL("CASE WHEN i.direction = 'higher_better' THEN -1 ELSE 1 END")


def signed(amount):
    """``amount`` (``SQL``) signed by the direction of the item ``i``."""
    return SQL("%s * %s", ITEM_SIGN, amount)


def journal_shares(journal, where, sign=None):
    """The journal items of ``journal`` (``SQL``: a relation with the columns
    of ``account_move_line``, aliased ``aml``) that match ``where`` and carry
    an analytic distribution, one row per item and analytic account the
    distribution names (a line split 60/40 gives two rows), in the columns
    of the monthly totals: ``company_id, analytic_account_id, account_id,
    date`` (the first day of the month), ``balance`` (the share of the
    analytic account, in company currency) and ``item_count`` (1), plus
    ``move_line_id`` and ``move_id``. ``sign`` (``SQL``, default 1)
    multiplies both: -1 for what a statement removes."""
    sign = sign or SQL("1")
    return SQL(
        """
        SELECT aml.id AS move_line_id, aml.move_id, aml.company_id,
               a.id::int AS analytic_account_id, aml.account_id,
               date_trunc('month', aml.date)::date AS date,
               %(sign)s * aml.balance * d.value::numeric / 100 AS balance,
               %(sign)s AS item_count
          FROM %(journal)s aml
         CROSS JOIN LATERAL jsonb_each_text(aml.analytic_distribution) AS d(key, value)
         CROSS JOIN LATERAL unnest(string_to_array(d.key, ',')) AS a(id)
         WHERE aml.analytic_distribution IS NOT NULL AND aml.account_id IS NOT NULL
           AND a.id ~ '^[0-9]+$' AND %(where)s
        """,
        journal=journal,
        where=where,
        sign=sign,
    )


def mapped(rows, centres=None, items=None):
    """``rows`` (``SQL``: a relation aliased ``t`` with the columns of the
    monthly totals, such as the totals themselves or :func:`journal_shares`)
    joined to the centres ``c`` whose analytic account and company they
    carry and to the items ``i`` whose accounts include theirs, in their
    company. ``centres`` and ``items`` (``SQL``) replace the tables of
    centres and items by relations of the same columns."""
    return SQL(
        """%(rows)s
          JOIN %(centres)s c ON c.analytic_account_id = t.analytic_account_id
               AND c.company_id = t.company_id
          JOIN group_budget_item_account_rel r ON r.account_id = t.account_id
          JOIN %(items)s i ON i.id = r.item_id
               AND (i.company_id IS NULL OR i.company_id = t.company_id)""",
        rows=rows,
        centres=centres or SQL("group_budget_centre"),
        items=items or SQL("group_budget_item"),
    )


def _totals_select(rows):
    """The sums by key of :func:`journal_shares` ``rows``, as the totals
    table holds them."""
    return SQL(
        """
        SELECT company_id, analytic_account_id, account_id, date,
               SUM(balance) AS balance, SUM(item_count) AS item_count
          FROM (%s) AS s
         GROUP BY 1, 2, 3, 4
        HAVING SUM(balance) <> 0 OR SUM(item_count) <> 0
        """,
        rows,
    )


# Every journal item's columns the totals depend on: an update that changes
# none of them adds nothing.
TOTALS_COLUMNS = (
    "parent_state",
    "analytic_distribution",
    "balance",
    "account_id",
    "company_id",
    "date",
)


def _totals_delta(rows, sign):
    """The statement that appends to the totals what the journal items of
    the transition table ``rows`` add (``sign`` 1) or remove (-1)."""
    return SQL(
        """
        INSERT INTO group_budget_actual_month
               (company_id, analytic_account_id, account_id, date, balance, item_count)
        %s
         ORDER BY 1, 2, 3, 4
        """,
        _totals_select(journal_shares(rows, SQL("aml.parent_state = 'posted'"), SQL(sign))),
    )


def _plpgsql(query):
    """The code of ``query`` (``SQL`` without parameters) for a function body."""
    assert not query.params, "a function body takes no parameters"
    return query.code


TOTALS_FUNCTION = delta_function(
    TOTALS_FUNCTION_NAME,
    lambda rows, sign: _plpgsql(_totals_delta(SQL(rows), sign)),
    TOTALS_COLUMNS,
)


TOTALS_TRIGGERS = {
    "insert": "AFTER INSERT ON account_move_line REFERENCING NEW TABLE AS new_rows",
    "update": "AFTER UPDATE ON account_move_line "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "AFTER DELETE ON account_move_line REFERENCING OLD TABLE AS old_rows",
}

# The totals recomputed from the journal: what the triggers keep the table
# equal to.
TOTALS_RECOMPUTE = _totals_select(
    journal_shares(SQL("account_move_line"), SQL("aml.parent_state = 'posted'"))
)


# The tables the ledger and the control read with SQL.
SOURCE_MODELS = (
    "account.analytic.account",
    "account.move",
    "account.move.line",
    "group.budget",
    "group.budget.addition",
    "group.budget.line",
    "group.budget.period",
    "group.budget.centre",
    "group.budget.item",
    "group.budget.overrun",
    "group.budget.commitment",
)


def flush_sources(env):
    """Write pending changes of :data:`SOURCE_MODELS` to the database."""
    for model in SOURCE_MODELS:
        env[model].flush_model()


def actual_shares(where):
    """Journal items matching ``where`` (``SQL`` on ``aml``), one row per
    item line and centre: ``move_line_id, move_id, date`` (the month),
    ``company_id, centre_id, item_id`` and ``amount``, the line's share of
    the centre's analytic account signed by the item's direction."""
    return SQL(
        """
        SELECT t.move_line_id, t.move_id, t.date, t.company_id,
               c.id AS centre_id, i.id AS item_id, %(amount)s AS amount
          FROM %(rows)s
        """,
        amount=signed(SQL("t.balance")),
        rows=mapped(SQL("(%s) AS t", journal_shares(SQL("account_move_line"), where))),
    )


def item_months(centre_columns, centres, totals, items, date_from, date_to):
    """The query of the monthly ``totals`` (``SQL``, aliased ``t``) of the
    centres ``c`` of ``centres`` (``SQL``, see :func:`mapped`), on the
    accounts of ``items``: a row per ``centre_columns``, item and month from
    ``date_from``'s to ``date_to``, its amount signed by the item's
    direction."""
    return SQL(
        """
        SELECT %(columns)s, i.id, t.date, SUM(%(amount)s)
          FROM %(rows)s
         WHERE i.id = ANY(%(items)s)
           AND t.date BETWEEN date_trunc('month', %(date_from)s::date) AND %(date_to)s
         GROUP BY %(columns)s, i.id, t.date
        HAVING SUM(t.item_count) <> 0
        """,
        columns=centre_columns,
        amount=signed(SQL("t.balance")),
        rows=mapped(totals, centres=centres),
        items=items.ids,
        date_from=date_from,
        date_to=date_to,
    )


class GroupBudgetActualMonth(models.Model):
    """The monthly totals of posted journal items (manual §五 4.4: the
    ledger's actual column), one row per company, analytic account, account
    and month (see :func:`journal_shares`).

    PostgreSQL triggers on ``account_move_line`` keep them equal to a
    recompute from the journal in the same transaction as every change, on
    every path (the ORM, imports, SQL): each statement appends the difference
    it makes, summed by key. Appending never updates a row, so concurrent
    postings never wait for each other here; readers sum the rows of a key,
    and a daily job merges them (:meth:`_compact`).

    The table is created by :meth:`init` (``_auto`` is off): its key columns
    hold what the journal items' distributions name, with no foreign key that
    would check every row a posting appends; ``id`` is a ``bigserial``.
    Nothing writes it through the ORM: the triggers append, :meth:`_rebuild`
    and :meth:`_compact` rewrite it in SQL."""

    _name = "group.budget.actual.month"
    _description = "Monthly Actual Total"
    _table = TOTALS_TABLE
    _auto = False
    _log_access = False
    _order = "date, company_id, analytic_account_id, account_id"

    company_id = fields.Many2one("res.company", readonly=True)
    analytic_account_id = fields.Many2one("account.analytic.account", readonly=True)
    account_id = fields.Many2one("account.account", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    balance = fields.Monetary(readonly=True)
    item_count = fields.Integer(string="Journal Items", readonly=True)

    def init(self):
        """Create the table and its triggers (install and every upgrade);
        fill the table from the journal when it is new."""
        cr = self.env.cr
        cr.execute("SELECT to_regclass(%s)", [TOTALS_TABLE])
        created = cr.fetchone()[0] is None
        cr.execute(
            """
            CREATE TABLE IF NOT EXISTS group_budget_actual_month (
                id bigserial PRIMARY KEY,
                company_id integer NOT NULL,
                analytic_account_id integer NOT NULL,
                account_id integer NOT NULL,
                date date NOT NULL,
                balance numeric NOT NULL,
                item_count integer NOT NULL
            );
            CREATE INDEX IF NOT EXISTS group_budget_actual_month_key_index
                ON group_budget_actual_month (analytic_account_id, account_id, date)
                INCLUDE (company_id, balance, item_count);
            CREATE INDEX IF NOT EXISTS group_budget_actual_month_date_index
                ON group_budget_actual_month (date);
            COMMENT ON TABLE group_budget_actual_month IS
                'group_budget: monthly totals of posted journal items by company, analytic '
                'account and account, kept by triggers on account_move_line';
            """
        )
        cr.execute(TOTALS_FUNCTION)
        install_triggers(
            cr, TOTALS_TABLE, "account_move_line", TOTALS_TRIGGERS, TOTALS_FUNCTION_NAME
        )
        if created:
            self._rebuild()

    @api.model
    def _rebuild(self, companies=None):
        """Recompute the totals of ``companies`` (all when None) from the
        journal. Postings committed while it runs keep their own rows: the
        rebuild neither sees nor deletes them."""
        self.env["account.move.line"].flush_model()
        where = SQL("company_id = ANY(%s)", companies.ids) if companies else SQL("TRUE")
        self.env.cr.execute(SQL("DELETE FROM %s WHERE %s", SQL.identifier(self._table), where))
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %s
                       (company_id, analytic_account_id, account_id, date, balance, item_count)
                SELECT * FROM (%s) AS r WHERE %s
                """,
                SQL.identifier(self._table),
                TOTALS_RECOMPUTE,
                where,
            )
        )
        self.invalidate_model()

    @api.model
    def _differences(self, companies=None):
        """Where the totals of ``companies`` (all when None) differ from a
        recompute from the journal: a list of ``(company_id,
        analytic_account_id, account_id, month, totals, recomputed)``, empty
        when they agree."""
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH kept AS (
                    SELECT company_id, analytic_account_id, account_id, date,
                           SUM(balance) AS balance, SUM(item_count) AS item_count
                      FROM group_budget_actual_month
                     GROUP BY 1, 2, 3, 4
                    HAVING SUM(balance) <> 0 OR SUM(item_count) <> 0
                ),
                recomputed AS (%s)
                SELECT company_id, analytic_account_id, account_id, date,
                       COALESCE(k.balance, 0), COALESCE(r.balance, 0)
                  FROM kept k
                  FULL JOIN recomputed r USING (company_id, analytic_account_id, account_id, date)
                 WHERE (k.balance IS DISTINCT FROM r.balance
                        OR k.item_count IS DISTINCT FROM r.item_count)
                   AND (%s OR company_id = ANY(%s))
                 ORDER BY 1, 2, 3, 4
                """,
                TOTALS_RECOMPUTE,
                not companies,
                companies.ids if companies else [],
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _compact(self):
        """Merge the rows of each key into one. Postings only ever append,
        so merging what this transaction sees never conflicts with them; a
        second run finds nothing to merge."""
        self.env.cr.execute(
            """
            WITH split AS (
                SELECT company_id, analytic_account_id, account_id, date
                  FROM group_budget_actual_month
                 GROUP BY 1, 2, 3, 4
                HAVING COUNT(*) > 1
            ),
            gone AS (
                DELETE FROM group_budget_actual_month t
                 USING split s
                 WHERE t.company_id = s.company_id
                   AND t.analytic_account_id = s.analytic_account_id
                   AND t.account_id = s.account_id AND t.date = s.date
             RETURNING t.company_id, t.analytic_account_id, t.account_id, t.date,
                       t.balance, t.item_count
            )
            INSERT INTO group_budget_actual_month
                   (company_id, analytic_account_id, account_id, date, balance, item_count)
            SELECT company_id, analytic_account_id, account_id, date,
                   SUM(balance), SUM(item_count)
              FROM gone
             GROUP BY 1, 2, 3, 4
            HAVING SUM(balance) <> 0 OR SUM(item_count) <> 0
            """
        )
        self.invalidate_model()
        return self.env.cr.rowcount


class GroupBudgetActuals(models.AbstractModel):
    """Actuals of centres and items, read from the monthly totals of posted
    journal items in one grouped query."""

    _name = "group.budget.actuals"
    _description = "Budget Actuals"

    @api.model
    def _flush_sources(self):
        """Write pending changes of what the actuals are read from, for the
        capabilities and add-ons that read them in SQL."""
        flush_sources(self.env)

    @api.model
    def _totals_table(self):
        """The table of the monthly actual totals, for SQL reads."""
        return TOTALS_TABLE

    @api.model
    def _monthly_actuals(self, centres, items, date_from, date_to):
        """Return ``{(centre_id, item_id, (year, month)): amount}`` for the
        months from ``date_from``'s to ``date_to``'s.

        Posted journal items count when they are on one of the item's accounts
        and carry the centre's analytic account; a line split across centres
        counts its share to each. Amounts are in company currency and signed
        by the item's direction, so that revenue and costs both read positive.
        Read from the monthly totals in one query.
        """
        centres = centres.filtered("analytic_account_id")
        items = items.filtered("account_ids")
        if not centres or not items:
            return {}
        flush_sources(self.env)
        self.env.cr.execute(
            item_months(
                SQL("c.id"),
                SQL("(SELECT * FROM group_budget_centre WHERE id = ANY(%s))", centres.ids),
                SQL("group_budget_actual_month t"),
                items,
                date_from,
                date_to,
            )
        )
        return {
            (centre_id, item_id, (month.year, month.month)): float(amount)
            for centre_id, item_id, month, amount in self.env.cr.fetchall()
        }

    @api.model
    def _rolled_up_actuals(self, centres, items, date_from, date_to):
        """:meth:`_monthly_actuals` of ``centres``, each with its own postings
        plus all its descendants' (``logic/consolidation.py``): the actual of
        a parent, whose actuals are posted to its children. Descendants of
        every company count, with or without a budget, those keeping their
        accounts in another currency excepted (amounts are in company
        currency, never converted). Their figures add up into the centres
        asked for only, without reading the descendants' records as the user:
        one query, whatever the size of the tree."""
        return self._rolled_up(centres, items, date_from, date_to)[0]

    @api.model
    def _rolled_up_consumption(self, centres, items, date_from, date_to):
        """``(actuals, commitments)``: :meth:`_rolled_up_actuals`, and what
        confirmed documents commit (``group.budget.commitment``, of budgets
        approved, executing or closed) in the same months and the same
        shape, rolled up the same way: both are consumed budget. One query."""
        return self._rolled_up(centres, items, date_from, date_to, committed=True)

    @api.model
    def _rolled_up(self, centres, items, date_from, date_to, committed=False):
        """``(actuals, commitments)`` as :meth:`_rolled_up_consumption` gives
        them; without ``committed``, no commitments are read (``{}``)."""
        centres, items = centres.filtered("id"), items.filtered("id")
        if not centres or not items:
            return {}, {}
        flush_sources(self.env)  # the centres among them
        self.env["res.company"].flush_model(["currency_id"])
        query = SQL(
            "SELECT 'a', * FROM (%s) AS a",
            item_months(
                SQL("c.id, c.parent_path"),
                SQL("tree"),
                SQL("group_budget_actual_month t"),
                items,
                date_from,
                date_to,
            ),
        )
        if committed:
            query = SQL(
                """
                %s
                UNION ALL
                SELECT 'c', c.id, c.parent_path, cm.item_id, cm.date, SUM(cm.amount)
                  FROM tree c
                  JOIN group_budget b ON b.centre_id = c.id AND b.state IN %s
                  JOIN %s cm ON cm.budget_id = b.id
                 WHERE cm.item_id = ANY(%s)
                   AND cm.date BETWEEN date_trunc('month', %s::date) AND %s
                 GROUP BY 2, 3, 4, 5
                HAVING SUM(cm.amount) <> 0
                """,
                query,
                budget_rules.LEDGER_STATES,
                SQL.identifier(MONTH_TOTALS_TABLE),
                items.ids,
                date_from,
                date_to,
            )
        self.env.cr.execute(
            SQL(
                """
                WITH tree AS (
                    SELECT DISTINCT d.id, d.parent_path, d.analytic_account_id, d.company_id
                      FROM group_budget_centre a
                      JOIN res_company ac ON ac.id = a.company_id
                      JOIN group_budget_centre d ON d.parent_path LIKE a.parent_path || %s
                      JOIN res_company dc ON dc.id = d.company_id
                     WHERE a.id = ANY(%s) AND dc.currency_id = ac.currency_id
                )
                %s
                """,
                "%",
                centres.ids,
                query,
            )
        )
        own = {"a": {}, "c": {}}
        paths = {}
        for kind, centre_id, path, item_id, month, amount in self.env.cr.fetchall():
            paths[centre_id] = path
            own[kind][centre_id, item_id, (month.year, month.month)] = float(amount)
        parents = consolidation.parent_map(paths)
        return tuple(consolidation.roll_up(own[kind], parents, centres.ids) for kind in "ac")

    # ------------------------------------------------------------------
    # The monthly totals: rebuild, check and compaction
    # ------------------------------------------------------------------
    @api.model
    def _rebuild_actual_totals(self, companies=None):
        """:meth:`group.budget.actual.month._rebuild`."""
        self.env["group.budget.actual.month"]._rebuild(companies)

    @api.model
    def _actual_totals_differences(self, companies=None):
        """:meth:`group.budget.actual.month._differences`."""
        return self.env["group.budget.actual.month"]._differences(companies)

    @api.model
    def _cron_compact_actual_totals(self):
        """:meth:`group.budget.actual.month._compact` (a daily job)."""
        return self.env["group.budget.actual.month"]._compact()

    def _check_budget_office(self):
        if not self.env.user.has_group("group_budget.group_budget_office"):
            raise AccessError(
                _("Only the Budget Office may rebuild or check the monthly actual totals.")
            )

    @api.model
    def action_rebuild_actual_totals(self):
        """Budget Office: recompute the monthly actual totals from the journal."""
        self._check_budget_office()
        self.sudo()._rebuild_actual_totals(self.env.companies)
        return self._notify(_("The monthly actual totals were recomputed from the journal."))

    @api.model
    def action_check_actual_totals(self):
        """Budget Office: compare the monthly actual totals with a recompute."""
        self._check_budget_office()
        differences = self.sudo()._actual_totals_differences(self.env.companies)
        if not differences:
            return self._notify(_("The monthly actual totals agree with the posted journal items."))
        return self._notify(
            _(
                "%(count)s monthly actual totals differ from the posted journal items "
                "(first: analytic account %(analytic)s, account %(account)s, %(month)s). "
                "Rebuild them.",
                count=len(differences),
                analytic=differences[0][1],
                account=differences[0][2],
                month=differences[0][3].strftime("%Y-%m"),
            ),
            kind="warning",
        )

    @api.model
    def _notify(self, message, kind="success"):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": kind, "sticky": kind != "success"},
        }
