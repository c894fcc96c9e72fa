import datetime
from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_list

from odoo.addons.group_budget import messages
from odoo.addons.group_budget.logic import consolidation
from odoo.addons.group_budget.logic import forecast as forecast_logic

from ..logic import matrix as engine

# How an item's accounts put it into the profit (manual §六 3 差异分析).
ACCOUNT_TYPE_ROLES = {
    "income": "revenue",
    "income_other": "revenue",
    "expense_direct_cost": "cost_of_sales",
    "expense": "period_expense",
    "expense_depreciation": "period_expense",
}
# Exports above this many rows are refused, with a message suggesting a filter.
EXPORT_ROW_LIMIT = 100000


class GroupBudgetAnalysis(models.AbstractModel):
    """The variance analysis (manual §六): fills the pure matrix of
    :mod:`..logic.matrix` from the budget ledger in a bounded number of
    grouped queries, whatever the number of centres and items. The screen,
    the xlsx and the PDF render the matrix this returns; none of them queries
    figures on its own.

    ``filters``: ``company_id``, ``year``, ``month`` (the period ends with or
    contains it), ``kind`` (month, quarter, ytd, year), ``comparisons`` (of
    ``budget``, ``yoy``, ``mom``, ``forecast``), optional ``centre_id`` (its
    subtree) and ``threshold`` (%, the company's materiality setting by
    default).
    """

    _name = "group.budget.analysis"
    _description = "Budget Variance Analysis"

    @api.model
    def _period_labels(self):
        return {
            "month": _("Month"),
            "quarter": _("Quarter"),
            "ytd": _("Year to Date"),
            "year": _("Year"),
        }

    @api.model
    def _comparison_labels(self):
        return {
            "budget": _("Budget"),
            "yoy": _("Same Period Last Year"),
            "mom": _("Previous Period"),
            "forecast": _("Year-end Forecast"),
        }

    @api.model
    def _check_filters(self, filters):
        """The budget year of the filters, or a clear error naming the month."""
        company = self.env["res.company"].browse(filters.get("company_id") or self.env.company.id)
        year, month = filters.get("year"), filters.get("month")
        if filters.get("kind") not in engine.PERIOD_KINDS:
            raise UserError(
                _("Choose the period of the analysis: month, quarter, year to date or year.")
            )
        unknown = set(filters.get("comparisons") or ()) - set(engine.COMPARISONS)
        if unknown or not filters.get("comparisons"):
            raise UserError(_("Choose at least one comparison of the analysis."))
        period = self.env["group.budget.period"].search(
            [
                ("company_id", "=", company.id),
                ("year", "=", year),
                ("state", "in", ("executing", "closed")),
            ],
            limit=1,
        )
        if not period or not month or not 1 <= month <= 12:
            label = "{}-{:02d}".format(year or "?", month or 0)
            raise UserError(
                _(
                    "No budget year in execution or closed covers %(month)s in %(company)s: "
                    "choose a month of such a budget year.",
                    month=label,
                    company=company.name,
                )
            )
        return period

    @api.model
    def _last_month_with_actuals(self, company, day):
        """The first day of the last month up to ``day`` with posted actuals
        on a centre and an item of ``company``, in one of its budget years in
        execution or closed (what the analysis can show): ``None`` without
        one. One query of the monthly actual totals."""
        self.env["group.budget.actuals"]._flush_sources()
        self.env.cr.execute(
            SQL(
                """
                SELECT MAX(month) FROM (
                    SELECT t.date AS month
                      FROM %(totals)s t
                      JOIN group_budget_period p ON p.company_id = t.company_id
                           AND p.state IN ('executing', 'closed')
                           AND t.date BETWEEN p.date_from AND p.date_to
                      JOIN group_budget_centre c
                           ON c.analytic_account_id = t.analytic_account_id
                           AND c.company_id = t.company_id
                      JOIN group_budget_item_account_rel r ON r.account_id = t.account_id
                     WHERE t.company_id = %(company)s AND t.date <= %(day)s
                     GROUP BY t.date
                    HAVING SUM(t.item_count) <> 0
                ) AS months
                """,
                totals=SQL.identifier(self.env["group.budget.actuals"]._totals_table()),
                company=company.id,
                day=day,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _empty_help(self, filters):
        """Why the analysis of ``filters`` has no row, as the list's help."""
        company = self.env["res.company"].browse(filters.get("company_id") or self.env.company.id)
        centre = self.env["group.budget.centre"].browse(filters.get("centre_id") or [])
        period = "{} {:04d}-{:02d}".format(
            self._period_labels()[filters["kind"]], filters["year"], filters["month"]
        )
        if centre:
            why = _(
                "No centre of %(company)s under %(centre)s has an approved budget in "
                "execution for %(period)s.",
                company=company.name,
                centre=centre.display_name,
                period=period,
            )
        else:
            why = _(
                "No centre of %(company)s has an approved budget in execution for %(period)s.",
                company=company.name,
                period=period,
            )
        return Markup('<p class="o_view_nocontent_empty_folder">%s</p><p>%s %s</p>') % (
            _("Nothing to analyse"),
            why,
            _(
                "The analysis compares each company's approved budgets with their postings: "
                "choose a company whose centres have budgets (select it in the company "
                "switcher too), another centre or another period."
            ),
        )

    @api.model
    def _matrix_centres(self, filters, company):
        domain = [("company_id", "=", company.id)]
        if filters.get("centre_id"):
            domain.append(("id", "child_of", filters["centre_id"]))
        return self.env["group.budget.centre"].search(domain, order="parent_path")

    @api.model
    def _matrix_facts(self, filters, centres):
        """Each centre's figures by item and month, this year and last, as
        the one rule across the hierarchy has them (``logic/consolidation.py``
        of group_budget): its own budget, and its actual with all its
        descendants'. A parent's budget line is already the consolidated
        budget of its subtree, so nothing adds budgets up; a centre without a
        line of its own for an item has no budget for it (no data), never a
        sum of its children's.

        Budgets come from one query of the ledger, whose rows are already one
        per centre, item and month, under the reader's record rules: a ledger
        row of the year means data (a budgeted month without postings
        compares with 0, spending on an item without a line with a budget of
        0, as in the ledger). Actuals of both years come from the monthly
        totals of posted journal items (:meth:`group.budget.actuals._rolled_up_actuals`:
        the analytic accounts of the centre and of all its descendants, the
        items' accounts, revenue and costs both positive), with or without a
        budget or a budget year last year (manual §六 2). What confirmed
        documents commit comes in the same query, rolled up as the actuals
        are (consumed budget, as the ledger has it); what pending additions
        reserve of a centre's own budget, from its ledger rows. A centre
        shows the items that it or a listed descendant has ledger rows for;
        a month with neither a budget nor postings has no data.

        Facts: ``(centre_id, item_id, year, month, budget, actual,
        committed, reserved)`` (see ``logic/matrix.build_matrix``)."""
        year = filters["year"]
        Ledger = self.env["group.budget.ledger"]
        query = Ledger._search(
            [
                ("centre_id", "in", centres.ids),
                ("date", ">=", datetime.date(year - 1, 1, 1)),
                ("date", "<=", datetime.date(year, 12, 31)),
            ]
        )
        query.order = None  # the engine orders what it needs
        self.env.cr.execute(
            query.select(
                *(
                    SQL.identifier(query.table, name)
                    for name in ("centre_id", "item_id", "date", "budget", "reserved")
                )
            )
        )
        facts, pairs, reserved_to_date = [], set(), {}
        for centre_id, item_id, date, budget, reserved in self.env.cr.fetchall():
            pairs.add((centre_id, item_id))
            # The ledger's reserved runs to date: each month gets its own part.
            reserved_to_date[centre_id, item_id, date.year, date.month] = reserved or 0.0
            facts.append([centre_id, item_id, date.year, date.month, budget, 0.0, 0.0, 0.0])
        for fact in facts:
            centre_id, item_id, fact_year, fact_month = fact[:4]
            before = reserved_to_date.get((centre_id, item_id, fact_year, fact_month - 1), 0.0)
            fact[7] = reserved_to_date[centre_id, item_id, fact_year, fact_month] - before
        facts = [tuple(fact) for fact in facts]
        if not pairs:
            return facts
        # The listed ancestors show the items of their descendants' rows.
        listed = consolidation.parent_map({centre.id: centre.parent_path for centre in centres})
        shown = consolidation.roll_up(dict.fromkeys(pairs, 0), listed, centres.ids)
        actuals, committed = self.env["group.budget.actuals"]._rolled_up_consumption(
            centres.browse({centre_id for centre_id, _item in shown}),
            self.env["group.budget.item"].browse({item_id for _centre, item_id in shown}),
            datetime.date(year - 1, 1, 1),
            datetime.date(year, 12, 31),
        )
        facts += [
            (
                centre_id,
                item_id,
                month[0],
                month[1],
                None,
                actuals.get((centre_id, item_id, month), 0.0),
                committed.get((centre_id, item_id, month), 0.0),
                0.0,
            )
            for centre_id, item_id, month in actuals.keys() | committed.keys()
            if (centre_id, item_id) in shown
        ]
        return facts

    @api.model
    def _matrix_items(self, item_ids):
        """``[(item_id, profit role, higher_better)]`` in display order."""
        items = (
            self.env["group.budget.item"].browse(item_ids).sorted(lambda i: (i.sequence, i.code))
        )
        accounts = items.account_ids  # one query for every item's accounts
        accounts.mapped("account_type")
        result = []
        for item in items:
            roles = {ACCOUNT_TYPE_ROLES.get(t) for t in item.account_ids.mapped("account_type")}
            roles.discard(None)
            role = roles.pop() if len(roles) == 1 else None
            result.append((item.id, role, item.direction == "higher_better"))
        return result

    @api.model
    def _matrix_forecast(self, filters, facts):
        """``{(centre_id, item_id): year-end forecast}`` of each centre's
        figures (its own budget, its actual and commitments with its
        descendants'): the run rate on the budget's monthly profile (actual
        and committed to date ÷ budget to date × year budget, never below the
        actual to date plus what is committed in the year,
        ``logic/forecast.py`` of group_budget, as the ledger and the warnings
        forecast), for items that add up over the months and that the centre
        has a budget of. Computed from the facts already read: no query."""
        year, month = filters["year"], filters["month"]
        budgets = defaultdict(lambda: [0.0] * 12)
        actuals = defaultdict(lambda: [0.0] * 12)
        committed = defaultdict(lambda: [0.0] * 12)
        for centre_id, item_id, fact_year, fact_month, budget, actual, *more in facts:
            if fact_year == year:
                if budget is not None:
                    budgets[centre_id, item_id][fact_month - 1] += budget
                actuals[centre_id, item_id][fact_month - 1] += actual or 0.0
                if more:
                    committed[centre_id, item_id][fact_month - 1] += more[0] or 0.0
        summed = {
            item.id
            for item in self.env["group.budget.item"].browse({key[1] for key in budgets})
            if item.aggregation == "sum"
        }
        result = {}
        for key, months in budgets.items():
            if key[1] not in summed:
                continue
            value = forecast_logic.forecast(
                months, actuals[key], month, committed_months=committed.get(key)
            )
            if value is not None:
                result[key] = value
        return result

    @api.model
    def _compute_matrix(self, filters):
        """The matrix of ``filters``, computed once for every output."""
        self._check_filters(filters)
        company = self.env["res.company"].browse(filters.get("company_id") or self.env.company.id)
        centres = self._matrix_centres(filters, company)
        facts = self._matrix_facts(filters, centres)
        item_ids = sorted({fact[1] for fact in facts})
        threshold = filters.get("threshold") or company.group_budget_materiality_threshold
        return engine.build_matrix(
            facts,
            [(centre.id, centre.parent_id.id or None) for centre in centres],
            self._matrix_items(item_ids),
            filters["kind"],
            filters["year"],
            filters["month"],
            comparisons=tuple(filters["comparisons"]),
            threshold=threshold / 100.0,
            forecast=self._matrix_forecast(filters, facts),
        )

    # ------------------------------------------------------------------
    # What renderers share: headers, labels, the filters used
    # ------------------------------------------------------------------
    @api.model
    def _matrix_headers(self, comparisons):
        """The flat table's headers, in the reader's language."""
        labels = self._comparison_labels()
        headers = {
            "centre": _("Responsibility Centre"),
            "item": _("Budget Item"),
            "actual": _("Actual of the Period"),
            "budget": _("Budget of the Period"),
            "committed": _("Committed in the Period"),
            "available": _("Available at the End of the Period"),
            "share_actual": _("Share of Parent, Actual (%)"),
            "share_budget": _("Share of Parent, Budget (%)"),
            "material": _("Material"),
        }
        for name in comparisons:
            label = labels[name]
            headers[f"{name}_reference"] = label
            headers[f"{name}_amount"] = _("Variance against %s", label)
            headers[f"{name}_percent"] = _("Variance against %s (%%)", label)
        if "forecast" in comparisons:
            # The forecast is compared with the year's budget.
            headers["forecast_value"] = labels["forecast"]
            headers["forecast_reference"] = _("Budget of the Year")
        return headers

    @api.model
    def _matrix_labels(self, matrix):
        """Functions naming a row's centre (indented by its level) and item."""
        centres = self.env["group.budget.centre"].browse({row.centre_id for row in matrix.rows})
        items = self.env["group.budget.item"].browse(
            {row.item_id for row in matrix.rows if not row.is_profit}
        )
        centre_names = {centre.id: centre.display_name for centre in centres}
        item_names = {item.id: item.display_name for item in items}
        item_names[engine.PROFIT] = _("Profit")
        return (
            lambda centre_id, level: "    " * level + centre_names[centre_id],
            item_names.__getitem__,
        )

    @api.model
    def _matrix_status_labels(self):
        return {engine.NO_DATA: _("no data"), engine.NOT_APPLICABLE: _("n/a")}

    @api.model
    def _describe_filters(self, filters):
        """The filters used, as ``[(label, value)]`` printed above a report."""
        company = self.env["res.company"].browse(filters.get("company_id") or self.env.company.id)
        centre = self.env["group.budget.centre"].browse(filters.get("centre_id") or [])
        labels = self._comparison_labels()
        threshold = filters.get("threshold") or company.group_budget_materiality_threshold
        return [
            (_("Company"), company.name),
            (
                _("Period"),
                "{} {:04d}-{:02d}".format(
                    self._period_labels()[filters["kind"]], filters["year"], filters["month"]
                ),
            ),
            # In the reader's list format: "预算、去年同期（同比）和上期（环比）" in Chinese.
            (
                _("Comparisons"),
                format_list(self.env, [labels[name] for name in filters["comparisons"]]),
            ),
            (_("Centre"), centre.display_name if centre else _("All centres")),
            (_("Materiality Threshold (%)"), f"{threshold:g}"),
        ]

    @api.model
    def _check_export_size(self, rows, limit=None):
        limit = limit or EXPORT_ROW_LIMIT
        if rows > limit:
            raise UserError(
                _(
                    "This export has %(rows)s rows, more than the limit of %(limit)s: "
                    "choose a centre, a shorter period or fewer companies to export less.",
                    rows=messages.number(self.env, rows, digits=0),
                    limit=messages.number(self.env, limit, digits=0),
                )
            )
