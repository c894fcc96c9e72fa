"""What the suite writes reads in its reader's language: titles of versions,
warnings and warning standards, to-dos in the assigned user's language,
e-mails in the recipient's, chatter messages in the notified person's or the
company's; and amounts in messages carry the currency and grouping."""

import re

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.misc import formatLang

from .common import GroupBudgetCase

WORD = re.compile(r"[A-Za-z]{2,}")
TODO = "mail.mail_activity_data_todo"


def english_words(text):
    """The words of two letters or more in ``text``, codes in brackets left
    out ("[T-REV]")."""
    return WORD.findall(re.sub(r"\[[^\]]*\]", "", str(text or "")))


class ChineseCase(GroupBudgetCase):
    """zh_CN loaded; the test centres and items named in Chinese as well."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["group_budget"], ["zh_CN"], overwrite=True)

    @classmethod
    def _chinese_names(cls, names):
        for record, name in names.items():
            record.with_context(lang="zh_CN").name = name

    def assertChinese(self, text, *expected):
        self.assertFalse(english_words(text), text)
        for part in expected:
            self.assertIn(part, str(text))

    def _todos(self, record, user=None):
        todo = self.env.ref(TODO)
        activities = record.activity_ids.filtered(lambda a: a.activity_type_id == todo)
        return activities.filtered(lambda a: a.user_id == user) if user else activities


@tagged("post_install", "-at_install")
class TestExecutionLanguage(ChineseCase):
    """Versions, warnings and their standards, overdue arbitrations and
    control: in the reader's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()
        cls._setup_arbitration()
        cls._chinese_names(
            {
                cls.centre_sub: "卡车销售部",
                cls.centre_sibling: "零部件公司",
                cls.item_rent: "租金",
                cls.item_office: "办公费",
                cls.item_travel: "差旅费",
            }
        )
        cls.centre_sub.manager_id = cls.user_committee
        cls.user_officer.lang = "zh_CN"
        cls.user_office_2.lang = "zh_CN"

    def test_version_title_follows_the_reader(self):
        version = self.budget_sub.version_ids[:1]
        # Read in English first: the Chinese reader does not get it from the cache.
        self.assertEqual(
            version.with_context(lang="en_US").display_name, "2031 · [S] Subsidiary v1"
        )
        self.assertEqual(
            version.with_context(lang="zh_CN").display_name, "2031 · [S] 卡车销售部（第 1 版）"
        )
        found = (
            self.env["group.budget.version"].with_context(lang="zh_CN").name_search("卡车销售部")
        )
        self.assertIn(version.id, [row[0] for row in found])

    def test_warning_title_and_todos_follow_the_reader(self):
        self._entries([("2031-11-02", self.account_travel, 120.0, {self.centre_sub: 100.0})])
        with freeze_time("2031-11-25"):
            self.env["group.budget.warning"]._cron_raise_warnings()
        warning = self.env["group.budget.warning"].search(
            [("centre_id", "=", self.centre_sub.id), ("period_label", "=", "2031-11")]
        )
        self.assertEqual(len(warning), 1)
        self.assertIn("Travel", warning.with_context(lang="en_US").display_name)
        self.assertChinese(warning.with_context(lang="zh_CN").display_name, "差旅费")
        # The officer reads Chinese, the manager (Committee) English.
        chinese = self._todos(warning, self.user_officer)
        self.assertChinese(chinese.summary, "严重预算预警", "差旅费", "2031-11")
        self.assertChinese(chinese.res_name, "差旅费")
        english = self._todos(warning, self.user_committee)
        self.assertIn("Serious budget warning: [T-TRV] Travel", english.summary)

    def test_default_warning_standards_read_in_chinese(self):
        # Created with company A, before zh_CN was installed: named in
        # Chinese when its terms were loaded.
        rules = self.env["group.budget.warning.rule"].search(
            [("company_id", "=", self.company_a.id)]
        )
        self.assertEqual(len(rules), 6)
        monthly = rules.filtered(lambda r: r.horizon == "month" and r.direction == "lower_better")
        self.assertEqual(monthly.with_context(lang="en_US").display_name, "Monthly costs")
        for rule in rules.with_context(lang="zh_CN"):
            self.assertChinese(rule.display_name)
        # A company created now has them in both languages at once.
        company = self.env["res.company"].create({"name": "Budget Test New"})
        new = self.env["group.budget.warning.rule"].search([("company_id", "=", company.id)])
        self.assertEqual(len(new), 6)
        self.assertIn("Monthly costs", new.with_context(lang="en_US").mapped("name"))
        for rule in new.with_context(lang="zh_CN"):
            self.assertChinese(rule.name)
        # A name someone changed stays as it is.
        monthly.with_context(lang="zh_CN").name = "月度费用"
        self.env["ir.module.module"]._load_module_terms(["group_budget"], ["zh_CN"])
        self.assertEqual(monthly.with_context(lang="zh_CN").name, "月度费用")

    def test_overdue_arbitration_todo_in_the_user_language(self):
        with freeze_time("2031-09-04"):
            arbitration = self._arbitration()
            arbitration.action_submit()
            arbitration.with_user(self.user_office_2).action_receive()
        with freeze_time("2031-09-09"):
            self.env["group.budget.arbitration"]._cron_flag_overdue()
        reminder = self._todos(arbitration, self.user_office_2)
        self.assertEqual(len(reminder), 1)
        self.assertChinese(reminder.summary, "预算仲裁逾期")
        self.assertIn(arbitration.name, reminder.note)
        self.assertChinese(reminder.note.replace(arbitration.name, ""), "协调", "2031")

    def test_flexible_overrun_message_in_the_company_language(self):
        self.company_a.partner_id.lang = "zh_CN"
        move = self._entries([("2031-03-10", self.account_office, 200.0, {self.centre_sub: 100.0})])
        self.assertEqual(move.state, "posted")
        body = move.message_ids[:1].body
        self.assertIn("柔性控制项目超预算", body)
        self.assertIn("办公费", body)
        self.assertIn(self.company_a.currency_id.symbol, body)

    def test_refused_scheduled_posting_todo_in_the_creator_language(self):
        move = self._entries(
            [("2031-03-10", self.account_rent, 500.0, {self.centre_sub: 100.0})], post=False
        )
        move.auto_post = "at_date"
        # Its creator (the test user) reads Chinese.
        move.create_uid.lang = "zh_CN"
        with freeze_time("2031-03-20"):
            self.env["account.move"]._autopost_draft_entries()
        self.assertEqual(move.state, "draft")
        todo = self._todos(move)
        self.assertChinese(todo.summary, "未过账")
        self.assertIn("租金", todo.note)
        self.assertIn(self.company_a.currency_id.symbol, todo.note)

    def test_addition_amount_carries_the_currency(self):
        money = re.escape(formatLang(self.env, -30_000.0, currency_obj=self.company_a.currency_id))
        # The officer reads Chinese: "…不能为 ¥ -30,000.00。"
        with self.assertRefused(ValidationError, money) as caught:
            self.env["group.budget.addition"].with_user(self.user_officer).create(
                {
                    "period_id": self.period.id,
                    "centre_id": self.centre_sub.id,
                    "item_id": self.item_rent.id,
                    "date_from": "2031-03-01",
                    "date_to": "2031-03-31",
                    "amount": -30_000.0,
                    "reason": "展厅租金上涨。",
                    "kind": "operating",
                    "funding": "savings",
                    "source_centre_id": self.centre_sub.id,
                    "source_item_id": self.item_travel.id,
                }
            )
        self.assertIn("30,000.00", str(caught.exception))
        self.assertNotIn("30000.0", str(caught.exception))


@tagged("post_install", "-at_install")
class TestTargetLanguage(ChineseCase):
    """Review to-dos, the letter's e-mail and the targets' messages, in the
    language of whoever reads them; amounts formatted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()
        cls._chinese_names({cls.centre_sub: "卡车销售部", cls.item_revenue: "营业收入"})
        cls.user_officer.lang = "zh_CN"

    def test_targets_issued_message_in_the_manager_language(self):
        target = self._target(self.centre_sub, {self.item_revenue: 1200.0})
        target.action_issue()
        message = target.message_ids.filtered(
            lambda m: self.user_officer.partner_id in m.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertChinese(message.body, "已向", "卡车销售部")

    def test_chatter_follows_the_company_language(self):
        self.company_a.partner_id.lang = "zh_CN"
        target = self._target(self.centre_sub, {self.item_revenue: 1200.0})
        target.action_issue()
        target.action_agree()
        self.assertEqual(target.message_ids[:1].body, "<p>已按下达目标值确认预算目标。</p>")

    def test_review_todo_in_the_reviewer_language(self):
        self.user_office.lang = "zh_CN"
        budget = self._compiling_budget()
        budget.with_user(self.user_officer).action_submit()
        todo = self._todos(budget, self.user_office)
        self.assertEqual(len(todo), 1)
        self.assertChinese(todo.summary, "审批", "卡车销售部")
        self.assertChinese(todo.res_name, "卡车销售部")

    def test_letter_email_in_the_acceptor_language(self):
        self.centre_group.manager_id = self.user_committee
        target = self._target(self.centre_sub, {self.item_revenue: 1200.0})
        target.action_issue()
        target.action_agree()
        letter = self.env["group.budget.letter"]._generate_for_targets(target)
        self.assertEqual(letter.acceptor_id, self.user_officer)
        letter.action_send()
        mail = letter.message_ids.filtered(lambda m: self.user_officer.partner_id in m.partner_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn("尊敬的", mail.body)
        self.assertIn("卡车销售部", mail.body)
        self.assertNotIn("Dear", mail.body)
        self.assertChinese(mail.subject, "预算目标责任书", "卡车销售部")

    def test_shortfall_amounts_carry_the_currency(self):
        budget = self._compiling_budget({self.item_revenue: 130_000_000.0})
        budget.line_ids.month_12 -= 1
        budget.with_user(self.user_officer).action_submit()
        currency = self.company_a.currency_id
        target_text, budget_text = (
            re.escape(formatLang(self.env, value, currency_obj=currency))
            for value in (130_000_000.0, 129_999_999.0)
        )
        with self.assertRefused(UserError, f"target {target_text}, budget {budget_text}"):
            budget.with_user(self.user_office).validate_tier()
            while budget.state == "submitted":
                budget.with_user(self.user_committee).validate_tier()

    def test_target_mismatch_and_volume_figures(self):
        self.item_volume.with_context(lang="zh_CN").uom_label = "辆"
        parent = self._target(self.centre_group, {self.item_volume: 12_000.0})
        child = self._target(self.centre_sub, {self.item_volume: 11_000.0})
        with self.assertRefused(UserError, r"12,000 vehicles.*11,000 vehicles"):
            (parent | child).action_issue()
        with self.assertRefused(UserError, r"12,000 辆.*11,000 辆"):
            (parent | child).with_context(lang="zh_CN").action_issue()
        self.assertEqual((parent | child).mapped("state"), ["draft", "draft"])
