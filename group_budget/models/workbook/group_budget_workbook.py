import base64
import io
import zipfile
from collections import defaultdict
from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ...logic import budget_rules, workbook_rules
from ...logic.workbook_rules import BLANK, CellError
from ..mixins.group_budget_months_mixin import MONTH_FIELDS

try:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
except ImportError:  # pragma: no cover - an external dependency of the manifest
    openpyxl = None
try:
    import xlsxwriter
except ImportError:  # pragma: no cover
    xlsxwriter = None

#: The largest workbook imported, in megabytes, unless the system parameter
#: ``group_budget.workbook_max_mb`` says otherwise.
DEFAULT_MAX_MB = 20
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
FIRST_MONTH_COLUMN = 6  # F
TOTAL_COLUMN = FIRST_MONTH_COLUMN + 12  # R
#: Columns of each kind of sheet: (key, type, editable).
COLUMNS = {
    "budget": [
        ("code", "code", False),
        ("name", "text", False),
        ("part", "choice", True),
        ("method", "choice", True),
        ("unit", "text", False),
        *((name, "number", True) for name in MONTH_FIELDS),
        ("total", "total", True),
    ],
    "target": [
        ("code", "code", False),
        ("name", "text", False),
        ("unit", "text", False),
        ("issued_value", "number", True),
        ("estimate_value", "number", True),
    ],
    "indicator": [
        ("code", "code", False),
        ("name", "text", False),
        ("unit", "text", False),
        ("value", "number", True),
    ],
}
RED = "FFC7CE"


class GroupBudgetWorkbook(models.TransientModel):
    """Compile in Excel (manual §四 4, §三 5.5, §五): a template of one sheet
    per centre goes out, the filled workbook comes back in.

    An import is all or nothing: every cell is checked first (the rules in
    ``logic/workbook_rules.py``), and a workbook with any error saves
    nothing and lists each error by sheet and cell; otherwise what differs
    is written through the ORM, under the user's own rights, so that the
    same checks as the forms' apply."""

    _name = "group.budget.workbook"
    _description = "Budget Workbook"
    _inherit = ["group.budget.input.mixin"]

    kind = fields.Selection(
        [
            ("budget", "Budgets"),
            ("target", "Targets"),
            ("indicator", "Indicator Actuals"),
        ],
        required=True,
        default="budget",
    )
    period_id = fields.Many2one("group.budget.period", string="Budget Year", required=True)
    budget_id = fields.Many2one(
        "group.budget", help="Only this budget; all the year's drafts if empty."
    )
    month = fields.Selection(
        [
            ("1", "Jan"),
            ("2", "Feb"),
            ("3", "Mar"),
            ("4", "Apr"),
            ("5", "May"),
            ("6", "Jun"),
            ("7", "Jul"),
            ("8", "Aug"),
            ("9", "Sep"),
            ("10", "Oct"),
            ("11", "Nov"),
            ("12", "Dec"),
        ],
        default=lambda self: str(fields.Date.context_today(self).month),
        help="The month of the indicator actuals.",
    )
    file = fields.Binary(string="Workbook", attachment=False)
    file_name = fields.Char()
    template_file = fields.Binary(attachment=False, readonly=True)
    template_name = fields.Char(readonly=True)
    marked_file = fields.Binary(string="Marked Workbook", attachment=False, readonly=True)
    marked_name = fields.Char(readonly=True)
    state = fields.Selection(
        [("new", "New"), ("errors", "Errors"), ("done", "Imported")],
        default="new",
        readonly=True,
    )
    result = fields.Char(readonly=True)
    error_ids = fields.One2many("group.budget.workbook.error", "workbook_id", readonly=True)
    error_count = fields.Integer(compute="_compute_error_count")

    @api.depends("error_ids")
    def _compute_error_count(self):
        for wizard in self:
            wizard.error_count = len(wizard.error_ids)

    # ------------------------------------------------------------------
    # What the workbook holds
    # ------------------------------------------------------------------
    def _documents(self):
        """The documents of the template: the ones of the year the user may
        edit, in a state that is edited (drafts; targets also issued)."""
        self.ensure_one()
        if self.kind == "budget":
            if self.budget_id:
                budgets = self.budget_id
            else:
                budgets = self.env["group.budget"].search(
                    [("period_id", "=", self.period_id.id), ("state", "=", "draft")]
                )
            return budgets.filtered(lambda b: b.state == "draft")._filtered_access("write")
        if self.kind == "target":
            targets = self.env["group.budget.target"].search(
                [
                    ("period_id", "=", self.period_id.id),
                    ("state", "in", ("draft", "issued")),
                    ("locked", "=", False),
                ]
            )
            return targets._filtered_access("write")
        return self.env["group.budget.centre"].search(
            [("company_id", "=", self.period_id.company_id.id)]
        )

    def _indicator_items(self, company):
        """The items whose actuals are entered: non-financial items and
        ratios, without a formula."""
        items = self.env["group.budget.item"].search(
            [
                ("formula", "=", False),
                "|",
                ("company_id", "=", False),
                ("company_id", "=", company.id),
            ]
        )
        return items.filtered(self._entered)

    @staticmethod
    def _entered(item):
        """Whether the actuals of ``item`` are entered by hand."""
        return not item.formula and not (
            item.item_type == "financial" and item.aggregation == "sum"
        )

    def _sheets(self):
        """``[(centre, [(item, {column: value})])]`` of the template."""
        documents = self._documents()
        if not documents:
            raise UserError(self._nothing_message())
        result = []
        if self.kind in ("budget", "target"):
            # The lines' values at once, as plain values.
            model, parent, names = (
                ("group.budget.line", "budget_id", ["part", "method", *MONTH_FIELDS])
                if self.kind == "budget"
                else ("group.budget.target.line", "target_id", ["issued_value", "estimate_value"])
            )
            rows = defaultdict(list)
            lines = self.env[model].search_read(
                [(parent, "in", documents.ids)], [parent, "item_id", *names], load=None
            )
            items = self.env["group.budget.item"].browse({line["item_id"] for line in lines})
            item_of = {item.id: item for item in items}
            for line in lines:
                rows[line[parent]].append((item_of[line["item_id"]], line))
            for document in documents.sorted(lambda d: d.centre_id.code or ""):
                result.append((document.centre_id, rows[document.id]))
        else:
            items = self._indicator_items(self.period_id.company_id)
            when = date(self.period_id.year, int(self.month), 1)
            actuals = self.env["group.budget.indicator.actual"].search_fetch(
                [
                    ("period_id", "=", self.period_id.id),
                    ("date", "=", when),
                    ("centre_id", "in", documents.ids),
                ],
                ["centre_id", "item_id", "value"],
            )
            values = {(a.centre_id.id, a.item_id.id): a.value for a in actuals}
            for centre in documents.sorted(lambda c: c.code or ""):
                rows = [(item, {"value": values.get((centre.id, item.id))}) for item in items]
                result.append((centre, rows))
        return result

    def _nothing_message(self):
        if self.kind == "budget":
            return _(
                "No draft budget of %(year)s that you may edit: the template would be empty.",
                year=self.period_id.display_name,
            )
        if self.kind == "target":
            return _(
                "No draft or issued target of %(year)s that you may edit: the template "
                "would be empty.",
                year=self.period_id.display_name,
            )
        return _(
            "No responsibility centre of %(year)s whose indicator actuals you may enter.",
            year=self.period_id.display_name,
        )

    def _headers(self):
        labels = {
            "code": _("Item Code"),
            "name": _("Budget Item"),
            "part": _("Budget Part"),
            "method": _("Compilation Method"),
            "unit": _("Unit"),
            "total": _("Year Total"),
            "issued_value": _("Issued Target"),
            "estimate_value": _("Centre Estimate"),
            "value": _("Value"),
        }
        Line = self.env["group.budget.line"]
        for name in MONTH_FIELDS:
            labels[name] = Line._fields[name]._description_string(self.env)
        return [labels[key] for key, _type, _editable in COLUMNS[self.kind]]

    def _choices(self):
        """``{column: {label or key (upper case): key}}`` and the labels shown,
        of the budget's choice columns."""
        Line = self.env["group.budget.line"]
        result = {}
        for name in ("part", "method"):
            field = Line._fields[name]
            shown = field._description_selection(self.env)
            keys = {label.upper(): key for key, label in shown}
            keys.update({key.upper(): key for key, _label in shown})
            keys.update({label.upper(): key for key, label in field.selection})
            result[name] = (keys, dict(shown))
        return result

    # ------------------------------------------------------------------
    # The template
    # ------------------------------------------------------------------
    def action_download_template(self):
        self.ensure_one()
        data = self._template()
        kind = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        name = f"{kind} {self.period_id.year}"
        if self.kind == "indicator":
            name += f"-{int(self.month):02d}"
        if self.budget_id:
            name += f" {self.budget_id.centre_id.code}"
        self.write({"template_file": base64.b64encode(data), "template_name": f"{name}.xlsx"})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/template_file/"
            f"{self.template_name}?download=true",
            "target": "self",
        }

    def _template(self):
        """The workbook of :meth:`_sheets`: a protected sheet per centre, its
        editable cells unlocked, lists of the choices, the year total a
        formula."""
        self.ensure_one()
        sheets = self._sheets()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True})
        title = book.add_format({"bold": True, "font_size": 13})
        header = book.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
        )
        digits = self.period_id.company_id.currency_id.decimal_places or 2
        number_format = "#,##0." + "0" * digits if digits else "#,##0"
        editable = book.add_format(
            {"locked": False, "num_format": number_format, "bg_color": "#FFF9DB", "border": 1}
        )
        editable_text = book.add_format({"locked": False, "bg_color": "#FFF9DB", "border": 1})
        fixed = book.add_format({"num_format": number_format, "border": 1})
        fixed_text = book.add_format({"border": 1})
        columns = COLUMNS[self.kind]
        headers = self._headers()
        choices = self._choices() if self.kind == "budget" else {}
        kind_label = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        taken = []
        for centre, rows in sheets:
            name = workbook_rules.sheet_name(centre.code, taken)
            taken.append(name)
            sheet = book.add_worksheet(name)
            sheet.protect("", {"format_columns": True, "format_rows": True})
            sheet.write(0, 0, f"{kind_label} · {self.period_id.display_name}", title)
            sheet.write(1, 0, _("Responsibility Centre"), bold)
            sheet.write_string(1, 1, centre.code or "")
            sheet.write(1, 2, centre.display_name)
            sheet.write(2, 0, _("Budget Year"), bold)
            sheet.write_number(2, 1, self.period_id.year)
            if self.kind == "indicator":
                sheet.write(2, 2, _("Month"), bold)
                sheet.write_number(2, 3, int(self.month))
            header_row = workbook_rules.HEADER_ROW - 1
            sheet.write_row(header_row, 0, headers, header)
            sheet.set_column(0, 0, 12)
            sheet.set_column(1, 1, 28)
            sheet.set_column(2, len(columns) - 1, 14)
            sheet.freeze_panes(header_row + 1, 2)
            first = workbook_rules.FIRST_ROW - 1
            for index, (item, values) in enumerate(rows):
                row = first + index
                for column, (key, kind, can_edit) in enumerate(columns):
                    if key == "code":
                        sheet.write_string(row, column, item.code or "", fixed_text)
                    elif key == "name":
                        sheet.write_string(row, column, item.name or "", fixed_text)
                    elif key == "unit":
                        sheet.write_string(row, column, item.uom_label or "", fixed_text)
                    elif kind == "choice":
                        sheet.write_string(
                            row, column, choices[key][1].get(values[key], ""), editable_text
                        )
                    elif kind == "total":
                        sheet.write_formula(
                            row,
                            column,
                            self._total_formula(row + 1, item.aggregation),
                            editable,
                            budget_rules.year_value(
                                [values[m] for m in MONTH_FIELDS], item.aggregation or "sum"
                            ),
                        )
                    elif values.get(key) is None:
                        sheet.write_blank(row, column, None, editable)
                    else:
                        sheet.write_number(
                            row, column, values[key], editable if can_edit else fixed
                        )
            if rows:
                for key, (_keys, shown) in choices.items():
                    column = [c[0] for c in columns].index(key)
                    sheet.data_validation(
                        first,
                        column,
                        first + len(rows) - 1,
                        column,
                        {"validate": "list", "source": list(shown.values())},
                    )
        book.close()
        return output.getvalue()

    @staticmethod
    def _total_formula(row, aggregation):
        first = workbook_rules.cell_name(row, FIRST_MONTH_COLUMN)
        last = workbook_rules.cell_name(row, FIRST_MONTH_COLUMN + 11)
        if aggregation == "average":
            return f"=AVERAGE({first}:{last})"
        if aggregation == "last":
            return f"={last}"
        return f"=SUM({first}:{last})"

    # ------------------------------------------------------------------
    # The import
    # ------------------------------------------------------------------
    def _max_bytes(self):
        value = self.env["ir.config_parameter"].sudo().get_param("group_budget.workbook_max_mb")
        try:
            megabytes = float(value) if value else DEFAULT_MAX_MB
        except ValueError:
            megabytes = DEFAULT_MAX_MB
        return int(megabytes * 1024 * 1024), megabytes

    def _load(self, data, read_only=True):
        """The workbook of ``data``; refused with a clear message when it is
        too large, protected by a password or no workbook at all."""
        limit, megabytes = self._max_bytes()
        if len(data) > limit:
            raise UserError(
                _(
                    "The file is too large: %(size)s MB, at most %(limit)s MB are imported. "
                    "Split the workbook, or ask an administrator to raise the limit.",
                    size=round(len(data) / 1024 / 1024, 1),
                    limit=megabytes,
                )
            )
        if data.startswith(OLE_MAGIC):
            if ENCRYPTED_PACKAGE in data:
                raise UserError(
                    _(
                        "The workbook is protected by a password: save it without one "
                        "(File → Info → Protect Workbook) and import it again."
                    )
                )
            raise UserError(
                _(
                    "The file is an old Excel workbook (.xls): save it as an Excel "
                    "workbook (.xlsx) and import it again."
                )
            )
        not_a_workbook = UserError(
            _("The file is not an Excel workbook (.xlsx): download the template and fill it in.")
        )
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise not_a_workbook
        try:
            return openpyxl.load_workbook(io.BytesIO(data), read_only=read_only, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise not_a_workbook from exc

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(_("Choose the workbook to import."))
        data = base64.b64decode(self.file)
        book = self._load(data)
        try:
            sheets = self._read(book)
        finally:
            book.close()
        errors, plan = self._check(sheets)
        self.error_ids.unlink()
        if not errors:
            errors = self._apply(plan)
        if errors:
            errors = workbook_rules.sort_errors(errors)
            self._store_errors(errors, data)
        else:
            count = plan["count"]
            self.write(
                {
                    "state": "done",
                    "marked_file": False,
                    "marked_name": False,
                    "result": _(
                        "%(count)s values changed on %(sheets)s sheets.",
                        count=count,
                        sheets=plan["sheets"],
                    )
                    if count
                    else _("Nothing changed: the workbook holds the values already saved."),
                }
            )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Compile in Excel"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _read(self, book):
        """``[(sheet name, head {cell: value}, [(row, [values])])]``, row by
        row; blank rows are skipped."""
        sheets = []
        width = len(COLUMNS[self.kind])
        head_cells = {
            workbook_rules.CENTRE_CELL,
            workbook_rules.YEAR_CELL,
            workbook_rules.MONTH_CELL,
        }
        for sheet in book.worksheets:
            head, rows = {}, []
            for number, values in enumerate(
                sheet.iter_rows(max_col=width, values_only=True), start=1
            ):
                if number < workbook_rules.FIRST_ROW:
                    for cell in head_cells:
                        if cell[0] == number and len(values) >= cell[1]:
                            head[cell] = values[cell[1] - 1]
                    continue
                values = list(values) + [None] * (width - len(values))
                if all(workbook_rules.is_blank(value) for value in values):
                    continue
                rows.append((number, values))
            sheets.append((sheet.title, head, rows))
        return sheets

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _check(self, sheets):
        """Every error of the workbook, and the plan of what it changes."""
        period = self.period_id
        company = period.company_id
        errors = []
        codes = {
            workbook_rules.parse_code(head.get(workbook_rules.CENTRE_CELL))
            for _name, head, _rows in sheets
        } - {None}
        Centre = self.env["group.budget.centre"].sudo().with_context(active_test=False)
        centres = {
            centre.code.strip().upper(): centre
            for centre in Centre.search([("company_id", "=", company.id)])
            if centre.code and centre.code.strip().upper() in codes
        }
        item_codes = {
            workbook_rules.parse_code(values[0])
            for _name, _head, rows in sheets
            for _row, values in rows
        } - {None}
        items = defaultdict(list)
        Item = self.env["group.budget.item"].sudo().with_context(active_test=False)
        for item in Item.search([]):
            code = (item.code or "").strip().upper()
            if code in item_codes:
                items[code].append(item)
        context = self._kind_context([c for c in centres.values()])
        plan = {"updates": [], "creates": [], "count": 0, "sheets": 0}
        seen_centres = {}
        if not sheets:
            raise UserError(_("The workbook holds no sheet."))
        for name, head, rows in sheets:
            error = self._error_factory(errors, name)
            code = workbook_rules.parse_code(head.get(workbook_rules.CENTRE_CELL))
            centre = centres.get(code)
            if centre is None:
                error(
                    workbook_rules.CENTRE_CELL,
                    "unknown_centre" if code else "no_centre",
                    centre=code,
                )
                continue
            if code in seen_centres:
                error(
                    workbook_rules.CENTRE_CELL,
                    "duplicate_centre",
                    centre=centre,
                    other=seen_centres[code],
                )
                continue
            seen_centres[code] = name
            year = workbook_rules.parse_year(head.get(workbook_rules.YEAR_CELL))
            if year != period.year:
                error(
                    workbook_rules.YEAR_CELL,
                    "wrong_year",
                    centre=centre,
                    year=head.get(workbook_rules.YEAR_CELL),
                )
                continue
            changes_before = len(plan["updates"]) + len(plan["creates"])
            self._check_sheet(context, centre, head, rows, items, error, plan)
            if len(plan["updates"]) + len(plan["creates"]) > changes_before:
                plan["sheets"] += 1
        return errors, plan

    def _error_factory(self, errors, sheet):
        def error(cell, kind, row_item=None, **params):
            errors.append(CellError(sheet, cell[0], cell[1], kind, dict(params, item=row_item)))

        return error

    def _kind_context(self, centres):
        """What the checks of the centres' sheets read, in a few queries."""
        period = self.period_id
        centre_ids = [c.id for c in centres]
        context = {"centres": centres, "choices": self._choices() if self.kind == "budget" else {}}
        if self.kind in ("budget", "target"):
            Model = self.env["group.budget" if self.kind == "budget" else "group.budget.target"]
            documents = Model.sudo().search(
                [("period_id", "=", period.id), ("centre_id", "in", centre_ids)]
            )
            writable = documents.with_env(self.env)._filtered_access("write")
            context["documents"] = {doc.centre_id.id: doc for doc in documents}
            context["writable"] = set(writable.ids)
            # The lines' values, read at once as plain values.
            Line = documents.line_ids.browse()
            names = (
                [*MONTH_FIELDS, "part", "method"]
                if self.kind == "budget"
                else ["issued_value", "estimate_value"]
            )
            parent = self._line_parent()
            context["lines"] = {
                (row[parent], row["item_id"]): (Line.browse(row["id"]), row)
                for row in Line.search_read(
                    [(parent, "in", documents.ids)], [parent, "item_id", *names], load=None
                )
            }
        else:
            readable = self.env["group.budget.centre"].browse(centre_ids)._filtered_access("read")
            context["writable"] = set(readable.ids)
            actuals = (
                self.env["group.budget.indicator.actual"]
                .sudo()
                .search([("period_id", "=", period.id), ("centre_id", "in", centre_ids)])
            )
            context["actuals"] = {(a.centre_id.id, a.item_id.id, a.date): a for a in actuals}
            context["locked"] = {a.date for a in actuals.filtered("locked")} | {
                a.date
                for a in self.env["group.budget.indicator.actual"]
                .sudo()
                .search_fetch([("period_id", "=", period.id), ("locked", "=", True)], ["date"])
            }
        return context

    def _line_parent(self):
        return "budget_id" if self.kind == "budget" else "target_id"

    def _resolve_item(self, code, candidates, centre):
        """``(item, problem)`` of the item code ``code`` on a sheet of ``centre``."""
        if not code:
            return None, "no_item"
        if not candidates:
            return None, "unknown_item"
        own = [i for i in candidates if not i.company_id or i.company_id == centre.company_id]
        if not own:
            return candidates[0], "foreign_item"
        item = own[0]
        if not item.active:
            return item, "inactive_item"
        return item, None

    def _check_sheet(self, context, centre, head, rows, items, error, plan):
        """Check a sheet of ``centre``; add what it changes to ``plan``."""
        sheet = self._sheet_document(context, centre, head, error)
        if sheet is None:
            return
        sheet.update(
            context=context,
            centre=centre,
            error=error,
            digits=self.period_id.company_id.currency_id.decimal_places or 2,
            choices=context["choices"],
            is_office=self.env.user.has_group("group_budget.group_budget_office"),
            updates=[],
            creates=[],
        )
        seen = {}
        for number, values in rows:
            code = workbook_rules.parse_code(values[0])
            item, problem = self._resolve_item(code, items.get(code, []), centre)
            if not problem and item.id in seen:
                problem = "duplicate_item"
            if not problem and self.kind == "indicator" and not self._entered(item):
                problem = "not_indicator"
            if problem:
                error(
                    (number, 1),
                    problem,
                    row_item=item,
                    centre=centre,
                    code=code or "",
                    row=seen.get(item.id) if item else None,
                )
                continue
            seen[item.id] = number
            new = self._parse_row(sheet, number, values, item)
            if new is None:
                continue
            getattr(self, f"_plan_{self.kind}_row")(sheet, number, item, new)
        if (sheet["updates"] or sheet["creates"]) and self._sheet_allowed(sheet):
            plan["updates"].extend(sheet["updates"])
            plan["creates"].extend(sheet["creates"])
            plan["count"] += sum(len(vals) for _record, vals in sheet["updates"]) + sum(
                count for _model, _vals, count in sheet["creates"]
            )

    def _sheet_document(self, context, centre, head, error):
        """``{"document": …, "when": …}`` of a sheet, or None (an error) when
        the sheet names no document to import into."""
        if self.kind == "indicator":
            month = workbook_rules.parse_year(head.get(workbook_rules.MONTH_CELL))
            if not month or not 1 <= month <= 12:
                error(
                    workbook_rules.MONTH_CELL,
                    "wrong_month",
                    centre=centre,
                    month=head.get(workbook_rules.MONTH_CELL),
                )
                return None
            return {"document": None, "when": date(self.period_id.year, month, 1)}
        document = context["documents"].get(centre.id)
        if document is None:
            error(workbook_rules.CENTRE_CELL, "no_document", centre=centre)
            return None
        if self.kind == "budget" and self.budget_id and document != self.budget_id:
            error(workbook_rules.CENTRE_CELL, "other_budget", centre=centre)
            return None
        return {"document": document, "when": None}

    def _sheet_allowed(self, sheet):
        """Whether the user may change the sheet's document (an error if not):
        allowed to edit it, and the document in a state that is edited. A
        centre the user may not edit is named by the code the sheet gives,
        not by a name the user may not read."""
        error, centre, document = sheet["error"], sheet["centre"], sheet["document"]
        if self.kind == "indicator":
            if centre.id not in sheet["context"]["writable"]:
                error(workbook_rules.CENTRE_CELL, "not_allowed", centre=centre.code)
                return False
            if sheet["when"] in sheet["context"]["locked"]:
                error(workbook_rules.MONTH_CELL, "month_locked", centre=centre, month=sheet["when"])
                return False
            return True
        if document.id not in sheet["context"]["writable"]:
            error(workbook_rules.CENTRE_CELL, "not_allowed", centre=centre.code)
            return False
        editable = (
            document.state == "draft"
            if self.kind == "budget"
            else document.state in ("draft", "issued") and not document.locked
        )
        if not editable:
            error(workbook_rules.CENTRE_CELL, "not_draft", centre=centre, document=document)
        return editable

    def _parse_row(self, sheet, number, values, item):
        """``{column: value or BLANK}`` of a row's editable cells (the year
        total under ``total``), or None when a cell is wrong (an error)."""
        new = {"total": BLANK}
        bad = False
        for column, (key, kind, editable) in enumerate(COLUMNS[self.kind], start=1):
            if not editable:
                continue
            problem, params, value = None, {}, values[column - 1]
            if kind == "choice":
                keys, shown = sheet["choices"][key]
                new[key] = (
                    BLANK
                    if workbook_rules.is_blank(value)
                    else keys.get(str(value).strip().upper())
                )
                if new[key] is None:
                    problem, params = "bad_choice", {"allowed": ", ".join(shown.values())}
            elif workbook_rules.is_formula(value):
                if kind != "total":
                    problem = "formula"
            else:
                new[key], problem = workbook_rules.parse_number(
                    value, allow_negative=item.allow_negative or kind == "total"
                )
            if problem:
                sheet["error"](
                    (number, column),
                    problem,
                    row_item=item,
                    centre=sheet["centre"],
                    value=value,
                    **params,
                )
                bad = True
        return None if bad else new

    def _plan_budget_row(self, sheet, number, item, new):
        budget, digits = sheet["document"], sheet["digits"]
        line, values = sheet["context"]["lines"].get((budget.id, item.id), (None, {}))
        old = {name: values.get(name, 0.0) for name in MONTH_FIELDS}
        months = workbook_rules.merge(
            [old[name] for name in MONTH_FIELDS], [new[name] for name in MONTH_FIELDS]
        )
        total = new["total"]
        expected = workbook_rules.total_problem(months, total, item.aggregation or "sum", digits)
        if expected is not None:
            sheet["error"](
                (number, TOTAL_COLUMN),
                "total_mismatch",
                row_item=item,
                centre=sheet["centre"],
                total=total,
                expected=expected,
            )
            return
        vals = workbook_rules.changes(old, {name: new[name] for name in MONTH_FIELDS}, digits)
        for key in ("part", "method"):
            if new[key] is not BLANK and new[key] != values.get(key):
                vals[key] = new[key]
        if not vals:
            return
        if line:
            sheet["updates"].append((line, vals))
        else:
            sheet["creates"].append(
                ("group.budget.line", dict(vals, budget_id=budget.id, item_id=item.id), len(vals))
            )

    def _plan_target_row(self, sheet, number, item, new):
        target, centre, error = sheet["document"], sheet["centre"], sheet["error"]
        line, values = sheet["context"]["lines"].get((target.id, item.id), (None, {}))
        old = {key: values.get(key, 0.0) for key in ("issued_value", "estimate_value")}
        vals = workbook_rules.changes(old, {key: new[key] for key in old}, sheet["digits"])
        if "issued_value" in vals:
            cell = (number, 4)
            if not sheet["is_office"]:
                error(cell, "office_only", row_item=item, centre=centre)
                return
            if target.state != "draft":
                error(cell, "issued_not_draft", row_item=item, centre=centre, document=target)
                return
        if not vals:
            return
        if line:
            sheet["updates"].append((line, vals))
        elif not sheet["is_office"]:
            error((number, 1), "office_only", row_item=item, centre=centre)
        else:
            sheet["creates"].append(
                (
                    "group.budget.target.line",
                    dict(vals, target_id=target.id, item_id=item.id),
                    len(vals),
                )
            )

    def _plan_indicator_row(self, sheet, number, item, new):
        value = new["value"]
        if value is BLANK:
            return
        centre, when = sheet["centre"], sheet["when"]
        record = sheet["context"]["actuals"].get((centre.id, item.id, when))
        if record is None:
            vals = {
                "period_id": self.period_id.id,
                "centre_id": centre.id,
                "item_id": item.id,
                "date": when,
                "value": value,
            }
            sheet["creates"].append(("group.budget.indicator.actual", vals, 1))
        elif workbook_rules.changes({"value": record.value}, {"value": value}, 4):
            sheet["updates"].append((record, {"value": value}))

    # ------------------------------------------------------------------
    # Writes
    # ------------------------------------------------------------------
    def _apply(self, plan):
        """Write the plan through the ORM, under the user's own rights: all or
        nothing. Returns the errors the server's own checks raised (nothing
        is then saved)."""
        try:
            with self.env.cr.savepoint():
                # One write per set of equal changes: the records of each
                # model that take the same values are written together.
                groups = defaultdict(list)
                for record, vals in plan["updates"]:
                    groups[record._name, tuple(sorted(vals.items()))].append(record.id)
                # Records prefetched together: their fields are read at once.
                prefetch = defaultdict(list)
                for (model, _vals), ids in groups.items():
                    prefetch[model].extend(ids)
                for (model, vals), ids in groups.items():
                    records = self.env[model].browse(ids).with_prefetch(prefetch[model])
                    records.write(dict(vals))
                by_model = defaultdict(list)
                for model, vals, _count in plan["creates"]:
                    by_model[model].append(vals)
                for model, vals_list in by_model.items():
                    self.env[model].create(vals_list)
                self.env.flush_all()
        except (UserError, ValidationError, AccessError) as exc:
            self.env.invalidate_all()
            return [CellError("", 0, 0, "server", {"message": str(exc), "item": None})]
        return []

    def _store_errors(self, errors, data):
        Error = self.env["group.budget.workbook.error"]
        vals_list = []
        for sequence, error in enumerate(errors):
            params = error.params
            centre = params.get("centre")
            item = params.get("item")
            vals_list.append(
                {
                    "workbook_id": self.id,
                    "sequence": sequence,
                    "sheet": error.sheet,
                    "cell": workbook_rules.cell_name(error.row, error.column) if error.row else "",
                    "centre": centre.display_name if hasattr(centre, "display_name") else centre,
                    "item": item.display_name if item else params.get("code") or "",
                    "message": self._error_message(error),
                }
            )
        Error.create(vals_list)
        self.write(
            {
                "state": "errors",
                "result": _(
                    "%(count)s errors: nothing was imported. Correct the cells listed and "
                    "import the workbook again.",
                    count=len(errors),
                ),
                "marked_file": base64.b64encode(self._marked(data, errors, vals_list)),
                "marked_name": _("Errors - %(name)s", name=self.file_name or "workbook.xlsx"),
            }
        )

    def _marked(self, data, errors, vals_list):
        """The workbook imported, its bad cells filled in red and commented."""
        book = self._load(data, read_only=False)
        fill = PatternFill(start_color=RED, end_color=RED, fill_type="solid")
        for error, vals in zip(errors, vals_list, strict=True):
            if not error.row or error.sheet not in book.sheetnames:
                continue
            cell = book[error.sheet].cell(row=error.row, column=error.column)
            cell.fill = fill
            text = vals["message"]
            if cell.comment:
                text = f"{cell.comment.text}\n{text}"
            cell.comment = Comment(text, "Odoo")
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    def _error_message(self, error):
        """What is wrong, in the user's language."""
        params = dict(error.params)
        for key in ("centre", "document"):
            if hasattr(params.get(key), "display_name"):
                params[key] = params[key].display_name
        if params.get("item") is not None:
            params["item"] = params["item"].display_name
        if isinstance(params.get("month"), date):
            params["month"] = params["month"].strftime("%Y-%m")
        for key in ("total", "expected"):
            if isinstance(params.get(key), float):
                params[key] = f"{params[key]:,.2f}"
        messages = {
            "server": lambda: self.env._("Nothing was saved: %(message)s", **params),
            "no_centre": lambda: self.env._(
                "The sheet names no responsibility centre: its code belongs in this cell."
            ),
            "unknown_centre": lambda: self.env._(
                "The responsibility centre %(centre)s is not one of %(company)s.",
                company=self.period_id.company_id.name,
                **params,
            ),
            "duplicate_centre": lambda: self.env._(
                "The responsibility centre %(centre)s also has the sheet %(other)s.", **params
            ),
            "wrong_year": lambda: self.env._(
                "The sheet is of the year %(year)s, not of the budget year %(period)s.",
                period=self.period_id.display_name,
                **params,
            ),
            "wrong_month": lambda: self.env._(
                "%(month)s is no month: enter a month from 1 to 12.", **params
            ),
            "no_document": lambda: self.env._(
                "%(centre)s has no %(document)s in %(period)s.",
                document=dict(self._fields["kind"]._description_selection(self.env))[
                    self.kind
                ].lower(),
                period=self.period_id.display_name,
                **params,
            ),
            "other_budget": lambda: self.env._(
                "The sheet is of %(centre)s, not of the budget %(budget)s being imported.",
                budget=self.budget_id.display_name,
                **params,
            ),
            "not_allowed": lambda: self.env._(
                "You may not edit the figures of %(centre)s.", **params
            ),
            "not_draft": lambda: self.env._(
                "%(document)s is no longer in draft: it cannot be changed.", **params
            ),
            "month_locked": lambda: self.env._(
                "The month %(month)s is locked: its indicator actuals can no longer be changed.",
                **params,
            ),
            "no_item": lambda: self.env._("The row has no item code."),
            "unknown_item": lambda: self.env._("No budget item has the code %(code)s.", **params),
            "inactive_item": lambda: self.env._("The budget item %(item)s is archived.", **params),
            "foreign_item": lambda: self.env._(
                "The budget item %(item)s belongs to another company than %(centre)s.", **params
            ),
            "duplicate_item": lambda: self.env._(
                "The budget item %(item)s is already on row %(row)s.", **params
            ),
            "not_indicator": lambda: self.env._(
                "The actuals of %(item)s are not entered: they come from posted accounting "
                "or from its formula.",
                **params,
            ),
            "bad_choice": lambda: self.env._(
                "%(value)s is not one of the choices: %(allowed)s.", **params
            ),
            "formula": lambda: self.env._("%(value)s is a formula: enter its value.", **params),
            workbook_rules.NOT_A_NUMBER: lambda: self.env._(
                "%(value)s is not a number: enter an amount or a value.", **params
            ),
            workbook_rules.OUT_OF_RANGE: lambda: self.env._(
                "%(value)s is out of bounds: amounts and values lie between "
                "-1,000,000,000,000,000 and 1,000,000,000,000,000.",
                **params,
            ),
            workbook_rules.NEGATIVE: lambda: self.env._(
                "%(value)s is negative: %(item)s does not allow negative values.", **params
            ),
            "total_mismatch": lambda: self.env._(
                "The year total %(total)s does not match the months, which give %(expected)s.",
                **params,
            ),
            "office_only": lambda: self.env._(
                "Only the Budget Office sets the issued targets of %(item)s.", **params
            ),
            "issued_not_draft": lambda: self.env._(
                "%(document)s is issued: its issued targets can no longer be changed.", **params
            ),
        }
        return messages[error.code]()
