"""The xlsx exports added to the analysis (issue 14): the arbitration register,
one sheet per centre for the ledger and the detailed variance report, the
ledger of the analysis filters, and the export limit on each of them."""

import datetime
import io
import re
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.group_budget.tests.common import GroupBudgetCase

from ..models import group_budget_analysis
from .test_analysis import AnalysisCase

INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")


class XlsxMixin:
    def _xlsx(self, report, docids, data=None, user=None):
        Report = self.env["ir.actions.report"]
        if user:  # as the web client calls it: in the user's language
            Report = Report.with_user(user).with_context(lang=user.lang)
        content, kind = Report._render_xlsx(report, docids, data=data)
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def _header_row(sheet, *first):
        """The row starting with the headers ``first`` (a filter printed on
        top may have the first header's name)."""
        for row in sheet.iter_rows():
            if tuple(cell.value for cell in row[: len(first)]) == first:
                return row[0].row
        raise AssertionError(f"no header {first!r} in {sheet.title}")

    def _table(self, sheet, *first):
        """The headers and rows below the header row starting with ``first``."""
        header = self._header_row(sheet, *first)
        headers = [cell.value for cell in sheet[header]]
        rows = list(sheet.iter_rows(min_row=header + 1, values_only=True))
        return header, headers, rows

    @staticmethod
    def _printed_filters(sheet):
        """The filters printed on top: ``{label: value}`` above the headers."""
        filters = {}
        for label, value in sheet.iter_rows(min_row=2, max_col=2, values_only=True):
            if label is None:
                break
            filters[label] = value
        return filters

    def assertValidSheetNames(self, names):
        self.assertEqual(len({name.casefold() for name in names}), len(names), names)
        for name in names:
            self.assertLessEqual(len(name), 31, name)
            self.assertFalse(INVALID_SHEET_CHARACTERS.search(name), name)


@tagged("post_install", "-at_install")
class TestArbitrationRegisterXlsx(XlsxMixin, GroupBudgetCase):
    """The arbitration register (预算仲裁登记表, manual §八)."""

    REPORT = "group_budget_report.arbitration_xlsx"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_matrix_arbitration()
        cls.company_a_arbitrations = (
            cls.arbitration_sub
            | cls.arbitration_sibling
            | cls.arbitration_submitted
            | cls.arbitration_coordinating
            | cls.arbitration_referred
            | cls.arbitration_ruled
        )

    def test_register_headers_figures_and_filters(self):
        book = self._xlsx(self.REPORT, self.company_a_arbitrations.ids, user=self.user_office)
        self.assertEqual(book.sheetnames, ["Arbitration Register"])
        sheet = book.active
        self.assertEqual(sheet["A1"].value, "Budget Arbitration Register")
        Arbitration = self.env["group.budget.arbitration"]
        number = Arbitration._fields["name"].string
        header, headers, rows = self._table(sheet, number)
        register = self.env["report.group_budget_report.arbitration_xlsx"]
        self.assertEqual(
            headers, [Arbitration._fields[name].string for name, _kind in register.REGISTER_FIELDS]
        )
        self.assertEqual(sheet.freeze_panes, f"C{header + 1}")
        filters = self._printed_filters(sheet)
        self.assertEqual(filters["Company"], self.company_a.name)
        self.assertEqual(filters["Applications"], "6")
        self.assertIn("Ruled", filters["Status"])
        self.assertIn("Draft", filters["Status"])
        # One row per application, with the figures of the record.
        self.assertEqual(len(rows), 6)
        by_number = {row[0]: dict(zip(headers, row, strict=True)) for row in rows}
        self.assertEqual(set(by_number), set(self.company_a_arbitrations.mapped("name")))
        ruled = by_number[self.arbitration_ruled.name]
        column = {name: Arbitration._fields[name].string for name in Arbitration._fields}
        self.assertEqual(ruled[column["centre_id"]], self.centre_sub.display_name)
        self.assertEqual(ruled[column["state"]], "Ruled")
        self.assertEqual(ruled[column["matter"]], "Other")
        self.assertEqual(ruled[column["severity"]], "General")
        self.assertEqual(ruled[column["office_opinion"]], "No deal.")
        self.assertEqual(ruled[column["ruling"]], "Upheld.")
        self.assertEqual(ruled[column["ruling_date"]].date(), self.arbitration_ruled.ruling_date)
        self.assertEqual(
            ruled[column["date_submitted"]].date(), self.arbitration_ruled.date_submitted
        )
        self.assertEqual(
            ruled[column["ruling_deadline"]].date(), self.arbitration_ruled.ruling_deadline
        )
        draft = by_number[self.arbitration_sibling.name]
        self.assertEqual(draft[column["state"]], "Draft")
        self.assertIsNone(draft[column["ruling_date"]])
        self.assertEqual(draft[column["centre_id"]], self.centre_sibling.display_name)

    def test_register_headers_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["group_budget", "group_budget_report"], ["zh_CN"]
        )
        self.user_office.lang = "zh_CN"
        book = self._xlsx(self.REPORT, self.arbitration_ruled.ids, user=self.user_office)
        Arbitration = self.env["group.budget.arbitration"].with_context(lang="zh_CN")
        register = self.env["report.group_budget_report.arbitration_xlsx"]
        strings = Arbitration.fields_get(
            [name for name, _kind in register.REGISTER_FIELDS], ["string"]
        )
        _header, headers, rows = self._table(book.active, strings["name"]["string"])
        self.assertEqual(
            headers, [strings[name]["string"] for name, _kind in register.REGISTER_FIELDS]
        )
        # The manual's terms (附1 预算仲裁申请表), from group_budget's zh_CN.po.
        self.assertIn("申请编号", headers)
        self.assertIn("提交日期", headers)
        state = dict(Arbitration._fields["state"]._description_selection(Arbitration.env))
        self.assertIn(state["ruled"], rows[0])
        self.assertNotEqual(state["ruled"], "Ruled")

    def test_register_names_the_disputed_record(self):
        budget = self.env["group.budget"].create(
            {
                "centre_id": self.centre_sub.id,
                "period_id": self.env["group.budget.period"]
                .create({"year": 2031, "company_id": self.company_a.id})
                .id,
            }
        )
        self.arbitration_sub.disputed_ref = f"group.budget,{budget.id}"
        book = self._xlsx(self.REPORT, self.arbitration_sub.ids, user=self.user_office)
        Arbitration = self.env["group.budget.arbitration"]
        _header, headers, rows = self._table(book.active, Arbitration._fields["name"].string)
        row = dict(zip(headers, rows[0], strict=True))
        self.assertEqual(row[Arbitration._fields["disputed_ref"].string], budget.display_name)

    def test_register_query_count_does_not_grow_with_rows(self):
        Report = self.env["ir.actions.report"].with_user(self.user_office)
        Report._render_xlsx(self.REPORT, self.arbitration_sub.ids, data=None)  # warm caches
        counts = []
        for arbitrations in (
            self.arbitration_sub | self.arbitration_ruled,
            self.company_a_arbitrations,
        ):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Report._render_xlsx(self.REPORT, arbitrations.ids, data=None)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1], counts)
        self.assertLessEqual(counts[1], 20, counts)

    def test_who_cannot_read_an_arbitration_cannot_print_it(self):
        with self.assertRaises(AccessError):
            self._xlsx(self.REPORT, self.arbitration_sub.ids, user=self.user_plain)
        # The officer reads the subsidiary's applications, not the sibling's.
        book = self._xlsx(self.REPORT, self.arbitration_sub.ids, user=self.user_officer)
        self.assertEqual(self._printed_filters(book.active)["Applications"], "1")
        with self.assertRaises(AccessError):
            self._xlsx(
                self.REPORT,
                (self.arbitration_sub | self.arbitration_sibling).ids,
                user=self.user_officer,
            )
        # Nor another company's, for the Budget Office of company A only.
        with self.assertRaises(AccessError):
            self._xlsx(self.REPORT, self.arbitration_b.ids, user=self.user_office)

    def test_register_over_the_limit_is_refused(self):
        with (
            patch.object(group_budget_analysis, "EXPORT_ROW_LIMIT", 3),
            self.assertRaisesRegex(UserError, "has 6 rows, more than the limit of 3"),
        ):
            self._xlsx(self.REPORT, self.company_a_arbitrations.ids, user=self.user_office)

    def test_demo_register(self):
        """The demo's arbitrations print for the demo Budget Office user."""
        ruled = self.env.ref("group_budget.demo_arbitration_ruled", raise_if_not_found=False)
        if not ruled:
            self.skipTest("demo data not installed")
        office = self.env.ref("group_budget.demo_user_office")
        demo = (
            self.env["group.budget.arbitration"]
            .with_user(office)
            .search([("company_id", "=", ruled.company_id.id)])
        )
        book = self._xlsx(self.REPORT, demo.ids, user=office)
        number = self.env["group.budget.arbitration"]._fields["name"]
        _header, _headers, rows = self._table(
            book.active, number._description_string(self.env(context={"lang": office.lang}))
        )
        self.assertEqual(len(rows), len(demo))
        self.assertIn(ruled.name, [row[0] for row in rows])

    def test_register_is_in_the_print_menu(self):
        action = self.env.ref("group_budget_report.group_budget_arbitration_xlsx")
        self.assertEqual(action.binding_model_id.model, "group.budget.arbitration")
        self.assertEqual(action.binding_type, "report")


@tagged("post_install", "-at_install")
class TestSheetPerCentre(XlsxMixin, AnalysisCase):
    """One sheet per centre for the ledger and the detailed variance report,
    drawn from the rows read (or the matrix computed) once."""

    def _ledger(self):
        return self.env["group.budget.ledger"].search([("period_id", "=", self.period.id)])

    def _check_ledger_sheets(self, book, ledger):
        """Each centre of ``ledger`` on its own sheet, with its rows and total."""
        centre_header = (ledger._fields["centre_id"].string, ledger._fields["item_id"].string)
        centres = ledger.centre_id
        self.assertEqual(len(book.sheetnames), len(centres))
        self.assertValidSheetNames(book.sheetnames)
        seen = set()
        for sheet in book.worksheets:
            _header, _headers, rows = self._table(sheet, *centre_header)
            *lines, total = rows
            names = {line[0] for line in lines}
            self.assertEqual(len(names), 1, sheet.title)
            centre = centres.filtered(lambda c, names=names: c.display_name in names)
            self.assertEqual(len(centre), 1)
            seen.add(centre.id)
            own = ledger.filtered(lambda row, centre=centre: row.centre_id == centre)
            self.assertEqual(len(lines), len(own), sheet.title)
            self.assertEqual(total[0], "Total")
            self.assertAlmostEqual(total[3], sum(own.mapped("budget")))
            self.assertAlmostEqual(total[4], sum(own.mapped("actual")))
            self.assertAlmostEqual(total[5], sum(own.mapped("variance")))
            self.assertIn(centre.display_name, sheet["A1"].value)
        self.assertEqual(seen, set(centres.ids))

    def test_ledger_one_sheet_per_centre_from_the_print_menu(self):
        self._post_march()
        # A long name with characters Excel refuses in sheet names.
        self.centre_sibling.name = "Other: Subsidiary/North [Export] * with a long name?"
        ledger = self._ledger()
        self.assertGreater(len(ledger.centre_id), 1)
        book = self._xlsx("group_budget_report.ledger_centre_xlsx", ledger.ids)
        self._check_ledger_sheets(book, ledger)
        # The same with the option passed as data, as the wizard does.
        book = self._xlsx(
            "group_budget_report.ledger_xlsx", ledger.ids, data={"sheet_per_centre": True}
        )
        self._check_ledger_sheets(book, ledger)

    def test_ledger_rows_are_read_once_for_every_sheet(self):
        self._post_march()
        ledger = self._ledger()
        self.env.invalidate_all()
        Cursor = type(self.env.cr)
        original = Cursor.execute
        views = []

        def execute(cr, query, *args, **kwargs):
            code = query.code if isinstance(query, SQL) else str(query)
            if "grid AS NOT MATERIALIZED" in code:  # the ledger's view
                views.append(code)
            return original(cr, query, *args, **kwargs)

        with patch.object(Cursor, "execute", execute):
            self._xlsx("group_budget_report.ledger_centre_xlsx", ledger.ids)
        self.assertEqual(len(views), 1, "the ledger's view is read once for every sheet")

    def test_ledger_of_the_analysis_filters(self):
        self._post_march()
        wizard = self._wizard(period_kind="quarter", centre_id=self.centre_sub.id)
        wizard.sheet_per_centre = True
        action = wizard.action_export_ledger_xlsx()
        self.assertEqual(action["report_name"], "group_budget_report.ledger_xlsx")
        self.assertTrue(action["data"]["sheet_per_centre"])
        ids = action["context"]["active_ids"]
        expected = self.env["group.budget.ledger"].search(
            [
                ("centre_id", "child_of", self.centre_sub.id),
                ("date", ">=", datetime.date(2031, 1, 1)),
                ("date", "<=", datetime.date(2031, 3, 31)),
            ]
        )
        self.assertEqual(sorted(ids), sorted(expected.ids))
        book = self._xlsx("group_budget_report.ledger_xlsx", ids, data=action["data"])
        self._check_ledger_sheets(book, expected)
        filters = self._printed_filters(book.worksheets[0])
        self.assertEqual(filters["Period"], "Quarter 2031-03")
        self.assertEqual(filters["Centre"], self.centre_sub.display_name)
        self.assertNotIn("Comparisons", filters)
        # Without the option: one sheet, every row.
        wizard.sheet_per_centre = False
        action = wizard.action_export_ledger_xlsx()
        book = self._xlsx("group_budget_report.ledger_xlsx", ids, data=action["data"])
        self.assertEqual(len(book.sheetnames), 1)
        _header, _headers, rows = self._table(
            book.active, expected._fields["centre_id"].string, expected._fields["item_id"].string
        )
        self.assertEqual(len(rows), len(expected) + 1)

    def test_ledger_of_the_analysis_filters_bad_input(self):
        with self.assertRaisesRegex(UserError, r"No budget year .* covers 2040-03"):
            self._wizard(date=datetime.date(2040, 3, 1)).action_export_ledger_xlsx()
        with (
            patch.object(group_budget_analysis, "EXPORT_ROW_LIMIT", 3),
            self.assertRaisesRegex(UserError, "more than the limit of 3: choose a centre"),
        ):
            self._wizard(period_kind="year").action_export_ledger_xlsx()

    def test_analysis_one_sheet_per_centre(self):
        self._post_march()
        wizard = self._wizard(sheet_per_centre=True)
        Analysis = type(self.env["group.budget.analysis"])
        original = Analysis._compute_matrix
        calls = []

        def compute(model, filters):
            calls.append(filters)
            return original(model, filters)

        with patch.object(Analysis, "_compute_matrix", compute):
            book = self._xlsx("group_budget_report.analysis_xlsx", wizard.ids)
        self.assertEqual(len(calls), 1, "the matrix is computed once for every sheet")
        matrix = self._matrix()
        centres = self.env["group.budget.centre"].browse(
            list(dict.fromkeys(row.centre_id for row in matrix.rows))
        )
        self.assertEqual(book.sheetnames[:2], ["Executive Summary", "Summary by Centre"])
        self.assertEqual(len(book.sheetnames), 2 + len(centres))
        self.assertValidSheetNames(book.sheetnames)
        total_rows = 0
        for sheet, centre in zip(book.worksheets[2:], centres, strict=True):
            self.assertEqual(sheet["A1"].value, f"Detailed Variance Report: {centre.display_name}")
            _header, _headers, rows = self._table(sheet, "Responsibility Centre")
            own = [row for row in matrix.rows if row.centre_id == centre.id]
            self.assertEqual(len(rows), len(own), sheet.title)
            self.assertEqual({row[0].strip() for row in rows}, {centre.display_name})
            self.assertEqual(
                [row[2] for row in rows],
                [None if row.value is None else float(row.value) for row in own],
            )
            total_rows += len(rows)
        self.assertEqual(total_rows, len(matrix.rows))
        sub_sheet = book.worksheets[2 + centres.ids.index(self.centre_sub.id)]
        rent = next(
            row
            for row in self._table(sub_sheet, "Responsibility Centre")[2]
            if row[1] == self.item_rent.display_name
        )
        self.assertEqual(rent[2:6], (130.0, 100.0, 30.0, 30.0))

    def test_analysis_over_the_limit_is_refused(self):
        self._post_march()
        wizard = self._wizard(sheet_per_centre=True)
        with (
            patch.object(group_budget_analysis, "EXPORT_ROW_LIMIT", 3),
            self.assertRaisesRegex(UserError, "more than the limit of 3"),
        ):
            self._xlsx("group_budget_report.analysis_xlsx", wizard.ids)


@tagged("post_install", "-at_install")
class TestExportsStayLinear(XlsxMixin, AnalysisCase):
    """Every export reads its rows at once (issue 22): as many queries for N
    rows as for 3N, through the real print path. The ledger's rows are read
    in one query of its view, however many (the ORM reads a recordset's
    fields 1,000 rows at a time, and each batch would compute the whole
    view again), under the reader's record rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Under the officer's subsidiary, two units of the same shape: one
        # cost centre in the first, three in the second, each with a budget of
        # 100 items (1,200 ledger rows).
        Centre = cls.env["group.budget.centre"]
        cls.centre_unit = Centre.create(
            {
                "name": "Unit",
                "code": "S-U",
                "centre_type": "cost",
                "parent_id": cls.centre_sub.id,
                "company_id": cls.company_a.id,
            }
        )
        cls.centre_one, cls.centre_three = Centre.create(
            [
                {
                    "name": f"Unit of {size}",
                    "code": f"S-U-{size}",
                    "centre_type": "cost",
                    "parent_id": cls.centre_unit.id,
                    "company_id": cls.company_a.id,
                }
                for size in (1, 3)
            ]
        )
        cls.centres_lines = Centre.create(
            [
                {
                    "name": f"Line {index}",
                    "code": f"S-U{index}",
                    "centre_type": "cost",
                    "parent_id": (cls.centre_three if index else cls.centre_one).id,
                    "company_id": cls.company_a.id,
                }
                for index in range(4)
            ]
        )
        items = cls.env["group.budget.item"].create(
            [
                {
                    "name": f"Bulk {index}",
                    "code": f"T-B{index:03d}",
                    "category": "operations",
                    "direction": "lower_better",
                    "company_id": cls.company_a.id,
                }
                for index in range(100)
            ]
        )
        for centre in cls.centres_lines:
            cls._executing_budget(centre, dict.fromkeys(items, 10.0))

    def _ledger_ids(self, centres):
        return (
            self.env["group.budget.ledger"]
            .search([("period_id", "=", self.period.id), ("centre_id", "in", centres.ids)])
            .ids
        )

    def _queries(self, *runs):
        """``[(queries, result)]`` of each of ``runs``, each from the same
        cold caches (records, access rules, reports, fields)."""
        measured = []
        for run in runs:
            self.env.flush_all()
            self.env.reset()  # the records and the environments' users, companies
            self.env.registry.clear_all_caches()
            before = self.env.cr.sql_log_count
            result = run()
            measured.append((self.env.cr.sql_log_count - before, result))
        return measured

    def _export_ledger(self, centre, user):
        """*Export Ledger to Excel* of the analysis wizard for ``centre``'s
        subtree and the year, then the report as the web client renders the
        action: its data, with its context (the rows as active ids)."""
        wizard = (
            self.env["group.budget.analysis.wizard"]
            .with_user(user)
            .create(
                {
                    "company_id": self.company_a.id,
                    "date": datetime.date(2031, 12, 1),
                    "period_kind": "year",
                    "centre_id": centre.id,
                }
            )
        )
        action = wizard.action_export_ledger_xlsx()
        context = action["context"]
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(**context)
            ._render_xlsx(action["report_name"], None, data=dict(action["data"], context=context))
        )
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content)), context["active_ids"]

    def test_ledger_print_menu_reads_its_rows_once(self):
        small = self._ledger_ids(self.centres_lines[:1])
        large = self._ledger_ids(self.centres_lines[1:])
        self.assertEqual((len(small), len(large)), (1200, 3600))
        for user in (self.user_office, self.user_officer):
            for report in (
                "group_budget_report.ledger_xlsx",
                "group_budget_report.ledger_centre_xlsx",
            ):
                render = self.env["ir.actions.report"].with_user(user)._render_xlsx
                counts = [
                    count
                    for count, _result in self._queries(
                        *(
                            lambda ids=ids, r=report, f=render: f(r, ids, data=None)
                            for ids in (small, large)
                        )
                    )
                ]
                self.assertEqual(counts[0], counts[1], (user.login, report, counts))
                self.assertLessEqual(counts[1], 40, (user.login, report, counts))
        # Every row, in order, with its total.
        book = self._xlsx("group_budget_report.ledger_xlsx", large, user=self.user_officer)
        ledger = self.env["group.budget.ledger"].browse(large)
        _header, _headers, rows = self._table(
            book.active, ledger._fields["centre_id"].string, ledger._fields["item_id"].string
        )
        *lines, total = rows
        self.assertEqual(len(lines), 3600)
        self.assertEqual(
            lines[0][:3], (self.centres_lines[1].display_name, "[T-B000] Bulk 0", "2031-01")
        )
        self.assertEqual(total[:6], ("Total", "", "", 36000.0, 0.0, -36000.0))
        self.assertEqual(self._printed_filters(book.active)["Rows"], "3600")
        # The record rules hold: the officer prints none of the sibling's rows.
        sibling = self._ledger_ids(self.centre_sibling)
        with self.assertRaises(AccessError):
            self._xlsx("group_budget_report.ledger_xlsx", small + sibling, user=self.user_officer)

    def test_ledger_of_the_analysis_filters_reads_its_rows_once(self):
        for user in (self.user_office, self.user_officer):
            measured = self._queries(
                *(
                    lambda centre=centre, user=user: self._export_ledger(centre, user)
                    for centre in (self.centre_one, self.centre_three)
                )
            )
            counts = [count for count, _result in measured]
            sizes = [len(ids) for _count, (_book, ids) in measured]
            self.assertEqual(sizes, [1200, 3600])
            self.assertEqual(counts[0], counts[1], (user.login, counts))
            self.assertLessEqual(counts[1], 60, (user.login, counts))
        # The officer's export of the whole company holds their centres only.
        wizard = (
            self.env["group.budget.analysis.wizard"]
            .with_user(self.user_officer)
            .create({"company_id": self.company_a.id, "date": datetime.date(2031, 3, 1)})
        )
        ids = wizard.action_export_ledger_xlsx()["context"]["active_ids"]
        centres = self.env["group.budget.ledger"].browse(ids).centre_id
        self.assertIn(self.centre_sub, centres)
        self.assertNotIn(self.centre_sibling, centres)

    def test_variance_report_reads_its_rows_once(self):
        Report = self.env["ir.actions.report"].with_user(self.user_office)
        wizards = [
            self.env["group.budget.analysis.wizard"]
            .with_user(self.user_office)
            .create(
                {
                    "company_id": self.company_a.id,
                    "date": datetime.date(2031, 3, 15),
                    "period_kind": "ytd",
                    "compare_forecast": True,
                    "centre_id": centre.id,
                }
            )
            for centre in (self.centre_one, self.centre_three)
        ]
        counts = [
            count
            for count, _result in self._queries(
                *(
                    lambda wizard=wizard: Report._render_xlsx(
                        "group_budget_report.analysis_xlsx", wizard.ids, data=None
                    )
                    for wizard in wizards
                )
            )
        ]
        self.assertEqual(counts[0], counts[1], counts)
        self.assertLessEqual(counts[1], 60, counts)
