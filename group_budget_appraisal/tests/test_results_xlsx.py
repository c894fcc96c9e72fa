"""The appraisal results in xlsx (issue 14): the year's results for pay and
the results of the scorecards selected, written as the suite's other exports
(what was exported on top, translated headers in a frozen row, number
formats, the row limit), read with the user's rights."""

import io
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.group_budget_report.models import group_budget_analysis

from .common import AppraisalCase

PAY = "group_budget_appraisal.scorecard_pay_xlsx"
RESULTS = "group_budget_appraisal.scorecard_results_xlsx"


@tagged("post_install", "-at_install")
class TestResultsXlsx(AppraisalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_appraisal()
        cls.centre_sibling.manager_id = cls.user_office
        cls._appraisal_card(
            cls.centre_sub,
            cls.period,
            {cls.item_rent: (1200.0, 60), cls.item_volume: (100.0, 15)},
            tasks=[("Cut costs", 25)],
            with_card=False,
        )
        _letter, cls.card_sibling = cls._appraisal_card(
            cls.centre_sibling, cls.period, {cls.item_volume: (10.0, 100)}, period_type="quarter"
        )
        Scorecard = cls.env["group.budget.scorecard"].with_user(cls.user_office)
        sub = cls.centre_sub
        cls.card_quarter = Scorecard._generate(
            cls.period, "quarter", 1, centres=sub, provisional=True
        )
        cls.company_a.sudo().fiscalyear_lock_date = "2031-12-31"
        cls.card_year = Scorecard._generate(cls.period, "year", 1, centres=sub, provisional=False)
        (cls.card_quarter | cls.card_year | cls.card_sibling).with_user(
            cls.user_office
        ).action_compute()
        cls.card_year.with_user(cls.user_committee).action_review()
        cls.card_year.with_user(cls.user_committee).action_decide()

    def _xlsx(self, report, docids, user):
        content, kind = (
            self.env["ir.actions.report"].with_user(user)._render_xlsx(report, docids, data=None)
        )
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def _table(sheet, *first):
        """Filters on top, header row index, headers and rows below them."""
        filters, header = {}, None
        for row in sheet.iter_rows(min_row=2):
            if tuple(cell.value for cell in row[: len(first)]) == first:
                header = row[0].row
                break
            if row[0].value is not None:
                filters[row[0].value] = row[1].value
        assert header, f"no header {first!r}"
        headers = [cell.value for cell in sheet[header]]
        rows = list(sheet.iter_rows(min_row=header + 1, values_only=True))
        return filters, header, headers, rows

    def test_pay_results_follow_the_export_conventions(self):
        book = self._xlsx(PAY, self.period.ids, self.user_office)
        sheet = book.active
        self.assertEqual(sheet["A1"].value, "Appraisal Results for Pay")
        filters, header, headers, rows = self._table(sheet, "Rank", "Centre")
        self.assertEqual(filters["Company"], self.company_a.name)
        self.assertEqual(filters["Budget Year"], self.period.display_name)
        self.assertEqual(filters["Status"], "Decided")
        self.assertEqual(
            headers,
            [
                "Rank",
                "Centre",
                "Manager",
                "KPI Score",
                "GS Score",
                "Weighted Total before Exceptions",
                "Weighted Total",
                "Score",
                "Veto Occurred",
                "Board Decision",
                "Decision Date",
            ],
        )
        self.assertEqual(sheet.freeze_panes, f"C{header + 1}")
        self.assertEqual(len(rows), 1)
        card = self.card_year
        row = rows[0]
        self.assertEqual(row[:3], (1, self.centre_sub.display_name, self.user_officer.name))
        self.assertAlmostEqual(row[3], card.kpi_total)
        self.assertAlmostEqual(row[4], card.gs_total)
        self.assertAlmostEqual(row[6], card.total)
        self.assertAlmostEqual(row[7], card.score)
        self.assertEqual(sheet.cell(header + 1, 8).number_format, "0.0000")

    def test_results_of_the_selected_scorecards(self):
        cards = self.card_quarter | self.card_year
        book = self._xlsx(RESULTS, cards.ids, self.user_office)
        sheet = book.active
        self.assertEqual(sheet["A1"].value, "Appraisal Results")
        Scorecard = self.env["group.budget.scorecard"]
        string = {name: field.string for name, field in Scorecard._fields.items()}
        filters, header, headers, rows = self._table(
            sheet, string["centre_id"], string["period_id"]
        )
        report = self.env["report.group_budget_appraisal.scorecard_results_xlsx"]
        self.assertEqual(headers, [string[name] for name, _kind in report.RESULT_FIELDS])
        self.assertEqual(sheet.freeze_panes, f"C{header + 1}")
        self.assertEqual(filters["Scorecards"], "2")
        self.assertEqual(filters["Status"], "Computed, Decided")
        self.assertEqual(len(rows), 2)
        by_period = {row[headers.index(string["period_type"])]: row for row in rows}
        for label, card in (("Quarter", self.card_quarter), ("Year", self.card_year)):
            row = dict(zip(headers, by_period[label], strict=True))
            self.assertEqual(row[string["centre_id"]], self.centre_sub.display_name)
            self.assertAlmostEqual(row[string["kpi_total"]], card.kpi_total)
            self.assertAlmostEqual(row[string["gs_total"]], card.gs_total)
            self.assertAlmostEqual(row[string["score"]], card.score)
            self.assertEqual(row[string["date_from"]].date(), card.date_from)
        self.assertEqual(
            dict(zip(headers, by_period["Year"], strict=True))[string["state"]], "Decided"
        )

    def test_who_cannot_read_a_scorecard_cannot_print_it(self):
        with self.assertRaises(AccessError):
            self._xlsx(RESULTS, self.card_year.ids, self.user_plain)
        with self.assertRaises(AccessError):
            self._xlsx(RESULTS, (self.card_year | self.card_sibling).ids, self.user_officer)
        book = self._xlsx(RESULTS, self.card_year.ids, self.user_officer)
        self.assertEqual(book.active["A1"].value, "Appraisal Results")

    def test_exports_over_the_limit_are_refused(self):
        cards = self.card_quarter | self.card_year | self.card_sibling
        with (
            patch.object(group_budget_analysis, "EXPORT_ROW_LIMIT", 2),
            self.assertRaisesRegex(UserError, "has 3 rows, more than the limit of 2"),
        ):
            self._xlsx(RESULTS, cards.ids, self.user_office)
        # The pay list counts its rows: the decided yearly scorecards.
        with patch.object(group_budget_analysis, "EXPORT_ROW_LIMIT", 1):
            self._xlsx(PAY, self.period.ids, self.user_office)
        with (
            patch.object(group_budget_analysis, "EXPORT_ROW_LIMIT", 0),
            self.assertRaisesRegex(UserError, "has 1 rows, more than the limit of 0"),
        ):
            self._xlsx(PAY, self.period.ids, self.user_office)

    def test_exports_query_counts_do_not_grow_with_rows(self):
        """As many queries for one row as for three (issue 22)."""
        render = self.env["ir.actions.report"].with_user(self.user_office)._render_xlsx

        def queries(*exports):
            """The queries of each ``(report, ids)``, each from the same cold
            caches (records, access rules, reports, fields)."""
            counts = []
            for report, ids in exports:
                self.env.flush_all()
                self.env.reset()  # the records and the environments' users, companies
                self.env.registry.clear_all_caches()
                before = self.env.cr.sql_log_count
                render(report, ids, data=None)
                counts.append(self.env.cr.sql_log_count - before)
            return counts

        cards = self.card_quarter | self.card_year | self.card_sibling
        results = queries((RESULTS, self.card_year.ids), (RESULTS, cards.ids))
        pay = queries((PAY, self.period.ids))
        # Two more decided yearly scorecards, of centres without a manager
        # (the managers read are the same): three rows in the pay list.
        workshop = self.env["group.budget.centre"].create(
            {
                "name": "Workshop",
                "code": "S-W",
                "centre_type": "cost",
                "parent_id": self.centre_sub.id,
                "company_id": self.company_a.id,
            }
        )
        yearly = self.env["group.budget.scorecard"]
        for centre in (self.centre_dept, workshop):
            yearly |= self._appraisal_card(
                centre, self.period, {self.item_volume: (10.0, 100)}, provisional=False
            )[1]
        yearly.with_user(self.user_office).action_compute()
        yearly.with_user(self.user_committee).action_review()
        yearly.with_user(self.user_committee).action_decide()
        self.assertEqual(len(yearly._pay_rows(self.period)), 3)
        pay += queries((PAY, self.period.ids))
        self.assertEqual(results[0], results[1], results)
        self.assertEqual(pay[0], pay[1], pay)
        self.assertLessEqual(max(results + pay), 50, (results, pay))
