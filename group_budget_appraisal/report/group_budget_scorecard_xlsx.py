from odoo import _, models


class GroupBudgetScorecardPayXlsx(models.AbstractModel):
    """The year's decided results for pay (manual §九 7), one sheet per
    budget year: rank, centre, manager, KPI and GS scores, totals, the score
    and the board's decision. It draws the rows of
    :meth:`group.budget.scorecard._pay_rows`; it computes nothing."""

    _name = "report.group_budget_appraisal.scorecard_pay_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Appraisal Results for Pay (xlsx)"

    def generate_xlsx_report(self, workbook, data, periods):
        bold = workbook.add_format({"bold": True})
        number = workbook.add_format({"num_format": "0.0000"})
        date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        headers = [
            _("Rank"),
            _("Centre"),
            _("Manager"),
            _("KPI Score"),
            _("GS Score"),
            _("Weighted Total before Exceptions"),
            _("Weighted Total"),
            _("Score"),
            _("Veto Occurred"),
            _("Board Decision"),
            _("Decision Date"),
        ]
        Scorecard = self.env["group.budget.scorecard"]
        for period in periods:
            sheet = workbook.add_worksheet(f"{period.name} {period.company_id.name}"[:31])
            sheet.write_row(0, 0, headers, bold)
            sheet.set_column(1, 2, 30)
            sheet.set_column(3, 8, 14)
            sheet.set_column(9, 9, 40)
            for row, values in enumerate(Scorecard._pay_rows(period), start=1):
                sheet.write(row, 0, values["rank"])
                sheet.write(row, 1, values["centre"])
                sheet.write(row, 2, values["manager"])
                for col, key in enumerate(("kpi", "gs", "total_raw", "total", "score"), start=3):
                    sheet.write_number(row, col, values[key], number)
                sheet.write(row, 8, _("Yes") if values["vetoed"] else "")
                sheet.write(row, 9, values["board_decision"])
                if values["board_decision_date"]:
                    sheet.write_datetime(row, 10, values["board_decision_date"], date)
