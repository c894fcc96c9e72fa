import datetime

from odoo import Command
from odoo.exceptions import RedirectWarning
from odoo.tests import new_test_user, tagged

from ..common import GroupBudgetCase

MARCH = datetime.date(2031, 3, 15)


@tagged("post_install", "-at_install")
class TestControlAtPosting(GroupBudgetCase):
    """Rigid and flexible control when entries are posted (manual §五 3.3,
    4.6, 4.8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()

    def test_rigid_refusal_states_the_exact_shortfall(self):
        self._entries([(MARCH, self.account_rent, 250.0, {self.centre_sub: 100})])
        move = self._entries([(MARCH, self.account_rent, 80.0, {self.centre_sub: 100})], post=False)
        with self.assertRefused(RedirectWarning, "rigid control") as caught:
            move.action_post()
        self.assertRegex(
            caught.exception.args[0],
            r"\[S\] Subsidiary, \[T-RENT\] Rent, 2031-03: budget to date \D*300\.00, "
            r"consumed \D*250\.00, this posting \D*80\.00, short by \D*30\.00\.",
        )
        action = caught.exception.args[1]
        self.assertEqual(action["res_model"], "group.budget.addition")
        self.assertEqual(action["context"]["default_amount"], 30.0)
        self.assertEqual(action["context"]["default_centre_id"], self.centre_sub.id)
        self.assertEqual(action["context"]["default_item_id"], self.item_rent.id)
        self.assertEqual(action["context"]["default_date_from"], "2031-03-01")
        # Nothing was posted.
        self.assertEqual(move.state, "draft")

    def test_unspent_budget_carries_forward_within_the_year(self):
        # Nothing spent in January and February: March may use 300.
        move = self._entries([(MARCH, self.account_rent, 300.0, {self.centre_sub: 100})])
        self.assertEqual(move.state, "posted")
        with self.assertRefused(RedirectWarning, "short by .*0.01"):
            self._entries([(MARCH, self.account_rent, 0.01, {self.centre_sub: 100})])
        # April brings its own 100.
        april = self._entries(
            [(datetime.date(2031, 4, 2), self.account_rent, 100.0, {self.centre_sub: 100})]
        )
        self.assertEqual(april.state, "posted")

    def test_nothing_carries_forward_into_the_next_year(self):
        next_year = self.env["group.budget.period"].create(
            {"year": 2032, "company_id": self.company_a.id}
        )
        self._executing_budget(self.centre_sub, {self.item_rent: 100.0}, period=next_year)
        next_year._set_state("executing")
        # 2031 leaves 1,150 unspent...
        self._entries(
            [(datetime.date(2031, 12, 20), self.account_rent, 50.0, {self.centre_sub: 100})]
        )
        # ...but January 2032 only has its own 100.
        with self.assertRefused(RedirectWarning, "2032-01.*short by .*50.00"):
            self._entries(
                [(datetime.date(2032, 1, 10), self.account_rent, 150.0, {self.centre_sub: 100})]
            )

    def test_flexible_overrun_passes_with_a_warning(self):
        move = self._entries([(MARCH, self.account_office, 200.0, {self.centre_sub: 100})])
        self.assertEqual(move.state, "posted")
        self.assertIn("flexible control", move.message_ids[0].body)
        self.assertIn("short by", move.message_ids[0].body)
        overrun = self.env["group.budget.overrun"].search([("move_id", "=", move.id)])
        self.assertEqual(len(overrun), 1)
        self.assertEqual(
            (overrun.ytd_budget, overrun.consumed, overrun.posting, overrun.shortfall),
            (150.0, 0.0, 200.0, 50.0),
        )
        self.assertEqual(overrun.date, datetime.date(2031, 3, 1))
        row = self.env["group.budget.ledger"].search(
            [
                ("centre_id", "=", self.centre_sub.id),
                ("item_id", "=", self.item_office.id),
                ("month", "=", 3),
            ]
        )
        self.assertEqual(row.overrun_count, 1)
        self.assertTrue(row.is_overrun)

    def test_within_budget_leaves_no_warning(self):
        move = self._entries([(MARCH, self.account_office, 150.0, {self.centre_sub: 100})])
        self.assertFalse(self.env["group.budget.overrun"].search([("move_id", "=", move.id)]))

    def test_uncontrolled_items_and_lines_without_a_centre_pass(self):
        moves = self._entries(
            [
                (MARCH, self.account_travel, 5000.0, {self.centre_sub: 100}),
                (MARCH, self.account_rent, 5000.0, {}),
            ]
        )
        self.assertEqual(set(moves.mapped("state")), {"posted"})

    def test_centre_without_a_budget_in_execution_passes(self):
        move = self._entries([(MARCH, self.account_rent, 5000.0, {self.centre_dept: 100})])
        self.assertEqual(move.state, "posted")

    def test_a_split_line_is_checked_on_each_centre(self):
        # 60% of 600 fits the sibling's 300 to date; 40% of 600 fits the
        # subsidiary's. 60% of 1,000 does not fit the sibling's.
        self._entries(
            [(MARCH, self.account_rent, 500.0, {self.centre_sibling: 60, self.centre_sub: 40})]
        )
        with self.assertRefused(RedirectWarning, "Other Subsidiary.*short by .*300.00"):
            self._entries(
                [
                    (
                        MARCH,
                        self.account_rent,
                        500.0,
                        {self.centre_sibling: 60, self.centre_sub: 40},
                    )
                ]
            )

    def test_a_centre_on_an_analytic_account_of_another_plan_is_controlled(self):
        plan = self.env["account.analytic.plan"].create({"name": "Budget Test Workshops"})
        account = self.env["account.analytic.account"].create(
            {"name": "Workshop", "plan_id": plan.id, "company_id": self.company_a.id}
        )
        workshop = self.env["group.budget.centre"].create(
            {
                "name": "Workshop",
                "code": "W",
                "centre_type": "cost",
                "company_id": self.company_a.id,
                "analytic_account_id": account.id,
            }
        )
        self._executing_budget(workshop, {self.item_rent: 100.0})
        self._entries([(MARCH, self.account_rent, 250.0, {workshop: 100})])
        # Half of 120 goes to the workshop: 310 against 300 to date.
        with self.assertRefused(RedirectWarning, r"\[W\] Workshop.*short by .*10.00"):
            self._entries([(MARCH, self.account_rent, 120.0, {workshop: 50, self.centre_sub: 50})])

    def test_year_to_date_comes_from_an_index(self):
        """Of the monthly actual totals, as the ledger reads them: the index
        of the analytic items by centre is gone."""
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = "
            "'group_budget_actual_month_key_index'"
        )
        self.assertIn("account_id", self.env.cr.fetchone()[0])
        self.env.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'group_budget_analytic_line_centre_index'"
        )
        self.assertFalse(self.env.cr.fetchone())

    def test_reset_to_draft_releases_what_it_consumed(self):
        first = self._entries([(MARCH, self.account_rent, 300.0, {self.centre_sub: 100})])
        second = self._entries(
            [(MARCH, self.account_rent, 100.0, {self.centre_sub: 100})], post=False
        )
        with self.assertRefused(RedirectWarning, "short by .*100.00"):
            second.action_post()
        first.button_draft()
        second.action_post()
        self.assertEqual(second.state, "posted")

    def test_reversal_releases_what_it_consumed(self):
        first = self._entries([(MARCH, self.account_rent, 300.0, {self.centre_sub: 100})])
        first._reverse_moves([{"date": MARCH}], cancel=True)
        self.assertTrue(first.reversal_move_ids)
        again = self._entries([(MARCH, self.account_rent, 300.0, {self.centre_sub: 100})])
        self.assertEqual(again.state, "posted")

    def test_accountants_without_a_budget_role_are_controlled_too(self):
        accountant = new_test_user(
            self.env,
            login="gb_accountant",
            groups="account.group_account_manager",
            company_id=self.company_a.id,
            company_ids=[Command.set(self.company_a.ids)],
        )
        flexible, rigid = self._entries(
            [
                (MARCH, self.account_office, 200.0, {self.centre_sub: 100}),
                (MARCH, self.account_rent, 400.0, {self.centre_sub: 100}),
            ],
            post=False,
        )
        flexible.with_user(accountant).action_post()
        self.assertEqual(flexible.state, "posted")
        self.assertTrue(self.env["group.budget.overrun"].search([("move_id", "=", flexible.id)]))
        with self.assertRefused(RedirectWarning, "short by .*100.00"):
            rigid.with_user(accountant).action_post()
        self.assertEqual(rigid.state, "draft")

    def test_control_adds_three_queries_whatever_the_number_of_lines(self):
        self._entries([], post=False)  # the test journal and cash account
        move = self.env["account.move"].create(
            {
                "journal_id": self._journal.id,
                "date": MARCH,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": account.id,
                            "debit": 1.0,
                            "analytic_distribution": {
                                str(self.centre_sub.analytic_account_id.id): 100
                            },
                        }
                    )
                    for account in [self.account_rent] * 25 + [self.account_office] * 24
                ]
                + [Command.create({"account_id": self._cash.id, "credit": 49.0})],
            }
        )
        move.action_post()
        Control = self.env["group.budget.control"]
        self.env.flush_all()
        with self.assertQueryCount(3):
            Control._check_flushed_postings(move)
        # An entry that hits no controlled budget costs a single query.
        other = self._entries([(MARCH, self.account_travel, 10.0, {self.centre_sub: 100})])
        self.env.flush_all()
        with self.assertQueryCount(1):
            Control._check_flushed_postings(other)
