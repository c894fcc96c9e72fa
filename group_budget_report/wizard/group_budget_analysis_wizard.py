import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from ..logic import matrix as engine

# Relative widths of the PDF's columns by kind (the centre's name is wider).
PDF_COLUMN_WEIGHTS = {"text": 2.4, "amount": 1.7, "percent": 1.15, "flag": 0.8}


class GroupBudgetAnalysisWizard(models.TransientModel):
    """The filters of the variance analysis (manual §六 3): period, comparisons,
    centre subtree and materiality threshold. *Analyse* opens the matrix on
    screen, *Export* renders the same matrix to xlsx."""

    _name = "group.budget.analysis.wizard"
    _description = "Variance Analysis Filters"
    _inherit = ["group.budget.input.mixin"]
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Month",
        required=True,
        compute="_compute_date",
        store=True,
        readonly=False,
        precompute=True,
        help="The period ends with (or contains) the month of this date. It starts on "
        "the last month with postings: early in a month, the month before.",
    )
    period_kind = fields.Selection(
        [
            ("month", "Month"),
            ("quarter", "Quarter"),
            ("ytd", "Year to Date"),
            ("year", "Year"),
        ],
        string="Period",
        required=True,
        default="month",
    )
    compare_yoy = fields.Boolean(string="Same Period Last Year", default=True)
    compare_mom = fields.Boolean(string="Previous Period", default=True)
    compare_forecast = fields.Boolean(string="Year-end Forecast")
    centre_id = fields.Many2one(
        "group.budget.centre",
        check_company=True,
        help="Analyse this centre and its descendants; empty for every centre.",
    )
    threshold = fields.Float(
        string="Materiality Threshold (%)",
        default=lambda self: self.env.company.group_budget_materiality_threshold,
    )
    sheet_per_centre = fields.Boolean(
        string="One Sheet per Centre",
        help="In the Excel exports of the detailed variance report and of the "
        "ledger, write each centre's rows on a sheet of its own.",
    )
    line_ids = fields.One2many("group.budget.analysis.line", "wizard_id", string="Lines")

    @api.model
    def _default_date(self, company):
        """Today, or the last month with postings before it: opened on 1
        December, the analysis shows November, not a month of budgets
        compared with nothing yet."""
        today = fields.Date.context_today(self)
        last = self.env["group.budget.analysis"]._last_month_with_actuals(company, today)
        return today if not last or (last.year, last.month) == (today.year, today.month) else last

    @api.depends("company_id")
    def _compute_date(self):
        for wizard in self:
            wizard.date = self._default_date(wizard.company_id or self.env.company)

    @api.onchange("company_id")
    def _onchange_company_id(self):
        self.threshold = self.company_id.group_budget_materiality_threshold

    def _prepare_filters(self):
        self.ensure_one()
        comparisons = ["budget"]
        comparisons += [
            name
            for name, wanted in (
                ("yoy", self.compare_yoy),
                ("mom", self.compare_mom),
                ("forecast", self.compare_forecast),
            )
            if wanted
        ]
        return {
            "company_id": self.company_id.id,
            "year": self.date.year,
            "month": self.date.month,
            "kind": self.period_kind,
            "comparisons": comparisons,
            "centre_id": self.centre_id.id,
            "threshold": self.threshold,
        }

    def action_analyse(self):
        """Compute the matrix once and show its rows."""
        self.ensure_one()
        Analysis = self.env["group.budget.analysis"]
        filters = self._prepare_filters()
        matrix = Analysis._compute_matrix(filters)
        self.line_ids.unlink()
        self.env["group.budget.analysis.line"].create(
            self._prepare_line_vals(matrix, Analysis._matrix_labels(matrix))
        )
        action = {
            "type": "ir.actions.act_window",
            "name": _("Variance Analysis"),
            "res_model": "group.budget.analysis.line",
            "view_mode": "list,pivot,graph",
            "domain": [("wizard_id", "=", self.id)],
            "context": {"create": False},
        }
        if not matrix.rows:
            action["help"] = Analysis._empty_help(filters)
        return action

    def _prepare_line_vals(self, matrix, labels):
        centre_label, item_label = labels
        previous = self._previous_measures()
        status_labels = self.env["group.budget.analysis"]._matrix_status_labels()

        def percent_text(comparison):
            if comparison is None:
                return False
            if comparison.status != engine.OK:
                return status_labels[comparison.status]
            return f"{comparison.percent:.2f} %"

        def number(value):
            return float(value) if value is not None else 0.0

        def share_text(share, name):
            value = getattr(share, name) if share else None
            return False if value is None else f"{value:.2f} %"

        vals = []
        for sequence, row in enumerate(matrix.rows):
            line = {
                "wizard_id": self.id,
                "sequence": sequence,
                "centre_id": row.centre_id,
                "item_id": False if row.is_profit else row.item_id,
                "name": centre_label(row.centre_id, row.level) + " / " + item_label(row.item_id),
                "level": row.level,
                "is_profit": row.is_profit,
                "actual": number(row.value),
                "budget": number(row.budget),
                "committed": number(row.committed),
                "available": number(row.available),
                "material": row.material,
                "previous_measures": previous.get(row.key, False),
                "share_actual": share_text(row.share, "share_actual"),
                "share_budget": share_text(row.share, "share_budget"),
            }
            for name in engine.COMPARISONS:
                comparison = row.comparisons.get(name)
                line[f"{name}_variance"] = number(comparison and comparison.amount)
                line[f"{name}_percent"] = percent_text(comparison)
            vals.append(line)
        return vals

    def _previous_measures(self):
        """How the measures of last period's explanations were carried out
        (上期改进建议执行情况追踪), by ``(centre_id, item_id or PROFIT)``: one query."""
        previous = engine.previous_period(self.period_kind, self.date.year, self.date.month)
        if previous is None:
            return {}
        Explanation = self.env["group.budget.variance.explanation"]
        explanations = Explanation.search(
            [
                ("company_id", "=", self.company_id.id),
                ("period_kind", "=", self.period_kind),
                ("date", ">=", datetime.date(previous.year, previous.months[0], 1)),
                ("date", "<=", datetime.date(previous.year, previous.months[-1], 28)),
            ]
        )
        labels = dict(Explanation._fields["measure_status"]._description_selection(self.env))
        return {
            (explanation.centre_id.id, explanation.item_id.id or engine.PROFIT): labels[
                explanation.measure_status
            ]
            for explanation in explanations
        }

    def _matrix_table(self):
        """The detailed variance report as text cells, for the PDF: the same
        matrix and flat table the xlsx writes, formatted for print."""
        self.ensure_one()
        Analysis = self.env["group.budget.analysis"]
        filters = self._prepare_filters()
        matrix = Analysis._compute_matrix(filters)
        Analysis._check_export_size(len(matrix.rows))
        headers = Analysis._matrix_headers(matrix.comparisons)
        columns = engine.table_columns(matrix.comparisons)
        status = Analysis._matrix_status_labels()
        currency = self.company_id.currency_id

        def text(value, kind):
            if value is None:
                return ""
            if isinstance(value, str):
                return status.get(value, value)
            if kind == "amount":  # the currency is named once, above the table
                return formatLang(self.env, value, digits=currency.decimal_places)
            if kind == "percent":
                return f"{value:.2f}"
            if kind == "flag":
                return _("Yes") if value else ""
            return str(value)

        rows = [
            {
                "cells": [
                    text(value, kind) for value, (_key, kind) in zip(cells, columns, strict=True)
                ],
                "material": row.material,
                "strong": row.is_profit or not row.level,
            }
            for row, cells in zip(
                matrix.rows,
                engine.table_rows(matrix, *Analysis._matrix_labels(matrix)),
                strict=True,
            )
        ]
        # Column widths (%) on A4 landscape: the centre and item names get
        # the room, each figure fits on one line.
        weights = [3.2 if key == "centre" else PDF_COLUMN_WEIGHTS[kind] for key, kind in columns]
        return {
            "filters": [
                *Analysis._describe_filters(filters),
                (_("Currency"), currency.name),
            ],
            "headers": [headers[key] for key, _kind in columns],
            "kinds": [kind for _key, kind in columns],
            "widths": [round(weight * 100 / sum(weights), 2) for weight in weights],
            "rows": rows,
        }

    def action_print_pdf(self):
        self.ensure_one()
        self.check_access("read")
        return self.env.ref("group_budget_report.group_budget_analysis_pdf").report_action(self)

    def action_export_xlsx(self):
        """The same matrix as an xlsx workbook."""
        self.ensure_one()
        self.check_access("read")
        return self.env.ref("group_budget_report.group_budget_analysis_xlsx").report_action(self)

    def _ledger_domain(self):
        """The ledger rows of the filters: the company, the centre subtree and
        the months of the period."""
        self.ensure_one()
        period = engine.period(self.period_kind, self.date.year, self.date.month)
        domain = [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", datetime.date(period.year, period.months[0], 1)),
            ("date", "<=", datetime.date(period.year, period.months[-1], 28)),
        ]
        if self.centre_id:
            domain.append(("centre_id", "child_of", self.centre_id.id))
        return domain

    def action_export_ledger_xlsx(self):
        """The budget ledger of the period and centres chosen, as an xlsx
        workbook, with these filters on top (and one sheet per centre if
        asked)."""
        self.ensure_one()
        self.check_access("read")
        Analysis = self.env["group.budget.analysis"]
        filters = self._prepare_filters()
        Analysis._check_filters(filters)
        ledger = self.env["group.budget.ledger"].search(self._ledger_domain())
        Analysis._check_export_size(len(ledger))
        if not ledger:
            raise UserError(
                _(
                    "The budget ledger has no rows for these filters: choose another "
                    "period or centre."
                )
            )
        skipped = {_("Comparisons"), _("Materiality Threshold (%)")}
        described = [
            [label, value]
            for label, value in Analysis._describe_filters(filters)
            if label not in skipped
        ]
        return self.env.ref("group_budget_report.group_budget_ledger_xlsx").report_action(
            ledger,
            data={"sheet_per_centre": self.sheet_per_centre, "filters": described},
            config=False,  # no document layout in a workbook
        )
