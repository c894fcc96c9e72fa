from odoo import _, fields, models


class GroupBudgetScorecardPayXlsx(models.AbstractModel):
    """The year's decided results for pay (manual §九 7), one sheet per
    budget year: rank, centre, manager, KPI and GS scores, totals, the score
    and the board's decision. It draws the rows of
    :meth:`group.budget.scorecard._pay_rows`; it computes nothing.

    Written as the suite's other exports (the mixin of
    ``group_budget_report``): what was exported on top, translated headers
    in a frozen row, number formats, constant memory and the row limit."""

    _name = "report.group_budget_appraisal.scorecard_pay_xlsx"
    _inherit = "report.group_budget_report.xlsx_mixin"
    _description = "Appraisal Results for Pay (xlsx)"

    def _pay_columns(self):
        """``[(key of a pay row, header, kind)]``."""
        return [
            ("rank", _("Rank"), "integer"),
            ("centre", _("Centre"), "text"),
            ("manager", _("Manager"), "text"),
            ("kpi", _("KPI Score"), "number"),
            ("gs", _("GS Score"), "number"),
            ("total_raw", _("Weighted Total before Exceptions"), "number"),
            ("total", _("Weighted Total"), "number"),
            ("score", _("Score"), "number"),
            ("vetoed", _("Veto Occurred"), "flag"),
            ("board_decision", _("Board Decision"), "text"),
            ("board_decision_date", _("Decision Date"), "date"),
        ]

    def generate_xlsx_report(self, workbook, data, periods):
        Scorecard = self.env["group.budget.scorecard"]
        columns = self._pay_columns()
        states = dict(Scorecard._fields["state"]._description_selection(self.env))
        period_types = dict(Scorecard._fields["period_type"]._description_selection(self.env))
        for period in periods:
            rows = Scorecard._pay_rows(period)
            self._check_export_size(len(rows))
            described = [
                (_("Company"), period.company_id.name),
                (_("Budget Year"), period.display_name),
                (_("Period"), period_types["year"]),
                (_("Status"), states["decided"]),
                (_("Printed On"), fields.Date.context_today(self).isoformat()),
            ]
            self._write_table(
                workbook,
                f"{period.name} {period.company_id.name}",
                _("Appraisal Results for Pay"),
                described,
                [(header, kind) for _key, header, kind in columns],
                ([row[key] for key, _header, _kind in columns] for row in rows),
                period.company_id.currency_id,
            )


class GroupBudgetScorecardResultsXlsx(models.AbstractModel):
    """The appraisal results (考核结果) of the scorecards selected in the list,
    any period and status: one row each, read in one query with the user's
    rights, the selection described on top."""

    _name = "report.group_budget_appraisal.scorecard_results_xlsx"
    _inherit = "report.group_budget_report.xlsx_mixin"
    _description = "Appraisal Results (xlsx)"

    RESULT_FIELDS = (
        ("centre_id", "text"),
        ("period_id", "text"),
        ("period_type", "text"),
        ("period_index", "integer"),
        ("date_from", "date"),
        ("date_to", "date"),
        ("provisional", "flag"),
        ("kpi_total", "number"),
        ("gs_total", "number"),
        ("total_raw", "number"),
        ("total", "number"),
        ("score_raw", "number"),
        ("score", "number"),
        ("vetoed", "flag"),
        ("has_exception", "flag"),
        ("state", "text"),
        ("board_decision", "text"),
        ("board_decision_date", "date"),
    )

    def _result_rows(self, scorecards):
        names = [name for name, _kind in self.RESULT_FIELDS]
        records = scorecards.read(names)
        records.sort(
            key=lambda r: (
                r["period_id"] and r["period_id"][1] or "",
                r["date_from"] or fields.Date.today(),
                -r["score"],
                r["centre_id"] and r["centre_id"][1] or "",
            )
        )
        return records, self._field_cells(scorecards, records, self.RESULT_FIELDS)

    def generate_xlsx_report(self, workbook, data, scorecards):
        self._check_export_size(len(scorecards))
        columns = self._field_columns(scorecards, self.RESULT_FIELDS)
        records, rows = self._result_rows(scorecards)
        states = dict(scorecards._fields["state"]._description_selection(self.env))
        present = {r["state"] for r in records}
        companies = scorecards.company_id or self.env.company
        described = [
            (_("Company"), ", ".join(companies.mapped("name"))),
            (
                _("Budget Year"),
                ", ".join(sorted({r["period_id"][1] for r in records if r["period_id"]})),
            ),
            (_("Status"), ", ".join(label for key, label in states.items() if key in present)),
            (_("Scorecards"), str(len(records))),
            (_("Printed On"), fields.Date.context_today(self).isoformat()),
        ]
        self._write_table(
            workbook,
            _("Appraisal Results"),
            _("Appraisal Results"),
            described,
            columns,
            rows,
            companies[:1].currency_id,
        )
