import datetime
import io
from unittest.mock import patch

import openpyxl
from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.group_budget.tests.common import GroupBudgetCase

from ..logic import matrix as engine
from ..models import group_budget_analysis


class AnalysisCase(GroupBudgetCase):
    """Budgets of 2031 (and 2030) with postings to analyse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_analysis()

    @classmethod
    def _setup_analysis(cls):
        """2031 executing in company A (last year 2030 closed): the subsidiary
        sells 1,000 a month against a cost of sales of 600, rent 100 and
        travel 100; its sibling has rent 100. Postings in March 2031 (revenue
        1,200, cost of sales 700, rent 130, travel 105; sibling rent 100),
        February 2031 (rent 80) and March 2030 (rent 120)."""
        cls.period_last = cls.env["group.budget.period"].create(
            {"year": 2030, "company_id": cls.company_a.id}
        )
        cls.period = cls.env["group.budget.period"].create(
            {"year": 2031, "company_id": cls.company_a.id}
        )
        Account = cls.env["account.account"].with_company(cls.company_a)
        cls.account_sales = Account.create(
            {"name": "Test Sales", "code": "GB4000", "account_type": "income"}
        )
        cls.account_cogs = Account.create(
            {"name": "Test COGS", "code": "GB5000", "account_type": "expense_direct_cost"}
        )
        cls.account_travel = cls._shared_account("GB6400", "Test Travel")
        cls.item_sales = cls._revenue_item("Sales", "T-SAL", cls.account_sales)
        cls.item_cogs = cls._cost_item("Cost of Sales", "T-COGS", "none", cls.account_cogs)
        cls.item_travel = cls._cost_item("Travel", "T-TRV", "none", cls.account_travel)
        cls.item_rent.control_mode = "none"
        cls._executing_budget(cls.centre_sub, {cls.item_rent: 90.0}, period=cls.period_last)
        cls.period_last._set_state("closed")
        cls._executing_budget(
            cls.centre_sub,
            {
                cls.item_sales: 1000.0,
                cls.item_cogs: 600.0,
                cls.item_rent: 100.0,
                cls.item_travel: 100.0,
            },
        )
        cls._executing_budget(cls.centre_sibling, {cls.item_rent: 100.0})
        cls.period._set_state("executing")

    def _post_march(self):
        march, feb = datetime.date(2031, 3, 10), datetime.date(2031, 2, 10)
        self._entries(
            [
                (march, self.account_sales, -1200.0, {self.centre_sub: 100}),
                (march, self.account_cogs, 700.0, {self.centre_sub: 100}),
                (march, self.account_rent, 130.0, {self.centre_sub: 100}),
                (march, self.account_travel, 105.0, {self.centre_sub: 100}),
                (march, self.account_rent, 100.0, {self.centre_sibling: 100}),
                (feb, self.account_rent, 80.0, {self.centre_sub: 100}),
                (datetime.date(2030, 3, 10), self.account_rent, 120.0, {self.centre_sub: 100}),
            ]
        )

    def _filters(self, **values):
        filters = {
            "company_id": self.company_a.id,
            "year": 2031,
            "month": 3,
            "kind": "month",
            "comparisons": ["budget", "yoy", "mom"],
        }
        filters.update(values)
        return filters

    def _matrix(self, **values):
        return self.env["group.budget.analysis"]._compute_matrix(self._filters(**values))

    def _wizard(self, **vals):
        return self.env["group.budget.analysis.wizard"].create(
            dict(
                {
                    "company_id": self.company_a.id,
                    "date": datetime.date(2031, 3, 15),
                    "period_kind": "month",
                },
                **vals,
            )
        )


@tagged("post_install", "-at_install")
class TestAnalysis(AnalysisCase):
    """The variance analysis (manual §六): one matrix filled from the ledger
    in grouped queries, rendered on screen and to xlsx."""

    # ------------------------------------------------------------------
    # The matrix from the ledger
    # ------------------------------------------------------------------
    def test_matrix_from_the_ledger(self):
        self._post_march()
        matrix = self._matrix()
        rent = matrix.row(self.centre_sub.id, self.item_rent.id)
        self.assertEqual((float(rent.value), float(rent.budget)), (130.0, 100.0))
        budget, yoy, mom = (rent.comparisons[name] for name in ("budget", "yoy", "mom"))
        self.assertEqual((float(budget.amount), float(budget.percent)), (30.0, 30.0))
        self.assertTrue(rent.material)
        self.assertEqual(float(yoy.reference), 120.0)
        self.assertEqual(float(mom.reference), 80.0)
        # The group's actual rolls both subsidiaries up: 230. It has no rent
        # line of its own: no budget (never the sum of its children's).
        group_rent = matrix.row(self.centre_group.id, self.item_rent.id)
        self.assertEqual((float(group_rent.value), group_rent.budget), (230.0, None))
        self.assertEqual(group_rent.comparisons["budget"].status, engine.NO_DATA)
        self.assertEqual(
            float(matrix.row(self.centre_sub.id, self.item_rent.id).share.share_actual), 56.52
        )
        # Travel 5 % over: not material; no travel last year: no data.
        travel = matrix.row(self.centre_sub.id, self.item_travel.id)
        self.assertFalse(travel.material)
        self.assertEqual(travel.comparisons["yoy"].status, engine.NO_DATA)

    def test_forecast_comparison_is_the_run_rate(self):
        self._post_march()
        matrix = self._matrix(comparisons=["forecast"])
        # Rent to March: 210 spent of 300 budgeted, 1,200 for the year.
        forecast = matrix.row(self.centre_sub.id, self.item_rent.id).comparisons["forecast"]
        self.assertEqual((float(forecast.value), float(forecast.reference)), (840.0, 1200.0))
        self.assertEqual(float(forecast.amount), -360.0)
        # The group has no rent budget of its own: no forecast to compare.
        group = matrix.row(self.centre_group.id, self.item_rent.id).comparisons["forecast"]
        self.assertEqual(group.status, engine.NO_DATA)

    def test_profit_decomposition_adds_up_to_the_profit_variance(self):
        self._post_march()
        matrix = self._matrix()
        profit = matrix.row(self.centre_sub.id, engine.PROFIT).comparisons["budget"]
        decomposition = matrix.decompositions[self.centre_sub.id]
        # Sales +200, cost of sales -100, rent -30, travel -5.
        self.assertEqual(float(profit.amount), 65.0)
        self.assertEqual(decomposition.total, profit.amount)
        self.assertEqual(
            {role: float(amount) for role, amount in decomposition.groups.items()},
            {"revenue": 200.0, "cost_of_sales": -100.0, "period_expense": -35.0},
        )

    def test_query_count_does_not_grow_with_rows(self):
        self._post_march()
        Analysis = self.env["group.budget.analysis"]
        # Both runs start from the same cold caches (access rules, defaults).
        self.env.invalidate_all()
        self.env.registry.clear_all_caches()
        before = self.env.cr.sql_log_count
        small = Analysis._compute_matrix(self._filters())
        small_count = self.env.cr.sql_log_count - before
        # Ten more centres with budgets of every item.
        Centre = self.env["group.budget.centre"]
        for index in range(10):
            centre = Centre.create(
                {
                    "name": f"Extra {index}",
                    "code": f"X{index}",
                    "centre_type": "cost",
                    "parent_id": self.centre_sibling.id,
                    "company_id": self.company_a.id,
                }
            )
            self._executing_budget(centre, {self.item_rent: 10.0, self.item_travel: 10.0})
        self.env.flush_all()
        self.env.invalidate_all()
        self.env.registry.clear_all_caches()
        before = self.env.cr.sql_log_count
        large = Analysis._compute_matrix(self._filters())
        large_count = self.env.cr.sql_log_count - before
        self.assertGreater(len(large.rows), len(small.rows) + 15)
        self.assertEqual(large_count, small_count)
        self.assertLessEqual(large_count, 15)

    def test_centre_subtree_filter(self):
        self._post_march()
        matrix = self._matrix(centre_id=self.centre_sibling.id)
        self.assertEqual({row.centre_id for row in matrix.rows}, {self.centre_sibling.id})

    def test_period_outside_any_budget_year_is_refused(self):
        with self.assertRaisesRegex(UserError, r"No budget year .* covers 2040-03"):
            self._matrix(year=2040)
        with self.assertRaisesRegex(UserError, "comparison"):
            self._matrix(comparisons=[])

    def test_materiality_threshold_is_a_company_setting(self):
        self._post_march()
        self.assertEqual(self.env.company.group_budget_materiality_threshold, 10.0)
        self.company_a.group_budget_materiality_threshold = 40.0
        rent = self._matrix().row(self.centre_sub.id, self.item_rent.id)
        self.assertFalse(rent.material)
        with self.assertRaises(ValidationError):
            self.company_a.group_budget_materiality_threshold = 0.0

    def test_officer_sees_own_centres_only(self):
        self._post_march()
        matrix = (
            self.env["group.budget.analysis"]
            .with_user(self.user_officer)
            ._compute_matrix(self._filters())
        )
        self.assertTrue(matrix.rows)
        self.assertNotIn(self.centre_sibling.id, {row.centre_id for row in matrix.rows})

    # ------------------------------------------------------------------
    # Screen
    # ------------------------------------------------------------------
    def test_screen_lines(self):
        self._post_march()
        wizard = self._wizard()
        action = wizard.action_analyse()
        lines = self.env[action["res_model"]].search(action["domain"])
        rent = lines.filtered(
            lambda line: line.centre_id == self.centre_sub and line.item_id == self.item_rent
        )
        self.assertEqual((rent.actual, rent.budget, rent.budget_variance), (130.0, 100.0, 30.0))
        self.assertEqual(rent.budget_percent, "30.00 %")
        self.assertTrue(rent.material)
        travel = lines.filtered(
            lambda line: line.centre_id == self.centre_sub and line.item_id == self.item_travel
        )
        self.assertEqual(travel.yoy_percent, "no data")
        # Shares of the parent: none on profit rows, nor at the top.
        self.assertEqual(rent.share_actual, "56.52 %")
        profit = lines.filtered(lambda line: line.centre_id == self.centre_sub and line.is_profit)
        self.assertEqual((profit.share_actual, profit.share_budget), (False, False))
        top = lines.filtered(lambda line: line.centre_id == self.centre_group)[:1]
        self.assertFalse(top.share_actual)
        ledger = self.env["group.budget.ledger"].search(rent.action_open_ledger()["domain"])
        self.assertEqual(sum(ledger.mapped("actual")), 130.0)

    # ------------------------------------------------------------------
    # xlsx
    # ------------------------------------------------------------------
    def _xlsx(self, report, docids):
        content, kind = self.env["ir.actions.report"]._render_xlsx(report, docids, data=None)
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def _header_row(sheet, first):
        for row in sheet.iter_rows():
            if row[0].value == first:
                return row[0].row
        raise AssertionError(f"no header {first!r}")

    def test_analysis_xlsx_renders_the_matrix(self):
        self._post_march()
        wizard = self._wizard()
        book = self._xlsx("group_budget_report.analysis_xlsx", wizard.ids)
        self.assertEqual(
            book.sheetnames, ["Executive Summary", "Summary by Centre", "Variance Analysis"]
        )
        summary = book["Summary by Centre"]
        summary_rows = list(
            summary.iter_rows(
                min_row=self._header_row(summary, "Responsibility Centre") + 1, values_only=True
            )
        )
        self.assertIn(
            (self.centre_sub.display_name, self.item_rent.display_name),
            [(row[0].strip(), row[1]) for row in summary_rows],
        )
        self.assertNotIn(  # travel is 5 % over: not material
            (self.centre_sub.display_name, self.item_travel.display_name),
            [(row[0].strip(), row[1]) for row in summary_rows],
        )
        sheet = book["Variance Analysis"]
        self.assertEqual(sheet["A1"].value, "Detailed Variance Report")
        self.assertEqual(sheet["A2"].value, "Company")
        self.assertEqual(sheet["B2"].value, self.company_a.name)
        header = self._header_row(sheet, "Responsibility Centre")
        headers = [cell.value for cell in sheet[header]]
        self.assertEqual(
            headers[:6],
            [
                "Responsibility Centre",
                "Budget Item",
                "Actual of the Period",
                "Budget of the Period",
                "Variance against Budget",
                "Variance against Budget (%)",
            ],
        )
        self.assertEqual(len(set(headers)), len(headers))
        self.assertEqual(sheet.freeze_panes, f"C{header + 1}")
        matrix = self._matrix()
        rows = list(sheet.iter_rows(min_row=header + 1, values_only=True))
        self.assertEqual(len(rows), len(matrix.rows))
        by_key = {(row[0].strip(), row[1]): row for row in rows}
        rent = by_key[(self.centre_sub.display_name, self.item_rent.display_name)]
        self.assertEqual(rent[2:6], (130.0, 100.0, 30.0, 30.0))
        self.assertEqual(rent[-1], "Yes")
        travel = by_key[(self.centre_sub.display_name, self.item_travel.display_name)]
        self.assertEqual(
            travel[headers.index("Variance against Same Period Last Year (%)")], "no data"
        )
        # The group's actual rolls up the ledger's; no rent line of its own:
        # no budget.
        ledger = self.env["group.budget.ledger"].search(
            [
                ("period_id", "=", self.period.id),
                ("month", "=", 3),
                ("item_id", "=", self.item_rent.id),
            ]
        )
        group = by_key[(self.centre_group.display_name, self.item_rent.display_name)]
        self.assertEqual(group[2], sum(ledger.mapped("actual")))
        self.assertIsNone(group[3])

    def test_ledger_xlsx_columns_and_totals(self):
        self._post_march()
        budget = self.env["group.budget"].search(
            [("centre_id", "=", self.centre_sibling.id), ("period_id", "=", self.period.id)]
        )
        self._commit(budget, self.item_rent, "2031-03-01", 40.0)
        ledger = self.env["group.budget.ledger"].search([("period_id", "=", self.period.id)])
        book = self._xlsx("group_budget_report.ledger_xlsx", ledger.ids)
        sheet = book.active
        header = self._header_row(sheet, ledger._fields["centre_id"].string)
        headers = [cell.value for cell in sheet[header]]
        self.assertEqual(
            headers,
            [
                ledger._fields[name].string
                for name in (
                    "centre_id",
                    "item_id",
                    "date",
                    "budget",
                    "actual",
                    "variance",
                    "ytd_budget",
                    "ytd_actual",
                    "ytd_variance",
                    "committed",
                    "ytd_committed",
                    "available",
                )
            ],
        )
        rows = list(sheet.iter_rows(min_row=header + 1, values_only=True))
        self.assertEqual(len(rows), len(ledger) + 1)
        total = rows[-1]
        self.assertEqual(total[0], "Total")
        self.assertAlmostEqual(total[3], sum(ledger.mapped("budget")))
        self.assertAlmostEqual(total[4], sum(ledger.mapped("actual")))
        self.assertAlmostEqual(total[5], sum(ledger.mapped("variance")))
        self.assertEqual(total[6:9], (None, None, None))
        self.assertAlmostEqual(total[9], 40.0)
        # Every row's Available is the ledger's own figure.
        self.assertEqual(
            [row[11] for row in rows[:-1]],
            ledger.sorted(lambda row: (row.centre_id.id, row.item_id.id, row.date, row.id)).mapped(
                "available"
            ),
        )
        self.assertEqual(sheet.freeze_panes, f"C{header + 1}")

    def test_export_over_the_limit_is_refused(self):
        ledger = self.env["group.budget.ledger"].search([("period_id", "=", self.period.id)])
        with (
            patch.object(group_budget_analysis, "EXPORT_ROW_LIMIT", 3),
            self.assertRaisesRegex(UserError, "more than the limit of 3: choose a centre"),
        ):
            self._xlsx("group_budget_report.ledger_xlsx", ledger.ids)

    def test_budget_xlsx_with_roll_up(self):
        budget = self.env["group.budget"].search(
            [("centre_id", "=", self.centre_sub.id), ("period_id", "=", self.period.id)]
        )
        book = self._xlsx("group_budget_report.budget_xlsx", budget.ids)
        own, rolled = (book[name] for name in book.sheetnames)
        header = self._header_row(own, "Budget Item")
        self.assertEqual(
            [cell.value for cell in own[header]],
            ["Budget Item", *(f"{m:02d}" for m in range(1, 13)), "Total"],
        )
        rows = {row[0]: row for row in own.iter_rows(min_row=header + 1, values_only=True)}
        self.assertEqual(rows[self.item_rent.display_name][1:], (100.0,) * 12 + (1200.0,))
        rolled_rows = {
            row[0]: row
            for row in rolled.iter_rows(
                min_row=self._header_row(rolled, "Budget Item") + 1, values_only=True
            )
        }
        self.assertEqual(rolled_rows[self.item_sales.display_name][-1], 12000.0)
        self.assertEqual(own["B2"].value, self.centre_sub.display_name)

    def test_pdf_renders_the_same_matrix(self):
        self._post_march()
        wizard = self._wizard()
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "group_budget_report.report_variance_analysis", wizard.ids
        )
        html = html.decode()
        self.assertIn("Detailed Variance Report", html)
        self.assertIn("Variance against Budget (%)", html)
        table = wizard._matrix_table()
        self.assertEqual(len(table["rows"]), len(self._matrix().rows))
        rent = next(
            row["cells"]
            for row in table["rows"]
            if row["cells"][0].strip() == self.centre_sub.display_name
            and row["cells"][1] == self.item_rent.display_name
        )
        self.assertEqual(rent[5], "30.00")
        self.assertIn(rent[5], html)
        self.assertIn("no data", html)

    def test_committed_and_available_in_every_output(self):
        """What confirmed documents commit shows beside the actual, and what
        is available at the period's end (budget to date less actual,
        committed and reserved to date, as the ledger has it), on screen, in
        the xlsx and the PDF alike; a parent's commitments roll up as its
        actual does."""
        self._post_march()
        Budget = self.env["group.budget"]
        sub, sibling = (
            Budget.search([("centre_id", "=", centre.id), ("period_id", "=", self.period.id)])
            for centre in (self.centre_sub, self.centre_sibling)
        )
        self._commit(sub, self.item_rent, datetime.date(2031, 3, 1), 40.0)
        self._commit(sub, self.item_rent, datetime.date(2031, 4, 1), 25.0)
        self._commit(sibling, self.item_rent, datetime.date(2031, 3, 1), 15.0)
        # A pending addition reserves 20.00 of the subsidiary's travel in March.
        addition = self.env["group.budget.addition"].create(
            {
                "period_id": self.period.id,
                "centre_id": self.centre_sibling.id,
                "item_id": self.item_rent.id,
                "date_from": datetime.date(2031, 3, 1),
                "date_to": datetime.date(2031, 3, 31),
                "amount": 20.0,
                "reason": "A new lease",
                "funding": "savings",
                "source_centre_id": self.centre_sub.id,
                "source_item_id": self.item_travel.id,
            }
        )
        addition.action_submit()
        self.assertEqual(addition.state, "submitted")
        matrix = self._matrix()
        rent = matrix.row(self.centre_sub.id, self.item_rent.id)
        # Rent to March: 300.00 budgeted, 210.00 spent, 40.00 committed.
        self.assertEqual((float(rent.value), float(rent.committed)), (130.0, 40.0))
        self.assertEqual(float(rent.available), 50.0)
        travel = matrix.row(self.centre_sub.id, self.item_travel.id)
        self.assertEqual((float(travel.committed), float(travel.available)), (0.0, 175.0))
        ledger = self.env["group.budget.ledger"].search(
            [
                ("period_id", "=", self.period.id),
                ("centre_id", "=", self.centre_sub.id),
                ("month", "=", 3),
                ("item_id", "in", (self.item_rent | self.item_travel).ids),
            ]
        )
        self.assertEqual(sorted(ledger.mapped("available")), sorted([float(rent.available), 175.0]))
        sibling_rent = matrix.row(self.centre_sibling.id, self.item_rent.id)
        self.assertEqual(float(sibling_rent.available), 300.0 - 100.0 - 15.0)
        group = matrix.row(self.centre_group.id, self.item_rent.id)
        self.assertEqual((float(group.committed), group.available), (55.0, None))
        profit = matrix.row(self.centre_sub.id, engine.PROFIT)
        self.assertEqual((profit.committed, profit.available), (None, None))
        # The year: April's commitment too, available at December.
        year = self._matrix(kind="year").row(self.centre_sub.id, self.item_rent.id)
        self.assertEqual((float(year.committed), float(year.available)), (65.0, 925.0))
        # The forecast: (210 + 40) / 300 × 1,200.
        forecast = (
            self._matrix(comparisons=["forecast"])
            .row(self.centre_sub.id, self.item_rent.id)
            .comparisons["forecast"]
        )
        self.assertEqual(float(forecast.value), 1000.0)

        # Screen.
        wizard = self._wizard()
        action = wizard.action_analyse()
        lines = self.env[action["res_model"]].search(action["domain"])
        line = lines.filtered(
            lambda line: line.centre_id == self.centre_sub and line.item_id == self.item_rent
        )
        self.assertEqual((line.committed, line.available), (40.0, 50.0))
        # xlsx.
        sheet = self._xlsx("group_budget_report.analysis_xlsx", wizard.ids)["Variance Analysis"]
        header = self._header_row(sheet, "Responsibility Centre")
        headers = [cell.value for cell in sheet[header]]
        rows = {
            (row[0].strip(), row[1]): row
            for row in sheet.iter_rows(min_row=header + 1, values_only=True)
        }
        cells = rows[(self.centre_sub.display_name, self.item_rent.display_name)]
        self.assertEqual(cells[headers.index("Committed in the Period")], 40.0)
        self.assertEqual(cells[headers.index("Available at the End of the Period")], 50.0)
        # PDF.
        table = wizard._matrix_table()
        cells = next(
            row["cells"]
            for row in table["rows"]
            if row["cells"][0].strip() == self.centre_sub.display_name
            and row["cells"][1] == self.item_rent.display_name
        )
        self.assertEqual(cells[table["headers"].index("Committed in the Period")], "40.00")
        self.assertEqual(
            cells[table["headers"].index("Available at the End of the Period")], "50.00"
        )

    def test_pdf_material_rows_are_red_on_their_cells(self):
        """The table's cells set their own colour (Bootstrap's table cell
        rule), so a colour class on the row never shows: each cell of a
        material row carries it."""
        self._post_march()
        wizard = self._wizard()
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "group_budget_report.report_variance_analysis", wizard.ids
        )
        table = etree.fromstring(html, etree.HTMLParser()).xpath(
            "//table[contains(@class, 'o_variance_table')]"
        )[0]
        rows = table.xpath("./tbody/tr")
        matrix = self._matrix()
        self.assertEqual(len(rows), len(matrix.rows))
        self.assertTrue(any(row.material for row in matrix.rows))
        self.assertFalse(all(row.material for row in matrix.rows))
        for tr, row in zip(rows, matrix.rows, strict=True):
            cells = tr.xpath("./td")
            red = ["text-danger" in (cell.get("class") or "").split() for cell in cells]
            with self.subTest(row=row.key):
                self.assertEqual(red, [row.material] * len(cells))
                self.assertNotIn("text-danger", tr.get("class") or "")


@tagged("post_install", "-at_install")
class TestLastYearFromActuals(AnalysisCase):
    """Comparisons with last year (manual §六 2) read last year's posted
    actuals, with or without a budget (or a budget year) last year; a cell
    with neither postings nor a budget still reads "no data"."""

    def test_yoy_of_a_centre_without_budget_last_year(self):
        self._post_march()
        # The sibling had no budget in 2030, but posted rent: 80, and 60 % of
        # 50 it shared with the subsidiary (40 %, on top of its own 120).
        self._entries(
            [
                (datetime.date(2030, 3, 20), self.account_rent, 80.0, {self.centre_sibling: 100}),
                (
                    datetime.date(2030, 3, 25),
                    self.account_rent,
                    50.0,
                    {self.centre_sibling: 60, self.centre_sub: 40},
                ),
            ]
        )
        matrix = self._matrix()
        sibling = matrix.row(self.centre_sibling.id, self.item_rent.id).comparisons["yoy"]
        self.assertEqual(sibling.status, engine.OK)
        self.assertEqual(
            (float(sibling.value), float(sibling.reference), float(sibling.amount)),
            (100.0, 110.0, -10.0),
        )
        self.assertEqual(float(sibling.percent), -9.09)
        sub = matrix.row(self.centre_sub.id, self.item_rent.id).comparisons["yoy"]
        self.assertEqual(float(sub.reference), 140.0)
        # The group adds up both: 230 this March against 250 last March.
        group = matrix.row(self.centre_group.id, self.item_rent.id).comparisons["yoy"]
        self.assertEqual((float(group.value), float(group.reference)), (230.0, 250.0))
        # Nothing posted on travel last year, and no budget: no data.
        travel = matrix.row(self.centre_sub.id, self.item_travel.id).comparisons["yoy"]
        self.assertEqual(travel.status, engine.NO_DATA)
        self.assertIsNone(travel.reference)
        # The screen shows the same figures.
        lines = self.env["group.budget.analysis.line"].search(
            self._wizard().action_analyse()["domain"]
        )
        by_key = {(line.centre_id, line.item_id): line for line in lines}
        self.assertEqual(by_key[self.centre_sibling, self.item_rent].yoy_percent, "-9.09 %")
        self.assertEqual(by_key[self.centre_sub, self.item_travel].yoy_percent, "no data")

    def test_previous_period_across_the_new_year(self):
        """January's previous period is last December: its actuals too."""
        self._entries(
            [
                (datetime.date(2030, 12, 5), self.account_rent, 70.0, {self.centre_sibling: 100}),
                (datetime.date(2031, 1, 5), self.account_rent, 91.0, {self.centre_sibling: 100}),
            ]
        )
        rent = self._matrix(month=1).row(self.centre_sibling.id, self.item_rent.id)
        mom = rent.comparisons["mom"]
        self.assertEqual(mom.status, engine.OK)
        self.assertEqual((float(mom.value), float(mom.reference)), (91.0, 70.0))
        self.assertEqual(rent.comparisons["yoy"].status, engine.NO_DATA)

    def test_first_budgeting_year(self):
        """2030 is company A's first budget year: no budget year 2029, but
        its accounting has 2029's postings."""
        Period = self.env["group.budget.period"]
        self.assertFalse(
            Period.search([("company_id", "=", self.company_a.id), ("year", "=", 2029)])
        )
        self._entries(
            [
                (datetime.date(2029, 3, 10), self.account_rent, 110.0, {self.centre_sub: 100}),
                (datetime.date(2029, 3, 12), self.account_sales, -800.0, {self.centre_sub: 100}),
                (datetime.date(2030, 3, 10), self.account_rent, 120.0, {self.centre_sub: 100}),
                (datetime.date(2030, 3, 12), self.account_sales, -1000.0, {self.centre_sub: 100}),
                (datetime.date(2030, 3, 14), self.account_cogs, 600.0, {self.centre_sub: 100}),
            ]
        )
        matrix = self._matrix(year=2030)
        rent = matrix.row(self.centre_sub.id, self.item_rent.id).comparisons["yoy"]
        self.assertEqual(rent.status, engine.OK)
        self.assertEqual(
            (float(rent.value), float(rent.reference), float(rent.percent)), (120.0, 110.0, 9.09)
        )
        # Revenue reads positive, as the ledger shows it.
        sales = matrix.row(self.centre_sub.id, self.item_sales.id).comparisons["yoy"]
        self.assertEqual((float(sales.value), float(sales.reference)), (1000.0, 800.0))
        self.assertTrue(sales.favourable)
        # Profit: 1,000 - 600 - 120 this year against 800 - 110 last year.
        profit = matrix.row(self.centre_sub.id, engine.PROFIT).comparisons["yoy"]
        self.assertEqual((float(profit.value), float(profit.reference)), (280.0, 690.0))
        # Cost of sales was not posted in 2029: no data.
        cogs = matrix.row(self.centre_sub.id, self.item_cogs.id).comparisons["yoy"]
        self.assertEqual(cogs.status, engine.NO_DATA)
        lines = self.env["group.budget.analysis.line"].search(
            self._wizard(date=datetime.date(2030, 3, 15)).action_analyse()["domain"]
        )
        by_key = {(line.centre_id, line.item_id): line for line in lines}
        self.assertEqual(by_key[self.centre_sub, self.item_rent].yoy_percent, "9.09 %")
        self.assertEqual(by_key[self.centre_sub, self.item_cogs].yoy_percent, "no data")
