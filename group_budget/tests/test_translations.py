import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

ADDONS = ("group_budget", "group_budget_report", "group_budget_appraisal")

# The manual's own words for the suite's key terms (../shared/GLOSSARY.md).
GLOSSARY = {
    "Budget": "预算管理",
    "Budget Committee": "预算委员会",
    "Budget Office": "预算管理办公室",
    "Budget Officer": "预算员",
    "Responsibility Centre": "责任中心",
    "Investment centre": "投资中心",
    "Profit centre": "利润中心",
    "Cost centre": "成本中心",
    "Expense centre": "费用中心",
    "Budget Year": "预算年度",
    "Budget Item": "预算项目",
    "Financial": "财务类",
    "Non-financial": "非财务类",
    "Scale": "发展规模类",
    "Profitability": "盈利能力类",
    "Sustainability": "可持续发展类",
    "Operations": "运营管理类",
    "Core Indicator": "核心指标",
    "Rigid control": "刚性控制",
    "Flexible control": "柔性控制",
    "Compilation Outline": "年度预算编制大纲",
}


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def _terms(self, addon):
        reader = TranslationModuleReader(self.env.cr, modules=[addon])
        return {src for module, _t, _n, _r, src, _v, _c in reader if module == addon}

    def _po(self, addon, name):
        return polib.pofile(f"{get_module_path(addon)}/i18n/{name}")

    def test_every_term_has_a_chinese_translation(self):
        for addon in ADDONS:
            with self.subTest(addon=addon):
                po = self._po(addon, "zh_CN.po")
                translated = {
                    entry.msgid
                    for entry in po
                    if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
                }
                missing = sorted(self._terms(addon) - translated)
                self.assertFalse(
                    missing,
                    f"{addon}/i18n/zh_CN.po lacks {len(missing)} translations, e.g. {missing[:10]}",
                )

    def test_template_is_up_to_date(self):
        for addon in ADDONS:
            with self.subTest(addon=addon):
                pot = {entry.msgid for entry in self._po(addon, f"{addon}.pot")}
                missing = sorted(self._terms(addon) - pot)
                self.assertFalse(
                    missing,
                    f"{addon}/i18n/{addon}.pot is stale ({len(missing)} terms missing, e.g. "
                    f"{missing[:10]}); regenerate it with tools/i18n_export.py",
                )

    def test_manual_terms_are_used(self):
        po = {entry.msgid: entry.msgstr for entry in self._po("group_budget", "zh_CN.po")}
        for source, chinese in GLOSSARY.items():
            with self.subTest(term=source):
                self.assertEqual(po.get(source), chinese)

    def test_menu_reads_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["group_budget"], ["zh_CN"], overwrite=True)
        menu = self.env.ref("group_budget.group_budget_menu_root")
        self.assertEqual(menu.with_context(lang="zh_CN").name, "预算管理")
        self.assertEqual(menu.with_context(lang="en_US").name, "Budget")
