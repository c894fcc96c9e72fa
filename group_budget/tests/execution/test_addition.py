import datetime

from odoo import Command
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..common import GroupBudgetCase

MARCH = datetime.date(2031, 3, 1)
MARCH_END = datetime.date(2031, 3, 31)


@tagged("post_install", "-at_install")
class TestAddition(GroupBudgetCase):
    """Budget additions (manual §五 4.7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()
        cls.period.with_user(cls.user_committee).reserve_amount = 1000.0
        cls.user_gm, cls.user_board = (
            new_test_user(
                cls.env,
                login=login,
                groups="group_budget.group_budget_officer",
                company_id=cls.company_a.id,
                company_ids=[Command.set(cls.company_a.ids)],
            )
            for login in ("gb_gm", "gb_board")
        )
        cls.company_a.write(
            {
                "group_budget_general_manager_id": cls.user_gm.id,
                "group_budget_board_member_ids": [Command.set(cls.user_board.ids)],
            }
        )

    def _addition(self, user=None, **values):
        vals = {
            "period_id": self.period.id,
            "centre_id": self.centre_sub.id,
            "item_id": self.item_rent.id,
            "date_from": MARCH,
            "date_to": MARCH_END,
            "amount": 60.0,
            "reason": "Extra warehouse space for the spring campaign",
            "kind": "operating",
            "funding": "savings",
            "source_centre_id": self.centre_sub.id,
            "source_item_id": self.item_travel.id,
        }
        vals.update(values)
        return self.env["group.budget.addition"].with_user(user or self.user_officer).create(vals)

    def _count(self):
        return self.env["group.budget.addition"].search_count([])

    def _months(self, budget, item):
        line = budget.line_ids.filtered(lambda line: line.item_id == item)
        return [line[f"month_{m:02d}"] for m in range(1, 13)]

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------
    def test_zero_or_negative_amount_is_refused(self):
        before = self._count()
        for amount in (0.0, -10.0):
            with self.assertRefused(ValidationError, "must be positive"):
                self._addition(amount=amount)
        self.assertEqual(self._count(), before)

    def test_reason_is_mandatory(self):
        before = self._count()
        for reason in (False, "   "):
            with self.assertRefused(ValidationError, "Give the reason .*Rent"):
                self._addition(reason=reason)
        self.assertEqual(self._count(), before)

    def test_months_outside_the_year_are_refused(self):
        before = self._count()
        with self.assertRefused(ValidationError, "outside the budget year 2031"):
            self._addition(date_from=datetime.date(2030, 12, 1))
        with self.assertRefused(ValidationError, "outside the budget year 2031"):
            self._addition(date_to=datetime.date(2032, 1, 31))
        with self.assertRefused(ValidationError, "comes before the first month"):
            self._addition(date_from=datetime.date(2031, 5, 1))
        self.assertEqual(self._count(), before)

    def test_savings_source_with_too_little_available_is_refused(self):
        # Travel of the subsidiary: 300 to date in March, 280 spent.
        self._entries([(MARCH, self.account_travel, 280.0, {self.centre_sub: 100})])
        addition = self._addition(amount=50.0)
        self.assertEqual(addition.available_amount, 20.0)
        with self.assertRefused(UserError, "has .*20.00 available to date.*short by .*30.00"):
            addition.with_user(self.user_officer).action_submit()
        self.assertEqual(addition.state, "draft")
        self.assertFalse(addition.review_ids)

    def test_savings_from_the_same_item_and_centre_are_refused(self):
        with self.assertRefused(ValidationError, "another item or centre"):
            self._addition(source_item_id=self.item_rent.id)

    def test_exhausted_reserve_is_refused(self):
        addition = self._addition(amount=1200.0, funding="reserve")
        with self.assertRefused(UserError, "reserve of 2031 is exhausted"):
            addition.action_submit()
        self.assertEqual(addition.state, "draft")

    # ------------------------------------------------------------------
    # Approval by kind and by funding source
    # ------------------------------------------------------------------
    def test_operating_addition_from_savings(self):
        addition = self._addition(date_to=datetime.date(2031, 4, 30))
        addition.action_submit()
        self.assertEqual(addition.state, "submitted")
        reviews = addition.review_ids.sorted("sequence")
        self.assertEqual(
            reviews.mapped("name"),
            ["Budget Office review of the addition", "General manager approval (operating)"],
        )
        self.assertEqual(reviews[1].reviewer_ids, self.user_gm)
        # The board has no say on an operating addition.
        self.assertNotIn(self.user_board, addition.review_ids.reviewer_ids)
        addition.with_user(self.user_office).validate_tier()
        self.assertEqual(addition.state, "submitted")
        versions_before = len(self.budget_sub.version_ids)
        addition.with_user(self.user_gm).validate_tier()
        self.assertEqual(addition.state, "approved")
        # Rent gets 30 in March and April; travel gives 60 from April back.
        self.assertEqual(self._months(self.budget_sub, self.item_rent)[2:4], [130.0, 130.0])
        self.assertEqual(self._months(self.budget_sub, self.item_travel)[2:5], [100.0, 40.0, 100.0])
        self.assertEqual(len(self.budget_sub.version_ids), versions_before + 1)
        self.assertEqual(addition.version_id.kind, "addition")
        self.assertEqual(addition.version_id.budget_id, self.budget_sub)
        self.assertEqual(self.period.reserve_drawn, 0.0)

    def test_capital_addition_from_the_reserve_needs_the_board(self):
        addition = self._addition(kind="capital", funding="reserve", amount=400.0)
        addition.action_submit()
        reviews = addition.review_ids.sorted("sequence")
        self.assertEqual(reviews[1].name, "Board approval (capital)")
        self.assertEqual(reviews[1].reviewer_ids, self.user_board)
        addition.with_user(self.user_office).validate_tier()
        # The general manager is no reviewer of a capital addition, and does
        # not even see it.
        self.assertNotIn(self.user_gm, addition.review_ids.reviewer_ids)
        with self.assertRaises(AccessError):
            addition.with_user(self.user_gm).validate_tier()
        self.assertEqual(addition.state, "submitted")
        addition.with_user(self.user_board).validate_tier()
        self.assertEqual(addition.state, "approved")
        self.assertEqual(self._months(self.budget_sub, self.item_rent)[2], 500.0)
        self.assertEqual(self.period.reserve_drawn, 400.0)
        self.assertEqual(self.period.reserve_left, 600.0)
        # A second draw larger than what is left is refused.
        second = self._addition(funding="reserve", amount=700.0)
        with self.assertRefused(UserError, "exhausted: .*600.00 is left"):
            second.action_submit()

    def test_an_addition_funds_a_posting_that_was_refused(self):
        move = self._entries(
            [(MARCH, self.account_rent, 330.0, {self.centre_sub: 100})], post=False
        )
        with self.assertRefused(RedirectWarning, "short by") as caught:
            move.action_post()
        action = caught.exception.args[1]
        with Form(self.env["group.budget.addition"].with_context(**action["context"])) as form:
            form.reason = "Rent rise"
            form.funding = "reserve"
        addition = form.save()
        self.assertEqual(
            (addition.centre_id, addition.item_id, addition.amount, addition.date_from),
            (self.centre_sub, self.item_rent, 30.0, MARCH),
        )
        addition.action_submit()
        addition.with_user(self.user_office).validate_tier()
        addition.with_user(self.user_gm).validate_tier()
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_rejection_leaves_everything_unchanged(self):
        before = self._months(self.budget_sub, self.item_rent)
        versions = len(self.budget_sub.version_ids)
        addition = self._addition()
        addition.action_submit()
        addition.with_user(self.user_office).reject_tier()
        self.assertEqual(addition.state, "rejected")
        self.assertEqual(self._months(self.budget_sub, self.item_rent), before)
        self.assertEqual(len(self.budget_sub.version_ids), versions)
        addition.action_draft()
        self.assertEqual(addition.state, "draft")

    def test_nobody_approves_their_own_addition(self):
        addition = self._addition(user=self.user_office)
        addition.with_user(self.user_office).action_submit()
        with self.assertRefused(UserError, "cannot approve a step of your own request"):
            addition.with_user(self.user_office).validate_tier()

    def test_state_and_submitted_additions_are_guarded(self):
        addition = self._addition()
        with self.assertRefused(UserError, "changes only through its buttons"):
            addition.write({"state": "approved"})
        addition.action_submit()
        with self.assertRefused(UserError, "can no longer be changed"):
            addition.with_user(self.user_officer).amount = 1.0

    def test_officers_request_for_their_own_centres_only(self):
        with self.assertRaises(AccessError):
            self._addition(
                centre_id=self.centre_sibling.id, source_centre_id=self.centre_sibling.id
            )
        with self.assertRaises(AccessError):
            self._addition(user=self.user_plain)

    # ------------------------------------------------------------------
    # Pending additions reserve their savings (issue 9, point 5)
    # ------------------------------------------------------------------
    def _ledger_row(self, centre, item, month):
        return self.env["group.budget.ledger"].search(
            [
                ("period_id", "=", self.period.id),
                ("centre_id", "=", centre.id),
                ("item_id", "=", item.id),
                ("month", "=", month),
            ]
        )

    def test_pending_additions_never_count_the_same_savings(self):
        # Travel of the subsidiary: 300 budgeted to date in March.
        first = self._addition(amount=250.0)
        first.action_submit()
        self.assertEqual(first.reserved_months[:4], [50.0, 100.0, 100.0, 0.0])
        march = self._ledger_row(self.centre_sub, self.item_travel, 3)
        self.assertEqual((march.ytd_budget, march.reserved, march.available), (300.0, 250.0, 50.0))
        second = self._addition(amount=60.0, item_id=self.item_office.id)
        self.assertEqual(second.available_amount, 50.0)
        with self.assertRefused(
            UserError, f"50.00 available to date once the pending additions {first.name} .*short by"
        ):
            second.action_submit()
        self.assertEqual(second.state, "draft")
        # Rejected, the first releases what it reserved.
        first.with_user(self.user_office).reject_tier()
        self.assertEqual(self._ledger_row(self.centre_sub, self.item_travel, 3).reserved, 0.0)
        second.action_submit()
        self.assertEqual(second.state, "submitted")

    def test_control_at_posting_counts_reserved_savings_as_spent(self):
        # Travel of the subsidiary under rigid control: 300 to date in March,
        # 250 of it reserved by a pending addition.
        self.item_travel.control_mode = "rigid"
        addition = self._addition(amount=250.0)
        addition.action_submit()
        move = self._entries(
            [(MARCH, self.account_travel, 100.0, {self.centre_sub: 100})], post=False
        )
        with self.assertRefused(RedirectWarning, "budget to date .*50.00.*short by .*50.00"):
            move.action_post()
        self.assertEqual(move.state, "draft")
        # Rejected, the addition releases its savings: the posting fits.
        addition.with_user(self.user_office).reject_tier()
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_reviewers_see_what_the_source_has_available(self):
        addition = self._addition(amount=60.0)
        addition.action_submit()
        expected = addition.with_user(self.user_office).available_amount
        self.assertGreater(expected, 0.0)
        addition.with_user(self.user_office).validate_tier()
        # The general manager answers for no centre, yet reviews the figure.
        addition.invalidate_recordset(["available_amount"])
        self.assertEqual(addition.with_user(self.user_gm).available_amount, expected)

    def test_only_reviewers_reject(self):
        addition = self._addition(amount=60.0)
        addition.action_submit()
        with self.assertRefused(UserError, "only its reviewers may approve or reject"):
            addition.with_user(self.user_officer).reject_tier()
        self.assertEqual(addition.review_ids.mapped("status").count("rejected"), 0)
        self.assertEqual(addition.state, "submitted")

    def test_approval_takes_what_was_reserved_and_releases_it(self):
        first = self._addition(amount=150.0, date_to=datetime.date(2031, 4, 30))
        first.action_submit()
        second = self._addition(amount=200.0, item_id=self.item_office.id)
        # 300 to date in March, 150 of it reserved by the first (all in April).
        self.assertEqual(first.reserved_months[2:4], [50.0, 100.0])
        second.action_submit()
        # The second takes March's 50 the first leaves, then February, then January.
        self.assertEqual(second.reserved_months[:4], [50.0, 100.0, 50.0, 0.0])
        first.with_user(self.user_office).validate_tier()
        first.with_user(self.user_gm).validate_tier()
        self.assertEqual(first.state, "approved")
        self.assertEqual(
            self._months(self.budget_sub, self.item_travel)[:5], [100.0, 100.0, 50.0, 0.0, 100.0]
        )
        row = self._ledger_row(self.centre_sub, self.item_travel, 4)
        # Only the second's reservation is left.
        self.assertEqual((row.ytd_budget, row.reserved, row.available), (250.0, 200.0, 50.0))

    def test_reservation_is_not_written_by_hand(self):
        addition = self._addition()
        with self.assertRefused(UserError, "follows from its submission"):
            addition.with_user(self.user_officer).write({"reserved_months": [0.0] * 12})

    def test_pending_draws_on_the_reserve_count(self):
        first = self._addition(funding="reserve", amount=700.0)
        first.action_submit()
        second = self._addition(funding="reserve", amount=400.0)
        with self.assertRefused(
            UserError, f"300.00 is left once the pending additions {first.name} are counted"
        ):
            second.action_submit()
        first.with_user(self.user_office).reject_tier()
        second.action_submit()
        self.assertEqual(second.state, "submitted")
