from odoo import api, fields, models
from odoo.tools import SQL


class GroupBudgetExecution(models.Model):
    """The dashboard (manual §五 4.4–4.5): per centre and budget year, the
    budget and actual to date from the ledger, the execution rate and the
    open warnings by level. A database view over the ledger's query."""

    _name = "group.budget.execution"
    _description = "Budget Execution by Centre"
    _auto = False
    _order = "period_id desc, centre_id"
    _rec_name = "centre_id"

    period_id = fields.Many2one("group.budget.period", string="Budget Year", readonly=True)
    centre_id = fields.Many2one("group.budget.centre", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    budget = fields.Monetary(string="Budget to Date", readonly=True)
    actual = fields.Monetary(string="Actual to Date", readonly=True)
    execution_rate = fields.Float(
        string="Execution Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Actual to date as a percentage of the budget to date, all items of the centre.",
    )
    attention_count = fields.Integer(string="Open Attention Warnings", readonly=True)
    serious_count = fields.Integer(string="Open Serious Warnings", readonly=True)

    _depends = {
        "group.budget.warning": ["centre_id", "level", "period_id", "state"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            WITH ledger AS (%(ledger)s),
            totals AS (
                SELECT period_id, centre_id, company_id,
                       COALESCE(SUM(budget) FILTER (WHERE date <= CURRENT_DATE), 0) AS budget,
                       COALESCE(SUM(actual) FILTER (WHERE date <= CURRENT_DATE), 0) AS actual
                  FROM ledger
                 GROUP BY 1, 2, 3
            ),
            warnings AS (
                SELECT period_id, centre_id,
                       COUNT(*) FILTER (WHERE level = 'attention') AS attention_count,
                       COUNT(*) FILTER (WHERE level = 'serious') AS serious_count
                  FROM group_budget_warning
                 WHERE state = 'open'
                 GROUP BY 1, 2
            )
            SELECT (SELECT MIN(b.id) FROM group_budget b
                     WHERE b.centre_id = t.centre_id AND b.period_id = t.period_id) AS id,
                   t.period_id, t.centre_id, t.company_id, t.budget, t.actual,
                   CASE WHEN t.budget <> 0 THEN ROUND(t.actual / t.budget * 100, 1) END
                       AS execution_rate,
                   COALESCE(w.attention_count, 0) AS attention_count,
                   COALESCE(w.serious_count, 0) AS serious_count
              FROM totals t
              LEFT JOIN warnings w ON w.period_id = t.period_id AND w.centre_id = t.centre_id
            """,
            ledger=self.env["group.budget.ledger"]._ledger_query(),
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        self.env.cr.execute("SET LOCAL jit = off")
        self.env.flush_all()
        return super()._search(domain, offset=offset, limit=limit, order=order)
