from odoo import _, api, fields, models
from odoo.tools import SQL

from ..logic import addition_rules
from .group_budget_actuals import actual_shares, flush_sources
from .group_budget_control import MONTH_VALUES

LEDGER_STATES = ("approved", "executing", "closed")


class GroupBudgetLedger(models.Model):
    """The budget ledger (台账, manual §五 4.4): one read-only row per centre,
    item and month of a budget year in execution, with budget, actual and
    variance for the month and the year to date.

    A database view computed in one query: budgets of the current version
    (approved, with their additions), actuals of posted journal items only.
    Unspent budget carries forward within the year and never into the next
    one (manual §五 4.8), so availability is year-to-date.
    """

    _name = "group.budget.ledger"
    _description = "Budget Ledger"
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
    budget = fields.Monetary(readonly=True)
    actual = fields.Monetary(readonly=True)
    variance = fields.Monetary(readonly=True, help="Actual minus budget.")
    ytd_budget = fields.Monetary(string="Budget to Date", readonly=True, aggregator=None)
    ytd_actual = fields.Monetary(string="Actual to Date", readonly=True, aggregator=None)
    ytd_variance = fields.Monetary(string="Variance to Date", readonly=True, aggregator=None)
    available = fields.Monetary(
        readonly=True,
        aggregator=None,
        help="Budget to date minus actual to date: what is left to spend this "
        "month, unspent budget of earlier months included.",
    )
    consumption = fields.Float(
        string="Consumption (%)",
        readonly=True,
        aggregator=None,
        digits=(16, 1),
        help="Actual to date as a percentage of the budget to date.",
    )
    overrun_count = fields.Integer(
        string="Flexible Overruns",
        readonly=True,
        help="Postings that went over budget under flexible control this month.",
    )
    is_overrun = fields.Boolean(
        string="Over Budget",
        readonly=True,
        help="Costs or expenses to date above the budget to date.",
    )

    # A row's id encodes its year, centre, item and month, so that it stays
    # the same while postings come in; it stays below 2**53 for up to 8,192
    # budget years, 1,048,576 centres and 65,536 items.
    @property
    def _table_query(self):
        return self._ledger_query()

    @api.model
    def _ledger_query(self):
        shares = actual_shares(SQL("aml.parent_state = 'posted'"))
        return SQL(
            """
            WITH item AS (
                SELECT id, direction, control_mode FROM group_budget_item
                 WHERE item_type = 'financial' AND aggregation = 'sum'
            ),
            period AS (
                SELECT id, company_id, date_from, date_to FROM group_budget_period
                 WHERE state IN ('executing', 'closed')
            ),
            budget AS (
                SELECT b.period_id, l.centre_id, l.item_id, m.month, SUM(m.amount) AS amount
                  FROM group_budget_line l
                  JOIN group_budget b ON b.id = l.budget_id AND b.state IN %(states)s
                  JOIN period p ON p.id = b.period_id
                  JOIN item i ON i.id = l.item_id
                 CROSS JOIN LATERAL %(month_values)s AS m(month, amount)
                 GROUP BY 1, 2, 3, 4
            ),
            actual AS (
                SELECT p.id AS period_id, s.centre_id, s.item_id,
                       EXTRACT(MONTH FROM s.date)::int AS month, SUM(s.amount) AS amount
                  FROM (%(shares)s) AS s
                  JOIN period p ON p.company_id = s.company_id
                       AND s.date BETWEEN p.date_from AND p.date_to
                  JOIN item i ON i.id = s.item_id
                  -- centres with a budget of the year: spending on an item
                  -- they have no budget for shows, against a budget of 0
                  JOIN group_budget b ON b.centre_id = s.centre_id AND b.period_id = p.id
                       AND b.state IN %(states)s
                 GROUP BY 1, 2, 3, 4
            ),
            overrun AS (
                SELECT o.period_id, o.centre_id, o.item_id,
                       EXTRACT(MONTH FROM o.date)::int AS month, COUNT(*) AS n
                  FROM group_budget_overrun o
                  JOIN account_move mv ON mv.id = o.move_id AND mv.state = 'posted'
                 GROUP BY 1, 2, 3, 4
            ),
            grid AS (
                SELECT k.period_id, k.centre_id, k.item_id, g.month,
                       COALESCE(budget.amount, 0) AS budget,
                       COALESCE(actual.amount, 0) AS actual,
                       COALESCE(overrun.n, 0) AS overrun_count
                  FROM (SELECT period_id, centre_id, item_id FROM budget
                        UNION
                        SELECT period_id, centre_id, item_id FROM actual) AS k
                 CROSS JOIN generate_series(1, 12) AS g(month)
                  LEFT JOIN budget USING (period_id, centre_id, item_id, month)
                  LEFT JOIN actual USING (period_id, centre_id, item_id, month)
                  LEFT JOIN overrun USING (period_id, centre_id, item_id, month)
            ),
            ytd AS (
                SELECT grid.*,
                       SUM(grid.budget) OVER w AS ytd_budget,
                       SUM(grid.actual) OVER w AS ytd_actual
                  FROM grid
                WINDOW w AS (PARTITION BY period_id, centre_id, item_id ORDER BY month)
            )
            SELECT ((ytd.period_id::bigint * 1048576 + ytd.centre_id) * 65536
                    + ytd.item_id) * 16 + ytd.month AS id,
                   ytd.period_id, ytd.centre_id, ytd.item_id, p.company_id,
                   make_date(EXTRACT(YEAR FROM p.date_from)::int, ytd.month, 1) AS date,
                   ytd.month, i.control_mode,
                   ytd.budget, ytd.actual, ytd.actual - ytd.budget AS variance,
                   ytd.ytd_budget, ytd.ytd_actual, ytd.ytd_actual - ytd.ytd_budget AS ytd_variance,
                   ytd.ytd_budget - ytd.ytd_actual AS available,
                   CASE WHEN ytd.ytd_budget <> 0
                        THEN ROUND(ytd.ytd_actual / ytd.ytd_budget * 100, 1) END AS consumption,
                   ytd.overrun_count,
                   i.direction = 'lower_better' AND ytd.ytd_actual > ytd.ytd_budget AS is_overrun
              FROM ytd
              JOIN period p ON p.id = ytd.period_id
              JOIN item i ON i.id = ytd.item_id
            """,
            states=LEDGER_STATES,
            month_values=MONTH_VALUES,
            shares=shares,
        )

    def _flush_search(self, domain, fields=None, order=None, seen=None):
        flush_sources(self.env)
        return super()._flush_search(domain, fields=fields, order=order, seen=seen)

    def _fetch_query(self, query, fields):
        flush_sources(self.env)
        return super()._fetch_query(query, fields)

    # ------------------------------------------------------------------
    # Drill-down: every figure opens what is behind it
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

    def action_open_move_lines(self):
        """The posted journal items behind the month's actual."""
        return self._move_lines_action(year_to_date=False)

    def action_open_ytd_move_lines(self):
        """The posted journal items behind the actual to date."""
        return self._move_lines_action(year_to_date=True)

    def _move_lines_action(self, year_to_date):
        self.ensure_one()
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
