"""The appraisal's roles in a real browser, in Chinese, each as its demo
user: the Budget Office generates and computes scorecards, the Budget
Committee reviews one and records the board's decision on a veto; a centre
officer enters an indicator actual and the Budget Office locks its month;
the letter an approved adjustment brings is sent and signed again. The
tours are in ``static/tests/tours/group_budget_appraisal_roles_tour.js``;
each test checks the outcome in Python afterwards."""

import datetime
import re

from odoo import fields
from odoo.tests import tagged

from odoo.addons.group_budget.tests.tours import TourCase

ACTION = "/odoo/action-group_budget_appraisal.group_budget_scorecard_action"


@tagged("post_install", "-at_install")
class TestAppraisalRoleTours(TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.has_demo:
            return
        cls.Scorecard = cls.env["group.budget.scorecard"]

    def setUp(self):
        super().setUp()
        self._require_demo()
        # The demo's current budget year is this calendar year: a tour never skips.
        self.assertEqual(self.current_period.year, fields.Date.today().year)

    def _use_chinese(self, *users):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["group_budget", "group_budget_report", "group_budget_appraisal"], ["zh_CN"]
        )
        for user in users:
            user.lang = "zh_CN"

    def _card_url(self, card):
        return f"{ACTION}/{card.id}"

    # ------------------------------------------------------------------
    # Scorecards
    # ------------------------------------------------------------------
    def test_office_generates_and_computes_a_months_scorecards(self):
        """The Office, working in Chinese in the truck company, generates
        January's scorecards with the wizard and computes the one of the
        administration department (the centre with a signed letter this
        year): its title and what the chatter says read in Chinese."""
        self._use_chinese(self.office)
        self.office.company_id = self.trucks_company
        january = [
            ("period_id", "=", self.current_period.id),
            ("period_type", "=", "month"),
            ("period_index", "=", 1),
        ]
        self.assertFalse(self.Scorecard.search(january))
        self.start_tour(
            ACTION, "group_budget_appraisal_tour_office_generate", login="budget_office"
        )
        card = self.Scorecard.search(january)
        self.assertEqual(card.centre_id, self.admin_centre)
        self.assertEqual((card.state, card.provisional), ("computed", True))
        self.assertEqual(card.create_uid, self.office)
        zh = card.with_context(lang="zh_CN")
        centre = self.admin_centre.with_context(lang="zh_CN").display_name
        self.assertTrue(zh.display_name.startswith(str(self.current_period.year)), zh.display_name)
        self.assertTrue(zh.display_name.endswith(f" · {centre}"), zh.display_name)
        self.assertFalse(re.findall(r"[A-Za-z]{2,}", re.sub(r"\[[^\]]*\]", "", zh.display_name)))
        bodies = card.message_ids.mapped("body")
        self.assertTrue(any("考评表" in (body or "") for body in bodies), bodies)
        self.assertFalse(any("Scorecard" in (body or "") for body in bodies), bodies)

    def test_committee_reviews_a_computed_scorecard(self):
        card = self.Scorecard.with_user(self.office)._generate(
            self.current_period, "month", 2, centres=self.admin_centre, provisional=True
        )
        card.with_user(self.office).action_compute()
        self._use_chinese(self.committee)
        self.start_tour(
            self._card_url(card),
            "group_budget_appraisal_tour_committee_review",
            login="budget_committee",
        )
        self.assertEqual((card.state, card.reviewed_by_id), ("reviewed", self.committee))

    def test_board_lifts_the_veto_of_a_reviewed_scorecard(self):
        """The assembly plant's scorecard of last year: a safety accident,
        reviewed, waiting for the board. The board lifts the veto: the
        Committee records it and decides; the score follows the KPI and
        work-task scores again."""
        card = self.env.ref("group_budget_appraisal.demo_scorecard_trucks_assembly_last")
        self.assertEqual(
            (card.centre_id, card.period_id.year, card.period_type),
            (self.assembly, self.current_period.year - 1, "year"),
        )
        self.assertEqual((card.state, card.vetoed, card.score), ("reviewed", True, 0.0))
        self.assertGreater(card.total, 0.6)
        self._use_chinese(self.committee)
        self.start_tour(
            self._card_url(card),
            "group_budget_appraisal_tour_board_lifts_veto",
            login="budget_committee",
        )
        self.assertEqual(card.state, "decided")
        self.assertTrue(card.veto_lifted)
        self.assertIn("取消一票否决", card.board_decision)
        self.assertLess(card.board_decision_date, fields.Date.today())
        self.assertEqual(card.score, card.total)
        self.assertGreater(card.score, 0.6)

    # ------------------------------------------------------------------
    # Indicator actuals
    # ------------------------------------------------------------------
    def test_officer_enters_an_indicator_actual_and_office_locks_it(self):
        Actual = self.env["group.budget.indicator.actual"]
        december = [
            ("period_id", "=", self.current_period.id),
            ("centre_id", "=", self.sales.id),
            ("item_id", "=", self.volume.id),
            ("date", "=", datetime.date(self.current_period.year, 12, 1)),
        ]
        self.assertFalse(Actual.search(december))
        self._use_chinese(self.officer, self.office)
        self.office.company_id = self.trucks_company
        url = "/odoo/action-group_budget.group_budget_indicator_actual_action"
        self.start_tour(
            url, "group_budget_appraisal_tour_officer_indicator", login="budget_officer"
        )
        actual = Actual.search(december)
        self.assertEqual((actual.value, actual.entered_by_id), (873.0, self.officer))
        self.assertFalse(actual.locked)
        self.start_tour(url, "group_budget_appraisal_tour_office_lock", login="budget_office")
        self.assertTrue(actual.locked)
        self.assertEqual(actual.locked_by_id, self.office)

    # ------------------------------------------------------------------
    # The letter signed again after an adjustment
    # ------------------------------------------------------------------
    def test_letter_signed_again_after_an_adjustment(self):
        """The demo's approved adjustment of the assembly plant's cost of
        sales superseded its signed letter: the new version says the
        adjusted target with the old weights. The Budget Office sends it
        (back to draft first, as the adjustment left it), the general
        manager of Heavy Trucks signs it as the issuing manager, the plant's
        officer as the accepting one."""
        adjustment = self.env.ref(
            "group_budget.demo_adjustment_trucks_assembly_cogs", raise_if_not_found=False
        )
        self.assertTrue(adjustment, "the demo approves the assembly plant's adjustment")
        self.assertEqual((adjustment.centre_id, adjustment.state), (self.assembly, "approved"))
        letter = adjustment.letter_ids
        old = letter.search([("superseded_by_id", "=", letter.id)])
        self.assertEqual((old.state, letter.version), ("superseded", old.version + 1))
        if letter.state == "sent":
            letter.with_user(self.office).action_reset_draft()
        self.assertEqual(letter.state, "draft")
        self.assertFalse(letter.weight_breach)
        self.assertEqual((letter.issuer_id, letter.acceptor_id), (self.trucks_gm, self.officer))
        self._use_chinese(self.office, self.trucks_gm, self.officer)
        url = f"/odoo/action-group_budget.group_budget_letter_action/{letter.id}"
        self.start_tour(url, "group_budget_appraisal_tour_letter_send_again", login="budget_office")
        self.assertEqual(letter.state, "sent")
        self.start_tour(url, "group_budget_appraisal_tour_letter_sign_issuer", login="trucks_gm")
        self.assertEqual((letter.state, letter.issuer_signed_by_id), ("sent", self.trucks_gm))
        self.start_tour(
            url, "group_budget_appraisal_tour_letter_sign_acceptor", login="budget_officer"
        )
        self.assertEqual((letter.state, letter.acceptor_signed_by_id), ("signed", self.officer))
        self.assertTrue(letter.target_id.locked)
        self.assertEqual(
            letter.kpi_line_ids.mapped("target_value"),
            letter.target_id.line_ids.filtered(
                lambda line: line.item_id in letter.kpi_line_ids.item_id
            ).mapped("value"),
        )
