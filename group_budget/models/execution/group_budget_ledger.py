import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, MissingError
from odoo.tools import SQL

from ...logic import addition_rules, budget_rules
from ..mixins.group_budget_months_mixin import MONTH_FIELDS
from .group_budget_actuals import TOTALS_RECOMPUTE, TOTALS_TABLE, mapped, signed
from .group_budget_commitment import MONTH_TOTALS_TABLE

LEDGER_STATES = budget_rules.LEDGER_STATES

MONTHS = range(1, 13)
# The monthly figures of a centre and item that the ledger's sources give, a
# column per month: budget (b1…b12), actual (a1…), flexible overruns (o1…),
# what pending additions reserve (r1…) and what confirmed documents commit
# before their postings (c1…, group.budget.commitment). Another add-on adds a
# kind with :meth:`GroupBudgetLedger._ledger_kinds`.
KINDS = ("b", "a", "o", "r", "c")

# How ``read`` gives a cached value of the ledger's figures (the fields'
# ``convert_to_record``, then ``convert_to_read``, which keeps it): see
# :meth:`GroupBudgetLedger._read_format`.
READ_AS_CACHED = {
    fields.Float: lambda value: value or 0.0,
    fields.Monetary: lambda value: value or 0.0,
}


def _month_sum(amount, month_column, month):
    return f"COALESCE(SUM({amount}) FILTER (WHERE {month_column} = {month}), 0)"


def _month_count(month_column, month):
    return f"COUNT(*) FILTER (WHERE {month_column} = {month})"


def _running(kind, month):
    """The year to date of ``kind`` at ``month``: the sum of its months."""
    return " + ".join(f"g.{kind}{m}" for m in range(1, month + 1))


# The row of the ledger from the figures of a month ``m``: its columns by
# name (see :meth:`GroupBudgetLedger._ledger_columns`).
LEDGER_COLUMNS = {
    "budget": "m.b",
    "actual": "m.a",
    "variance": "m.a - m.b",
    "ytd_budget": "m.ytd_b",
    "ytd_actual": "m.ytd_a",
    "ytd_variance": "m.ytd_a - m.ytd_b",
    "reserved": "m.ytd_r",
    "committed": "m.c",
    "ytd_committed": "m.ytd_c",
    "year_committed": " + ".join(f"g.c{month}" for month in MONTHS),
    # What is left: budget to date less what is consumed to date (actual and
    # committed) and what pending additions reserve.
    "available": "m.ytd_b - m.ytd_a - m.ytd_c - m.ytd_r",
    # Consumption counts commitments, as control and the warnings do.
    "consumption": "CASE WHEN m.ytd_b <> 0 THEN ROUND((m.ytd_a + m.ytd_c) / m.ytd_b * 100, 1) END",
    "overrun_count": "m.o",
    "is_overrun": "i.direction = 'lower_better' AND m.ytd_a + m.ytd_c > m.ytd_b",
}


class GroupBudgetLedger(models.Model):
    """The budget ledger (台账, manual §五 4.4): one read-only row per centre,
    item and month of a budget year in execution, with budget, actual and
    variance for the month and the year to date.

    A database view computed in one query: budgets of the current version
    (approved, with their additions), actuals of posted journal items only,
    read from their monthly totals (:mod:`.group_budget_actuals`), and what
    confirmed documents commit before their postings
    (``group.budget.commitment``, filled by bridge add-ons). Unspent budget
    carries forward within the year and never into the next one (manual §五
    4.8), so availability is year-to-date: budget to date less actual and
    committed to date, less what pending additions reserve. Commitments are
    consumed budget: they count in the consumption and the overrun as the
    actual does, as they do at control and in the warnings.
    """

    _name = "group.budget.ledger"
    _description = "Budget Ledger"
    _inherit = ["group.budget.item.total.mixin"]
    _auto = False
    _order = "period_id desc, centre_id, item_id, month"
    _rec_name = "item_id"

    period_id = fields.Many2one("group.budget.period", string="Budget Year", readonly=True)
    centre_id = fields.Many2one("group.budget.centre", readonly=True)
    item_id = fields.Many2one("group.budget.item", string="Budget Item", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="Month", readonly=True)
    month = fields.Integer(string="Month Number", readonly=True, aggregator=None)
    control_mode = fields.Selection(
        [("rigid", "Rigid control"), ("flexible", "Flexible control"), ("none", "No control")],
        string="Control",
        readonly=True,
    )
    budget = fields.Monetary(string="Budget Amount", readonly=True)
    actual = fields.Monetary(readonly=True)
    variance = fields.Monetary(readonly=True, help="Actual minus budget.")
    ytd_budget = fields.Monetary(string="Budget to Date", readonly=True, aggregator=None)
    ytd_actual = fields.Monetary(string="Actual to Date", readonly=True, aggregator=None)
    ytd_variance = fields.Monetary(string="Variance to Date", readonly=True, aggregator=None)
    reserved = fields.Monetary(
        string="Reserved to Date",
        readonly=True,
        aggregator=None,
        help="What pending budget additions reserve of this budget as their "
        "savings source, up to this month: approval will take it.",
    )
    committed = fields.Monetary(
        readonly=True,
        help="What confirmed documents (purchase orders, say) commit of this "
        "budget in the month before their postings: released as they post.",
    )
    ytd_committed = fields.Monetary(
        string="Committed to Date",
        readonly=True,
        aggregator=None,
        help="What confirmed documents commit of this budget up to this month.",
    )
    year_committed = fields.Monetary(
        string="Committed in the Year",
        readonly=True,
        aggregator=None,
        help="What confirmed documents commit of this budget over the whole "
        "year, later months included: the year-end forecast never falls "
        "below the actual to date plus this.",
    )
    available = fields.Monetary(
        readonly=True,
        aggregator=None,
        help="Budget to date minus actual to date minus committed to date minus "
        "what pending additions reserve: what is left to spend this month, "
        "unspent budget of earlier months included.",
    )
    consumption = fields.Float(
        string="Consumption (%)",
        readonly=True,
        aggregator=None,
        digits=(16, 1),
        help="Actual and committed to date as a percentage of the budget to date.",
    )
    overrun_count = fields.Integer(
        string="Flexible Overruns",
        readonly=True,
        help="Postings that went over budget under flexible control this month.",
    )
    is_overrun = fields.Boolean(
        string="Over Budget",
        readonly=True,
        help="Costs or expenses to date, actual and committed, above the budget to date.",
    )

    # The view reads these fields: the ORM writes their pending changes
    # before any search, read or grouped read of the ledger (pivot, graph).
    _depends = {
        "account.move": ["state"],
        "account.move.line": [
            "account_id",
            "analytic_distribution",
            "balance",
            "company_id",
            "date",
            "parent_state",
        ],
        "group.budget": ["centre_id", "period_id", "state"],
        "group.budget.addition": [
            "funding",
            "period_id",
            "reserved_months",
            "source_centre_id",
            "source_item_id",
            "state",
        ],
        "group.budget.centre": ["analytic_account_id", "company_id"],
        "group.budget.commitment": [
            "amount",
            "budget_id",
            "centre_id",
            "date",
            "item_id",
            "period_id",
        ],
        "group.budget.item": [
            "account_ids",
            "aggregation",
            "company_id",
            "control_mode",
            "direction",
            "item_type",
        ],
        "group.budget.line": ["budget_id", "centre_id", "item_id", *MONTH_FIELDS],
        "group.budget.overrun": [
            "budget_id",
            "centre_id",
            "date",
            "item_id",
            "move_id",
            "period_id",
        ],
        "group.budget.period": ["company_id", "date_from", "date_to", "state"],
    }

    # A row's id stays the same while postings come in, and fits the 32-bit
    # integers of XML-RPC: 12 times the id of its budget line plus the month
    # (below 2**31 for up to 178 million budget lines). A row without a budget
    # line (spending on an item the centre has no budget for) gets a negative
    # id from its budget and item: below 2**31 in size for budgets numbered
    # up to 43,690 and items up to 4,095.
    @property
    def _table_query(self):
        return self._ledger_query()

    @api.model
    def _ledger_query(self, from_journal=False):
        """The view's query; with ``from_journal``, the same figures
        recomputed from the posted journal items instead of their monthly
        totals (what the totals must always agree with).

        Every source of :meth:`_ledger_sources` is first summed into one row
        per centre and item with a column per kind and month, then the
        sources are added up into one row per centre and item, and that row
        into one row per month with its year to date, added up from those
        columns (no window, no sort)."""
        if from_journal:
            totals = SQL("(%s)", TOTALS_RECOMPUTE)
        else:
            totals = SQL.identifier(TOTALS_TABLE)
        kinds = self._ledger_kinds()
        sources = self._ledger_sources(totals)
        columns = self._ledger_columns()
        # Only the month's figures and years to date that the columns read:
        # each is a sum per row and month, the most of the query's work.
        used = {
            name
            for expression in columns.values()
            for name in re.findall(r"\bm\.(\w+)", expression.code)
        }
        monthly = [kind for kind in kinds if kind in used]
        running = [kind for kind in kinds if f"ytd_{kind}" in used]
        figures = ", ".join(["month", *monthly, *(f"ytd_{kind}" for kind in running)])
        values = ", ".join(
            "({})".format(
                ", ".join(
                    [
                        str(month),
                        *(f"g.{kind}{month}" for kind in monthly),
                        *(_running(kind, month) for kind in running),
                    ]
                )
            )
            for month in MONTHS
        )
        return SQL(
            """
            WITH period AS (
                SELECT id, company_id, date_from, date_to FROM group_budget_period
                 WHERE state IN ('executing', 'closed')
            ),
            item AS (
                SELECT id, company_id, direction, control_mode FROM group_budget_item
                 WHERE item_type = 'financial' AND aggregation = 'sum'
            ),
            centre AS (
                SELECT c.id, c.company_id, c.analytic_account_id, b.period_id,
                       b.id AS budget_id
                  FROM group_budget_centre c
                  JOIN group_budget b ON b.centre_id = c.id AND b.state IN %(states)s
                  JOIN period p ON p.id = b.period_id
            ),
            %(sources)s,
            -- One row per centre and item with a budget or an actual. Not
            -- materialised: a filter on the centre or item (the officer's
            -- screen) reaches every part of the query.
            grid AS NOT MATERIALIZED (
                SELECT period_id, centre_id, item_id,
                       MIN(line_id) AS line_id, MIN(budget_id) AS budget_id,
                       %(sums)s
                  FROM (%(facts)s) AS facts
                 GROUP BY 1, 2, 3
                HAVING BOOL_OR(base)
            )
            SELECT CASE WHEN g.line_id IS NOT NULL
                        THEN g.line_id::bigint * 12 + m.month - 1
                        ELSE -((g.budget_id::bigint * 4096 + g.item_id) * 12 + m.month - 1)
                   END AS id,
                   g.period_id, g.centre_id, g.item_id, p.company_id,
                   make_date(EXTRACT(YEAR FROM p.date_from)::int, m.month, 1) AS date,
                   m.month, i.control_mode,
                   %(columns)s
              FROM grid g
             CROSS JOIN LATERAL (VALUES %(values)s) AS m(%(figures)s)
              JOIN period p ON p.id = g.period_id
              JOIN item i ON i.id = g.item_id
            """,
            states=LEDGER_STATES,
            sources=SQL(",\n").join(
                SQL("%s AS (%s)", SQL.identifier(name), source) for name, source in sources.items()
            ),
            sums=SQL(
                ",\n".join(
                    f"SUM({kind}{month}) AS {kind}{month}" for kind in kinds for month in MONTHS
                )
            ),
            facts=SQL(" UNION ALL ").join(
                SQL("SELECT * FROM %s", SQL.identifier(name)) for name in sources
            ),
            columns=SQL(",\n").join(
                SQL("%s AS %s", expression, SQL.identifier(name))
                for name, expression in columns.items()
            ),
            values=SQL(values),
            figures=SQL(figures),
        )

    @api.model
    def _ledger_kinds(self):
        """The kinds of monthly figures the sources give (:data:`KINDS`).
        An add-on that adds a source of a new kind adds the kind here, by
        ``_inherit`` and ``super()``: every source gives 0 for the kinds it
        does not fill, and the view has the kind's month (``m.<kind>``) and
        year to date (``m.ytd_<kind>``) for :meth:`_ledger_columns`."""
        return KINDS

    @api.model
    def _ledger_month_columns(self, **figures):
        """The monthly columns of one source, in the order the view adds
        them up: ``figures`` maps a kind to a function of the month giving
        its SQL expression (a string); the other kinds are 0."""
        return SQL(
            ",\n".join(
                f"{figures[kind](month) if kind in figures else '0'} AS {kind}{month}"
                for kind in self._ledger_kinds()
                for month in MONTHS
            )
        )

    @api.model
    def _ledger_sources(self, totals):
        """The sources of the ledger: ``{name: SQL}``, each a query of rows
        ``period_id, centre_id, item_id, budget_id, line_id, base``, then
        :meth:`_ledger_month_columns`. A centre and item shows when one of
        its rows has ``base`` (a budget line or an actual); ``line_id`` and
        ``budget_id`` give the row its id. The query around them provides
        ``period`` (budget years in execution or closed), ``item`` (financial
        items summed over the year) and ``centre`` (centres with a budget
        of the ledger's states, with its ``period_id`` and ``budget_id``).

        ``totals`` (``SQL``) is the relation of the monthly actual totals.
        Another add-on adds a source by ``_inherit`` and ``super()``, with a
        kind of its own (:meth:`_ledger_kinds`) and the ledger's columns that
        show it (:meth:`_ledger_columns`)."""
        month_columns = self._ledger_month_columns
        actual = signed(SQL("t.balance"))
        assert not actual.params
        return {
            "budget": SQL(
                """
                SELECT b.period_id, l.centre_id, l.item_id, b.id AS budget_id,
                       l.id AS line_id, TRUE AS base,
                       %s
                  FROM group_budget_line l
                  JOIN group_budget b ON b.id = l.budget_id AND b.state IN %s
                  JOIN period p ON p.id = b.period_id
                  JOIN item i ON i.id = l.item_id
                """,
                month_columns(b=lambda m: f"l.month_{m:02d}"),
                LEDGER_STATES,
            ),
            # Actuals of the centres that have a budget of the year, from
            # the monthly totals of posted journal items (a small table,
            # whatever the years of history: group.budget.actual.month),
            # through its index on the analytic account. Spending on an item
            # the centre has no budget for shows, against a budget of 0;
            # postings that cancel out still count as postings.
            "actual": SQL(
                """
                SELECT c.period_id, c.id AS centre_id, i.id AS item_id, c.budget_id,
                       NULL::int AS line_id, TRUE AS base,
                       %s
                  FROM %s
                  JOIN period p ON p.id = c.period_id
                 WHERE t.date BETWEEN p.date_from AND p.date_to
                 GROUP BY 1, 2, 3, 4
                HAVING SUM(t.item_count) <> 0 OR SUM(%s) <> 0
                """,
                month_columns(a=lambda m: _month_sum(actual.code, "EXTRACT(MONTH FROM t.date)", m)),
                mapped(SQL("%s AS t", totals), centres=SQL("centre"), items=SQL("item")),
                actual,
            ),
            "overrun": SQL(
                """
                SELECT o.period_id, o.centre_id, o.item_id, o.budget_id, NULL::int AS line_id,
                       FALSE AS base,
                       %s
                  FROM group_budget_overrun o
                  JOIN account_move mv ON mv.id = o.move_id AND mv.state = 'posted'
                 GROUP BY 1, 2, 3, 4
                """,
                month_columns(o=lambda m: _month_count("EXTRACT(MONTH FROM o.date)", m)),
            ),
            # What pending additions reserve of their savings source.
            "reserved": SQL(
                """
                SELECT a.period_id, a.source_centre_id AS centre_id,
                       a.source_item_id AS item_id, NULL::int AS budget_id,
                       NULL::int AS line_id, FALSE AS base,
                       %s
                  FROM group_budget_addition a
                 CROSS JOIN LATERAL jsonb_array_elements_text(a.reserved_months)
                       WITH ORDINALITY AS x(amount, month)
                 WHERE a.state = 'submitted' AND a.funding = 'savings'
                   AND jsonb_typeof(a.reserved_months) = 'array'
                 GROUP BY 1, 2, 3
                """,
                month_columns(r=lambda m: _month_sum("x.amount::numeric", "x.month", m)),
            ),
            # What confirmed documents commit before their postings, filled
            # by bridge add-ons (group.budget.commitment), of budgets of the
            # ledger's states. Like an actual, a commitment on an item the
            # centre has no budget for shows, against a budget of 0: it
            # consumes budget all the same. Released commitments (0) do not.
            # Read from their monthly totals (a row per budget, item and
            # month, whatever the number of open document lines): summed by
            # month first, the rows of a key not merged yet.
            "committed": SQL(
                """
                SELECT b.period_id, b.centre_id, cm.item_id, cm.budget_id,
                       NULL::int AS line_id, TRUE AS base,
                       %s
                  FROM (
                    SELECT budget_id, item_id, date, SUM(amount) AS amount
                      FROM %s
                     GROUP BY 1, 2, 3
                  ) AS cm
                  JOIN group_budget b ON b.id = cm.budget_id AND b.state IN %s
                  JOIN period p ON p.id = b.period_id
                  JOIN item i ON i.id = cm.item_id
                 WHERE cm.date BETWEEN p.date_from AND p.date_to
                 GROUP BY 1, 2, 3, 4
                HAVING BOOL_OR(cm.amount <> 0)
                """,
                month_columns(
                    c=lambda m: _month_sum("cm.amount", "EXTRACT(MONTH FROM cm.date)", m)
                ),
                SQL.identifier(MONTH_TOTALS_TABLE),
                LEDGER_STATES,
            ),
        }

    @api.model
    def _ledger_columns(self):
        """The figures of a ledger row: ``{field name: SQL}``, expressions of
        the month's figures ``m`` (``m.b``, ``m.ytd_b``… for each kind of
        :meth:`_ledger_kinds`) and of the item ``i``. An add-on adds the
        column of its own field here, or changes one (``available`` less
        what it commits), by ``_inherit`` and ``super()``."""
        return {name: SQL(expression) for name, expression in LEDGER_COLUMNS.items()}

    def _prepare_view_query(self):
        """Turn off PostgreSQL's JIT compilation for the rest of the
        transaction: the planner cannot estimate how many centres a
        distribution names, and the inflated cost makes it compile the query,
        which takes longer than running it. (The pending changes of what the
        view reads are written through :attr:`_depends`.)"""
        self.env.cr.execute("SET LOCAL jit = off")

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # Every search, count and grouped read (pivot, graph) goes through here.
        self._prepare_view_query()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _fetch_query(self, query, fields):
        self._prepare_view_query()
        return super()._fetch_query(query, fields)

    def _read_format(self, fnames, load="_classic_read"):
        """The rows as ``read`` gives them, column by column: a field whose
        values the cache holds for every row is formatted from them at once
        (a budget year's 10,080 rows of twenty figures are 200,000 values,
        and reading each through its record took more time than the query);
        Odoo formats the others, row by row (its computation in batches, a
        missing row left out)."""
        cache = self.env.cache
        use_display_name = load == "_classic_read"
        columns, others = {}, []
        for name in fnames:
            field = self._fields[name]
            values = cache.get_until_miss(self, field)
            if len(values) < len(self) or field.type == "properties":
                others.append(name)
            else:
                columns[name] = list(self._read_values(field, values, use_display_name))
        if others:
            result = super()._read_format(others, load=load)
        else:  # every row is in the cache: none is missing
            result = [{"id": row_id} for row_id in self._ids]
        position = {row_id: index for index, row_id in enumerate(self._ids)}
        for vals in result:
            index = position[vals["id"]]
            for name, values in columns.items():
                vals[name] = values[index]
        return result

    def _read_values(self, field, values, use_display_name):
        """The read form of ``field``'s cached ``values`` of the rows (as
        :meth:`_read_format` gives it), converted at once."""
        plain = READ_AS_CACHED.get(type(field))
        if plain:
            return map(plain, values)
        if field.type != "many2one":
            return (
                field.convert_to_read(field.convert_to_record(value, self), self, use_display_name)
                for value in values
            )
        if not use_display_name:
            return (value or False for value in values)
        # As the ORM does, the names are read as superuser: whether a row
        # shows its centre depends on the row's access, not the centre's.
        targets = self.env[field.comodel_name].browse({value for value in values if value})
        names = {}
        for record in targets.sudo():
            try:
                names[record.id] = (record.id, record.display_name)
            except MissingError:
                names[record.id] = False
        return (names[value] if value else False for value in values)

    # ------------------------------------------------------------------
    # Drill-down: every figure opens what is behind it. The buttons only
    # read: with --db_replica_host, Odoo runs them on the replica too.
    # ------------------------------------------------------------------
    def _move_lines_domain(self, year_to_date=False):
        self.ensure_one()
        date_from = self.period_id.date_from if year_to_date else self.date
        return [
            ("parent_state", "=", "posted"),
            ("company_id", "=", self.company_id.id),
            ("account_id", "in", self.item_id.account_ids.ids),
            ("analytic_distribution", "in", self.centre_id.analytic_account_id.ids),
            ("date", ">=", date_from),
            ("date", "<=", addition_rules.month_end(self.date)),
        ]

    @api.readonly
    def action_open_move_lines(self):
        """The posted journal items behind the month's actual."""
        return self._move_lines_action(year_to_date=False)

    @api.readonly
    def action_open_ytd_move_lines(self):
        """The posted journal items behind the actual to date."""
        return self._move_lines_action(year_to_date=True)

    def _move_lines_action(self, year_to_date):
        self.ensure_one()
        if not self.env["account.move.line"].has_access("read"):
            raise AccessError(
                _(
                    "Opening the journal items behind the ledger needs read access to "
                    "accounting (the group Accounting / Read-only): ask your administrator."
                )
            )
        names = {
            "centre": self.centre_id.display_name,
            "item": self.item_id.display_name,
            "month": self.date.strftime("%Y-%m"),
        }
        if year_to_date:
            title = _("Journal items to date: %(centre)s, %(item)s, %(month)s", **names)
        else:
            title = _("Journal items: %(centre)s, %(item)s, %(month)s", **names)
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "account.move.line",
            "views": [[False, "list"], [False, "form"]],
            "domain": self._move_lines_domain(year_to_date),
            "context": {"create": False},
        }

    @api.readonly
    def action_open_budget(self):
        """The budget behind the budget figures, with its versions."""
        self.ensure_one()
        budget = self.env["group.budget"].search(
            [("centre_id", "=", self.centre_id.id), ("period_id", "=", self.period_id.id)],
            limit=1,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "group.budget",
            "views": [[False, "form"]],
            "res_id": budget.id,
        }

    @api.readonly
    def action_open_commitments(self):
        """The commitments behind the month's committed figure."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "Commitments: %(centre)s, %(item)s, %(month)s",
                centre=self.centre_id.display_name,
                item=self.item_id.display_name,
                month=self.date.strftime("%Y-%m"),
            ),
            "res_model": "group.budget.commitment",
            "views": [[False, "list"], [False, "form"]],
            "domain": [
                ("centre_id", "=", self.centre_id.id),
                ("item_id", "=", self.item_id.id),
                ("period_id", "=", self.period_id.id),
                ("date", ">=", self.date),
                ("date", "<=", addition_rules.month_end(self.date)),
                ("amount", "!=", 0),
            ],
            "context": {"create": False},
        }

    @api.readonly
    def action_open_overruns(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Flexible Overruns"),
            "res_model": "group.budget.overrun",
            "views": [[False, "list"], [False, "form"]],
            "domain": [
                ("centre_id", "=", self.centre_id.id),
                ("item_id", "=", self.item_id.id),
                ("date", "=", self.date),
            ],
        }
