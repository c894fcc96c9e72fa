import datetime
import logging
from collections import defaultdict
from contextlib import contextmanager

from odoo import _, api, models
from odoo.exceptions import RedirectWarning, UserError
from odoo.tools import SQL

from ... import messages
from ...logic import addition_rules, control_rules
from .group_budget_actuals import (
    ITEM_SIGN,
    SOURCE_MODELS,
    TOTALS_TABLE,
    actual_shares,
    flush_sources,
    mapped,
    signed,
)
from .group_budget_commitment import MONTH_TOTALS_TABLE

MONTH_VALUES = SQL(
    "(VALUES %s)",
    SQL(", ").join(
        SQL("(%s, l.%s)", month, SQL.identifier(f"month_{month:02d}")) for month in range(1, 13)
    ),
)


class AutopostRefusals:
    """What control refused while Odoo's cron posted entries dated in the
    future (``{move_id: [shortfall lines]}``, the lines as
    ``GroupBudgetControl._describe`` gives them). Passed in the context, where
    an RPC client cannot forge it."""

    def __init__(self):
        self.by_move = {}


class GroupBudgetControl(models.AbstractModel):
    """Budget control at posting time (manual §五 3.3, 4.6 and 4.8).

    Posting an entry costs at most three extra queries, whatever its number
    of lines: one finds what the entry adds to which budget, item and month;
    when any of it is under rigid or flexible control, one locks those
    budgets, and one reads their monthly budget and actual for the year.

    A posting counts in the year to date of its own month and of every later
    month, so the months it posts to and every later month that already has
    actuals are checked (:func:`control_rules.check_year`). Changes of posted
    journal items (analytic distribution, account, amount) are checked the
    same way, on what they add (:meth:`_check_line_changes`).
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
        self._check_contributions(self._postings_by_budget(moves))

    @contextmanager
    def _check_line_changes(self, lines):
        """Check what the block changes in the posted journal items ``lines``
        (their analytic distribution, account or amount) as a posting of the
        difference: spending moved onto a centre is checked like a posting
        there, spending moved away releases what it consumed."""
        where = SQL("aml.id = ANY(%s) AND aml.parent_state = 'posted'", list(lines.ids))
        flush_sources(self.env)
        before = self._shares_by_budget(where)
        yield
        flush_sources(self.env)
        after = self._shares_by_budget(where)
        changes = {}
        for key in before.keys() | after.keys():
            info = dict(after.get(key) or before[key])
            info["months"] = control_rules.net_change(
                before.get(key, {}).get("months"), after.get(key, {}).get("months")
            )
            info["move_ids"] = {
                month: before.get(key, {}).get("move_ids", {}).get(month, set())
                | after.get(key, {}).get("move_ids", {}).get(month, set())
                for month in range(1, 13)
            }
            if any(info["months"]):
                changes[key] = info
        self._check_contributions(changes, change=True)

    def _check_new_lines(self, lines):
        """Check journal items created on an entry already posted."""
        flush_sources(self.env)
        self._check_contributions(
            self._shares_by_budget(
                SQL("aml.id = ANY(%s) AND aml.parent_state = 'posted'", list(lines.ids))
            ),
            change=True,
        )

    def _check_contributions(
        self, contributions, change=False, refuse=None, warn=None, locked=False, describe=None
    ):
        """Decide on ``{(budget_id, item_id): info}`` (see
        :meth:`_shares_by_budget`): refuse a rigid overrun, record a flexible
        one. Two queries, none without contributions.

        ``refuse`` and ``warn`` (functions of the lines of :meth:`_describe`)
        decide what a refusal and an overrun do for another kind of document
        than a journal entry, such as a purchase order committing budget;
        by default :meth:`_refuse` and :meth:`_warn`. ``locked``: the caller
        has already locked these budgets in this transaction, as
        :meth:`_lock_budgets` does (a bridge that locks them in the query
        that finds them); one query then. ``describe``: the words of a line
        for another document (see :meth:`_describe`)."""
        if not contributions:
            return
        if not locked:
            self._lock_budgets(sorted({key[0] for key in contributions}))
        year = self._year_figures(contributions)
        rows = {
            key: {
                "control_mode": info["control_mode"],
                "budget_months": year[key]["budget"],
                "actual_months": year[key]["actual"],
                "posting_months": info["months"],
                "actual_lines": year[key]["lines"],
            }
            for key, info in contributions.items()
        }
        decisions = control_rules.check_batch(rows)
        blocked = [key for key, result in decisions.items() if result["decision"] == "block"]
        if blocked:
            lines = self._describe(blocked, contributions, decisions, describe)
            if refuse is None:
                self._refuse(lines, change=change)
            else:
                refuse(lines)
        warned = [key for key, result in decisions.items() if result["decision"] == "warn"]
        if warned:
            (warn or self._warn)(self._describe(warned, contributions, decisions, describe))

    # ------------------------------------------------------------------
    # Mappings that decide what counts as whose actual
    # ------------------------------------------------------------------
    def _check_item_remapping(self, items, before):
        """Refuse a change of the accounts, direction or company of
        ``items`` that would re-attribute posted journal items already
        counting for a budget that is approved or executing.

        ``before`` maps an item id to its ``(accounts, company, direction)``
        before the change. Read from the monthly actual totals, as the ledger
        reads the actuals.
        """
        rows = []
        for item in items:
            accounts, company, direction = before[item.id]
            if direction != item.direction or company != item.company_id:
                changed = accounts | item.account_ids
            else:
                changed = (accounts - item.account_ids) | (item.account_ids - accounts)
            companies = {company.id, item.company_id.id}
            for account in changed:
                for company_id in [0] if not all(companies) else sorted(companies):
                    rows.append((item.id, account.id, company_id))
        if not rows:
            return
        flush_sources(self.env)
        self.env.cr.execute(
            SQL(
                """
                SELECT x.item_id, x.account_id, b.id
                  FROM unnest(%(items)s::int[], %(accounts)s::int[], %(companies)s::int[])
                       AS x(item_id, account_id, company_id)
                  JOIN group_budget_centre c ON x.company_id IN (0, c.company_id)
                  JOIN group_budget b ON b.centre_id = c.id
                       AND b.state IN ('approved', 'executing')
                  JOIN group_budget_period p ON p.id = b.period_id
                 WHERE EXISTS (
                        SELECT 1
                          FROM %(totals)s t
                         WHERE t.analytic_account_id = c.analytic_account_id
                           AND t.account_id = x.account_id
                           AND t.company_id = c.company_id
                           AND t.date BETWEEN p.date_from AND p.date_to
                        HAVING SUM(t.item_count) <> 0
                 )
                 ORDER BY b.id
                 LIMIT 1
                """,
                items=[row[0] for row in rows],
                accounts=[row[1] for row in rows],
                companies=[row[2] for row in rows],
                totals=SQL.identifier(TOTALS_TABLE),
            )
        )
        found = self.env.cr.fetchone()
        if found:
            item = self.env["group.budget.item"].browse(found[0])
            budget = self.env["group.budget"].sudo().browse(found[2])
            raise UserError(
                _(
                    "The accounts, direction or company of the budget item %(item)s "
                    "cannot change now: posted journal items on %(account)s would move "
                    "into or out of the actuals of %(budget)s, a budget in execution. "
                    "Reclassify them with a journal entry instead (budget control checks "
                    "it), or change the item once the budget year is closed.",
                    item=item.display_name,
                    account=item._account_label(
                        self.env["account.account"].browse(found[1]), budget.company_id
                    ),
                    budget=budget.display_name,
                )
            )

    def _check_centre_remapping(self, centres, before):
        """Refuse a change of the analytic account or company of ``centres``
        that would re-attribute posted journal items already counting for a
        budget of theirs that is approved or executing. ``before`` maps a
        centre id to its ``(analytic account, company)`` before the change.
        Read from the monthly actual totals, as the ledger reads the actuals."""
        rows = []
        for centre in centres:
            account, company = before[centre.id]
            if account != centre.analytic_account_id or company != centre.company_id:
                rows += [
                    (centre.id, analytic.id) for analytic in account | centre.analytic_account_id
                ]
        if not rows:
            return
        flush_sources(self.env)
        self.env.cr.execute(
            SQL(
                """
                SELECT x.centre_id, x.analytic_id, b.id
                  FROM unnest(%(centres)s::int[], %(analytics)s::int[])
                       AS x(centre_id, analytic_id)
                  JOIN group_budget b ON b.centre_id = x.centre_id
                       AND b.state IN ('approved', 'executing')
                  JOIN group_budget_period p ON p.id = b.period_id
                 WHERE EXISTS (
                        SELECT 1
                          FROM %(totals)s t
                         WHERE t.analytic_account_id = x.analytic_id
                           AND t.company_id = p.company_id
                           AND t.date BETWEEN p.date_from AND p.date_to
                           AND t.account_id IN (
                                SELECT account_id FROM group_budget_item_account_rel
                           )
                        HAVING SUM(t.item_count) <> 0
                 )
                 ORDER BY b.id
                 LIMIT 1
                """,
                centres=[row[0] for row in rows],
                analytics=[row[1] for row in rows],
                totals=SQL.identifier(TOTALS_TABLE),
            )
        )
        found = self.env.cr.fetchone()
        if found:
            centre = self.env["group.budget.centre"].browse(found[0])
            raise UserError(
                _(
                    "The analytic account or company of the centre %(centre)s cannot "
                    "change now: posted journal items on the analytic account %(account)s "
                    "would move into or out of the actuals of %(budget)s, a budget in "
                    "execution. Reclassify them with a journal entry instead (budget "
                    "control checks it), or change the centre once the budget year is "
                    "closed.",
                    centre=centre.display_name,
                    account=self.env["account.analytic.account"].browse(found[1]).display_name,
                    budget=self.env["group.budget"].sudo().browse(found[2]).display_name,
                )
            )

    # ------------------------------------------------------------------
    # The three queries
    # ------------------------------------------------------------------
    def _postings_by_budget(self, moves):
        """:meth:`_shares_by_budget` of the journal items of ``moves``."""
        return self._shares_by_budget(SQL("aml.move_id = ANY(%s)", list(moves.ids)))

    def _shares_by_budget(self, where):
        """``{(budget_id, item_id): info}`` for the controlled items that the
        journal items matching ``where`` hit, where ``info`` holds the control
        mode, the period's first day, ``months`` (the twelve monthly amounts) and ``move_ids``
        (``{month: move ids}``)."""
        query = SQL(
            """
            SELECT b.id, s.item_id, EXTRACT(MONTH FROM s.date)::int, i.control_mode,
                   p.date_from, s.move_id, SUM(s.amount)
              FROM (%(shares)s) AS s
              JOIN group_budget_item i ON i.id = s.item_id
                   AND i.active AND i.control_mode IN ('rigid', 'flexible')
              JOIN group_budget_period p ON p.company_id = s.company_id
                   AND s.date BETWEEN p.date_from AND p.date_to
              JOIN group_budget b ON b.centre_id = s.centre_id AND b.period_id = p.id
                   AND b.state IN ('approved', 'executing')
             GROUP BY 1, 2, 3, 4, 5, 6
            """,
            shares=actual_shares(where),
        )
        self.env.cr.execute(query)
        result = {}
        for row in self.env.cr.fetchall():
            budget_id, item_id, month, mode, date_from, move_id, amount = row
            info = result.setdefault(
                (budget_id, item_id),
                {
                    "control_mode": mode,
                    "date_from": date_from,
                    "months": [0.0] * 12,
                    "move_ids": defaultdict(set),
                },
            )
            info["months"][month - 1] += float(amount)
            info["move_ids"][month].add(move_id)
        return result

    def _lock_budgets(self, budget_ids):
        """Serialise postings on the same budgets.

        The update makes a concurrent transaction that posts to one of these
        budgets wait until this one ends; under Odoo's repeatable-read
        isolation it then fails with a serialisation error and is retried,
        and the retry sees this posting. That error is handled contention,
        not a fault: it is not logged as one (Odoo logs the retry at INFO).
        """
        self.env.cr.execute(
            SQL(
                "WITH %s SELECT 1",
                self._lock_budgets_sql(SQL("SELECT unnest(%s::int[])", list(budget_ids))),
            ),
            log_exceptions=False,
        )
        self._budgets_locked()

    @api.model
    def _lock_budgets_sql(self, budget_ids):
        """The common table expressions that lock the budgets whose ids
        ``budget_ids`` (``SQL``, a query) gives as :meth:`_lock_budgets`
        does, for a query that finds its budgets and locks them at once (a
        bridge's, say: ``WITH ..., %s SELECT ...``). Its caller runs it
        without logging a serialisation error as a fault, then calls
        :meth:`_budgets_locked`."""
        return SQL(
            """
            group_budget_lock_target AS (
                SELECT id FROM group_budget WHERE id IN (%s) ORDER BY id FOR UPDATE
            ),
            group_budget_lock AS (
                UPDATE group_budget b
                   SET control_sequence = COALESCE(b.control_sequence, 0) + 1
                  FROM group_budget_lock_target t
                 WHERE b.id = t.id
             RETURNING b.id
            )""",
            budget_ids,
        )

    @api.model
    def _budgets_locked(self):
        """What the lock wrote is no longer in the cache."""
        self.env["group.budget"].invalidate_model(["control_sequence"])

    def _year_figures(self, contributions):
        """``{(budget_id, item_id): {"budget": [12], "actual": [12], "lines":
        [12]}}`` in one query: the monthly budget, and the monthly actual and
        number of posted journal items (shares of a centre) of the year, the
        batch included."""
        keys = list(contributions)
        self.env.cr.execute(self._year_figures_query(keys))
        result = {
            key: {"budget": [0.0] * 12, "actual": [0.0] * 12, "lines": [0] * 12} for key in keys
        }
        for budget_id, item_id, month, budget, actual, lines in self.env.cr.fetchall():
            figures = result[budget_id, item_id]
            figures["budget"][month - 1] = float(budget)
            figures["actual"][month - 1] = float(actual)
            figures["lines"][month - 1] = lines
        return result

    def _year_figures_query(self, keys):
        """The monthly budget, actual and number of actual items of each
        ``(budget, item)`` over its year. Actuals come from the monthly totals
        of posted journal items, as the ledger has them (the batch included:
        the triggers keep them in the same statement), read through their
        index on the analytic account, account and month.

        ``keys``: a list of ``(budget_id, item_id)``, or a query (``SQL``) of
        distinct rows ``budget_id, item_id``, for a caller that finds the keys
        and reads their figures in one statement."""
        if isinstance(keys, SQL):
            relation = keys
        else:
            relation = SQL(
                "SELECT * FROM unnest(%s::int[], %s::int[]) AS k(budget_id, item_id)",
                [key[0] for key in keys],
                [key[1] for key in keys],
            )
        return SQL(
            """
            WITH k AS (%(keys)s),
            -- The centres of the budgets, with the item of the key and the
            -- budget year's dates. A few rows, planned apart: inlined in the
            -- join of the totals below, they make its planning take longer
            -- than its execution.
            kc AS MATERIALIZED (
                SELECT k.budget_id, k.item_id, c.analytic_account_id, c.company_id,
                       p.date_from, p.date_to
                  FROM k
                  JOIN group_budget b ON b.id = k.budget_id
                  JOIN group_budget_period p ON p.id = b.period_id
                  JOIN group_budget_centre c ON c.id = b.centre_id
            ),
            -- What is left of the budget once pending additions have
            -- reserved their savings from it: reserved savings are spent.
            budget AS (
                SELECT budget_id, item_id, month, SUM(amount) AS amount
                  FROM (
                    SELECT k.budget_id, k.item_id, m.month, m.amount
                      FROM k
                      JOIN group_budget_line l
                           ON l.budget_id = k.budget_id AND l.item_id = k.item_id
                     CROSS JOIN LATERAL %(month_values)s AS m(month, amount)
                    UNION ALL
                    SELECT k.budget_id, k.item_id, r.month::int, -r.amount::numeric
                      FROM k
                      JOIN group_budget b ON b.id = k.budget_id
                      JOIN group_budget_addition a ON a.state = 'submitted'
                           AND a.funding = 'savings' AND a.period_id = b.period_id
                           AND a.source_centre_id = b.centre_id AND a.source_item_id = k.item_id
                     CROSS JOIN LATERAL jsonb_array_elements_text(a.reserved_months)
                           WITH ORDINALITY AS r(amount, month)
                  ) AS months
                 GROUP BY 1, 2, 3
            ),
            -- Consumed: posted actuals, and what confirmed documents commit
            -- before their postings (group.budget.commitment, from its
            -- monthly totals), each commitment of which counts as an item
            -- of its month.
            actual AS (
                SELECT budget_id, item_id, month, SUM(amount) AS amount, SUM(lines) AS lines
                  FROM (
                    SELECT c.budget_id, c.item_id, EXTRACT(MONTH FROM t.date)::int AS month,
                           SUM(%(amount)s) AS amount, SUM(t.item_count) AS lines
                      FROM %(rows)s
                     WHERE i.id = c.item_id AND t.date BETWEEN c.date_from AND c.date_to
                     GROUP BY 1, 2, 3
                    UNION ALL
                    SELECT k.budget_id, k.item_id, EXTRACT(MONTH FROM cm.date)::int,
                           cm.amount, cm.line_count
                      FROM k
                      JOIN %(commitments)s cm
                           ON cm.budget_id = k.budget_id AND cm.item_id = k.item_id
                  ) AS consumed
                 GROUP BY 1, 2, 3
            )
            SELECT budget_id, item_id, month, COALESCE(budget.amount, 0),
                   COALESCE(actual.amount, 0), COALESCE(actual.lines, 0)
              FROM budget
              FULL JOIN actual USING (budget_id, item_id, month)
            """,
            keys=relation,
            month_values=MONTH_VALUES,
            amount=signed(SQL("t.balance")),
            rows=mapped(SQL("%s AS t", SQL.identifier(TOTALS_TABLE)), centres=SQL("kc")),
            commitments=SQL.identifier(MONTH_TOTALS_TABLE),
        )

    # ------------------------------------------------------------------
    # Availability while an entry is entered (before posting)
    # ------------------------------------------------------------------
    @api.model
    def _entry_availability(self, entries):
        """What each journal item of draft entries has available, as control
        at posting would count it: ``entries`` is a list of journal items
        (records, new ones of a form included) each in the order of its
        entry; returns ``{line id: {"available": amount or None, "exceeds":
        bool}}`` (:func:`control_rules.entry_availability`).

        The shares of the journal items are taken from their values in
        memory, as :func:`journal_shares` takes them from the table; one
        query maps them to budgets and items and reads their year's figures,
        whatever the number of lines. It reads the budgets in SQL: the figure
        is what control at posting tells anyone who posts, a user without a
        budget role included, and no record of the budgets is exposed."""
        rows = {}  # {line id: [(analytic, account, company, month day, amount, fraction)]}
        for lines in entries:
            for line in lines:
                rows[line.id] = self._entry_share_rows(line)
        tuples = sorted({row[:4] for shares in rows.values() for row in shares})
        if not tuples:
            return {}
        mapping, figures = self._entry_figures(tuples)
        result = {}
        for lines in entries:
            shares = [
                [
                    (key, day.month, sign * amount, fraction)
                    for analytic, account, company, day, amount, fraction in rows[line.id]
                    for key, sign in mapping.get((analytic, account, company, day), ())
                ]
                for line in lines
            ]
            availability = control_rules.entry_availability(figures, shares)
            result.update(zip((line.id for line in lines), availability, strict=True))
        return result

    @api.model
    def _entry_share_rows(self, line):
        """The shares of the journal item ``line``, from its values in memory:
        ``(analytic account id, account id, company id, first day of the
        month, balance share, fraction)`` per analytic account its
        distribution names, as :func:`journal_shares` splits posted ones."""
        move = line.move_id
        account = line.account_id._origin.id
        company = line.company_id._origin.id
        if not (line.analytic_distribution and account and company and move.date):
            return []
        day = move.date.replace(day=1)
        if line.display_type == "product" and move.is_invoice(include_receipts=True):
            # What the line's balance is once the invoice is saved (Odoo
            # leaves it at zero on the new lines of a form until then).
            rate = 1.0
            if line.currency_id != line.company_currency_id:
                rate = move.invoice_currency_rate or 1.0
            balance = line.company_currency_id.round(
                move.direction_sign * line.price_subtotal / rate
            )
        else:
            balance = line.balance or 0.0
        shares = []
        for key, percent in line.analytic_distribution.items():
            fraction = float(percent or 0.0) / 100
            for analytic in str(key).split(","):
                if analytic.isdigit():
                    shares.append(
                        (int(analytic), account, company, day, balance * fraction, fraction)
                    )
        return shares

    def _entry_figures(self, tuples):
        """One query: the budgets and items under control that ``tuples``
        ``(analytic account id, account id, company id, first day of the
        month)`` hit, as ``{tuple: [((budget id, item id), sign)]}``, the
        sign that makes the item's consumption positive; and the year's
        figures of those budgets and items, as
        :func:`control_rules.entry_availability` takes them."""
        for model in (*SOURCE_MODELS, "group.budget.commitment"):
            if model not in ("account.move", "account.move.line"):
                self.env[model].flush_model()
        self.env.cr.execute(self._entry_figures_query(tuples))
        mapping, figures = defaultdict(list), {}
        for row in self.env.cr.fetchall():
            analytic, account, company, day, budget_id, item_id, sign = row[:7]
            key = (budget_id, item_id)
            mapping[analytic, account, company, day].append((key, sign))
            if key not in figures:
                year = {name: [0.0] * 12 for name in ("budget", "consumed", "lines")}
                for month, *values in zip(*(column or () for column in row[7:]), strict=True):
                    for name, value in zip(("budget", "consumed", "lines"), values, strict=True):
                        year[name][month - 1] = float(value)
                figures[key] = year
        return mapping, figures

    def _entry_figures_query(self, tuples):
        """The query of :meth:`_entry_figures`."""
        return SQL(
            """
            WITH t AS (
                SELECT * FROM unnest(%(analytics)s::int[], %(accounts)s::int[],
                                     %(companies)s::int[], %(days)s::date[])
                       AS t(analytic_account_id, account_id, company_id, date)
            ),
            m AS (
                SELECT t.analytic_account_id, t.account_id, t.company_id, t.date,
                       b.id AS budget_id, i.id AS item_id, %(sign)s AS sign
                  FROM %(rows)s
                  JOIN group_budget_period p ON p.company_id = t.company_id
                       AND t.date BETWEEN p.date_from AND p.date_to
                  JOIN group_budget b ON b.centre_id = c.id AND b.period_id = p.id
                       AND b.state IN ('approved', 'executing')
                 WHERE i.active AND i.control_mode IN ('rigid', 'flexible')
            ),
            f AS (
                SELECT budget_id, item_id, array_agg(month) AS months,
                       array_agg(budget) AS budget, array_agg(consumed) AS consumed,
                       array_agg(lines) AS lines
                  FROM (%(figures)s) AS f(budget_id, item_id, month, budget, consumed, lines)
                 GROUP BY 1, 2
            )
            SELECT m.analytic_account_id, m.account_id, m.company_id, m.date,
                   m.budget_id, m.item_id, m.sign, f.months, f.budget, f.consumed, f.lines
              FROM m
              LEFT JOIN f USING (budget_id, item_id)
            """,
            analytics=[row[0] for row in tuples],
            accounts=[row[1] for row in tuples],
            companies=[row[2] for row in tuples],
            days=[row[3] for row in tuples],
            sign=ITEM_SIGN,
            rows=mapped(SQL("t")),
            figures=self._year_figures_query(SQL("SELECT DISTINCT budget_id, item_id FROM m")),
        )

    # ------------------------------------------------------------------
    # Outcomes
    # ------------------------------------------------------------------
    def _describe(self, keys, contributions, decisions, describe=None):
        """One line per key, naming centre, item, the month that overflows,
        budget to date, consumed, this posting and the shortfall; and the
        records behind the keys. ``describe(control, line)`` words a line
        for people in the language of ``control``'s environment (by default
        :meth:`_line_text`, a posting's); it stays in the line for the
        messages written later in another language (:meth:`_lines_text`)."""
        describe = describe or (lambda control, line: control._line_text(line))
        budgets = self.env["group.budget"].sudo().browse({key[0] for key in keys})
        items = self.env["group.budget.item"].sudo().browse({key[1] for key in keys})
        budget_by_id = {budget.id: budget for budget in budgets}
        item_by_id = {item.id: item for item in items}
        lines = []
        for key in sorted(keys):
            budget, item = budget_by_id[key[0]], item_by_id[key[1]]
            info = contributions[key]
            decision = decisions[key]
            year = info["date_from"].year
            month = datetime.date(year, decision["month"], 1)
            line = {
                "move_ids": set().union(
                    *(
                        moves
                        for posted_month, moves in info["move_ids"].items()
                        if posted_month <= decision["month"]
                    )
                ),
                "budget": budget,
                "item": item,
                "month": month,
                "first_month": datetime.date(year, decision["first_month"], 1),
                "ytd_budget": decision["ytd_budget"],
                "consumed": decision["consumed"],
                "posting": decision["posting"],
                "shortfall": decision["shortfall"],
            }
            line["describe"] = describe
            line["text"] = describe(self, line)
            lines.append(line)
        return lines

    def _line_text(self, line):
        """A line of :meth:`_describe` for people, in the language of
        ``self.env``: centre, item, month and the amounts with their
        currency."""
        return self.env._(
            "%(centre)s, %(item)s, %(month)s: budget to date %(budget)s, "
            "consumed %(consumed)s, this posting %(posting)s, "
            "short by %(shortfall)s.",
            **self._line_values(line),
        )

    def _line_values(self, line):
        """The names and amounts of a line of :meth:`_describe`, in the
        language of ``self.env``, for the words of any document."""
        env = self.env
        budget = line["budget"].with_context(lang=env.lang)
        currency = budget.company_id.currency_id
        return {
            "centre": budget.centre_id.display_name,
            "item": line["item"].with_context(lang=env.lang).display_name,
            "month": line["month"].strftime("%Y-%m"),
            "budget": messages.money(env, line["ytd_budget"], currency),
            "consumed": messages.money(env, line["consumed"], currency),
            "posting": messages.money(env, line["posting"], currency),
            "shortfall": messages.money(env, line["shortfall"], currency),
        }

    def _refusal_message(self, lines, change=False):
        bullets = "\n".join(f"• {line['text']}" for line in lines)
        if change:
            return _(
                "This entry exceeds a budget under rigid control (manual §五 3.3); "
                "the change has not been saved.\n%(lines)s\nRequest a budget addition, "
                "or correct the entry.",
                lines=bullets,
            )
        return _(
            "This entry exceeds a budget under rigid control (manual §五 3.3); "
            "it has not been posted.\n%(lines)s\nRequest a budget addition, or "
            "correct the entry.",
            lines=bullets,
        )

    def _refuse(self, lines, change=False, message=None):
        """Raise the refusal of ``lines``, with a button that requests the
        addition covering the first; ``message`` replaces the text of a
        journal entry's refusal (another document's, such as an order's)."""
        message = message or self._refusal_message(lines, change=change)
        refusals = self.env.context.get("group_budget_autopost")
        if isinstance(refusals, AutopostRefusals):
            # Odoo's cron posting entries dated in the future: a user error
            # lets it post the others one by one and leave this one in draft.
            moves = set().union(*(line["move_ids"] for line in lines))
            if len(moves) == 1:
                refusals.by_move[moves.pop()] = lines
            raise UserError(message)
        first = lines[0]
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
                "default_date_from": str(first["first_month"]),
                "default_date_to": str(addition_rules.month_end(first["first_month"])),
                "default_amount": first["shortfall"],
            },
        }
        error = RedirectWarning(message, action, _("Request a Budget Addition"))
        # A refusal is the rule working, not a fault. RedirectWarning is no
        # UserError: without a level, Odoo's HTTP layer logs it at ERROR
        # with its traceback (a UserError is logged at WARNING).
        error.loglevel = logging.WARNING
        raise error

    def _warn(self, lines, document_field="move_id", note=None):
        """Record the flexible overruns of ``lines`` for the ledger, each on
        its document (an overrun's ``document_field``: the journal entry, or
        another document's field that a bridge add-on adds), and say so in
        the document's chatter, in the language of its company: ``note`` (a
        function of the environment and the document's lines) gives the
        text, by default a journal entry's."""
        by_document = defaultdict(list)
        vals_list = []
        for line in lines:
            for document_id in sorted(line["move_ids"]):
                by_document[document_id].append(line)
                vals_list.append(
                    {
                        document_field: document_id,
                        "budget_id": line["budget"].id,
                        "item_id": line["item"].id,
                        "date": line["month"],
                        "ytd_budget": line["ytd_budget"],
                        "consumed": line["consumed"],
                        "posting": line["posting"],
                        "shortfall": line["shortfall"],
                    }
                )
        Overrun = self.env["group.budget.overrun"].sudo()
        Overrun.create(vals_list)
        note = note or self._overrun_note
        documents = self.env[Overrun._fields[document_field].comodel_name].sudo()
        for document in documents.browse(list(by_document)):
            messages.post(
                document,
                lambda local, lines=by_document[document.id]: note(local.env, lines),
            )

    def _overrun_note(self, env, lines):
        """The chatter message of a journal entry's flexible overrun."""
        return env._(
            "Over budget under flexible control (manual §五 3.3): %(lines)s",
            lines=self._lines_text(env, lines),
        )

    def _lines_text(self, env, lines):
        """:meth:`_line_text` of ``lines`` in the language of ``env``, on one line."""
        local = self.with_context(lang=env.lang)
        return " ".join(line["describe"](local, line) for line in lines)
