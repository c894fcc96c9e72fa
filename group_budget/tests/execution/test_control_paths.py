import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import RedirectWarning, UserError
from odoo.tests import new_test_user, tagged

from ..common import GroupBudgetCase

JANUARY = datetime.date(2031, 1, 10)
FEBRUARY = datetime.date(2031, 2, 10)
MARCH = datetime.date(2031, 3, 15)


@tagged("post_install", "-at_install")
class TestControlPaths(GroupBudgetCase):
    """Rigid control holds on every path by which an actual reaches a centre
    (manual §五 3.3, 4.6, 4.8): postings into an earlier month, changes of
    posted journal items, remapped items and centres, analytic items edited
    by hand, and entries posted by Odoo's cron."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()

    def _distribution(self, centre, percent=100):
        return {str(centre.analytic_account_id.id): percent}

    def _budget_line(self, move):
        return move.line_ids.filtered(lambda line: line.account_id != self._cash)

    # ------------------------------------------------------------------
    # 1. Postings into an earlier month
    # ------------------------------------------------------------------
    def test_a_posting_into_an_earlier_month_is_checked_in_later_months(self):
        # The example: rent 100 a month, nothing in January, 200 in
        # February. A January posting of 50 takes February's year to date
        # to 250 against 200.
        self._entries([(FEBRUARY, self.account_rent, 200.0, {self.centre_sub: 100})])
        move = self._entries(
            [(JANUARY, self.account_rent, 50.0, {self.centre_sub: 100})], post=False
        )
        with self.assertRefused(RedirectWarning, "rigid control") as caught:
            move.action_post()
        self.assertRegex(
            caught.exception.args[0],
            r"\[T-RENT\] Rent, 2031-02: budget to date \D*200\.00, consumed \D*200\.00, "
            r"this posting \D*50\.00, short by \D*50\.00\.",
        )
        context = caught.exception.args[1]["context"]
        self.assertEqual(
            (context["default_date_from"], context["default_amount"]), ("2031-02-01", 50.0)
        )
        self.assertEqual(move.state, "draft")

    def test_a_later_month_with_room_does_not_refuse(self):
        self._entries([(FEBRUARY, self.account_rent, 150.0, {self.centre_sub: 100})])
        move = self._entries([(JANUARY, self.account_rent, 50.0, {self.centre_sub: 100})])
        self.assertEqual(move.state, "posted")
        with self.assertRefused(RedirectWarning, "2031-02: .*short by .*0\\.01"):
            self._entries([(JANUARY, self.account_rent, 0.01, {self.centre_sub: 100})])

    def test_checking_later_months_keeps_the_three_query_bound(self):
        self._entries(
            [
                (FEBRUARY, self.account_rent, 150.0, {self.centre_sub: 100}),
                (datetime.date(2031, 6, 1), self.account_office, 10.0, {self.centre_sub: 100}),
            ]
        )
        move = self._entries(
            [
                (JANUARY, self.account_rent, 50.0, {self.centre_sub: 100}),
                (JANUARY, self.account_office, 5.0, {self.centre_sub: 100}),
            ]
        )
        self.env.flush_all()
        with self.assertQueryCount(3):
            self.env["group.budget.control"]._check_flushed_postings(move)

    def test_the_month_with_the_largest_shortfall_is_named(self):
        self._entries(
            [
                (FEBRUARY, self.account_rent, 200.0, {self.centre_sub: 100}),
                (datetime.date(2031, 5, 3), self.account_rent, 280.0, {self.centre_sub: 100}),
            ]
        )
        # January 60: February 260 against 200 (short 60), May 540 against
        # 500 (short 40).
        with self.assertRefused(RedirectWarning, "2031-02: .*short by .*60\\.00") as caught:
            self._entries([(JANUARY, self.account_rent, 60.0, {self.centre_sub: 100})])
        self.assertNotIn("2031-05", caught.exception.args[0])

    def test_a_flexible_posting_into_an_earlier_month_records_the_later_overrun(self):
        self._entries([(FEBRUARY, self.account_office, 100.0, {self.centre_sub: 100})])
        move = self._entries([(JANUARY, self.account_office, 30.0, {self.centre_sub: 100})])
        self.assertEqual(move.state, "posted")
        overrun = self.env["group.budget.overrun"].search([("move_id", "=", move.id)])
        self.assertEqual(overrun.date, datetime.date(2031, 2, 1))
        self.assertEqual(
            (overrun.ytd_budget, overrun.consumed, overrun.posting, overrun.shortfall),
            (100.0, 100.0, 30.0, 30.0),
        )

    # ------------------------------------------------------------------
    # 2. Changing the analytic distribution of a posted journal item
    # ------------------------------------------------------------------
    def test_moving_spending_onto_an_exhausted_rigid_centre_is_refused(self):
        self._entries([(MARCH, self.account_rent, 300.0, {self.centre_sibling: 100})])
        move = self._entries([(MARCH, self.account_rent, 80.0, {self.centre_sub: 100})])
        line = self._budget_line(move)
        with self.assertRefused(RedirectWarning, "rigid control") as caught:
            line.analytic_distribution = self._distribution(self.centre_sibling)
        self.assertRegex(
            caught.exception.args[0],
            r"\[O\] Other Subsidiary, \[T-RENT\] Rent, 2031-03: budget to date \D*300\.00, "
            r"consumed \D*300\.00, this posting \D*80\.00, short by \D*80\.00\.",
        )
        self.assertEqual(line.analytic_distribution, self._distribution(self.centre_sub))
        # Half of it fits nowhere either: 40 over on the sibling.
        with self.assertRefused(RedirectWarning, "Other Subsidiary.*short by .*40\\.00"):
            line.analytic_distribution = {
                **self._distribution(self.centre_sub, 50),
                **self._distribution(self.centre_sibling, 50),
            }

    def test_moving_spending_away_releases_it(self):
        first = self._entries([(MARCH, self.account_rent, 300.0, {self.centre_sibling: 100})])
        with self.assertRefused(RedirectWarning, "short by .*100\\.00"):
            self._entries([(MARCH, self.account_rent, 100.0, {self.centre_sibling: 100})])
        # The subsidiary has 300 to date: the 300 move there.
        self._budget_line(first).analytic_distribution = self._distribution(self.centre_sub)
        again = self._entries([(MARCH, self.account_rent, 100.0, {self.centre_sibling: 100})])
        self.assertEqual(again.state, "posted")

    def test_moving_spending_onto_a_flexible_centre_records_the_overrun(self):
        move = self._entries([(MARCH, self.account_office, 200.0, {self.centre_dept: 100})])
        Overrun = self.env["group.budget.overrun"]
        self.assertFalse(Overrun.search([("move_id", "=", move.id)]))
        self._budget_line(move).analytic_distribution = self._distribution(self.centre_sub)
        overrun = Overrun.search([("move_id", "=", move.id)])
        self.assertEqual(
            (overrun.ytd_budget, overrun.consumed, overrun.posting, overrun.shortfall),
            (150.0, 0.0, 200.0, 50.0),
        )
        self.assertIn("flexible control", move.message_ids[0].body)

    def test_changing_the_account_of_a_posted_item_is_checked(self):
        self._entries([(MARCH, self.account_rent, 300.0, {self.centre_sub: 100})])
        move = self._entries([(MARCH, self.account_travel, 70.0, {self.centre_sub: 100})])
        line = self._budget_line(move)
        with self.assertRefused(RedirectWarning, "\\[T-RENT\\] Rent.*short by .*70\\.00"):
            line.account_id = self.account_rent
        self.assertEqual(line.account_id, self.account_travel)

    def test_changing_the_amount_of_a_posted_item_is_checked(self):
        # Odoo refuses to change the lines of a posted entry unless its own
        # check is skipped, which an RPC client may ask for.
        move = self._entries([(MARCH, self.account_rent, 80.0, {self.centre_sub: 100})])
        line = self._budget_line(move)
        with self.assertRefused(RedirectWarning, "consumed .*80\\.00.*short by .*100\\.00"):
            move.with_context(skip_readonly_check=True).write(
                {
                    "line_ids": [
                        Command.update(line.id, {"debit": 400.0}),
                        Command.update((move.line_ids - line).id, {"credit": 400.0}),
                    ]
                }
            )
        self.assertEqual(line.debit, 80.0)

    def test_journal_items_added_to_a_posted_entry_are_checked(self):
        move = self._entries([(MARCH, self.account_rent, 100.0, {self.centre_sub: 100})])
        with self.assertRefused(RedirectWarning, "consumed .*100\\.00.*short by .*200\\.00"):
            self.env["account.move.line"].create(
                [
                    {
                        "move_id": move.id,
                        "account_id": self.account_rent.id,
                        "debit": 400.0,
                        "analytic_distribution": self._distribution(self.centre_sub),
                    },
                    {"move_id": move.id, "account_id": self._cash.id, "credit": 400.0},
                ]
            )

    def test_moving_a_posted_entry_to_another_date_is_checked(self):
        self._entries([(FEBRUARY, self.account_rent, 200.0, {self.centre_sub: 100})])
        move = self._entries([(MARCH, self.account_rent, 50.0, {self.centre_sub: 100})])
        with self.assertRefused(RedirectWarning, "2031-02: .*short by .*50\\.00"):
            move.with_context(skip_readonly_check=True).write({"date": JANUARY, "name": "/"})

    # ------------------------------------------------------------------
    # 3. Mappings of items and centres, analytic items by hand
    # ------------------------------------------------------------------
    def test_remapping_an_item_is_refused_while_posted_items_count_in_execution(self):
        unmapped = self._shared_account("GB6500", "Test Unmapped")
        self._entries(
            [
                (MARCH, unmapped, 500.0, {self.centre_sub: 100}),
                (MARCH, self.account_travel, 10.0, {self.centre_sub: 100}),
            ]
        )
        with self.assertRefused(UserError, "Test Unmapped.*\\[S\\] Subsidiary"):
            self.item_rent.account_ids = [Command.link(unmapped.id)]
        with self.assertRefused(UserError, "\\[T-TRV\\] Travel.*cannot change"):
            self.item_travel.direction = "higher_better"
        # An account without posted items on a budgeted centre may be mapped.
        fresh = self._shared_account("GB6999", "Test Fresh")
        self.item_rent.account_ids = [Command.link(fresh.id)]
        self.assertIn(fresh, self.item_rent.account_ids)
        # Items of budgets no longer in execution may be remapped.
        self.budget_sub._set_state("closed")
        self.item_travel.direction = "higher_better"

    def test_changing_the_analytic_account_of_a_centre_is_refused_in_execution(self):
        self._entries([(MARCH, self.account_rent, 10.0, {self.centre_sub: 100})])
        other = self.env["account.analytic.account"].create(
            {
                "name": "Elsewhere",
                "plan_id": self.centre_sub.analytic_account_id.plan_id.id,
                "company_id": self.company_a.id,
            }
        )
        with self.assertRefused(UserError, "\\[S\\] Subsidiary.*cannot change"):
            self.centre_sub.analytic_account_id = other
        # A centre without a budget in execution may change.
        self.centre_dept.analytic_account_id = other
        self.assertEqual(self.centre_dept.analytic_account_id, other)

    def test_analytic_items_of_journal_items_on_centres_follow_their_journal_item(self):
        move = self._entries([(MARCH, self.account_rent, 100.0, {self.centre_sub: 100})])
        line = self._budget_line(move)
        analytic = line.analytic_line_ids
        self.assertEqual(len(analytic), 1)
        with self.assertRefused(UserError, "cannot be created, changed or deleted by hand"):
            analytic.amount = 0.0
        with self.assertRefused(UserError, "cannot be created, changed or deleted by hand"):
            analytic.unlink()
        with self.assertRefused(UserError, "cannot be created, changed or deleted by hand"):
            analytic.copy({"amount": 400.0})
        # Other fields stay editable; Odoo's own upkeep still works.
        analytic.name = "Renamed"
        line.analytic_distribution = self._distribution(self.centre_sibling)
        self.assertEqual(len(line.analytic_line_ids), 1)
        move.button_draft()
        self.assertFalse(line.analytic_line_ids)

    # ------------------------------------------------------------------
    # 4. Entries posted by Odoo's cron
    # ------------------------------------------------------------------
    def test_the_autopost_cron_leaves_a_refused_entry_in_draft_and_posts_the_others(self):
        accountant = new_test_user(
            self.env,
            login="gb_autopost_accountant",
            groups="account.group_account_manager",
            company_id=self.company_a.id,
            company_ids=[Command.set(self.company_a.ids)],
        )
        self._entries([], post=False)  # the test journal and cash account
        Move = self.env["account.move"].with_user(accountant).with_company(self.company_a)
        moves = Move.create(
            [
                {
                    "journal_id": self._journal.id,
                    "date": MARCH,
                    "auto_post": "at_date",
                    "line_ids": [
                        Command.create(
                            {
                                "account_id": account.id,
                                "debit": amount,
                                "analytic_distribution": self._distribution(self.centre_sub),
                            }
                        ),
                        Command.create({"account_id": self._cash.id, "credit": amount}),
                    ],
                }
                for account, amount in [
                    (self.account_rent, 100.0),
                    (self.account_rent, 500.0),
                    (self.account_office, 20.0),
                ]
            ]
        )
        within, over, office = moves.sudo()
        self.assertEqual(set(moves.mapped("state")), {"draft"})
        with freeze_time("2031-03-20"):
            self.env["account.move"]._autopost_draft_entries()
        self.assertEqual(within.state, "posted")
        self.assertEqual(office.state, "posted")
        self.assertEqual(over.state, "draft")
        self.assertRegex(over.message_ids[0].body, "(?s)rigid control.*short by \\D*[23]00\\.00")
        activity = over.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, accountant)
        self.assertRegex(activity.note, "short by \\D*[23]00\\.00")
