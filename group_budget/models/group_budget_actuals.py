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
    "group.budget.addition",
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
        flush_sources(self.env)
        self.env.cr.execute(
            SQL(
                """
                SELECT s.centre_id, s.item_id, date_trunc('month', s.date)::date, SUM(s.amount)
                  FROM (%(shares)s) AS s
                 WHERE s.centre_id = ANY(%(centres)s) AND s.item_id = ANY(%(items)s)
                 GROUP BY 1, 2, 3
                """,
                shares=actual_shares(
                    SQL(
                        "aml.parent_state = 'posted' AND aml.date BETWEEN %s AND %s",
                        date_from,
                        date_to,
                    )
                ),
                centres=centres.ids,
                items=items.ids,
            )
        )
        return {
            (centre_id, item_id, (month.year, month.month)): float(amount)
            for centre_id, item_id, month, amount in self.env.cr.fetchall()
        }

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
