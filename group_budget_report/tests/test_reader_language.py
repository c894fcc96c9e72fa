import datetime
import io
import re

import openpyxl

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .test_analysis import AnalysisCase


@tagged("post_install", "-at_install")
class TestReportReaderLanguage(AnalysisCase):
    """Variance explanations are titled, and the meetings' measures closed,
    in the reader's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["group_budget", "group_budget_report"], ["zh_CN"], overwrite=True
        )
        cls.centre_sub.with_context(lang="zh_CN").name = "卡车销售部"
        cls.item_rent.with_context(lang="zh_CN").name = "租金"

    def test_explanation_title_follows_the_reader(self):
        Explanation = self.env["group.budget.variance.explanation"]
        explanation, profit = Explanation.create(
            [
                {
                    "centre_id": self.centre_sub.id,
                    "item_id": self.item_rent.id,
                    "date": "2031-03-01",
                },
                {"centre_id": self.centre_sub.id, "date": "2031-03-01"},
            ]
        )
        # Read in English first: the Chinese reader does not get it from the cache.
        self.assertEqual(
            explanation.with_context(lang="en_US").display_name,
            "[S] Subsidiary / [T-RENT] Rent / 2031-03",
        )
        self.assertEqual(
            profit.with_context(lang="en_US").display_name, "[S] Subsidiary / Profit / 2031-03"
        )
        self.assertEqual(
            explanation.with_context(lang="zh_CN").display_name,
            "[S] 卡车销售部 / [T-RENT] 租金 / 2031-03",
        )
        self.assertEqual(
            profit.with_context(lang="zh_CN").display_name, "[S] 卡车销售部 / 利润 / 2031-03"
        )

    def test_comparisons_in_the_readers_list_format(self):
        """The comparisons printed above the PDF and the xlsx are listed as
        the reader's language lists things: 、 and 和 in Chinese."""
        self.user_office.lang = "zh_CN"
        self._post_march()
        wizard = (
            self.env["group.budget.analysis.wizard"]
            .with_user(self.user_office)
            .with_context(lang="zh_CN")
            .create(
                {
                    "company_id": self.company_a.id,
                    "date": datetime.date(2031, 3, 15),
                    "period_kind": "month",
                }
            )
        )
        expected = "预算、去年同期（同比）和上期（环比）"
        filters = dict(wizard._matrix_table()["filters"])
        self.assertEqual(filters["对比"], expected)
        Report = self.env["ir.actions.report"].with_user(self.user_office)
        html, _kind = Report.with_context(lang="zh_CN")._render_qweb_html(
            "group_budget_report.report_variance_analysis", wizard.ids
        )
        self.assertIn(expected, html.decode())
        content, _kind = Report.with_context(lang="zh_CN")._render_xlsx(
            "group_budget_report.analysis_xlsx", wizard.ids, data=None
        )
        book = openpyxl.load_workbook(io.BytesIO(content))
        for sheet in book.worksheets:
            printed = dict(sheet.iter_rows(min_row=2, max_row=7, max_col=2, values_only=True))
            self.assertEqual(printed["对比"], expected, sheet.title)
        # In English, the English list.
        english = wizard.with_context(lang="en_US")._matrix_table()["filters"]
        self.assertEqual(
            dict(english)["Comparisons"], "Budget, Same Period Last Year, and Previous Period"
        )

    def test_measure_done_in_the_company_language(self):
        self.company_a.partner_id.lang = "zh_CN"
        meeting = self.env["group.budget.analysis.meeting"].create(
            {
                "name": "季度预算分析会",
                "date": datetime.date(2031, 4, 15),
                "company_id": self.company_a.id,
                "measure_ids": [
                    Command.create(
                        {
                            "name": "重新谈判租约",
                            "owner_id": self.user_officer.id,
                            "date_deadline": datetime.date(2031, 5, 31),
                        }
                    )
                ],
            }
        )
        meeting.measure_ids.with_user(self.user_officer).action_done()
        bodies = " ".join(meeting.message_ids.mapped("body"))
        self.assertIn("措施已落实", bodies)
        self.assertNotIn("Measure carried out", bodies)


@tagged("post_install", "-at_install")
class TestReportDemoLanguage(TransactionCase):
    def test_demo_analysis_writes_in_chinese(self):
        company = self.env.ref("group_budget.demo_company_trucks", raise_if_not_found=False)
        if not company:
            self.skipTest("the database was installed without demo data")
        meeting = self.env.ref("group_budget_report.demo_meeting_trucks")
        self.assertEqual(meeting.company_id, company)
        explanations = self.env["group.budget.variance.explanation"].search(
            [("company_id", "=", company.id)]
        )
        texts = [meeting.name, meeting.agenda, meeting.minutes]
        texts += meeting.measure_ids.mapped("name")
        texts += explanations.mapped("cause") + explanations.mapped("measures")
        for text in filter(None, texts):
            with self.subTest(text=text):
                # Markup tags left out.
                self.assertFalse(re.findall(r"[A-Za-z]{2,}", re.sub(r"<[^>]*>", "", str(text))))
