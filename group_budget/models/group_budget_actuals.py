from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL

# Posted (or any, depending on ``where``) journal items of budgeted centres
# and items, one row per item line and centre: the line's share of the
# centre's analytic account, in company currency, signed by the item's
# direction so that revenue and costs both read positive. A line split 60/40
# across two centres gives two rows, of 60% and 40%.
ACTUAL_SHARES = """
    SELECT aml.id AS move_line_id,
           aml.move_id,
           aml.date,
           aml.company_id,
           c.id AS centre_id,
           i.id AS item_id,
           CASE WHEN i.direction = 'higher_better' THEN -1 ELSE 1 END
               * aml.balance * d.value::numeric / 100 AS amount
      FROM account_move_line aml
      JOIN group_budget_item_account_rel r ON r.account_id = aml.account_id
      JOIN group_budget_item i ON i.id = r.item_id
           AND (i.company_id IS NULL OR i.company_id = aml.company_id)
     CROSS JOIN LATERAL jsonb_each_text(aml.analytic_distribution) AS d(key, value)
     CROSS JOIN LATERAL unnest(string_to_array(d.key, ',')) AS a(id)
      JOIN group_budget_centre c ON c.analytic_account_id = a.id::int
           AND c.company_id = aml.company_id
     WHERE aml.analytic_distribution IS NOT NULL
"""


# The tables the ledger and the control read with SQL.
SOURCE_MODELS = (
    "account.analytic.account",
    "account.analytic.line",
    "account.move",
    "account.move.line",
    "group.budget",
    "group.budget.line",
    "group.budget.period",
    "group.budget.centre",
    "group.budget.item",
    "group.budget.overrun",
)


def flush_sources(env):
    """Write pending changes of :data:`SOURCE_MODELS` to the database."""
    for model in SOURCE_MODELS:
        env[model].flush_model()


def actual_shares(where):
    """:data:`ACTUAL_SHARES` restricted by the ``SQL`` condition ``where``."""
    return SQL("%s AND %s", SQL(ACTUAL_SHARES), where)


class GroupBudgetActuals(models.AbstractModel):
    """Actuals of centres and items, read from posted journal items in one
    grouped query."""

    _name = "group.budget.actuals"
    _description = "Budget Actuals"

    @api.model
    def _monthly_actuals(self, centres, items, date_from, date_to):
        """Return ``{(centre_id, item_id, (year, month)): amount}``.

        Posted journal items count when they are on one of the item's accounts
        and carry the centre's analytic account; a line split across centres
        counts its share to each. Amounts are in company currency and signed
        by the item's direction, so that revenue and costs both read positive.
        """
        centres = centres.filtered("analytic_account_id")
        items = items.filtered("account_ids")
        if not centres or not items:
            return {}
        account_item = {}
        for item in items:
            for account in item.account_ids:
                account_item[account.id] = item
        analytic_centre = {c.analytic_account_id.id: c.id for c in centres}
        self.env["account.move.line"].flush_model(
            ["account_id", "analytic_distribution", "balance", "date", "parent_state"]
        )
        query = SQL(
            """
            SELECT aml.account_id, a.id::int, date_trunc('month', aml.date)::date,
                   SUM(aml.balance * d.value::numeric / 100)
              FROM account_move_line aml
             CROSS JOIN LATERAL jsonb_each_text(aml.analytic_distribution) AS d(key, value)
             CROSS JOIN LATERAL unnest(string_to_array(d.key, ',')) AS a(id)
             WHERE aml.parent_state = 'posted'
               AND aml.account_id = ANY(%(accounts)s)
               AND aml.date BETWEEN %(date_from)s AND %(date_to)s
               AND aml.analytic_distribution IS NOT NULL
               AND a.id = ANY(%(analytics)s)
             GROUP BY 1, 2, 3
            """,
            accounts=list(account_item),
            analytics=[str(key) for key in analytic_centre],
            date_from=date_from,
            date_to=date_to,
        )
        self.env.cr.execute(query)
        result = defaultdict(float)
        for account_id, analytic_id, month, balance in self.env.cr.fetchall():
            item = account_item[account_id]
            sign = -1 if item.direction == "higher_better" else 1
            key = (analytic_centre[analytic_id], item.id, (month.year, month.month))
            result[key] += sign * float(balance)
        return dict(result)

    @api.model
    def _create_analytic_line_index(self):
        """Index the analytic items of the centres' plan by centre, account
        and date, with their amount, so that control at posting reads a
        centre's year to date from the index alone."""
        plan = self.env.ref("group_budget.analytic_plan_centres")
        column = plan._strict_column_name()
        self.env["account.analytic.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """CREATE INDEX IF NOT EXISTS group_budget_analytic_line_centre_index
                       ON account_analytic_line (%s, general_account_id, date)
                       INCLUDE (amount, company_id)
                    WHERE move_line_id IS NOT NULL""",
                SQL.identifier(column),
            )
        )
