"""The variance analysis across the centre hierarchy (the rule of
group_budget's logic/consolidation.py), its opening period and empty case,
and its printouts: the PDF's paper and headers, the ledger's file name."""

import datetime
import io
import json
from urllib.parse import unquote

import openpyxl
from freezegun import freeze_time

from odoo import Command, http
from odoo.tests import HttpCase, tagged

from odoo.addons.group_budget.tests.common import GroupBudgetCase
from odoo.addons.group_budget.tests.suite import suite_addons

from ..logic import matrix as engine

MONTH = 8_200_000.0  # the demo's heavy-trucks revenue budget, a month


class TruckGroupCase(GroupBudgetCase):
    """The demo's three levels with its figures, in 2031: the group (G) →
    the heavy-trucks company centre (the subsidiary S) → its sales
    department (the plant S-P); and a components company (company B) under
    the group. The subsidiary's lines are the consolidated budget of its
    subtree: revenue 8.2 million a month (all sold by its sales department,
    which holds the same 8.2 million), cost of sales 5.6 million (its own),
    salaries 700,000 (165,000 of them the department's). The group's lines
    consolidate the trucks and the components (2.5 million of revenue)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period = cls.env["group.budget.period"].create(
            {"year": 2031, "company_id": cls.company_a.id}
        )
        Account = cls.env["account.account"]
        cls.account_sales = Account.with_company(cls.company_a).create(
            {"name": "Truck Sales", "code": "GB4100", "account_type": "income"}
        )
        cls.account_sales_b = Account.with_company(cls.company_b).create(
            {"name": "Component Sales", "code": "GB4100", "account_type": "income"}
        )
        cls.account_cogs = Account.with_company(cls.company_a).create(
            {"name": "Cost of Trucks", "code": "GB5100", "account_type": "expense_direct_cost"}
        )
        cls.account_salaries = cls._shared_account("GB6600", "Salaries")
        cls.item_sales = cls._revenue_item(
            "Sales Revenue", "H-REV", cls.account_sales | cls.account_sales_b, company_id=False
        )
        cls.item_cogs = cls._cost_item("Cost of Sales", "H-COGS", "none", cls.account_cogs)
        cls.item_salaries = cls._cost_item("Salaries", "H-SAL", "none", cls.account_salaries)
        cls.item_rent.control_mode = "none"
        cls.centre_components = cls.env["group.budget.centre"].create(
            {
                "name": "Components Company",
                "code": "HC",
                "centre_type": "profit",
                "parent_id": cls.centre_group.id,
                "company_id": cls.company_b.id,
            }
        )
        cls._executing_budget(
            cls.centre_group,
            {cls.item_sales: MONTH + 2_500_000.0, cls.item_cogs: 5_600_000.0},
        )
        cls._executing_budget(
            cls.centre_sub,
            {cls.item_sales: MONTH, cls.item_cogs: 5_600_000.0, cls.item_salaries: 700_000.0},
        )
        cls._executing_budget(
            cls.centre_dept,
            {cls.item_sales: MONTH, cls.item_salaries: 165_000.0, cls.item_rent: 18_000.0},
        )
        cls.period._set_state("executing")

    def _post_march(self):
        """The department sells 8.0 million and pays 150,000 of salaries and
        20,000 of rent; the subsidiary's own cost of sales is 5.5 million and
        its management's salaries 400,000; the components company sells 2.4
        million (in company B)."""
        march = datetime.date(2031, 3, 12)
        self._entries(
            [
                (march, self.account_sales, -8_000_000.0, {self.centre_dept: 100}),
                (march, self.account_salaries, 150_000.0, {self.centre_dept: 100}),
                (march, self.account_rent, 20_000.0, {self.centre_dept: 100}),
                (march, self.account_cogs, 5_500_000.0, {self.centre_sub: 100}),
                (march, self.account_salaries, 400_000.0, {self.centre_sub: 100}),
            ]
        )
        Account = self.env["account.account"].with_company(self.company_b)
        move = self.env["account.move"].create(
            {
                "journal_id": self.env["account.journal"]
                .create(
                    {
                        "name": "Components Misc",
                        "code": "CMSC",
                        "type": "general",
                        "company_id": self.company_b.id,
                    }
                )
                .id,
                "date": march,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": self.account_sales_b.id,
                            "credit": 2_400_000.0,
                            "analytic_distribution": {
                                str(self.centre_components.analytic_account_id.id): 100
                            },
                        }
                    ),
                    Command.create(
                        {
                            "account_id": Account.create(
                                {"name": "Cash", "code": "GB1011", "account_type": "asset_current"}
                            ).id,
                            "debit": 2_400_000.0,
                        }
                    ),
                ],
            }
        )
        move.action_post()

    def _matrix(self, **values):
        filters = {
            "company_id": self.company_a.id,
            "year": 2031,
            "month": 3,
            "kind": "month",
            "comparisons": ["budget"],
        }
        filters.update(values)
        return self.env["group.budget.analysis"]._compute_matrix(filters)


@tagged("post_install", "-at_install")
class TestAnalysisHierarchy(TruckGroupCase):
    def test_a_parent_budget_is_its_consolidated_line_never_added_to_its_childrens(self):
        self._post_march()
        matrix = self._matrix()

        def figures(centre, item):
            row = matrix.row(centre.id, item)
            budget = row.comparisons["budget"]
            return (
                row.value,
                row.budget,
                budget.percent if budget.status == engine.OK else budget.status,
                row.material,
            )

        D = engine.money
        # Revenue: 8.0 million against 8.2 (-2.44 %) at the department and at
        # the subsidiary, whose actual is its department's (it posts none);
        # not 16.4 million (-51.22 %), not 0.00.
        self.assertEqual(
            figures(self.centre_dept, self.item_sales.id),
            (D(8_000_000), D(MONTH), D("-2.44"), False),
        )
        self.assertEqual(
            figures(self.centre_sub, self.item_sales.id),
            (D(8_000_000), D(MONTH), D("-2.44"), False),
        )
        # The group: its consolidated 10.7 million against the trucks' and
        # the components' sales (another company, same currency).
        self.assertEqual(
            figures(self.centre_group, self.item_sales.id),
            (D(10_400_000), D(10_700_000), D("-2.80"), False),
        )
        # Salaries: the subsidiary's own 400,000 and its department's 150,000
        # against its consolidated 700,000.
        self.assertEqual(
            figures(self.centre_sub, self.item_salaries.id),
            (D(550_000), D(700_000), D("-21.43"), True),
        )
        # Rent: budgeted by the department only; the subsidiary (and the
        # group) show the rolled-up actual and no budget, not a sum.
        self.assertEqual(
            figures(self.centre_sub, self.item_rent.id), (D(20_000), None, engine.NO_DATA, False)
        )
        # Profit of the subsidiary: 8.2 - 5.6 - 0.7 million budgeted, 8.0 -
        # 5.5 - 0.55 - 0.02 million actual.
        profit = matrix.row(self.centre_sub.id, engine.PROFIT)
        self.assertEqual((profit.value, profit.budget), (D(1_930_000), D(1_900_000)))
        # The department holds all of its parent's revenue budget.
        share = matrix.row(self.centre_dept.id, self.item_sales.id).share
        self.assertEqual((share.share_budget, share.share_actual), (D(100), D(100)))
        # The executive summary's key figures are the group's, the top.
        self.assertEqual(
            {row.centre_id for row in engine.executive_rows(matrix, limit=0)},
            {self.centre_group.id},
        )

    def test_year_to_date_and_the_screen(self):
        self._post_march()
        matrix = self._matrix(kind="ytd")
        sub = matrix.row(self.centre_sub.id, self.item_sales.id)
        self.assertEqual(
            (sub.value, sub.budget), (engine.money(8_000_000), engine.money(3 * MONTH))
        )
        wizard = self.env["group.budget.analysis.wizard"].create(
            {
                "company_id": self.company_a.id,
                "date": datetime.date(2031, 3, 15),
                "period_kind": "ytd",
            }
        )
        lines = self.env["group.budget.analysis.line"].search(wizard.action_analyse()["domain"])
        line = lines.filtered(
            lambda line: line.centre_id == self.centre_sub and line.item_id == self.item_sales
        )
        self.assertEqual((line.actual, line.budget), (8_000_000.0, 3 * MONTH))
        self.assertEqual(line.budget_percent, "-67.48 %")


@tagged("post_install", "-at_install")
class TestAnalysisOpening(GroupBudgetCase):
    """Opened early in a month, the analysis shows the last month with
    postings; an analysis with nothing to show says why."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period = cls.env["group.budget.period"].create(
            {"year": 2026, "company_id": cls.company_a.id}
        )
        cls.item_rent.control_mode = "none"
        cls._executing_budget(cls.centre_sub, {cls.item_rent: 30_000.0})
        cls.period._set_state("executing")
        cls.env["group.budget.period"].create(
            {"year": 2026, "company_id": cls.company_b.id}
        )._set_state("executing")

    def test_opened_on_1_december_shows_november(self):
        with freeze_time("2026-12-01"):
            self._entries(
                [
                    (
                        datetime.date(2026, 10, 15),
                        self.account_rent,
                        31_000.0,
                        {self.centre_sub: 100},
                    ),
                    (
                        datetime.date(2026, 11, 15),
                        self.account_rent,
                        29_000.0,
                        {self.centre_sub: 100},
                    ),
                ]
            )
            wizard = self.env["group.budget.analysis.wizard"].create(
                {"company_id": self.company_a.id}
            )
            self.assertEqual(wizard.date, datetime.date(2026, 11, 1))
            action = wizard.action_analyse()
            lines = self.env["group.budget.analysis.line"].search(action["domain"])
            rent = lines.filtered(
                lambda line: line.centre_id == self.centre_sub and line.item_id == self.item_rent
            )
            self.assertEqual((rent.actual, rent.budget), (29_000.0, 30_000.0))
            self.assertNotIn("help", action)
            # Changing the company takes that company's last month.
            wizard.company_id = self.company_b
            self.assertEqual(wizard.date, datetime.date(2026, 12, 1))
        # Once December has postings, December it is.
        with freeze_time("2026-12-03"):
            self._entries(
                [(datetime.date(2026, 12, 2), self.account_rent, 1_000.0, {self.centre_sub: 100})]
            )
            wizard = self.env["group.budget.analysis.wizard"].create(
                {"company_id": self.company_a.id}
            )
            self.assertEqual(wizard.date, datetime.date(2026, 12, 3))

    def test_execution_menu_opens_the_core_screen(self):
        """The analysis' menu of budget execution opens the core's screen."""
        menu = self.env.ref("group_budget_report.group_budget_report_execution_menu")
        self.assertEqual(menu.action, self.env.ref("group_budget.group_budget_execution_action"))

    def test_an_empty_analysis_says_why(self):
        with freeze_time("2026-12-01"):
            wizard = self.env["group.budget.analysis.wizard"].create(
                {"company_id": self.company_b.id, "date": datetime.date(2026, 11, 1)}
            )
            action = wizard.action_analyse()
        self.assertFalse(self.env["group.budget.analysis.line"].search(action["domain"]))
        self.assertIn("Nothing to analyse", action["help"])
        self.assertIn(
            f"No centre of {self.company_b.name} has an approved budget in execution for "
            "Month 2026-11.",
            action["help"],
        )
        self.assertIn("company switcher", action["help"])


@tagged("post_install", "-at_install")
class TestVariancePrintouts(TruckGroupCase):
    def test_pdf_is_landscape_with_distinct_headers_in_chinese(self):
        report = self.env.ref("group_budget_report.group_budget_analysis_pdf")
        self.assertEqual(report.paperformat_id.orientation, "Landscape")
        self.assertEqual(report.get_paperformat().format, "A4")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["group_budget", "group_budget_report"], ["zh_CN"]
        )
        self._post_march()
        wizard = (
            self.env["group.budget.analysis.wizard"]
            .with_context(lang="zh_CN")
            .create(
                {
                    "company_id": self.company_a.id,
                    "date": datetime.date(2031, 3, 15),
                    "compare_forecast": True,
                }
            )
        )
        table = wizard._matrix_table()
        headers = table["headers"]
        self.assertEqual(len(set(headers)), len(headers), headers)
        self.assertEqual(headers[:2], ["责任中心", "预算项目"])
        self.assertAlmostEqual(sum(table["widths"]), 100.0, delta=0.1)
        self.assertEqual(len(table["widths"]), len(headers))
        # The names get the room, each figure one line.
        self.assertGreater(min(table["widths"][:2]), max(table["widths"][2:]))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("group_budget_report.report_variance_analysis", wizard.ids)[0]
            .decode()
        )
        self.assertIn("table-layout: fixed", html)
        self.assertIn("text-nowrap", html)
        # The xlsx has the same headers, each once.
        content, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN")
            ._render_xlsx("group_budget_report.analysis_xlsx", wizard.ids, data=None)
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[-1]
        header = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "预算项目")
        self.assertEqual(list(header), headers)


@tagged("post_install", "-at_install")
class TestLedgerFileName(HttpCase, TruckGroupCase):
    def _download(self, ledger):
        self.authenticate(self.user_office.login, self.user_office.login)
        url = "/report/xlsx/group_budget_report.ledger_xlsx/{}".format(
            ",".join(map(str, ledger.ids))
        )
        response = self.url_open(
            "/report/download",
            data={
                "data": json.dumps([url, "xlsx"]),
                "context": json.dumps({"lang": self.user_office.lang}),
                "token": "dummy",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        return unquote(response.headers["Content-Disposition"])

    def test_the_ledger_downloads_under_its_name(self):
        ledger = self.env["group.budget.ledger"].search([("period_id", "=", self.period.id)])
        self.assertGreater(len(ledger), 1)
        self.assertIn("Budget Ledger.xlsx", self._download(ledger))
        # In Chinese, the report's name: 预算台账.xlsx (no "（xlsx）").
        report = self.env.ref("group_budget_report.group_budget_ledger_xlsx")
        self.env["res.lang"]._activate_lang("zh_CN")
        report.update_field_translations("name", {"zh_CN": "预算台账"})
        self.user_office.lang = "zh_CN"
        disposition = self._download(ledger)
        self.assertIn("预算台账.xlsx", disposition)
        self.assertNotIn("xlsx)", disposition)
        self.assertNotIn("xlsx）", disposition)

    def test_no_download_is_named_after_its_format(self):
        """report_xlsx names a download of several records (and of a wizard's
        report) after the report: no name says "(xlsx)", in any language."""
        modules = suite_addons(self.env)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(modules, ["zh_CN"])
        reports = self.env["ir.actions.report"].search(
            [("report_type", "=", "xlsx"), ("report_name", "=like", "group_budget%")]
        )
        self.assertGreaterEqual(len(reports), 5)
        for lang in ("en_US", "zh_CN"):
            for report in reports.with_context(lang=lang):
                self.assertNotIn("xlsx", report.name.lower(), report.report_name)
