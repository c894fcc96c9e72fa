import sys
from unittest.mock import patch

import polib
from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import (
    JAVASCRIPT_TRANSLATION_COMMENT,
    PYTHON_TRANSLATION_COMMENT,
    CodeTranslations,
    TranslationImporter,
    TranslationModuleReader,
    code_translations,
    get_po_paths,
)

from .common import GroupBudgetCase
from .suite import suite_addons

# The manual's own words for the suite's key terms (../shared/GLOSSARY.md).
GLOSSARY = {
    "Budget Management": "预算管理",
    "Budget": "预算方案",
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
        self.assertIn("group_budget", suite_addons(self.env))
        for addon in suite_addons(self.env):
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
        for addon in suite_addons(self.env):
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
        self.assertEqual(menu.with_context(lang="en_US").name, "Budget Management")


# The ledger's columns in the manual's words (issue 9).
LEDGER_COLUMNS = {
    "budget": "预算数",
    "actual": "实际数",
    "variance": "差异额",
    "ytd_budget": "累计预算数",
    "ytd_actual": "累计实际数",
    "ytd_variance": "累计差异额",
    "available": "可用余额",
    "consumption": "执行率（%）",
}


@tagged("post_install", "-at_install")
class TestReaderLanguage(GroupBudgetCase):
    """Labels, titles and the approval screens read in the reader's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["group_budget"], ["zh_CN"], overwrite=True)
        cls.env.registry.clear_cache()
        cls.env.registry.clear_cache("templates")
        cls._setup_targets()
        cls.centre_sub.with_context(lang="zh_CN").name = "卡车销售部"
        cls.target = cls._target(cls.centre_sub, {cls.item_revenue: 5000.0})
        cls.budget = cls.env["group.budget"].create(
            {"centre_id": cls.centre_sub.id, "period_id": cls.period.id}
        )

    def test_ledger_columns_use_the_manual_terms(self):
        fields = (
            self.env["group.budget.ledger"]
            .with_context(lang="zh_CN")
            .fields_get(list(LEDGER_COLUMNS), ["string"])
        )
        self.assertEqual({name: fields[name]["string"] for name in LEDGER_COLUMNS}, LEDGER_COLUMNS)
        # The menu keeps its own word: the two no longer share a source term.
        menu = self.env.ref("group_budget.group_budget_menu_root").with_context(lang="zh_CN")
        self.assertEqual(menu.name, "预算管理")
        arch = (
            self.env["group.budget.ledger"]
            .with_context(lang="zh_CN")
            .get_views([(False, "list")])["views"]["list"]["arch"]
        )
        self.assertNotIn("预算管理", arch)

    def test_titles_follow_the_reader_language(self):
        self.target.action_issue()
        self.target.action_agree()
        letter = self.env["group.budget.letter"]._generate_for_targets(self.target)
        for record in (self.target, self.budget, letter):
            with self.subTest(model=record._name):
                self.assertIn("[S] 卡车销售部", record.with_context(lang="zh_CN").display_name)
                self.assertIn("2031", record.with_context(lang="zh_CN").display_name)
                self.assertIn("[S] Subsidiary", record.with_context(lang="en_US").display_name)
                # The stored name stays as written, and a search finds the
                # record by its centre in either language.
                self.assertIn("Subsidiary", record.name)
                for term in ("卡车销售部", "Subsidiary", record.name):
                    found = record.with_context(lang="zh_CN").name_search(term)
                    self.assertIn(record.id, [row[0] for row in found], term)
        self.assertEqual(
            letter.with_context(lang="zh_CN").display_name,
            "预算目标责任书 2031 · [S] 卡车销售部（第 1 版）",
        )

    def test_approval_banner_and_buttons_read_in_chinese(self):
        arch = (
            self.env["group.budget"]
            .with_context(lang="zh_CN")
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        doc = etree.fromstring(arch)
        text = " ".join(" ".join(doc.itertext()).split())
        self.assertIn("此记录需要审批", text)
        self.assertNotIn("This Record needs to be", text)
        buttons = set(doc.xpath("//button/@string"))
        self.assertLessEqual({"批准", "驳回", "重新审批", "提交审批"}, buttons)
        english = {"Validate", "Reject", "Restart Validation", "Request Validation"}
        self.assertFalse(english & buttons)
        # Its messages (Python) and review widget (web client) too.
        python = code_translations.get_python_translations("base_tier_validation", "zh_CN")
        self.assertEqual(python.get("Next: %s"), "下一步：%s")
        web = code_translations.get_web_translations("base_tier_validation", "zh_CN")
        self.assertIn(
            {"id": "Todo by", "string": "待审批人"},
            [dict(message) for message in web["messages"]],
        )
        # Review states and their field labels.
        status = self.env["tier.review"].with_context(lang="zh_CN").fields_get(["status"])
        self.assertIn(("waiting", "等待中"), status["status"]["selection"])

    def test_suite_terms_fill_gaps_only(self):
        """An upstream translation wins over the suite's file."""
        view = self.env.ref("base_tier_validation.tier_validation_buttons")
        view.update_field_translations("arch_db", {"zh_CN": {"Restart Validation": "重启"}})
        self.env["ir.module.module"]._load_module_terms(["group_budget"], ["zh_CN"])
        self.assertIn("重启", view.with_context(lang="zh_CN").arch_db)


def _installed_loader():
    """The function Odoo calls to read an add-on's code terms."""
    return CodeTranslations.__dict__["_get_code_translations"].__func__


@tagged("post_install", "-at_install")
class TestOdooTranslationLoading(TransactionCase):
    """The code-translation patch of ``models/ir_module_module.py`` (see the
    README, "Translations of base_tier_validation") leaves Odoo's own loading
    unchanged for every add-on but base_tier_validation: it adds the suite's
    missing terms of that one add-on, and only where its own file has none."""

    FILTERS = {
        "python": lambda row: row.get("value") and PYTHON_TRANSLATION_COMMENT in row["comments"],
        "web": lambda row: row.get("value") and JAVASCRIPT_TRANSLATION_COMMENT in row["comments"],
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        # The suite's module of the patch, wherever it lives.
        cls.patch_module = sys.modules[_installed_loader().__module__]

    @property
    def loader(self):
        return _installed_loader()

    def _installed(self):
        return (
            self.env["ir.module.module"].sudo().search([("state", "=", "installed")]).mapped("name")
        )

    def test_the_patch_wraps_odoo_loader(self):
        loader = self.loader
        self.assertTrue(self.patch_module.__name__.startswith("odoo.addons.group_budget."))
        self.assertIs(loader, self.patch_module._get_code_translations_completed)
        origin = loader.origin
        self.assertEqual(origin.__module__, "odoo.tools.translate")
        self.assertEqual(origin.__qualname__, "CodeTranslations._get_code_translations")
        self.assertEqual(self.patch_module.COMPLETED_ADDONS, ("base_tier_validation",))

    def test_every_other_addon_loads_as_odoo_loads_it(self):
        """For each installed add-on but base_tier_validation, in every
        installed language: no file of the suite, and the loader's answer is
        Odoo's own, untouched (the same object, the same arguments)."""
        loader = self.loader
        langs = {"zh_CN", "en_US", *(code for code, _name in self.env["res.lang"].get_installed())}
        others = [name for name in self._installed() if name != "base_tier_validation"]
        self.assertGreater(len(others), 20)
        calls = []

        def odoo_loader(module_name, lang, filter_func):
            calls.append((module_name, lang, filter_func))
            return {"answer of": (module_name, lang)}

        with patch.object(loader, "origin", odoo_loader):
            for name in others:
                for lang in langs:
                    self.assertEqual(self.patch_module.extra_po_paths(name, lang), [])
                    for kind, filter_func in self.FILTERS.items():
                        with self.subTest(module=name, lang=lang, kind=kind):
                            self.assertEqual(
                                CodeTranslations._get_code_translations(name, lang, filter_func),
                                {"answer of": (name, lang)},
                            )
                            self.assertEqual(calls[-1], (name, lang, filter_func))
        self.assertEqual(len(calls), len(others) * len(langs) * len(self.FILTERS))

    def test_real_files_of_other_addons_read_the_same(self):
        """Odoo's own terms of a few add-ons, read from their files: the same
        through the patched loader as through Odoo's."""
        loader = self.loader
        for name in ("web", "mail", "account"):
            for kind, filter_func in self.FILTERS.items():
                with self.subTest(module=name, kind=kind):
                    patched = CodeTranslations._get_code_translations(name, "zh_CN", filter_func)
                    self.assertEqual(patched, loader.origin(name, "zh_CN", filter_func))
                    self.assertTrue(patched, f"{name} has {kind} terms in zh_CN")

    def test_base_tier_validation_gains_only_missing_terms(self):
        """base_tier_validation: its own terms unchanged, the suite's added only
        where it has none."""
        loader = self.loader
        extra = self.patch_module.extra_po_paths("base_tier_validation", "zh_CN")
        self.assertEqual(len(extra), 1)
        for kind, filter_func in self.FILTERS.items():
            with self.subTest(kind=kind):
                own = loader.origin("base_tier_validation", "zh_CN", filter_func)
                patched = CodeTranslations._get_code_translations(
                    "base_tier_validation", "zh_CN", filter_func
                )
                self.assertEqual({key: patched[key] for key in own}, own)
                self.assertGreater(len(patched), len(own))

    def test_database_terms_of_other_addons_load_from_their_files_only(self):
        """Loading the terms of other add-ons reads their own files, none of
        the suite's."""
        loaded = []
        original = TranslationImporter.load_file

        def load_file(importer, filepath, lang, xmlids=None):
            loaded.append(filepath)
            return original(importer, filepath, lang, xmlids)

        with patch.object(TranslationImporter, "load_file", load_file):
            self.env["ir.module.module"]._load_module_terms(["web", "mail"], ["zh_CN"])
        expected = [*get_po_paths("web", "zh_CN"), *get_po_paths("mail", "zh_CN")]
        self.assertEqual(loaded, expected)
