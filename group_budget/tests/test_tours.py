"""The main flow of every role, in a real browser (Odoo tours in headless
Chromium), logged in as the demo users. The tours are in
``static/tests/tours/``; each test prepares the state its tour starts from and
checks the outcome in Python afterwards.

A missing browser is a failure, not a skip (:class:`.tours.TourCase`).
"""

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .tours import TourCase


@tagged("post_install", "-at_install")
class TestTours(TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.has_demo:
            return
        # A budget year of the truck company after the demo's, with nothing in it.
        cls.period = cls.env["group.budget.period"].create(
            {"year": cls.current_period.year + 2, "company_id": cls.trucks_company.id}
        )

    def setUp(self):
        super().setUp()
        self._require_demo()

    def _url(self, action, record):
        return f"/odoo/action-group_budget.{action}/{record.id}"

    def _targets(self, lines_by_centre, state="issued"):
        Target = self.env["group.budget.target"]
        targets = Target.create(
            [
                {
                    "centre_id": centre.id,
                    "period_id": self.period.id,
                    "line_ids": [
                        Command.create({"item_id": item.id, "issued_value": value})
                        for item, value in lines.items()
                    ],
                }
                for centre, lines in lines_by_centre.items()
            ]
        )
        if state in ("issued", "agreed"):
            targets.with_user(self.office).action_issue()
        if state == "agreed":
            targets.action_agree()
        return targets

    def _use_chinese(self, user):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["group_budget"], ["zh_CN"])
        user.lang = "zh_CN"

    # ------------------------------------------------------------------
    # Budget Office: prepare, share, issue
    # ------------------------------------------------------------------
    def test_office_prepares_shares_and_issues_targets(self):
        self._use_chinese(self.office)
        self.start_tour(
            self._url("group_budget_period_action", self.period),
            "group_budget_tour_office_targets",
            login="budget_office",
        )
        targets = self.period.target_ids
        self.assertIn(self.trucks, targets.centre_id)
        self.assertEqual(set(targets.mapped("state")), {"issued"})
        parent = targets.filtered(lambda t: t.centre_id == self.trucks)
        first = parent.line_ids[:1]
        self.assertEqual(first.issued_value, 1_200_000)
        children = targets.filtered(lambda t: t.centre_id.parent_id == self.trucks)
        shared = children.line_ids.filtered(lambda line: line.item_id == first.item_id)
        self.assertEqual(len(shared), len(self.trucks.child_ids))
        if first.item_id.aggregation == "sum":
            self.assertAlmostEqual(sum(shared.mapped("issued_value")), 1_200_000, places=2)

    # ------------------------------------------------------------------
    # Officer: revision past the threshold; the Budget Office accepts it
    # ------------------------------------------------------------------
    def test_officer_proposes_revision_office_accepts(self):
        target = self._targets({self.sales: {self.revenue: 1_000_000}})
        url = self._url("group_budget_target_action", target)
        self.start_tour(url, "group_budget_tour_officer_revision", login="budget_officer")
        self.assertEqual(target.state, "revision")
        self.assertEqual(target.line_ids.proposed_value, 700_000)
        self.assertIn("dealers", target.revision_reason)
        self.start_tour(url, "group_budget_tour_office_accept_revision", login="budget_office")
        self.assertEqual(target.state, "agreed")
        self.assertEqual(target.line_ids.agreed_value, 700_000)

    # ------------------------------------------------------------------
    # Managers: the letter is sent, both managers sign, one draws
    # ------------------------------------------------------------------
    def test_letter_sent_and_signed_by_both_managers(self):
        target = self._targets({self.trucks: {self.revenue: 100_000_000}}, state="agreed")
        letter = self.env["group.budget.letter"]._generate_for_targets(target)
        self.assertEqual(
            (letter.issuer_id, letter.acceptor_id),
            (self.committee, self.trucks_gm),
            "the demo's truck letter is issued by 赵明 and accepted by 陈军",
        )
        url = self._url("group_budget_letter_action", letter)
        self.start_tour(url, "group_budget_tour_letter_send", login="budget_office")
        self.assertEqual(letter.state, "sent")
        self.start_tour(url, "group_budget_tour_letter_sign_drawn", login="budget_committee")
        self.assertEqual(letter.issuer_signed_by_id, self.committee)
        self.assertTrue(letter.issuer_signature, "the drawn signature is stored")
        self.start_tour(url, "group_budget_tour_letter_sign", login="trucks_gm")
        self.assertEqual(letter.acceptor_signed_by_id, self.trucks_gm)
        self.assertEqual(letter.state, "signed")
        self.assertTrue(target.locked)

    # ------------------------------------------------------------------
    # Compilation and approval
    # ------------------------------------------------------------------
    def test_compilation_submit_approve_and_return(self):
        self._targets(
            {
                self.trucks: {self.revenue: 100_000_000, self.salaries: 6_000_000},
                self.sales: {self.revenue: 100_000_000},
                self.assembly: {self.salaries: 6_000_000},
            },
            state="agreed",
        )
        self.start_tour(
            self._url("group_budget_period_action", self.period),
            "group_budget_tour_start_compilation",
            login="budget_office",
        )
        self.assertEqual(self.period.state, "compiling")
        budgets = {budget.centre_id: budget for budget in self.period.budget_ids}
        sales, assembly = budgets[self.sales], budgets[self.assembly]
        self.assertEqual(sales.state, "draft")

        for budget in (sales, assembly):
            self.start_tour(
                self._url("group_budget_action", budget),
                "group_budget_tour_budget_submit",
                login="budget_officer",
            )
            self.assertEqual(budget.state, "submitted")

        # Every review step: the Budget Office's preliminary review, then the
        # Budget Committee's (the default tier definitions).
        reviewers = ["budget_office", "budget_committee", "budget_committee"]
        for login in reviewers:
            if sales.state != "submitted":
                break
            self.start_tour(
                self._url("group_budget_action", sales),
                "group_budget_tour_budget_validate",
                login=login,
            )
        self.assertEqual(sales.state, "approved")
        self.assertTrue(sales.version_ids, "approval stores a version")

        self.start_tour(
            self._url("group_budget_action", assembly),
            "group_budget_tour_budget_return",
            login="budget_office",
        )
        self.assertEqual(assembly.state, "draft")
        self.assertIn("split them by quarter", " ".join(assembly.message_ids.mapped("body")) or "")

    # ------------------------------------------------------------------
    # Accountant: a rigid overrun is refused; the addition is requested
    # ------------------------------------------------------------------
    def test_rigid_overrun_refused_and_addition_requested(self):
        today = fields.Date.context_today(self.env["res.users"])
        # The demo's current budget year is this calendar year: a tour never skips.
        self.assertEqual(self.current_period.year, today.year)
        # The truck company's general manager also keeps its books here.
        self.trucks_gm.groups_id = [Command.link(self.env.ref("account.group_account_manager").id)]
        company = self.trucks_company
        rent_account = self.env["account.account"].search(
            [("company_ids", "in", company.id), ("id", "in", self.rent.account_ids.ids)],
            limit=1,
        )
        counterpart = self.env["account.account"].search(
            [("company_ids", "in", company.id), ("account_type", "=", "asset_current")],
            limit=1,
        )
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": today,
                    "ref": "Showroom rent",
                    "line_ids": [
                        Command.create(
                            {
                                "name": "Showroom rent",
                                "account_id": rent_account.id,
                                "debit": 1_000_000.0,
                                "analytic_distribution": {
                                    str(self.sales.analytic_account_id.id): 100
                                },
                            }
                        ),
                        Command.create(
                            {
                                "name": "Landlord",
                                "account_id": counterpart.id,
                                "credit": 1_000_000.0,
                            }
                        ),
                    ],
                }
            )
        )
        Addition = self.env["group.budget.addition"]
        before = Addition.search([])
        # The refusal is logged by the HTTP layer, as any refused request.
        with mute_logger("odoo.http"):
            self.start_tour(
                f"/odoo/action-account.action_move_journal_line/{move.id}",
                "group_budget_tour_rigid_overrun",
                login="trucks_gm",
            )
        self.assertEqual(move.state, "draft", "the rigid overrun is refused")
        addition = Addition.search([]) - before
        self.assertEqual(len(addition), 1)
        self.assertEqual(
            (addition.centre_id, addition.item_id, addition.state),
            (self.sales, self.rent, "submitted"),
        )
        self.assertGreater(addition.amount, 0)

    # ------------------------------------------------------------------
    # Officer: the ledger
    # ------------------------------------------------------------------
    def test_officer_ledger_grouped_and_journal_items(self):
        # Journal items are accounting records: reading them takes Odoo's
        # read-only accounting group (a budget role alone is refused).
        self.officer.groups_id = [Command.link(self.env.ref("account.group_account_readonly").id)]
        self.start_read_only_tour(
            "/odoo/action-group_budget.group_budget_ledger_action",
            "group_budget_tour_ledger",
            login="budget_officer",
        )


@tagged("post_install", "-at_install")
class TestWarningTour(TourCase):
    """Officer: the warnings screen (issue 10)."""

    def setUp(self):
        super().setUp()
        self._require_demo()

    def test_officer_acknowledges_a_warning(self):
        centre = (
            self.officer.budget_officer_centre_ids.filtered(
                lambda c: c.company_id == self.current_period.company_id
            )[:1]
            or self.sales
        )
        today = fields.Date.today()
        item = self.env["group.budget.item"].create(
            {
                "name": "Tour item",
                "code": "TOUR",
                "category": "operations",
                "direction": "lower_better",
            }
        )
        warning = (
            self.env["group.budget.warning"]
            .sudo()
            .create(
                {
                    "company_id": centre.company_id.id,
                    "period_id": self.current_period.id,
                    "centre_id": centre.id,
                    "item_id": item.id,
                    "horizon": "month",
                    "period_label": f"{today.year}-{today.month:02d}",
                    "date": today,
                    "level": "serious",
                    "budget": 100.0,
                    "actual": 120.0,
                    "percent": 120.0,
                }
            )
        )
        self.start_tour(
            "/odoo/action-group_budget.group_budget_warning_action",
            "group_budget_tour_warnings",
            login="budget_officer",
        )
        self.assertEqual(warning.state, "acknowledged")
        self.assertIn("trade fair", warning.comment)
        self.assertEqual(warning.acknowledged_by_id, self.officer)

    def test_officer_opens_the_warning_dashboard(self):
        Warning = self.env["group.budget.warning"]
        unresolved = Warning.search([("state", "!=", "resolved")])
        self.assertIn(self.sales, unresolved.centre_id, "the demo warns the sales department")
        states = unresolved.mapped("state")
        self.start_read_only_tour(
            "/odoo/action-group_budget.group_budget_warning_dashboard_action",
            "group_budget_tour_warning_dashboard",
            login="budget_officer",
        )
        self.assertEqual(unresolved.mapped("state"), states, "the dashboard changes nothing")


@tagged("post_install", "-at_install")
class TestAdjustmentTour(TourCase):
    """Officer: a mid-year adjustment application (issue 11)."""

    def setUp(self):
        super().setUp()
        self._require_demo()
        Adjustment = self.env["group.budget.adjustment"]
        self.assertTrue(
            Adjustment.search([("period_id", "=", self.current_period.id)]),
            "the demo has adjustments in its current budget year",
        )

    def test_officer_applies_for_an_adjustment(self):
        adjustment = self._rent_adjustment()
        self.start_tour(
            f"/odoo/action-group_budget.group_budget_adjustment_action/{adjustment.id}",
            "group_budget_tour_adjustment",
            login="budget_officer",
        )
        self.assertEqual(adjustment.state, "submitted")
        self.assertEqual(adjustment.line_ids.proposed_value, 300_000)
        self.assertAlmostEqual(adjustment.line_ids.total, 300_000)
        self.assertIn("vacant posts", adjustment.internal_measures)


@tagged("post_install", "-at_install")
class TestArbitrationTours(TourCase):
    """Issue 12: the officer applies for an arbitration, the Budget Office
    receives and refers it, the Committee rules in the browser."""

    def test_officer_applies_committee_rules(self):
        self._require_demo()
        arbitration = self._created_by_tour(
            "group.budget.arbitration",
            "/odoo/action-group_budget.group_budget_arbitration_action/new",
            "group_budget_tour_arbitration_apply",
            login="budget_officer",
        )
        self.assertEqual(len(arbitration), 1)
        self.assertEqual(arbitration.state, "submitted")
        self.assertEqual(arbitration.centre_id, self.sales)
        self.assertEqual(arbitration.submitter_id, self.officer)
        office = arbitration.with_user(self.office)
        office.action_receive()
        office.office_opinion = "Export markets belong to the group."
        office.action_refer()
        # The Committee member works in the truck company's context.
        self.committee.company_id = arbitration.company_id
        self.start_tour(
            f"/odoo/action-group_budget.group_budget_arbitration_action/{arbitration.id}",
            "group_budget_tour_arbitration_rule",
            login="budget_committee",
        )
        self.assertEqual(arbitration.state, "ruled")
        self.assertEqual(arbitration.ruled_by_id, self.committee)
        self.assertIn("Export markets", arbitration.ruling)


@tagged("post_install", "-at_install")
class TestSettingsTour(TourCase):
    """Administrator: the Budget Management settings, and the check of the
    ledger's monthly actual totals (issue 15)."""

    def test_settings_save_and_check_the_actual_totals(self):
        self._require_demo()
        admin = self.env.ref("base.user_admin")
        admin.groups_id = [Command.link(self.env.ref("group_budget.group_budget_office").id)]
        self.start_tour(
            "/odoo/action-group_budget.group_budget_settings_action",
            "group_budget_tour_settings",
            login="admin",
        )
        self.assertEqual(admin.company_id.group_budget_revision_threshold, 12.0)
