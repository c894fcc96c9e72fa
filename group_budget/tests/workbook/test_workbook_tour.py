"""Compile in Excel in a real browser, as the demo budget officer."""

import base64
import io

import openpyxl

from odoo import Command
from odoo.tests import tagged
from odoo.tools.misc import file_path

from ..tours import TourCase


@tagged("post_install", "-at_install")
class TestWorkbookTour(TourCase):
    def setUp(self):
        super().setUp()
        self._require_demo()

    def test_officer_imports_a_budget_after_fixing_a_cell(self):
        period = self.env["group.budget.period"].create(
            {"year": self.current_period.year + 2, "company_id": self.trucks_company.id}
        )
        target = self.env["group.budget.target"].create(
            {
                "centre_id": self.sales.id,
                "period_id": period.id,
                "line_ids": [
                    Command.create({"item_id": self.revenue.id, "issued_value": 12_000_000}),
                    Command.create({"item_id": self.rent.id, "issued_value": 240_000}),
                ],
            }
        )
        target.with_user(self.office).action_issue()
        target.action_agree()
        period.with_user(self.office).action_start_compilation()
        budget = period.budget_ids.filtered(lambda b: b.centre_id == self.sales)
        line = budget.line_ids.filtered(lambda line: line.item_id == self.revenue)
        wizard = (
            self.env["group.budget.workbook"]
            .with_user(self.officer)
            .create({"kind": "budget", "period_id": period.id, "budget_id": budget.id})
        )
        wizard.action_download_template()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.template_file)))
        sheet = book.worksheets[0]
        row = next(r for r in range(6, 9) if sheet.cell(row=r, column=1).value == "REV")
        self.assertEqual(row, 6, "the tour looks for G6")
        files = {}
        for name, value in (("workbook_tour_bad.xlsx", "ten"), ("workbook_tour_fixed.xlsx", 10)):
            sheet[f"G{row}"] = value
            output = io.BytesIO()
            book.save(output)
            files[name] = output.getvalue()
        self.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "raw": data,
                    "res_model": "group.budget",
                    "res_id": budget.id,
                }
                for name, data in files.items()
            ]
        )
        before = self.env["group.budget.workbook"].search([])
        self.start_tour(
            f"/odoo/action-group_budget.group_budget_action/{budget.id}",
            "group_budget_tour_workbook",
            login="budget_officer",
        )
        wizards = self.env["group.budget.workbook"].search([]) - before
        self.assertTrue(any(wizards.mapped("template_file")), "the template was downloaded")
        self.assertEqual(line.month_02, 10.0)
        self.assertEqual(line.month_01, 1_000_000.0)

    def test_the_demo_workbook_imports(self):
        """The demo's filled workbook of the assembly plant (made with the
        demo of 2026: its year cell follows the demo's draft year)."""
        budget = self.env["group.budget"].search(
            [("centre_id", "=", self.assembly.id), ("state", "=", "draft")], limit=1
        )
        path = file_path("group_budget/demo/group_budget_compilation_filled.xlsx")
        with open(path, "rb") as handle:
            book = openpyxl.load_workbook(handle)
        book.worksheets[0]["B3"] = budget.period_id.year
        output = io.BytesIO()
        book.save(output)
        wizard = (
            self.env["group.budget.workbook"]
            .with_user(self.officer)
            .create(
                {
                    "kind": "budget",
                    "period_id": budget.period_id.id,
                    "budget_id": budget.id,
                    "file": base64.b64encode(output.getvalue()),
                }
            )
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.error_ids.mapped("message"))
        self.assertEqual(set(budget.line_ids.mapped("method")), {"rolling"})
