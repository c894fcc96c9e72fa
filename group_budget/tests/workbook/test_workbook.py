import base64
import io

import openpyxl

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestWorkbook(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_workbook()

    def _line(self, budget, item):
        return budget.line_ids.filtered(lambda line: line.item_id == item)

    # ------------------------------------------------------------------
    # The template
    # ------------------------------------------------------------------
    def test_template_one_sheet_per_centre_protected_with_formulas(self):
        data = self._export(self.user_office)
        book = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(book.sheetnames, ["G", "O", "S", "S-P"])
        sheet = book["S"]
        self.assertEqual(sheet["B2"].value, "S")
        self.assertEqual(sheet["B3"].value, 2031)
        self.assertEqual(sheet["A6"].value, "T-MRG")
        self.assertEqual(sheet["A7"].value, "T-REV")
        self.assertEqual(sheet["F7"].value, 100.0)
        self.assertEqual(sheet["R6"].value, "=AVERAGE(F6:Q6)")
        self.assertEqual(sheet["R7"].value, "=SUM(F7:Q7)")
        self.assertTrue(sheet.protection.sheet)
        self.assertFalse(sheet["F6"].protection.locked)
        self.assertFalse(sheet["C6"].protection.locked)
        self.assertTrue(sheet["A6"].protection.locked)
        self.assertTrue(sheet["B3"].protection.locked)
        self.assertEqual(sheet["C6"].value, "Business budget")
        lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
        self.assertEqual(len(lists), 2)

    def test_officer_template_holds_only_their_drafts(self):
        data = self._export(self.user_officer)
        book = openpyxl.load_workbook(io.BytesIO(data))
        # Their centre and its plant, never the sibling.
        self.assertEqual(book.sheetnames, ["S", "S-P"])
        data = self._export(self.user_officer, budget=self.budget)
        self.assertEqual(openpyxl.load_workbook(io.BytesIO(data)).sheetnames, ["S"])

    # ------------------------------------------------------------------
    # Round trips
    # ------------------------------------------------------------------
    def test_unchanged_reimport_changes_nothing_and_says_so(self):
        data = self._export(self.user_office)
        before = self.budget.line_ids.read(["write_date", "month_01", "total"])
        with self.assertQueryCount(__system__=40):
            wizard = self._import(self.user_office, data)
        self.assertEqual(wizard.state, "done")
        self.assertRegex(wizard.result, "Nothing changed")
        self.assertEqual(self.budget.line_ids.read(["write_date", "month_01", "total"]), before)

    def test_partial_edit_blank_leaves_zero_sets(self):
        data = self._export(self.user_officer, budget=self.budget)
        data = self._edit(
            data,
            {
                ("S", "F7"): 150.5,  # January of revenue
                ("S", "G7"): None,  # February left blank: unchanged
                ("S", "H7"): 0,  # March: an explicit 0
                ("S", "D7"): "Zero-based",
            },
        )
        wizard = self._import(self.user_officer, data, budget=self.budget)
        self.assertEqual(wizard.state, "done", wizard.error_ids.mapped("message"))
        self.assertRegex(wizard.result, "^3 values changed on 1 sheets")
        line = self._line(self.budget, self.item_revenue)
        self.assertEqual(line.month_01, 150.5)
        self.assertEqual(line.month_02, 100.0)
        self.assertEqual(line.month_03, 0.0)
        self.assertEqual(line.method, "zero_based")
        self.assertEqual(line.total, 1150.5)
        margin = self._line(self.budget, self.item_margin)
        self.assertEqual(margin.month_01, 10.0)

    def test_a_row_of_a_new_item_adds_a_line(self):
        data = self._export(self.user_officer, budget=self.budget)
        data = self._edit(data, {("S", "A8"): "t-vol", ("S", "F8"): 12, ("S", "Q8"): 30})
        wizard = self._import(self.user_officer, data, budget=self.budget)
        self.assertEqual(wizard.state, "done", wizard.error_ids.mapped("message"))
        line = self._line(self.budget, self.item_volume)
        self.assertEqual((line.month_01, line.month_12, line.total), (12.0, 30.0, 42.0))

    # ------------------------------------------------------------------
    # Errors, each named by its cell; nothing saved
    # ------------------------------------------------------------------
    def test_every_error_named_by_its_cell(self):
        inactive = self.env["group.budget.item"].create(
            {"name": "Old", "code": "T-OLD", "category": "scale", "active": False}
        )
        foreign = self.env["group.budget.item"].create(
            {"name": "B's", "code": "T-BEE", "category": "scale", "company_id": self.company_b.id}
        )
        self.assertTrue(inactive and foreign)
        data = self._export(self.user_office)
        data = self._edit(
            data,
            {
                ("S", "G7"): "ten",  # text in a number cell
                ("S", "H7"): -0.01,  # revenue is never negative
                ("S", "I7"): 1e16,  # beyond the suite's bounds
                ("S", "C7"): "Wishful",  # not a budget part
                ("S", "J7"): "=1+1",  # a formula in a month
                ("S", "R6"): 99,  # margins average 10.00, not 99
                ("S", "A8"): "NOPE",
                ("S", "F8"): 1,
                ("S", "A9"): "T-OLD",
                ("S", "F9"): 1,
                ("S", "A10"): "T-BEE",
                ("S", "F10"): 1,
                ("S", "A11"): "T-REV",  # twice on the sheet
                ("S", "F11"): 1,
                ("O", "B3"): 2030,  # a sheet of another year
                ("G", "B2"): "ZZ",  # no such centre
                ("S-P", "A6"): "T-VOL",  # a good row, not saved either
                ("S-P", "F6"): 5,
            },
        )
        wizard = self._import(self.user_office, data)
        self.assertErrors(
            wizard,
            [
                ("G", "B2", "The responsibility centre ZZ is not one of Budget Test Group"),
                ("O", "B3", "of the year 2030, not of the budget year"),
                ("S", "R6", "The year total 99.00 does not match the months, which give 10.00"),
                ("S", "C7", "Wishful is not one of the choices: Business budget, "),
                ("S", "G7", "ten is not a number"),
                ("S", "H7", "-0.01 is negative: \\[T-REV\\] Revenue does not allow"),
                ("S", "I7", "out of bounds"),
                ("S", "J7", "=1\\+1 is a formula"),
                ("S", "A8", "No budget item has the code NOPE"),
                ("S", "A9", "\\[T-OLD\\] Old is archived"),
                ("S", "A10", "\\[T-BEE\\] B's belongs to another company than \\[S\\] Subsidiary"),
                ("S", "A11", "already on row 7"),
            ],
        )
        error = wizard.error_ids[5]
        self.assertEqual((error.centre, error.item), ("[S] Subsidiary", "[T-REV] Revenue"))
        # Nothing was saved, not even the good cell of the plant.
        plant = self.period.budget_ids.filtered(lambda b: b.centre_id == self.centre_dept)
        self.assertFalse(plant.line_ids)
        # The marked workbook: the bad cells red, with their message.
        marked = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.marked_file)))
        cell = marked["S"]["G7"]
        self.assertRegex(cell.comment.text, "ten is not a number")
        self.assertEqual(cell.fill.start_color.rgb[-6:], "FFC7CE")
        self.assertIsNone(marked["S"]["F7"].comment)

    def test_sheets_that_name_no_document(self):
        late = self.env["group.budget.centre"].create(
            {
                "name": "Late",
                "code": "L",
                "centre_type": "cost",
                "parent_id": self.centre_sub.id,
                "company_id": self.company_a.id,
            }
        )
        self.assertTrue(late)
        book = openpyxl.load_workbook(io.BytesIO(self._export(self.user_office)))
        book.copy_worksheet(book["S"]).title = "S again"
        book["O"]["B2"] = "L"  # a centre without a budget this year
        book["G"]["B2"] = None
        output = io.BytesIO()
        book.save(output)
        wizard = self._import(self.user_office, output.getvalue())
        self.assertErrors(
            wizard,
            [
                ("G", "B2", "The sheet names no responsibility centre"),
                ("O", "B2", "\\[L\\] Late has no budgets in 2031"),
                ("S again", "B2", "\\[S\\] Subsidiary also has the sheet S\\."),
            ],
        )
        data = self._export(self.user_officer, kind="indicator", month=3)
        wizard = self._import(self.user_officer, self._edit(data, {("S", "D3"): 13}), "indicator")
        self.assertErrors(wizard, [("S", "D3", "13 is no month")])

    def test_typed_totals_that_add_up_pass(self):
        data = self._export(self.user_officer, budget=self.budget)
        data = self._edit(data, {("S", "F7"): 200, ("S", "R7"): 1300})
        wizard = self._import(self.user_officer, data, budget=self.budget)
        self.assertEqual(wizard.state, "done", wizard.error_ids.mapped("message"))
        self.assertEqual(self._line(self.budget, self.item_revenue).total, 1300.0)

    def test_refused_by_state(self):
        data = self._export(self.user_officer, budget=self.budget)
        self.budget.with_user(self.user_officer).action_submit()
        wizard = self._import(
            self.user_officer, self._edit(data, {("S", "F7"): 1}), budget=self.budget
        )
        self.assertErrors(wizard, [("S", "B2", "is no longer in draft")])
        self.assertEqual(self._line(self.budget, self.item_revenue).month_01, 100.0)
        # Unchanged, the same file is no error: it changes nothing.
        wizard = self._import(self.user_officer, data, budget=self.budget)
        self.assertEqual(wizard.state, "done")

    def test_refused_by_role(self):
        data = self._export(self.user_office)
        data = self._edit(data, {("O", "F6"): 1, ("S", "F6"): 2})
        wizard = self._import(self.user_officer, data)
        self.assertErrors(wizard, [("O", "B2", "You may not edit the figures of O\\.")])
        self.assertEqual(self._line(self.budget, self.item_revenue).month_01, 100.0)
        self.assertEqual(self._line(self.budget_sibling, self.item_revenue).month_01, 100.0)
        # On one budget, a sheet of another is refused as well.
        wizard = self._import(self.user_office, data, budget=self.budget)
        self.assertErrors(
            wizard,
            [(name, "B2", "not of the budget \\d+ · \\[S\\]") for name in ("G", "O", "S-P")],
        )

    def test_all_or_nothing_when_the_5000th_cell_is_bad(self):
        Item = self.env["group.budget.item"]
        items = Item.create(
            [
                {"name": f"Cost {n}", "code": f"C{n:02d}", "category": "operations"}
                for n in range(30)
            ]
        )
        centres = self.env["group.budget.centre"].create(
            [
                {
                    "name": f"Dept {n}",
                    "code": f"D{n:02d}",
                    "centre_type": "cost",
                    "parent_id": self.centre_sub.id,
                    "company_id": self.company_a.id,
                }
                for n in range(14)
            ]
        )
        budgets = self.env["group.budget"].create(
            [
                {
                    "centre_id": centre.id,
                    "period_id": self.period.id,
                    "line_ids": [Command.create({"item_id": item.id}) for item in items],
                }
                for centre in centres
            ]
        )
        data = self._export(self.user_officer)
        book = openpyxl.load_workbook(io.BytesIO(data))
        count, bad = 0, None
        for name in [c.code for c in centres]:
            sheet = book[name]
            for row in range(6, 36):
                for column in range(6, 18):
                    count += 1
                    cell = sheet.cell(row=row, column=column)
                    cell.value = "x" if count == 5000 else count
                    if count == 5000:
                        bad = (name, cell.coordinate)
        output = io.BytesIO()
        book.save(output)
        wizard = self._import(self.user_officer, output.getvalue())
        self.assertErrors(wizard, [(*bad, "x is not a number")])
        self.assertFalse(any(budgets.line_ids.mapped("month_01")))
        book[bad[0]][bad[1]] = 1
        output = io.BytesIO()
        book.save(output)
        # Queries do not grow with the cells: 5,040 cells of 420 lines take
        # at most one query per line (the officer's record rule, read by the
        # ORM's access check of each line's write) beyond what one cell takes.
        queries = self.env.cr.sql_log_count
        wizard = self._import(self.user_officer, output.getvalue())
        queries = self.env.cr.sql_log_count - queries
        self.assertEqual(wizard.state, "done")
        self.assertRegex(wizard.result, "^5,?040 values changed on 14 sheets")
        self.assertEqual(budgets[0].line_ids[0].month_01, 1.0)
        data = self._export(self.user_officer, budget=self.budget)
        small = self.env.cr.sql_log_count
        wizard = self._import(
            self.user_officer, self._edit(data, {("S", "F7"): 1}), budget=self.budget
        )
        small = self.env.cr.sql_log_count - small
        self.assertEqual(wizard.state, "done")
        self.assertLess(
            queries, small + 420 + 25, f"{queries} queries for 5,040 cells, {small} for 1"
        )

    # ------------------------------------------------------------------
    # Targets
    # ------------------------------------------------------------------
    def test_targets_issued_by_the_office_estimated_by_the_centre(self):
        target = self._target(self.centre_sibling, {self.item_revenue: 500.0})
        target_sub = self.env["group.budget.target"].search(
            [("centre_id", "=", self.centre_sub.id), ("period_id", "=", self.period.id)]
        )
        self.assertEqual(target_sub.state, "agreed")
        data = self._export(self.user_office, kind="target")
        book = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(book.sheetnames, ["O"])
        wizard = self._import(
            self.user_office, self._edit(data, {("O", "D6"): 600, ("O", "E6"): 550}), "target"
        )
        self.assertEqual(wizard.state, "done", wizard.error_ids.mapped("message"))
        self.assertEqual((target.line_ids.issued_value, target.line_ids.month_01), (600.0, 50.0))
        self.assertEqual(target.line_ids.estimate_value, 550.0)
        target.action_issue()
        # Issued: the officer of the sibling gives its estimate, never the target.
        self.centre_sibling.officer_ids = [Command.link(self.user_officer.id)]
        data = self._export(self.user_officer, kind="target")
        wizard = self._import(
            self.user_officer, self._edit(data, {("O", "D6"): 1, ("O", "E6"): 700}), "target"
        )
        self.assertErrors(wizard, [("O", "D6", "Only the Budget Office sets the issued targets")])
        wizard = self._import(self.user_office, self._edit(data, {("O", "D6"): 1}), "target")
        self.assertErrors(wizard, [("O", "D6", "is issued: its issued targets can no longer")])
        wizard = self._import(self.user_officer, self._edit(data, {("O", "E6"): 700}), "target")
        self.assertEqual(wizard.state, "done", wizard.error_ids.mapped("message"))
        self.assertEqual(target.line_ids.estimate_value, 700.0)
        target.action_agree()
        wizard = self._import(self.user_officer, self._edit(data, {("O", "E6"): 800}), "target")
        self.assertErrors(wizard, [("O", "B2", "is no longer in draft")])

    # ------------------------------------------------------------------
    # Indicator actuals
    # ------------------------------------------------------------------
    def test_indicator_actuals_of_a_month_and_its_lock(self):
        data = self._export(self.user_officer, kind="indicator", month=3)
        book = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(book.sheetnames, ["S", "S-P"])
        self.assertEqual(book["S"]["D3"].value, 3)
        codes = [row[0].value for row in book["S"].iter_rows(min_row=6)]
        self.assertIn("T-VOL", codes)
        self.assertIn("T-MRG", codes)
        self.assertNotIn("T-REV", codes)  # from posted accounting
        row = codes.index("T-VOL") + 6
        wizard = self._import(
            self.user_officer, self._edit(data, {("S", f"D{row}"): 42}), "indicator"
        )
        self.assertEqual(wizard.state, "done", wizard.error_ids.mapped("message"))
        actual = self.env["group.budget.indicator.actual"].search(
            [("centre_id", "=", self.centre_sub.id), ("item_id", "=", self.item_volume.id)]
        )
        self.assertEqual(
            (actual.value, actual.date.month, actual.entered_by_id), (42.0, 3, self.user_officer)
        )
        actual.with_user(self.user_office).action_lock_month()
        wizard = self._import(
            self.user_officer, self._edit(data, {("S", f"D{row}"): 43}), "indicator"
        )
        self.assertErrors(wizard, [("S", "D3", "The month 2031-03 is locked")])
        self.assertEqual(actual.value, 42.0)
        wizard = self._import(
            self.user_officer, self._edit(data, {("S", f"A{row}"): "T-REV"}), "indicator"
        )
        self.assertErrors(wizard, [("S", f"A{row}", "are not entered")])

    # ------------------------------------------------------------------
    # Files refused
    # ------------------------------------------------------------------
    def test_files_that_are_no_workbook_are_refused(self):
        with self.assertRefused(UserError, "not an Excel workbook"):
            self._import(self.user_officer, b"budget;2031\n")
        with self.assertRefused(UserError, "not an Excel workbook"):
            self._import(self.user_officer, b"PK\x03\x04 broken")
        encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500
        encrypted += "EncryptedPackage".encode("utf-16-le") + b"\0" * 500
        with self.assertRefused(UserError, "protected by a password"):
            self._import(self.user_officer, encrypted)
        with self.assertRefused(UserError, "old Excel workbook"):
            self._import(self.user_officer, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
        self.env["ir.config_parameter"].sudo().set_param("group_budget.workbook_max_mb", "0.001")
        data = self._export(self.user_officer, budget=self.budget)
        with self.assertRefused(UserError, "too large"):
            self._import(self.user_officer, data)
