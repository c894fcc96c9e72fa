from odoo import api, fields, models
from odoo.tools import SQL

from ...logic import consolidation
from .group_budget_actuals import TOTALS_TABLE, mapped, signed
from .group_budget_ledger import GroupBudgetLedger

# The figures a grouped read adds up under the hierarchy's rule.
FIGURES = ("budget", "actual", "execution_rate")


class GroupBudgetExecution(models.Model):
    """The dashboard (manual §五 4.4–4.5): per budget year, centre and item,
    the budget and actual to date, the execution rate and the open warnings
    by level. A database view over the ledger's query.

    The hierarchy's rule (``logic/consolidation.py``): a centre's budget is
    its own line (a parent's is already the consolidated budget of its
    subtree), its actual is its own postings plus all its descendants'. A
    centre shows the items it has ledger rows for: a parent without a line
    of its own for an item shows nothing for it.

    Grouped, the figures add up only what adds up: one item (revenue,
    costs and volumes are never added together, :class:`group.budget.item.total.mixin`),
    one year and one currency, and over the top-most centres of the group
    only (a parent already holds its children's figures)."""

    _name = "group.budget.execution"
    _description = "Budget Execution by Centre"
    _inherit = ["group.budget.item.total.mixin"]
    _auto = False
    _order = "year desc, centre_id, item_id"
    _rec_name = "centre_id"

    period_id = fields.Many2one("group.budget.period", string="Budget Year", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    centre_id = fields.Many2one("group.budget.centre", readonly=True)
    item_id = fields.Many2one("group.budget.item", string="Budget Item", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    budget = fields.Monetary(
        string="Budget to Date",
        readonly=True,
        help="The centre's own budget line to date: a parent's line is the consolidated "
        "budget of its subtree.",
    )
    actual = fields.Monetary(
        string="Actual to Date",
        readonly=True,
        help="Posted to the centre and to all its descendants, to date.",
    )
    execution_rate = fields.Float(
        string="Execution Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Actual to date as a percentage of the budget to date, of one item.",
    )
    attention_count = fields.Integer(string="Open Attention Warnings", readonly=True)
    serious_count = fields.Integer(string="Open Serious Warnings", readonly=True)

    _depends = {
        **GroupBudgetLedger._depends,
        "group.budget.centre": [
            *GroupBudgetLedger._depends["group.budget.centre"],
            "parent_path",
        ],
        "group.budget.warning": ["centre_id", "item_id", "level", "period_id", "state"],
        "res.company": ["currency_id"],
    }

    @property
    def _table_query(self):
        # "To date" is the user's today (the view is built for every query).
        return SQL(
            """
            WITH ledger AS (%(ledger)s),
            own AS (
                SELECT MIN(l.id) AS id, l.period_id, l.centre_id, l.item_id, l.company_id,
                       COALESCE(SUM(l.budget) FILTER (WHERE l.date <= %(today)s), 0) AS budget
                  FROM ledger l
                 GROUP BY 2, 3, 4, 5
            ),
            -- Each centre's actual: its own postings and all its descendants'
            -- (of every company keeping its accounts in the same currency), to
            -- date, from the monthly totals of posted journal items.
            tree AS (
                SELECT o.id AS row_id, o.item_id, d.analytic_account_id, d.company_id,
                       p.date_from, LEAST(p.date_to, %(today)s) AS date_to
                  FROM own o
                  JOIN group_budget_period p ON p.id = o.period_id
                  JOIN group_budget_centre a ON a.id = o.centre_id
                  JOIN res_company ac ON ac.id = a.company_id
                  JOIN group_budget_centre d ON d.parent_path LIKE a.parent_path || %(any)s
                  JOIN res_company dc ON dc.id = d.company_id
                       AND dc.currency_id = ac.currency_id
            ),
            rolled AS (
                SELECT c.row_id AS id, SUM(%(amount)s) AS actual
                  FROM %(rows)s
                 WHERE i.id = c.item_id AND t.date BETWEEN c.date_from AND c.date_to
                 GROUP BY c.row_id
            ),
            warnings AS (
                SELECT period_id, centre_id, item_id,
                       COUNT(*) FILTER (WHERE level = 'attention') AS attention_count,
                       COUNT(*) FILTER (WHERE level = 'serious') AS serious_count
                  FROM group_budget_warning
                 WHERE state = 'open'
                 GROUP BY 1, 2, 3
            )
            SELECT o.id, o.period_id, p.year, o.centre_id, o.item_id, o.company_id,
                   o.budget, COALESCE(r.actual, 0) AS actual,
                   CASE WHEN o.budget <> 0
                        THEN ROUND(COALESCE(r.actual, 0) / o.budget * 100, 1) END
                       AS execution_rate,
                   COALESCE(w.attention_count, 0) AS attention_count,
                   COALESCE(w.serious_count, 0) AS serious_count
              FROM own o
              JOIN group_budget_period p ON p.id = o.period_id
              LEFT JOIN rolled r ON r.id = o.id
              LEFT JOIN warnings w ON w.period_id = o.period_id AND w.centre_id = o.centre_id
                   AND w.item_id = o.item_id
            """,
            ledger=self.env["group.budget.ledger"]._ledger_query(),
            amount=signed(SQL("t.balance")),
            rows=mapped(SQL("%s AS t", SQL.identifier(TOTALS_TABLE)), centres=SQL("tree")),
            today=fields.Date.context_today(self),
            any="%",
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        self.env.cr.execute("SET LOCAL jit = off")
        self.env.flush_all()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Grouped figures add up one item (the mixin), one year and one
        currency, over the top-most centres of each group: a group mixing
        years or currencies shows its count only, and a group of a parent
        and its children shows the parent's figures (which hold the
        children's), never their sum."""
        groups = super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        wanted = self._figure_keys(fields)
        with_figures = [group for group in groups if any(key in group for key in wanted)]
        if not with_figures:
            return groups
        rows = self.search_fetch(
            domain or [], ["centre_id", "company_id", "year", "budget", "actual"]
        )
        parent_of = consolidation.parent_map(
            {centre.id: centre.parent_path for centre in rows.centre_id}
        )
        for group in with_figures:
            values = self._topmost_figures(rows.filtered_domain(group["__domain"]), parent_of)
            for key, fname in wanted.items():
                if key not in group:
                    continue
                if values is None:
                    del group[key]
                else:
                    group[key] = values[fname]
        return groups

    @api.model
    def _figure_keys(self, fields):
        """``{result key: figure}`` of the :data:`FIGURES` asked for."""
        keys = {}
        for spec in fields or ():
            name, _sep, rest = spec.partition(":")
            fname = rest[rest.find("(") + 1 : -1] if "(" in rest else name
            if fname in FIGURES:
                keys[name] = fname
        return keys

    @api.model
    def _topmost_figures(self, rows, parent_of):
        """``{figure: value}`` of ``rows`` (of one item) over their top-most
        centres, or ``None`` when they span several years or currencies."""
        if len(set(rows.mapped("year"))) > 1 or len(rows.company_id.currency_id) > 1:
            return None
        by_centre = {}
        for row in rows:
            budget, actual = by_centre.get(row.centre_id.id, (0.0, 0.0))
            by_centre[row.centre_id.id] = (budget + row.budget, actual + row.actual)
        top = consolidation.topmost(list(by_centre), parent_of)
        budget = sum(by_centre[centre][0] for centre in top)
        actual = sum(by_centre[centre][1] for centre in top)
        return {
            "budget": budget,
            "actual": actual,
            "execution_rate": round(actual / budget * 100, 1) if budget else False,
        }
