from odoo import _, models
from odoo.tools import SQL

from odoo.addons.group_budget.logic import budget_rules

from ..logic import matrix as engine
from ..logic import sheets


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

    def _check_export_size(self, rows):
        """Refuse an export of more rows than the suite's limit."""
        self.env["group.budget.analysis"]._check_export_size(rows)

    def _field_columns(self, model, field_kinds):
        """``[(header, kind)]`` of ``field_kinds`` ``[(field name, kind)]``:
        the fields' labels in the reader's language."""
        info = model.fields_get([name for name, _kind in field_kinds], ["string"])
        return [(info[name]["string"], kind) for name, kind in field_kinds]

    def _field_cells(self, model, records, field_kinds, convert=None):
        """One row of cells per record of ``records`` (dicts from ``read``):
        selections as their labels, many-to-ones as their names, empty text
        as ``""``; ``convert`` maps a field name to a function of its value
        for the fields that need more."""
        convert = dict(convert or {})
        for name, _kind in field_kinds:
            if name not in convert and model._fields[name].type == "selection":
                labels = dict(model._fields[name]._description_selection(self.env))
                convert[name] = lambda value, labels=labels: labels.get(value, "") if value else ""
        rows = []
        for record in records:
            cells = []
            for name, kind in field_kinds:
                value = record[name]
                if name in convert:
                    value = convert[name](value)
                elif isinstance(value, tuple):  # many2one: (id, name)
                    value = value[1]
                elif kind == "text":
                    value = value or ""
                cells.append(value)
            rows.append(cells)
        return rows

    def _sheet_names(self, workbook, labels):
        """Valid, distinct sheet names for ``labels`` (≤ 31 characters, none
        of ``[]:*?/\\``), distinct from the workbook's sheets too."""
        taken = [sheet.get_name() for sheet in workbook.worksheets()]
        return sheets.unique_sheet_names(labels, taken=taken, fallback=_("Sheet"))

    def _write_table(self, workbook, sheet_name, title, filters, columns, rows, currency):
        """Write one sheet: ``title``, the ``filters`` ``[(label, value)]``,
        then a header row of ``columns`` ``[(header, kind)]`` (kind: text,
        amount, percent, number, integer, date, flag) and ``rows``. Returns
        the header row index."""
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
            "number": workbook.add_format({"num_format": "0.0000"}),
            "integer": workbook.add_format({"num_format": "0"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "text": None,
            "flag": None,
        }
        sheet = workbook.add_worksheet(self._sheet_names(workbook, [sheet_name])[0])
        sheet.write(0, 0, title, title_format)
        row_index = 1
        for label, value in filters:
            sheet.write(row_index, 0, label, bold)
            sheet.write(row_index, 1, value)
            row_index += 1
        header_row = row_index + 1
        widths = {"text": 36, "date": 12, "integer": 8, "flag": 10}
        for col, (_label, kind) in enumerate(columns):
            sheet.set_column(col, col, widths.get(kind, 16))
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
                elif value is False:  # an empty field as read
                    continue
                elif kind == "date":
                    sheet.write_datetime(header_row + count, col, value, formats[kind])
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
            self._check_export_size(len(matrix.rows))
            self._write_matrix(
                workbook,
                matrix,
                filters,
                wizard.company_id.currency_id,
                sheet_per_centre=wizard.sheet_per_centre,
            )

    def _write_matrix(self, workbook, matrix, filters, currency, sheet_per_centre=False):
        """Three sheets for three audiences (manual §六 4.1), all drawn from
        the one matrix: executive summary, summary by centre, detail. With
        ``sheet_per_centre``, the detail is one sheet per centre, each with
        the centre's rows of the same matrix."""
        Analysis = self.env["group.budget.analysis"]
        headers = Analysis._matrix_headers(matrix.comparisons)
        columns = [(headers[key], kind) for key, kind in engine.table_columns(matrix.comparisons)]
        status = Analysis._matrix_status_labels()
        centre_label, item_label = Analysis._matrix_labels(matrix)
        described = Analysis._describe_filters(filters)
        tables = [
            (_("Executive Summary"), _("Budget Execution Summary"), engine.executive_rows(matrix)),
            (_("Summary by Centre"), _("Summary Analysis by Centre"), engine.summary_rows(matrix)),
        ]
        if sheet_per_centre:
            by_centre = sheets.split_by(matrix.rows, lambda row: row.centre_id)
            names = [centre_label(centre_id, 0) for centre_id, _rows in by_centre]
            taken = [name for name, _title, _rows in tables]
            unique = sheets.unique_sheet_names(names, taken=taken, fallback=_("Centre"))
            for name, label, (_centre_id, rows) in zip(unique, names, by_centre, strict=True):
                tables.append((name, _("Detailed Variance Report: %s", label), rows))
        else:
            tables.append((_("Variance Analysis"), _("Detailed Variance Report"), matrix.rows))
        for sheet_name, title, rows in tables:
            cells = (
                [status.get(cell, cell) if isinstance(cell, str) else cell for cell in row]
                for row in engine.table_rows(matrix, centre_label, item_label, rows)
            )
            self._write_table(workbook, sheet_name, title, described, columns, cells, currency)


class GroupBudgetLedgerXlsx(models.AbstractModel):
    """The budget ledger (台账, manual §五 4.4): by centre, item and month,
    the budget, actual and variance, and the same to date, with totals.

    ``data`` may carry ``sheet_per_centre`` (each centre's rows and total on
    a sheet of its own) and ``filters`` (``[(label, value)]`` printed on top,
    e.g. the analysis filters the rows were searched with)."""

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
        ("committed", "amount"),
        ("ytd_committed", "amount"),
        ("available", "amount"),
    )
    # Read after the columns written: the row's id, budget year and company.
    LEDGER_EXTRA_FIELDS = ("id", "period_id", "company_id")

    def _ledger_position(self, name):
        """Where the value of field ``name`` is in a row of
        :meth:`_ledger_records`."""
        names = [field for field, _kind in self.LEDGER_FIELDS] + list(self.LEDGER_EXTRA_FIELDS)
        return names.index(name)

    def _ledger_records(self, ledger):
        """The rows of ``ledger`` by centre, item and month: tuples of the
        values of :attr:`LEDGER_FIELDS` then :attr:`LEDGER_EXTRA_FIELDS`
        (ids for the many-to-ones, dates, floats).

        One query over the ledger's view, with the user's record rules:
        whatever the number of rows, the view is computed once (a recordset's
        fields are fetched 1,000 rows at a time, and each batch would compute
        the whole view again). As reading them would, it refuses
        (``AccessError``) rows the user may not read."""
        if not ledger:
            return []
        wanted = set(ledger.ids)
        query = ledger._search([("id", "in", list(wanted))])
        table = query.table
        query.order = SQL(", ").join(
            SQL.identifier(table, name) for name in ("centre_id", "item_id", "date", "id")
        )
        kinds = dict(self.LEDGER_FIELDS)
        names = [name for name, _kind in self.LEDGER_FIELDS] + list(self.LEDGER_EXTRA_FIELDS)
        columns = [
            # Amounts as float8: psycopg2 makes floats of them, not Python.
            SQL("%s::float8", column) if kinds.get(name) == "amount" else column
            for name, column in ((name, ledger._field_to_sql(table, name, query)) for name in names)
        ]
        records = self.env.execute_query(query.select(*columns))
        if len(records) != len(wanted):
            position = self._ledger_position("id")
            missing = ledger.browse(wanted - {record[position] for record in records})
            forbidden = missing.exists()
            if forbidden:
                raise self.env["ir.rule"]._make_access_error("read", forbidden)
        return records

    def _ledger_names(self, records):
        """``{model: {id: display name}}`` of the centres, items and budget
        years of ``records``, read once for every row (as ``read`` names
        many-to-ones: whoever reads the row reads the name)."""
        result = {}
        for name in ("centre_id", "item_id", "period_id"):
            position = self._ledger_position(name)
            model = self.env[self.env["group.budget.ledger"]._fields[name].comodel_name]
            records_of = model.sudo().browse({r[position] for r in records if r[position]})
            result[model._name] = {record.id: record.display_name for record in records_of}
        return result

    def _ledger_rows(self, records, names):
        """Cells of ``records`` ready to write, then their total."""
        centres, items = names["group.budget.centre"], names["group.budget.item"]
        months = {}
        width = len(self.LEDGER_FIELDS)
        committed_at = self._ledger_position("committed")
        total_budget = total_actual = total_variance = total_committed = 0.0
        for record in records:
            centre_id, item_id, date, budget, actual, variance = record[:6]
            total_budget += budget or 0.0
            total_actual += actual or 0.0
            total_variance += variance or 0.0
            total_committed += record[committed_at] or 0.0
            month = months.get(date)
            if month is None:
                month = months[date] = date.strftime("%Y-%m") if date else ""
            yield [
                centres.get(centre_id, ""),
                items.get(item_id, ""),
                month,
                *record[3:width],
            ]
        # The months' figures add up; those to date do not.
        total = [_("Total"), "", "", total_budget, total_actual, total_variance]
        total += [None] * (committed_at - len(total)) + [total_committed]
        yield total

    def _ledger_companies(self, records):
        """The companies of ``records``, in the order of their rows."""
        position = self._ledger_position("company_id")
        return self.env["res.company"].browse(
            dict.fromkeys(r[position] for r in records if r[position])
        )

    def _describe_selection(self, records, names):
        """What was exported, printed on top when no filters are given."""
        companies = self._ledger_companies(records) or self.env.company
        period = self._ledger_position("period_id")
        periods = names["group.budget.period"]
        centre, date = self._ledger_position("centre_id"), self._ledger_position("date")
        years = sorted({periods[r[period]] for r in records if r[period]})
        dates = {r[date] for r in records if r[date]}
        return [
            (_("Company"), ", ".join(companies.mapped("name"))),
            (_("Budget Year"), ", ".join(years)),
            (
                _("Months"),
                "{} – {}".format(min(dates).strftime("%Y-%m"), max(dates).strftime("%Y-%m"))
                if dates
                else "",
            ),
            (_("Centres"), str(len({r[centre] for r in records}))),
            (_("Rows"), str(len(records))),
        ]

    def generate_xlsx_report(self, workbook, data, ledger):
        self._check_export_size(len(ledger))
        options = data or {}
        field_info = ledger.fields_get([name for name, _kind in self.LEDGER_FIELDS], ["string"])
        columns = [(field_info[name]["string"], kind) for name, kind in self.LEDGER_FIELDS]
        records = self._ledger_records(ledger)
        names = self._ledger_names(records)
        companies = self._ledger_companies(records) or self.env.company
        currency = companies[:1].currency_id
        described = [tuple(used) for used in options.get("filters") or ()]
        described = described or self._describe_selection(records, names)
        if not options.get("sheet_per_centre"):
            self._write_table(
                workbook,
                _("Budget Ledger"),
                _("Budget Ledger"),
                described,
                columns,
                self._ledger_rows(records, names),
                currency,
            )
            return
        # One sheet per centre, from the rows read once.
        centres = names["group.budget.centre"]
        position = self._ledger_position("centre_id")
        by_centre = sheets.split_by(records, lambda r: r[position])
        labels = [centres.get(centre_id, "") for centre_id, _rows in by_centre]
        sheet_names = self._sheet_names(workbook, labels)
        for name, label, (_centre, rows) in zip(sheet_names, labels, by_centre, strict=True):
            self._write_table(
                workbook,
                name,
                _("Budget Ledger: %s", label),
                described,
                columns,
                self._ledger_rows(rows, names),
                currency,
            )


class GroupBudgetLedgerCentreXlsx(models.AbstractModel):
    """The budget ledger with one sheet per centre, from the print menu."""

    _name = "report.group_budget_report.ledger_centre_xlsx"
    _inherit = "report.group_budget_report.ledger_xlsx"
    _description = "Budget ledger xlsx, one sheet per centre"

    def generate_xlsx_report(self, workbook, data, ledger):
        return super().generate_xlsx_report(
            workbook, dict(data or {}, sheet_per_centre=True), ledger
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
