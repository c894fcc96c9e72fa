import re
from unittest.mock import patch

from lxml import etree

from odoo.tests import tagged
from odoo.tools.translate import code_translations

from .common import AppraisalCase

#: A word of a Latin script; codes in brackets ([S], [T-VOL]) are codes.
ENGLISH = re.compile(r"[A-Za-z]{2,}")
#: The Chinese of the period labels, as i18n/zh_CN.po gives them.
PERIOD_LABELS = {
    "%(year)s Q%(quarter)s": "%(year)s年第%(quarter)s季度",
    "%(year)s-%(month)s": "%(year)s年%(month)s月",
}


def words(text):
    return ENGLISH.findall(re.sub(r"\[[^\]]*\]", "", text or ""))


@tagged("post_install", "-at_install")
class TestReaderLanguage(AppraisalCase):
    """A scorecard reads in its reader's language: its title (the period
    and the centre), its KPI lines (their items) and what the server writes
    in its chatter; its figures read as people write them (scores with two
    decimals, amounts with the currency's, volumes without padded zeros)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["group_budget", "group_budget_appraisal"], ["zh_CN"]
        )
        cls._setup_appraisal()
        cls.centre_sub.with_context(lang="zh_CN").name = "子公司"
        cls.item_volume.with_context(lang="zh_CN").write({"name": "销量", "uom_label": "辆"})
        cls.item_travel.with_context(lang="zh_CN").name = "差旅费"
        cls.letter, _card = cls._appraisal_card(
            cls.centre_sub,
            cls.period,
            {cls.item_volume: (100.0, 50), cls.item_travel: (1_200.0, 50)},
            with_card=False,
        )
        cls.Scorecard = cls.env["group.budget.scorecard"].with_context(tracking_disable=False)

    def _generate(self, period_type, index, user=None, **context):
        return (
            self.Scorecard.with_user(user or self.user_office)
            .with_context(**context)
            ._generate(self.period, period_type, index, provisional=True)
        )

    def _period_labels_in_chinese(self):
        """The period labels are translated as the add-on's code terms are
        (the translation files may not hold them yet)."""
        key = ("group_budget_appraisal", "zh_CN")
        terms = dict(code_translations.get_python_translations(*key), **PERIOD_LABELS)
        return patch.dict(code_translations.python_translations, {key: terms})

    def test_title_follows_the_reader(self):
        self.enterContext(self._period_labels_in_chinese())
        quarter = self._generate("quarter", 1)
        month = self._generate("month", 3)
        year = self._generate("year", 1)
        zh = {card: card.with_context(lang="zh_CN").display_name for card in quarter | month | year}
        self.assertEqual(zh[quarter], "2031年第1季度 · [S] 子公司")
        self.assertEqual(zh[month], "2031年03月 · [S] 子公司")
        self.assertEqual(zh[year], "2031 · [S] 子公司")
        for title in zh.values():
            self.assertFalse(words(title), title)
        en = quarter.with_context(lang="en_US").display_name
        self.assertEqual(en, "2031 Q1 · [S] Subsidiary")
        # The stored name, to search by, stays as it was.
        self.assertEqual(quarter.name, "2031 Q1 · [S] Subsidiary")
        self.assertEqual(month.with_context(lang="en_US").display_name, "2031-03 · [S] Subsidiary")

    def test_kpi_lines_read_as_their_items(self):
        card = self._generate("quarter", 1)
        self.assertEqual(
            card.kpi_line_ids.with_context(lang="zh_CN").mapped("display_name"), ["销量", "差旅费"]
        )
        self.assertEqual(
            card.kpi_line_ids.with_context(lang="en_US").mapped("display_name"),
            ["Volume", "Travel"],
        )

    def test_server_messages_in_the_language_of_who_works(self):
        """The Budget Office works in Chinese: generated without a language
        in the call (a server action, a script), the scorecard still says
        it was created, and was decided, in Chinese."""
        self.user_office.lang = "zh_CN"
        self.user_committee.lang = "zh_CN"
        card = self._generate("quarter", 2)
        created = card.message_ids.filtered(lambda m: "考评表" in (m.body or ""))
        self.assertEqual(len(created), 1, card.message_ids.mapped("body"))
        self.assertFalse(words(re.sub(r"<[^>]+>", "", created.body)), created.body)
        card.with_user(self.user_office).action_compute()
        card.with_user(self.user_committee).action_review()
        card.with_user(self.user_committee).action_decide()
        decided = card.message_ids.filtered(lambda m: "得分" in (m.body or ""))
        self.assertEqual(len(decided), 1, card.message_ids.mapped("body"))
        self.assertFalse(words(re.sub(r"<[^>]+>", "", decided.body)), decided.body)
        # An English-speaking Office reads its own messages in English.
        self.user_office.lang = "en_US"
        card = self._generate("quarter", 3)
        self.assertIn("Scorecard created", card.message_ids.mapped("body")[-1])

    def test_scores_show_two_decimals(self):
        """The engine decides on exact figures and stores four decimals;
        people read two."""
        scores = {"kpi_total", "gs_total", "total_raw", "total", "score_raw", "score"}
        for xmlid in (
            "group_budget_appraisal.group_budget_scorecard_view_list",
            "group_budget_appraisal.group_budget_scorecard_view_form",
            "group_budget_appraisal.group_budget_scorecard_ranking_view_list",
        ):
            arch = etree.fromstring(self.env.ref(xmlid).arch_db.encode())
            # The scorecard's scores, and its lines' weighted scores.
            shown = [
                node
                for node in arch.iter("field")
                if node.get("name") in scores
                and not any(parent.tag == "field" for parent in node.iterancestors())
                or node.get("name") == "weighted_score"
            ]
            self.assertTrue(shown, xmlid)
            for node in shown:
                self.assertEqual(node.get("digits"), "[16,2]", f"{xmlid}: {node.get('name')}")

    def test_figures_as_their_items_count(self):
        """Amounts show the currency's decimals; volumes and ratios the
        decimals they have (800, not 800.0000)."""
        card = self._generate("quarter", 1)
        kpi = {line.item_id: line for line in card.kpi_line_ids}
        self.assertEqual(
            (kpi[self.item_travel].figure_digits, kpi[self.item_travel].figure_trim), (2, False)
        )
        self.assertEqual(
            (kpi[self.item_volume].figure_digits, kpi[self.item_volume].figure_trim), (4, True)
        )
        share = self._share_item()
        Actual = self.env["group.budget.indicator.actual"]
        volume, ratio = Actual.create(
            [
                {
                    "period_id": self.period.id,
                    "centre_id": self.centre_sub.id,
                    "item_id": item.id,
                    "date": "2031-01-01",
                    "value": value,
                }
                for item, value in ((self.item_volume, 800.0), (share, 12.5))
            ]
        )
        self.assertEqual((volume.figure_digits, volume.figure_trim), (4, True))
        self.assertEqual((ratio.figure_digits, ratio.figure_trim), (4, True))
        views = {
            "group_budget.group_budget_indicator_actual_view_list": {
                "budget",
                "value",
                "ytd_value",
            },
            "group_budget_appraisal.group_budget_scorecard_view_form": {"target", "actual"},
        }
        for xmlid, names in views.items():
            arch = etree.fromstring(self.env.ref(xmlid).arch_db.encode())
            widgets = {
                node.get("name"): node.get("widget")
                for node in arch.iter("field")
                if node.get("name") in names
            }
            self.assertEqual(widgets, dict.fromkeys(names, "group_budget_figure"), xmlid)
            present = {node.get("name") for node in arch.iter("field")}
            self.assertLessEqual({"figure_digits", "figure_trim"}, present, xmlid)
