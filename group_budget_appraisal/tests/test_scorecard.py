from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.group_budget.tests.json_rpc import JsonRpcCase

from .common import AppraisalCase

VETO = "A major accident.\nFraud."


@tagged("post_install", "-at_install")
class TestScorecard(AppraisalCase):
    """Scorecards (manual §九): generation from signed letters, actuals from
    the ledger, scoring, the state flow and immutability."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_appraisal()
        cls.centre_dept.manager_id = cls.user_office
        cls.letter, _card = cls._appraisal_card(
            cls.centre_sub,
            cls.period,
            {
                cls.item_rent: (1200.0, 30),
                cls.item_office: (600.0, 20),
                cls.item_travel: (1200.0, 10),
                cls.item_volume: (100.0, 15),
            },
            tasks=[("Cut costs", 25)],
            veto=VETO,
            with_card=False,
        )
        cls.Scorecard = cls.env["group.budget.scorecard"]

    def _generate(self, period_type="quarter", index=1, provisional=True, centres=None):
        return self.Scorecard.with_user(self.user_office)._generate(
            self.period, period_type, index, centres=centres, provisional=provisional
        )

    def _line(self, card, item):
        return card.kpi_line_ids.filtered(lambda line: line.item_id == item)

    # ------------------------------------------------------------ generation
    def test_generation_from_the_signed_letter(self):
        card = self._generate()
        self.assertEqual(card.centre_id, self.centre_sub)
        self.assertEqual(card.letter_id, self.letter)
        self.assertEqual(sorted(card.line_ids.mapped("kind")), ["gs"] + ["kpi"] * 4 + ["veto"] * 2)
        self.assertEqual(self._line(card, self.item_rent).weight, 30)
        self.assertEqual(card.veto_line_ids.mapped("name"), ["A major accident.", "Fraud."])
        self.assertEqual(
            (card.date_from.isoformat(), card.date_to.isoformat()), ("2031-01-01", "2031-03-31")
        )
        self.assertEqual(card.state, "draft")
        # Generating again leaves the existing scorecard alone.
        self.assertFalse(self._generate())

    def test_generation_wizard(self):
        wizard = (
            self.env["group.budget.scorecard.generate"]
            .with_user(self.user_office)
            .create(
                {
                    "period_id": self.period.id,
                    "period_type": "quarter",
                    "period_index": 2,
                    "provisional": True,
                }
            )
        )
        action = wizard.action_generate()
        card = self.Scorecard.search(action["domain"])
        self.assertEqual((card.centre_id, card.period_index), (self.centre_sub, 2))

    def test_centre_without_signed_letter_is_refused(self):
        with self.assertRefused(UserError, r"No signed responsibility letter.*Other Subsidiary"):
            self._generate(centres=self.centre_sub | self.centre_sibling)
        self.assertFalse(self.Scorecard.search([("period_id", "=", self.period.id)]))
        self.letter._set_state("superseded")
        with self.assertRefused(UserError, "No centre has a signed responsibility letter"):
            self._generate()

    def test_only_the_budget_office_generates(self):
        with self.assertRefused(AccessError, "Budget Office"):
            self.Scorecard.with_user(self.user_officer)._generate(self.period, "year", 1)

    def test_period_must_be_closed_unless_provisional(self):
        with self.assertRefused(ValidationError, "has not closed 2031 Q1 yet.*provisional"):
            self._generate(provisional=False)
        self.company_a.sudo().fiscalyear_lock_date = "2031-03-31"
        card = self._generate(provisional=False)
        self.assertFalse(card.provisional)
        with self.assertRefused(ValidationError, "has not closed 2031-04"):
            self._generate("month", 4, provisional=False)

    def test_periods_of_the_year_only(self):
        for period_type, index in (("month", 13), ("quarter", 5), ("year", 2)):
            with self.assertRefused(ValidationError, "is not a period of the year"):
                self._generate(period_type, index)

    def test_subsidiary_is_appraised_yearly_only(self):
        self.centre_other_company.manager_id = self.user_committee
        period_b = self.env["group.budget.period"].create(
            {"year": 2031, "company_id": self.company_b.id}
        )
        with self.assertRefused(ValidationError, "subsidiary.*end of the year only"):
            self._appraisal_card(
                self.centre_other_company,
                period_b,
                {self.item_volume: (5.0, 100)},
                period_type="quarter",
            )
        _letter, card = self._appraisal_card(
            self.centre_other_company, period_b, {self.item_volume: (5.0, 100)}, veto="X"
        )
        self.assertTrue(card.appraised_by_group)
        self.assertFalse(card.vetoed)

    # --------------------------------------------------------------- scoring
    def test_actuals_from_the_ledger_and_period_targets(self):
        self._entries(
            [
                ("2031-01-10", self.account_rent, 90.0, {self.centre_sub: 100}),
                ("2031-03-10", self.account_rent, 60.0, {self.centre_sub: 100}),
                ("2031-04-10", self.account_rent, 50.0, {self.centre_sub: 100}),
                ("2031-02-10", self.account_office, 150.0, {self.centre_sub: 100}),
                ("2031-02-10", self.account_rent, 70.0, {self.centre_sibling: 100}),
            ]
        )
        card = self._generate()
        self._line(card, self.item_volume).with_user(self.user_office).actual = 30.0
        card.gs_line_ids.with_user(self.user_office).score = 80
        card.with_user(self.user_office).action_compute()
        self.assertEqual(card.state, "computed")
        rent = self._line(card, self.item_rent)
        self.assertEqual((rent.target, rent.actual), (300.0, 150.0))
        self.assertEqual(rent.actual_source, "ledger")
        self.assertEqual(rent.score, 200.0)  # lower is better: 300 / 150, no cap
        office = self._line(card, self.item_office)
        self.assertEqual((office.target, office.actual, office.score), (150.0, 150.0, 100.0))
        travel = self._line(card, self.item_travel)
        self.assertEqual((travel.target, travel.actual, travel.score), (300.0, 0.0, 150.0))
        volume = self._line(card, self.item_volume)
        # The months of 100 by largest remainder: 8.34 in January to April.
        self.assertEqual((volume.target, volume.actual, volume.score), (25.02, 30.0, 119.9))
        # 2×30 + 1×20 + 1.5×10 + 1.199×15 + 0.8×25 = 133 %
        self.assertAlmostEqual(card.total, 1.33, places=3)
        self.assertAlmostEqual(card.score, 1.33, places=3)
        self.assertAlmostEqual(card.kpi_total, 1.13, places=3)
        self.assertAlmostEqual(card.gs_total, 0.2)

    def test_clamp_on_the_exact_total(self):
        """120,000 vehicles targeted, weight 100 %: 72,001 sold is a line score
        of 60.000833…, shown as 60.00, and a total of 0.6000083, above the
        floor of 0.6: the card stands at 0.6000 (rounded to show), not 0.
        72,000 sold is 0.6 exactly and 71,999 below it: both give 0."""
        _letter, card = self._appraisal_card(
            self.centre_sibling, self.period, {self.item_volume: (120_000.0, 100)}
        )
        card = card.with_user(self.user_office)
        line = card.kpi_line_ids
        for actual, score in ((72_001.0, 0.6), (72_000.0, 0.0), (71_999.0, 0.0)):
            line.actual = actual
            card.action_compute()
            self.assertEqual((line.target, line.score), (120_000.0, 60.0))
            self.assertEqual((card.total_raw, card.total), (0.6, 0.6))
            self.assertEqual((card.score_raw, card.score), (score, score), actual)

    def test_ledger_actuals_cannot_be_entered(self):
        card = self._generate()
        with self.assertRefused(ValidationError, "comes from the budget ledger"):
            self._line(card, self.item_rent).with_user(self.user_office).actual = 1.0

    def test_cap_limits_a_line(self):
        card = self._generate()
        line = self._line(card, self.item_volume).with_user(self.user_office)
        line.write({"target": 100.0, "actual": 150.0})
        self.assertEqual(line.score, 150.0)
        line.cap = 120
        self.assertEqual(line.score, 120.0)

    def test_gs_score_between_0_and_100(self):
        card = self._generate()
        task = card.gs_line_ids.with_user(self.user_office)
        for value in (-1, 100.5):
            with self.assertRefused(ValidationError, "between 0 and 100"):
                task.score = value
        task.score = 100
        self.assertEqual(task.score, 100)

    def test_exception_needs_a_reason_and_the_committee(self):
        card = self._generate()
        line = self._line(card, self.item_volume)
        with self.assertRefused(AccessError, "Budget Committee"):
            line.with_user(self.user_office).write({"excepted": True, "exception_reason": "War"})
        with self.assertRefused(ValidationError, "Give the reason for the exception"):
            line.with_user(self.user_committee).write({"excepted": True})
        self.assertFalse(line.excepted)
        card.line_ids.filtered(lambda l: l.kind == "kpi").with_user(self.user_office).write(
            {"target": 100.0}
        )
        self._line(card, self.item_volume).with_user(self.user_office).actual = 20.0
        card.gs_line_ids.with_user(self.user_office).score = 100
        # Ledger lines: actual 0 of lower-is-better costs score 150 each.
        self.assertAlmostEqual(card.total, (150 * 60 + 20 * 15 + 100 * 25) / 10000)
        line.with_user(self.user_committee).write(
            {"excepted": True, "exception_reason": "The market collapsed."}
        )
        self.assertTrue(card.has_exception)
        self.assertAlmostEqual(card.total_raw, 1.18)
        self.assertAlmostEqual(line.weight_effective, 0.0)
        self.assertAlmostEqual(card.total, (150 * 60 + 100 * 25) / 85 / 100, places=4)
        self.assertAlmostEqual(card.score_raw, 1.18)
        self.assertNotEqual(card.score, card.score_raw)

    def test_veto_gives_zero_and_waits_for_the_board(self):
        card = self._generate()
        card.gs_line_ids.with_user(self.user_office).score = 100
        card.veto_line_ids[0].with_user(self.user_office).occurred = True
        card.with_user(self.user_office).action_compute()
        self.assertTrue(card.vetoed)
        self.assertEqual(card.score, 0.0)
        self.assertGreater(card.total, 0.6)
        card.with_user(self.user_committee).action_review()
        self.assertTrue(card.awaiting_board)
        with self.assertRefused(UserError, "waits for the board"):
            card.with_user(self.user_committee).action_decide()
        with self.assertRefused(AccessError, "Budget Committee"):
            card.with_user(self.user_office).board_decision = "Approved."
        with freeze_time("2031-05-09"), self.assertRefused(UserError, "after today"):
            card.with_user(self.user_committee).write(
                {"board_decision": "Score 0 confirmed.", "board_decision_date": "2031-05-10"}
            )
        self.assertFalse(card.board_decision_date)
        with freeze_time("2031-05-10"):
            card.with_user(self.user_committee).write(
                {"board_decision": "Score 0 confirmed.", "board_decision_date": "2031-05-10"}
            )
        self.assertFalse(card.awaiting_board)
        card.with_user(self.user_committee).action_decide()
        self.assertEqual(card.state, "decided")

    # ------------------------------------------------------------ procedure
    def test_state_flow_and_roles(self):
        card = self._generate()
        with self.assertRefused(AccessError, "Budget Office"):
            card.with_user(self.user_officer).action_compute()
        with self.assertRefused(UserError, "cannot be reviewed now"):
            card.with_user(self.user_committee).action_review()
        card.with_user(self.user_office).action_compute()
        with self.assertRefused(AccessError, "Budget Committee"):
            card.with_user(self.user_office).action_review()
        card.with_user(self.user_committee).action_review()
        self.assertEqual(card.reviewed_by_id, self.user_committee)
        card.with_user(self.user_office).action_reset_draft()
        self.assertEqual(card.state, "draft")
        with self.assertRefused(UserError, "status of .* changes only through its buttons"):
            card.with_user(self.user_office).write({"state": "decided"})
        card.with_user(self.user_office).action_compute()
        card.with_user(self.user_committee).action_review()
        card.with_user(self.user_committee).action_decide()
        self.assertEqual((card.state, card.decided_by_id), ("decided", self.user_committee))

    def test_decided_scorecard_is_immutable(self):
        card = self._generate()
        card.with_user(self.user_office).action_compute()
        card.with_user(self.user_committee).action_review()
        card.with_user(self.user_committee).action_decide()
        score = card.score
        committee = card.with_user(self.user_committee)
        for call in (
            lambda: committee.write({"provisional": False}),
            lambda: committee.line_ids[:1].write({"comment": "Later"}),
            lambda: committee.gs_line_ids.write({"score": 10}),
            lambda: committee.veto_line_ids[:1].write({"occurred": True}),
            lambda: committee.line_ids[:1].unlink(),
            lambda: committee.unlink(),
            lambda: committee.action_reset_draft(),
            lambda: committee.action_compute(),
        ):
            with self.assertRefused(UserError, "(?i)decided"):
                call()
        self.assertEqual((card.state, card.score), ("decided", score))

    def test_letter_lines_cannot_be_rewritten_on_the_scorecard(self):
        card = self._generate()
        with self.assertRefused(AccessError, "comes from the responsibility letter"):
            card.line_ids[:1].with_user(self.user_office).weight = 99

    def test_query_count_does_not_grow_with_lines(self):
        """Computing 3 scorecards of 11 lines issues no more queries than 1
        scorecard of 7 lines, from the same empty caches."""
        self.company_a.sudo().fiscalyear_lock_date = "2031-12-31"
        self.centre_dept.manager_id = self.user_office
        self.centre_sibling.manager_id = self.user_office
        small = self._generate("month", 1)
        _letter, other = self._appraisal_card(
            self.centre_sibling,
            self.period,
            {self.item_rent: (1200.0, 60), self.item_travel: (1200.0, 40)},
            period_type="month",
            period_index=2,
        )
        _letter, third = self._appraisal_card(
            self.centre_dept,
            self.period,
            {self.item_rent: (1200.0, 60), self.item_travel: (1200.0, 40)},
            period_type="month",
            period_index=2,
        )
        bigger = other | self._generate("month", 2)
        counts = []
        for cards in (small, bigger):
            cards = cards.with_user(self.user_office)
            # Both start from empty caches (access rules, groups, records).
            self.env.flush_all()
            self.env.invalidate_all()
            self.env.registry.clear_cache()
            before = self.env.cr.sql_log_count
            cards.action_compute()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual((len(small.line_ids), len((other | third).line_ids)), (7, 4))
        # More scorecards and lines, no more queries (one or two fewer at
        # times, as the caches fill in another order).
        self.assertLessEqual(counts[1], counts[0], counts)
        self.assertLessEqual(counts[0], 45, counts)

    def test_outputs(self):
        self.company_a.sudo().fiscalyear_lock_date = "2031-12-31"
        card = self._generate("year", 1, provisional=False)
        card.with_user(self.user_office).action_compute()
        card.with_user(self.user_committee).action_review()
        card.with_user(self.user_committee).action_decide()
        rows = self.Scorecard.with_user(self.user_office)._pay_rows(self.period)
        self.assertEqual([(r["rank"], r["centre"]) for r in rows], [(1, "[S] Subsidiary")])
        report = self.env.ref("group_budget_appraisal.group_budget_scorecard_pay_xlsx")
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_office)
            ._render(report.report_name, self.period.ids)
        )
        self.assertEqual(kind, "xlsx")
        self.assertTrue(content.startswith(b"PK"))
        with patch.object(
            type(self.env["ir.actions.report"]), "_run_wkhtmltopdf", return_value=b"%PDF"
        ):
            html = self.env["ir.actions.report"]._render_qweb_html(
                "group_budget_appraisal.report_group_budget_scorecard", card.ids
            )[0]
        self.assertIn(b"Subsidiary", html)


@tagged("post_install", "-at_install")
class TestDecidedScorecardRpc(JsonRpcCase, AppraisalCase):
    """A decided scorecard keeps its figures, over real HTTP JSON-RPC: the
    Budget Office flips the direction of a budget item, and the decided
    card still reads the score it was decided with (it sets pay, manual §九
    7), while a card not yet decided follows the item. Nobody writes a
    computed figure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()
        cls.centre_group.manager_id = cls.user_committee
        # Volume, higher is better: 100 targeted, 120 done → 1.2.
        cls.letter, cls.card = cls._appraisal_card(
            cls.centre_sub, cls.period, {cls.item_volume: (100.0, 100)}
        )
        cls.line = cls.card.kpi_line_ids
        cls.line.with_user(cls.user_office).actual = 120.0
        cls.card.with_user(cls.user_office).action_compute()
        cls.card.with_user(cls.user_committee).action_review()
        cls.card.with_user(cls.user_committee).action_decide()
        # The first quarter's card, computed but not decided: 25.02 targeted.
        Scorecard = cls.env["group.budget.scorecard"]
        cls.quarter = Scorecard.create(
            Scorecard._prepare_scorecard_vals(cls.letter, "quarter", 1, True)
        )
        cls.quarter.kpi_line_ids.with_user(cls.user_office).actual = 30.0
        cls.quarter.with_user(cls.user_office).action_compute()

    def _call(self, model, method, args):
        return self._rpc(model, method, args)

    LINE_FIGURES = ["direction", "weight", "target", "actual", "score"]
    CARD_FIGURES = ["kpi_total", "total_raw", "total", "score_raw", "score"]

    def _read(self, records, fields):
        outcome, rows = self._call(records._name, "read", [records.ids, fields])
        self.assertEqual(outcome, "+", rows)
        return [{name: row[name] for name in fields} for row in rows]

    @mute_logger("odoo.http")
    def test_decided_score_survives_a_flipped_direction(self):
        self.assertEqual(self.card.state, "decided")
        self.authenticate("gb_office", "gb_office")
        decided_line = self._read(self.line, self.LINE_FIGURES)
        decided_card = self._read(self.card, self.CARD_FIGURES)
        self.assertEqual(
            decided_line,
            [
                {
                    "direction": "higher_better",
                    "weight": 100.0,
                    "target": 100.0,
                    "actual": 120.0,
                    "score": 120.0,
                }
            ],
        )
        self.assertEqual(decided_card[0]["score"], 1.2)
        quarter_score = self.quarter.score
        self.assertAlmostEqual(quarter_score, 1.199, places=3)
        # The Budget Office corrects the item: lower is better.
        outcome, message = self._call(
            "group.budget.item", "write", [self.item_volume.ids, {"direction": "lower_better"}]
        )
        self.assertEqual(outcome, "+", message)
        self.assertEqual(self.item_volume.direction, "lower_better")
        # The decided card reads as decided: 1.2, not 100 ÷ 120 = 0.8333.
        self.assertEqual(self._read(self.line, self.LINE_FIGURES), decided_line)
        self.assertEqual(self._read(self.card, self.CARD_FIGURES), decided_card)
        self.assertEqual(self.card.score, 1.2)
        rows = self.env["group.budget.scorecard"].with_user(self.user_office)._pay_rows(self.period)
        self.assertEqual([row["score"] for row in rows], [1.2])
        # The card not yet decided follows the item: 25.02 ÷ 30.
        self.assertEqual(self.quarter.kpi_line_ids.direction, "lower_better")
        self.assertAlmostEqual(self.quarter.score, 0.834, places=3)

    @mute_logger("odoo.http")
    def test_decided_line_figures_refuse_writes(self):
        self.authenticate("gb_office", "gb_office")
        before = self._read(self.line, self.LINE_FIGURES)
        for vals in (
            {"direction": "lower_better"},
            {"weight": 50.0},
            {"target": 90.0},
            {"actual": 80.0},
            {"score": 150.0},
            {"cap": 100.0},
        ):
            outcome, message = self._call(
                "group.budget.scorecard.line", "write", [self.line.ids, vals]
            )
            self.assertIn(outcome, "-!", f"{vals}: {message}")
        self.assertEqual(self._read(self.line, self.LINE_FIGURES), before)
        self.assertEqual(self.card.score, 1.2)

    @mute_logger("odoo.http")
    def test_nobody_writes_a_computed_figure(self):
        """A forged score would be decided and then kept: the card's scores
        and the lines' direction and source are computed, for everyone."""
        self.authenticate("gb_office", "gb_office")
        quarter_line = self.quarter.kpi_line_ids
        before = (
            self._read(self.quarter, self.CARD_FIGURES),
            self._read(quarter_line, self.LINE_FIGURES),
        )
        for records, vals in (
            (self.quarter, {"score": 1.5}),
            (self.quarter, {"total": 1.5, "vetoed": False}),
            (quarter_line, {"direction": "lower_better"}),
            (quarter_line, {"actual_source": "ledger"}),
        ):
            outcome, message = self._call(records._name, "write", [records.ids, vals])
            self.assertEqual(outcome, "!", f"{vals}: {message}")
            self.assertIn("is computed", message)
        after = (
            self._read(self.quarter, self.CARD_FIGURES),
            self._read(quarter_line, self.LINE_FIGURES),
        )
        self.assertEqual(after, before)
