"""Budgets compiled in Excel (manual §四 4, §三 5.5, §五): templates written
by the export, filled with openpyxl as a user fills them in Excel, imported.

A fixture mixin of :class:`..common.GroupBudgetCase`: its class methods build
records in ``setUpClass`` on the base's companies, users, centres and items;
its helpers export, edit and import workbooks.
"""

import base64
import io

import openpyxl


class WorkbookFixtures:
    """Budgets, targets and indicator actuals in Excel."""

    @classmethod
    def _setup_workbook(cls):
        """The year 2031 in compilation, with draft budgets of every centre of
        company A; the subsidiary's holds revenue and margin."""
        cls._setup_targets()
        cls.budget = cls._compiling_budget({cls.item_revenue: 1200.0, cls.item_margin: 10.0})
        cls.budget_sibling = cls.period.budget_ids.filtered(
            lambda b: b.centre_id == cls.centre_sibling
        )
        cls.budget_sibling.line_ids = [(0, 0, {"item_id": cls.item_revenue.id, "month_01": 100.0})]

    def _wizard(self, user, kind="budget", budget=None, month=None, period=None):
        vals = {"kind": kind, "period_id": (period or self.period).id}
        if budget:
            vals["budget_id"] = budget.id
        if month:
            vals["month"] = str(month)
        return self.env["group.budget.workbook"].with_user(user).create(vals)

    def _export(self, user, kind="budget", budget=None, month=None):
        wizard = self._wizard(user, kind, budget, month)
        action = wizard.action_download_template()
        self.assertIn("/template_file/", action["url"])
        return base64.b64decode(wizard.template_file)

    @staticmethod
    def _edit(data, edits):
        """The workbook ``data`` with ``{(sheet, cell): value}`` typed in, as
        a user does in Excel."""
        book = openpyxl.load_workbook(io.BytesIO(data))
        for (sheet, cell), value in edits.items():
            book[sheet][cell] = value
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    def _import(self, user, data, kind="budget", budget=None):
        wizard = self._wizard(user, kind, budget)
        wizard.write({"file": base64.b64encode(data), "file_name": "filled.xlsx"})
        wizard.action_import()
        return wizard

    @staticmethod
    def _row_of(data, sheet, code):
        """The row of the item ``code`` on ``sheet``."""
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for number, values in enumerate(book[sheet].iter_rows(values_only=True), start=1):
            if number >= 6 and values and values[0] == code:
                return number
        raise AssertionError(f"{code} is not on {sheet}")

    def assertErrors(self, wizard, expected):
        """The wizard lists exactly ``[(sheet, cell, pattern of the message)]``,
        in that order, and saved nothing."""
        self.assertEqual(wizard.state, "errors")
        found = [(e.sheet, e.cell, e.message) for e in wizard.error_ids]
        self.assertEqual([(s, c) for s, c, _m in found], [(s, c) for s, c, _p in expected])
        for (_s, _c, message), (_s2, _c2, pattern) in zip(found, expected, strict=True):
            self.assertRegex(message, pattern)
