import re

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import format_amount


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    """The demo group shows real figures on every screen."""

    def setUp(self):
        super().setUp()
        self.group = self.env.ref("group_budget.demo_centre_group", raise_if_not_found=False)
        if not self.group:
            self.skipTest("the database was installed without demo data")

    def test_group_structure(self):
        centres = self.env["group.budget.centre"].search([("id", "child_of", self.group.id)])
        types = centres.mapped("centre_type")
        self.assertEqual(self.group.centre_type, "investment")
        self.assertGreaterEqual(types.count("profit"), 2)
        self.assertIn("cost", types)
        self.assertIn("expense", types)
        self.assertGreaterEqual(len(centres.company_id), 3)
        self.assertTrue(all(centres.mapped("analytic_account_id")))

    def test_items_cover_every_category(self):
        items = self.env["group.budget.item"].search(
            [("id", "in", [r for r in self._demo_ids("group.budget.item")])]
        )
        self.assertGreaterEqual(len(items), 15)
        self.assertEqual(
            set(items.mapped("category")),
            {"scale", "profitability", "sustainability", "operations"},
        )
        self.assertEqual(set(items.mapped("item_type")), {"financial", "non_financial"})
        self.assertEqual(set(items.mapped("is_core")), {True, False})
        self.assertTrue(items.account_ids)

    def test_posted_entries_carry_the_centres(self):
        centres = self.env["group.budget.centre"].sudo().search([("id", "child_of", self.group.id)])
        lines = (
            self.env["account.analytic.line"]
            .sudo()
            .search([("auto_account_id", "in", centres.analytic_account_id.ids)])
        )
        self.assertTrue(lines)
        self.assertEqual(set(lines.move_line_id.move_id.mapped("state")), {"posted"})
        months = {line.date.month for line in lines}
        self.assertGreaterEqual(len(months), min(3, max(months)))

    def test_demo_group_reports_in_cny(self):
        cny = self.env.ref("base.CNY")
        companies = (
            self.env.ref("group_budget.demo_company_group")
            | self.env.ref("group_budget.demo_company_trucks")
            | self.env.ref("group_budget.demo_company_components")
        )
        self.assertEqual(companies.currency_id, cny)
        for company in companies:
            self.assertIn("¥", format_amount(self.env, 1234.5, company.currency_id))
        moves = self.env["account.move"].sudo().search([("company_id", "in", companies.ids)])
        self.assertTrue(moves)
        self.assertEqual(moves.currency_id, cny)
        rows = self.env["group.budget.ledger"].search(
            [("company_id", "in", companies.ids)], limit=1
        )
        self.assertEqual(rows.currency_id, cny)
        self.assertIn("¥", format_amount(self.env, rows.budget, rows.currency_id))

    def test_budget_year(self):
        period = self.env.ref("group_budget.demo_period_group_current")
        self.assertEqual(period.date_from.month, 1)
        self.assertEqual(period.date_to.month, 12)

    def _demo_ids(self, model):
        return (
            self.env["ir.model.data"]
            .search([("module", "=", "group_budget"), ("model", "=", model)])
            .mapped("res_id")
        )

    def test_budgets_in_every_state(self):
        states = set(self.env["group.budget"].sudo().search([]).mapped("state"))
        self.assertEqual(states, {"draft", "submitted", "approved", "executing", "closed"})
        under_review = self.env["group.budget"].sudo().search([("state", "=", "submitted")])
        self.assertTrue(under_review.review_ids)
        self.assertTrue(under_review.activity_ids)

    def test_ledger_shows_over_and_under_spent_items(self):
        period = self.env.ref("group_budget.demo_period_trucks_current")
        today = period.date_from.replace(month=max(1, min(12, self._today().month)))
        rows = self.env["group.budget.ledger"].search(
            [("period_id", "=", period.id), ("date", "=", today.replace(day=1))]
        )
        costs = rows.filtered(lambda row: row.item_id.direction == "lower_better")
        self.assertTrue(costs.filtered("is_overrun"), "no item over budget")
        self.assertTrue(
            costs.filtered(lambda row: not row.is_overrun and row.ytd_actual), "none under"
        )
        self.assertTrue(rows.filtered("overrun_count"), "no flexible overrun recorded")

    def test_an_addition_awaits_review(self):
        # Concurrency tests commit additions of their own companies.
        trucks = self.env.ref("group_budget.demo_company_trucks")
        addition = self.env["group.budget.addition"].search(
            [("state", "=", "submitted"), ("company_id", "=", trucks.id)]
        )
        self.assertEqual(len(addition), 1)
        self.assertEqual(addition.funding, "savings")
        self.assertTrue(addition.review_ids)
        self.assertTrue(addition.activity_ids)

    def test_the_approved_adjustment_moves_the_consolidated_budget(self):
        """The assembly plant's cost of sales raised by 12 M: the truck
        company's line, the consolidated budget of its subtree (the plant is
        its only centre with cost of sales), follows month by month."""
        ref = self.env.ref
        assembly = ref("group_budget.demo_centre_trucks_assembly")
        adjustment = ref(
            "group_budget.demo_adjustment_trucks_assembly_cogs", raise_if_not_found=False
        )
        if not adjustment:
            self.skipTest("the demo's adjustments belong to the current year only")
        adjustment = adjustment.sudo()
        self.assertEqual((adjustment.centre_id, adjustment.state), (assembly, "approved"))
        lines = (
            self.env["group.budget.line"]
            .sudo()
            .search(
                [
                    ("budget_id.period_id", "=", adjustment.period_id.id),
                    ("item_id", "=", ref("group_budget.demo_item_cogs").id),
                ]
            )
        )
        by_centre = {line.centre_id: line for line in lines}
        trucks = by_centre[ref("group_budget.demo_centre_trucks")]
        self.assertEqual(trucks._months(), by_centre[assembly]._months())
        self.assertAlmostEqual(trucks.total, 79_200_000.0, places=2)
        self.assertEqual(trucks.budget_id.version_ids[:1].kind, "adjustment")
        self.assertIn(adjustment.name, trucks.budget_id.message_ids[:1].body)

    def test_demo_writes_in_chinese(self):
        """A Chinese group: its companies, people and every text they wrote."""
        ref = self.env.ref
        companies = [
            ref("group_budget.demo_company_group"),
            ref("group_budget.demo_company_trucks"),
            ref("group_budget.demo_company_components"),
        ]
        self.assertEqual(
            [company.name for company in companies],
            ["华夏汽车集团", "华夏重型卡车有限公司", "华夏零部件有限公司"],
        )
        users = [
            ref(f"group_budget.demo_user_{name}")
            for name in ("committee", "office", "officer", "trucks_gm")
        ]
        self.assertEqual([user.name for user in users], ["赵明", "李娜", "王强", "陈军"])
        demo_companies = [company.id for company in companies]
        sudo = self.env["group.budget.target"].sudo()
        letters = sudo.env["group.budget.letter"].search([("company_id", "in", demo_companies)])
        texts = {
            "outline": ref("group_budget.demo_period_group_next").outline,
            "revision reasons": sudo.search([("company_id", "in", demo_companies)]).mapped(
                "revision_reason"
            ),
            "work tasks": letters.task_line_ids.mapped("name")
            + letters.task_line_ids.mapped("measure"),
            "veto items": letters.mapped("veto_items"),
        }
        additions = sudo.env["group.budget.addition"].search([("company_id", "in", demo_companies)])
        texts["additions"] = additions.mapped("reason")
        adjustments = sudo.env["group.budget.adjustment"].search(
            [("company_id", "in", demo_companies)]
        )
        for name in ("reason", "execution_status", "factors", "internal_measures"):
            texts[name] = adjustments.mapped(name)
        texts["office opinions"] = adjustments.mapped("office_opinion")
        arbitrations = sudo.env["group.budget.arbitration"].search(
            [("company_id", "in", demo_companies)]
        )
        for name in ("reasons", "applicant_opinion", "coordination_outcome", "ruling"):
            texts[name] = arbitrations.mapped(name)
        self.assertTrue(texts["revision reasons"] and texts["work tasks"] and texts["veto items"])
        for label, values in texts.items():
            values = values if isinstance(values, list) else [values]
            for value in filter(None, values):
                with self.subTest(text=label):
                    self.assertFalse(re.findall(r"[A-Za-z]{2,}", str(value)), value)

    def test_demo_users_read_chinese(self):
        """With Chinese installed, the demo's users read it, and the messages
        the demo's flows wrote are Chinese: the letter e-mailed to its
        accepting manager among them."""
        if self.env.ref("group_budget.demo_user_office").lang != "zh_CN":
            self.skipTest("the demo was installed without Chinese")
        trucks = self.env.ref("group_budget.demo_company_trucks")
        self.assertEqual(trucks.partner_id.lang, "zh_CN")
        letter = self.env.ref("group_budget.demo_letter_trucks_next").sudo()
        self.assertEqual(letter.centre_id, self.env.ref("group_budget.demo_centre_trucks"))
        bodies = " ".join(letter.message_ids.mapped("body"))
        self.assertIn("尊敬的 陈军", bodies)
        self.assertNotIn("Dear", bodies)

    def _today(self):
        return fields.Date.context_today(self.env.user)
