from odoo import _, models

from odoo.addons.group_budget.logic import budget_rules

from ..logic import matrix as engine


class GroupBudgetXlsxMixin(models.AbstractModel):
    """What the suite's xlsx exports share: the filters printed on top, headers
    in the reader's language, frozen header rows, an autofilter, number formats
    of the company currency, xlsxwriter's constant-memory mode (rows are
    streamed to disk as they are written) and a row limit."""

    _name = "report.group_budget_report.xlsx_mixin"
    _inherit = "report.report_xlsx.abstract"
    _description = "Budget xlsx export"

    def get_workbook_options(self):
        return {"constant_memory": True, "strings_to_numbers": False}

    def _write_table(self, workbook, sheet_name, title, filters, columns, rows, currency):
        """Write one sheet: ``title``, the ``filters`` ``[(label, value)]``,
        then a header row of ``columns`` ``[(header, kind)]`` (kind: text,
        amount, percent, flag) and ``rows``. Returns the header row index."""
        bold = workbook.add_format({"bold": True})
        title_format = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
        )
        formats = {
            "amount": workbook.add_format(
                {"num_format": self._report_xlsx_currency_format(currency)}
            ),
            "percent": workbook.add_format({"num_format": "0.00"}),
            "text": None,
            "flag": None,
        }
        sheet = workbook.add_worksheet(sheet_name)
        sheet.write(0, 0, title, title_format)
        row_index = 1
        for label, value in filters:
            sheet.write(row_index, 0, label, bold)
            sheet.write(row_index, 1, value)
            row_index += 1
        header_row = row_index + 1
        for col, (_label, kind) in enumerate(columns):
            sheet.set_column(col, col, 36 if kind == "text" else 16)
        for col, (label, _kind) in enumerate(columns):
            sheet.write(header_row, col, label, header)
        sheet.freeze_panes(header_row + 1, 2)
        yes, no = _("Yes"), ""
        count = 0
        for count, cells in enumerate(rows, start=1):
            for col, value in enumerate(cells):
                kind = columns[col][1]
                if value is None:
                    continue
                if kind == "flag":
                    sheet.write_string(header_row + count, col, yes if value else no)
                elif isinstance(value, str):
                    sheet.write_string(header_row + count, col, value)
                else:
                    sheet.write_number(header_row + count, col, value, formats[kind])
        sheet.autofilter(header_row, 0, header_row + max(count, 1), len(columns) - 1)
        return header_row


class GroupBudgetAnalysisXlsx(models.AbstractModel):
    """The detailed variance report (预算明细差异分析报告, manual §六 4.1): every
    row of the matrix the analysis computed, with the filters used on top."""

    _name = "report.group_budget_report.analysis_xlsx"
    _inherit = "report.group_budget_report.xlsx_mixin"
    _description = "Variance analysis xlsx"

    def generate_xlsx_report(self, workbook, data, wizards):
        Analysis = self.env["group.budget.analysis"]
        for wizard in wizards:
            filters = wizard._prepare_filters()
            matrix = Analysis._compute_matrix(filters)
            Analysis._check_export_size(len(matrix.rows))
            self._write_matrix(workbook, matrix, filters, wizard.company_id.currency_id)

    def _write_matrix(self, workbook, matrix, filters, currency):
        """Three sheets for three audiences (manual §六 4.1), all drawn from
        the one matrix: executive summary, summary by centre, detail."""
        Analysis = self.env["group.budget.analysis"]
        headers = Analysis._matrix_headers(matrix.comparisons)
        columns = [(headers[key], kind) for key, kind in engine.table_columns(matrix.comparisons)]
        status = Analysis._matrix_status_labels()
        centre_label, item_label = Analysis._matrix_labels(matrix)
        described = Analysis._describe_filters(filters)
        sheets = (
            (_("Executive Summary"), _("Budget Execution Summary"), engine.executive_rows(matrix)),
            (_("Summary by Centre"), _("Summary Analysis by Centre"), engine.summary_rows(matrix)),
            (_("Variance Analysis"), _("Detailed Variance Report"), matrix.rows),
        )
        for sheet_name, title, rows in sheets:
            cells = (
                [status.get(cell, cell) if isinstance(cell, str) else cell for cell in row]
                for row in engine.table_rows(matrix, centre_label, item_label, rows)
            )
            self._write_table(workbook, sheet_name, title, described, columns, cells, currency)


class GroupBudgetLedgerXlsx(models.AbstractModel):
    """The budget ledger (台账, manual §五 4.4): by centre, item and month,
    the budget, actual and variance, and the same to date, with totals."""

    _name = "report.group_budget_report.ledger_xlsx"
    _inherit = "report.group_budget_report.xlsx_mixin"
    _description = "Budget ledger xlsx"

    LEDGER_FIELDS = (
        ("centre_id", "text"),
        ("item_id", "text"),
        ("date", "text"),
        ("budget", "amount"),
        ("actual", "amount"),
        ("variance", "amount"),
        ("ytd_budget", "amount"),
        ("ytd_actual", "amount"),
        ("ytd_variance", "amount"),
    )

    def _ledger_rows(self, ledger):
        """Rows of ``ledger`` ready to write, read in one query, and totals."""
        names = [name for name, _kind in self.LEDGER_FIELDS]
        totals = dict.fromkeys(("budget", "actual", "variance"), 0.0)
        for record in ledger.read(names):
            for key in totals:
                totals[key] += record[key]
            yield [
                record["centre_id"][1] if record["centre_id"] else "",
                record["item_id"][1] if record["item_id"] else "",
                record["date"].strftime("%Y-%m") if record["date"] else "",
                *(record[name] for name in names[3:]),
            ]
        yield [_("Total"), "", "", totals["budget"], totals["actual"], totals["variance"]]

    def generate_xlsx_report(self, workbook, data, ledger):
        self.env["group.budget.analysis"]._check_export_size(len(ledger))
        field_info = ledger.fields_get([name for name, _kind in self.LEDGER_FIELDS], ["string"])
        columns = [(field_info[name]["string"], kind) for name, kind in self.LEDGER_FIELDS]
        companies = ledger.company_id or self.env.company
        self._write_table(
            workbook,
            _("Budget Ledger"),
            _("Budget Ledger"),
            [
                (_("Company"), ", ".join(companies.mapped("name"))),
                (_("Rows"), str(len(ledger))),
            ],
            columns,
            self._ledger_rows(ledger.sorted(lambda r: (r.centre_id.id, r.item_id.id, r.month))),
            companies[:1].currency_id,
        )


class GroupBudgetBudgetXlsx(models.AbstractModel):
    """A centre's budget (预算方案) by item and month, and its roll-up with
    every descendant's (the same roll-up as the *Consolidated* screen)."""

    _name = "report.group_budget_report.budget_xlsx"
    _inherit = "report.group_budget_report.xlsx_mixin"
    _description = "Budget xlsx"

    def _month_columns(self):
        months = [(f"{month:02d}", "amount") for month in range(1, 13)]
        return [(_("Budget Item"), "text"), *months, (_("Total"), "amount")]

    def generate_xlsx_report(self, workbook, data, budgets):
        month_fields = [f"month_{month:02d}" for month in range(1, 13)]
        for budget in budgets:
            described = [
                (_("Centre"), budget.centre_id.display_name),
                (_("Budget Year"), budget.period_id.display_name),
                (
                    _("Status"),
                    dict(budget._fields["state"]._description_selection(self.env))[budget.state],
                ),
            ]
            own = [
                [line.item_id.display_name, *(line[name] for name in month_fields), line.total]
                for line in budget.line_ids
            ]
            rolled = [
                [item.display_name, *months, budget_rules.year_value(months, item.aggregation)]
                for item, months in budget._consolidated().items()
            ]
            currency = budget.company_id.currency_id
            name = budget.centre_id.code or budget.centre_id.name
            self._write_table(
                workbook,
                name,
                _("Budget of %s", budget.centre_id.display_name),
                described,
                self._month_columns(),
                own,
                currency,
            )
            self._write_table(
                workbook,
                _("%s Consolidated", name),
                _("Consolidated budget of %s", budget.centre_id.display_name),
                described,
                self._month_columns(),
                rolled,
                currency,
            )
