import datetime
from collections import defaultdict

from odoo import _, api, models
from odoo.exceptions import RedirectWarning
from odoo.tools import SQL
from odoo.tools.misc import formatLang

from ..logic import addition_rules, control_rules
from .group_budget_actuals import actual_shares, flush_sources

MONTH_VALUES = SQL(
    "(VALUES %s)",
    SQL(", ").join(
        SQL("(%s, l.%s)", month, SQL.identifier(f"month_{month:02d}")) for month in range(1, 13)
    ),
)


class GroupBudgetControl(models.AbstractModel):
    """Budget control at posting time (manual §五 3.3, 4.6 and 4.8).

    Posting an entry costs at most three extra queries, whatever its number
    of lines: one finds what the entry adds to which budget, item and month;
    when any of it is under rigid or flexible control, one locks those
    budgets, and one reads their year-to-date budget and actual.
    """

    _name = "group.budget.control"
    _description = "Budget Control at Posting"

    @api.model
    def _check_postings(self, moves):
        """Refuse ``moves`` (just posted, in this transaction) when they take
        a rigid item over its year-to-date budget; record a warning when they
        take a flexible item over it."""
        if not moves:
            return
        # Pending writes of the posting itself (state, lines): the posting
        # would write them anyway, the checks need them in the database.
        flush_sources(self.env)
        self._check_flushed_postings(moves)

    def _check_flushed_postings(self, moves):
        """The checks proper: at most three queries."""
        contributions = self._postings_by_budget(moves)
        if not contributions:
            return
        budget_ids = sorted({key[0] for key in contributions})
        self._lock_budgets(budget_ids)
        ytd = self._year_to_date(contributions)
        rows = {
            key: {
                "control_mode": info["control_mode"],
                "ytd_budget": ytd[key][0],
                "ytd_actual": ytd[key][1],
                "posting": info["amount"],
            }
            for key, info in contributions.items()
        }
        decisions = control_rules.check_postings(rows)
        blocked = [key for key, result in decisions.items() if result[0] == "block"]
        if blocked:
            self._refuse(self._describe(blocked, contributions, rows, decisions))
        warned = [key for key, result in decisions.items() if result[0] == "warn"]
        if warned:
            self._warn(self._describe(warned, contributions, rows, decisions))

    # ------------------------------------------------------------------
    # The three queries
    # ------------------------------------------------------------------
    def _postings_by_budget(self, moves):
        """``{(budget_id, item_id, month): info}`` for the controlled items
        the moves hit, where ``info`` holds the control mode, the amount, the
        period's first day and the moves behind it."""
        query = SQL(
            """
            SELECT b.id, s.item_id, EXTRACT(MONTH FROM s.date)::int, i.control_mode,
                   p.date_from, aa.root_plan_id, s.move_id, SUM(s.amount)
              FROM (%(shares)s) AS s
              JOIN group_budget_centre c ON c.id = s.centre_id
              JOIN account_analytic_account aa ON aa.id = c.analytic_account_id
              JOIN group_budget_item i ON i.id = s.item_id
                   AND i.active AND i.control_mode IN ('rigid', 'flexible')
              JOIN group_budget_period p ON p.company_id = s.company_id
                   AND s.date BETWEEN p.date_from AND p.date_to
              JOIN group_budget b ON b.centre_id = s.centre_id AND b.period_id = p.id
                   AND b.state IN ('approved', 'executing')
             GROUP BY 1, 2, 3, 4, 5, 6, 7
            """,
            shares=actual_shares(SQL("aml.move_id = ANY(%s)", list(moves.ids))),
        )
        self.env.cr.execute(query)
        result = {}
        for row in self.env.cr.fetchall():
            budget_id, item_id, month, mode, date_from, plan_id, move_id, amount = row
            info = result.setdefault(
                (budget_id, item_id, month),
                {
                    "control_mode": mode,
                    "amount": 0.0,
                    "date_from": date_from,
                    "plan_id": plan_id,
                    "move_ids": set(),
                },
            )
            info["amount"] += float(amount)
            info["move_ids"].add(move_id)
        # A posting in March also counts in the year-to-date of any later
        # month the same batch posts to.
        own = {key: info["amount"] for key, info in result.items()}
        for (budget_id, item_id, month), info in result.items():
            info["amount"] = round(
                sum(
                    amount
                    for (b, i, m), amount in own.items()
                    if b == budget_id and i == item_id and m <= month
                ),
                2,
            )
        return result

    def _lock_budgets(self, budget_ids):
        """Serialise postings on the same budgets.

        The update makes a concurrent transaction that posts to one of these
        budgets wait until this one ends; under Odoo's repeatable-read
        isolation it then fails with a serialisation error and is retried,
        and the retry sees this posting.
        """
        self.env.cr.execute(
            SQL(
                """
                WITH locked AS (
                    SELECT id FROM group_budget WHERE id = ANY(%s) ORDER BY id FOR UPDATE
                )
                UPDATE group_budget b
                   SET control_sequence = COALESCE(b.control_sequence, 0) + 1
                  FROM locked
                 WHERE b.id = locked.id
                """,
                budget_ids,
            )
        )
        self.env["group.budget"].invalidate_model(["control_sequence"])

    def _year_to_date(self, contributions):
        """``{(budget_id, item_id, month): (ytd budget, ytd actual)}`` in one
        query; the actual counts every posted journal item, the batch
        included, through the analytic items Odoo creates when it posts."""
        self.env.cr.execute(
            self._year_to_date_query(
                list(contributions), [info["plan_id"] for info in contributions.values()]
            )
        )
        return {
            (budget_id, item_id, month): (float(budget), float(actual))
            for budget_id, item_id, month, budget, actual in self.env.cr.fetchall()
        }

    def _year_to_date_query(self, keys, plan_ids):
        """The year-to-date budget and actual of each ``(budget, item,
        month)``, the centre's analytic account being in the root plan
        ``plan_ids[i]``. Actuals come from the analytic items of posted
        journal items (Odoo creates them at posting and deletes them when an
        entry goes back to draft), read through the index
        :meth:`group.budget.actuals._create_analytic_line_index` creates."""
        Plan = self.env["account.analytic.plan"]
        branches = [
            SQL(
                """
                SELECT kc.budget_id, kc.item_id, kc.month, SUM(kc.sign * -al.amount) AS amount
                  FROM kc
                  JOIN group_budget_item_account_rel r ON r.item_id = kc.item_id
                  JOIN account_analytic_line al ON al.%(column)s = kc.analytic_id
                       AND al.general_account_id = r.account_id
                       AND al.company_id = kc.company_id
                       AND al.date >= kc.date_from AND al.date < kc.date_to
                       AND al.move_line_id IS NOT NULL
                 WHERE kc.plan_id = %(plan)s
                 GROUP BY 1, 2, 3
                """,
                column=SQL.identifier(Plan.browse(plan_id)._strict_column_name()),
                plan=plan_id,
            )
            for plan_id in sorted(set(plan_ids))
        ]
        return SQL(
            """
            WITH k AS (
                SELECT * FROM unnest(%(budgets)s::int[], %(items)s::int[], %(months)s::int[],
                                     %(plans)s::int[])
                       AS k(budget_id, item_id, month, plan_id)
            ),
            kc AS (
                SELECT k.budget_id, k.item_id, k.month, k.plan_id,
                       c.analytic_account_id AS analytic_id, c.company_id, p.date_from,
                       (make_date(EXTRACT(YEAR FROM p.date_from)::int, k.month, 1)
                        + interval '1 month')::date AS date_to,
                       CASE WHEN i.direction = 'higher_better' THEN -1 ELSE 1 END AS sign
                  FROM k
                  JOIN group_budget b ON b.id = k.budget_id
                  JOIN group_budget_period p ON p.id = b.period_id
                  JOIN group_budget_centre c ON c.id = b.centre_id
                  JOIN group_budget_item i ON i.id = k.item_id
            ),
            budget AS (
                SELECT k.budget_id, k.item_id, k.month, SUM(m.amount) AS amount
                  FROM k
                  JOIN group_budget_line l ON l.budget_id = k.budget_id AND l.item_id = k.item_id
                 CROSS JOIN LATERAL %(month_values)s AS m(month, amount)
                 WHERE m.month <= k.month
                 GROUP BY 1, 2, 3
            ),
            actual AS (%(branches)s)
            SELECT k.budget_id, k.item_id, k.month,
                   COALESCE(budget.amount, 0), COALESCE(actual.amount, 0)
              FROM k
              LEFT JOIN budget USING (budget_id, item_id, month)
              LEFT JOIN actual USING (budget_id, item_id, month)
            """,
            budgets=[key[0] for key in keys],
            items=[key[1] for key in keys],
            months=[key[2] for key in keys],
            plans=list(plan_ids),
            month_values=MONTH_VALUES,
            branches=SQL(" UNION ALL ").join(branches),
        )

    # ------------------------------------------------------------------
    # Outcomes
    # ------------------------------------------------------------------
    def _describe(self, keys, contributions, rows, decisions):
        """One line per key, naming centre, item, month, budget, consumed,
        this posting and the shortfall; and the records behind the keys."""
        budgets = self.env["group.budget"].sudo().browse({key[0] for key in keys})
        items = self.env["group.budget.item"].sudo().browse({key[1] for key in keys})
        budget_by_id = {budget.id: budget for budget in budgets}
        item_by_id = {item.id: item for item in items}
        lines = []
        for key in sorted(keys):
            budget, item = budget_by_id[key[0]], item_by_id[key[1]]
            info = contributions[key]
            _decision, consumed, shortfall = decisions[key]
            ytd_budget = rows[key]["ytd_budget"]
            month = datetime.date(info["date_from"].year, key[2], 1)
            currency = budget.company_id.currency_id

            def money(amount, currency=currency):
                return formatLang(self.env, amount, currency_obj=currency)

            lines.append(
                {
                    "move_ids": info["move_ids"],
                    "budget": budget,
                    "item": item,
                    "month": month,
                    "ytd_budget": ytd_budget,
                    "consumed": consumed,
                    "posting": info["amount"],
                    "shortfall": shortfall,
                    "text": _(
                        "%(centre)s, %(item)s, %(month)s: budget to date %(budget)s, "
                        "consumed %(consumed)s, this posting %(posting)s, "
                        "short by %(shortfall)s.",
                        centre=budget.centre_id.display_name,
                        item=item.display_name,
                        month=month.strftime("%Y-%m"),
                        budget=money(ytd_budget),
                        consumed=money(consumed),
                        posting=money(info["amount"]),
                        shortfall=money(shortfall),
                    ),
                }
            )
        return lines

    def _refuse(self, lines):
        first = lines[0]
        message = _(
            "This entry exceeds a budget under rigid control (manual §五 3.3); "
            "it has not been posted.\n%(lines)s\nRequest a budget addition, or "
            "correct the entry.",
            lines="\n".join(f"• {line['text']}" for line in lines),
        )
        action = {
            "type": "ir.actions.act_window",
            "name": _("Request a Budget Addition"),
            "res_model": "group.budget.addition",
            "views": [[False, "form"]],
            "target": "current",
            "context": {
                "default_period_id": first["budget"].period_id.id,
                "default_centre_id": first["budget"].centre_id.id,
                "default_item_id": first["item"].id,
                "default_date_from": str(first["month"]),
                "default_date_to": str(addition_rules.month_end(first["month"])),
                "default_amount": first["shortfall"],
            },
        }
        raise RedirectWarning(message, action, _("Request a Budget Addition"))

    def _warn(self, lines):
        by_move = defaultdict(list)
        vals_list = []
        for line in lines:
            for move_id in sorted(line["move_ids"]):
                by_move[move_id].append(line["text"])
                vals_list.append(
                    {
                        "move_id": move_id,
                        "budget_id": line["budget"].id,
                        "item_id": line["item"].id,
                        "date": line["month"],
                        "ytd_budget": line["ytd_budget"],
                        "consumed": line["consumed"],
                        "posting": line["posting"],
                        "shortfall": line["shortfall"],
                    }
                )
        self.env["group.budget.overrun"].sudo().create(vals_list)
        moves = self.env["account.move"].sudo().browse(list(by_move))
        for move in moves:
            move.message_post(
                body=_(
                    "Over budget under flexible control (manual §五 3.3): %(lines)s",
                    lines=" ".join(by_move[move.id]),
                ),
            )
