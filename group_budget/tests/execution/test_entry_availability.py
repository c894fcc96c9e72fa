import datetime

from odoo import Command
from odoo.exceptions import RedirectWarning
from odoo.tests import Form, new_test_user, tagged

from ..common import GroupBudgetCase

JANUARY = datetime.date(2031, 1, 15)


@tagged("post_install", "-at_install")
class TestEntryAvailability(GroupBudgetCase):
    """What a draft entry, bill or invoice has available per line before
    posting (manual §五 3.3): the figure control at posting will check, and
    the lines that would exceed it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()
        # A workshop with 10,000.00 a month of rent (rigid), office costs
        # (flexible) and travel (no control): 10,000.00 to date in January.
        cls.workshop = cls.env["group.budget.centre"].create(
            {
                "name": "Workshop",
                "code": "W",
                "centre_type": "cost",
                "parent_id": cls.centre_sub.id,
                "company_id": cls.company_a.id,
            }
        )
        cls.budget_workshop = cls._executing_budget(
            cls.workshop,
            {cls.item_rent: 10_000.0, cls.item_office: 10_000.0, cls.item_travel: 10_000.0},
        )
        cls.accountant = new_test_user(
            cls.env,
            login="gb_entry_accountant",
            groups="account.group_account_manager,account.group_account_user,"
            "analytic.group_analytic_accounting",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )

    def _draft(self, lines, date=JANUARY):
        """A draft journal entry of company A with a line per ``(account,
        amount, {centre: percent})`` in that order, and cash last."""
        self._entries([], post=False)  # the test journal and cash account
        return self.env["account.move"].create(
            {
                "journal_id": self._journal.id,
                "date": date,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": account.id,
                            "debit": max(amount, 0.0),
                            "credit": max(-amount, 0.0),
                            "analytic_distribution": {
                                str(centre.analytic_account_id.id): percent
                                for centre, percent in shares.items()
                            },
                        }
                    )
                    for account, amount, shares in lines
                ]
                + [
                    Command.create(
                        {
                            "account_id": self._cash.id,
                            "credit": max(sum(amount for _a, amount, _s in lines), 0.0),
                            "debit": max(-sum(amount for _a, amount, _s in lines), 0.0),
                        }
                    )
                ],
            }
        )

    def _figures(self, move):
        """``(controlled, available, exceeds)`` of each line, cash last."""
        return [
            (line.group_budget_controlled, line.group_budget_available, line.group_budget_exceeds)
            for line in move.line_ids.sorted("id")
        ]

    def _rent(self, amount, centre=None):
        return (self.account_rent, amount, {centre or self.workshop: 100})

    # ------------------------------------------------------------------
    # The figure and the limit
    # ------------------------------------------------------------------
    def test_a_draft_entry_shows_the_figure_and_flags_what_exceeds_it(self):
        for amount, exceeds in ((9_999.99, False), (10_000.00, False), (10_000.01, True)):
            move = self._draft([self._rent(amount)])
            self.assertEqual(
                self._figures(move), [(True, 10_000.00, exceeds), (False, 0.0, False)], amount
            )

    def test_the_figure_is_what_control_at_posting_finds(self):
        over = self._draft([self._rent(10_000.01)])
        with self.assertRefused(RedirectWarning, "short by .*0.01"):
            over.action_post()
        move = self._draft([self._rent(10_000.00)])
        move.action_post()
        self.assertEqual(move.state, "posted")
        # Posted: no figure.
        self.assertEqual(self._figures(move)[0], (False, 0.0, False))
        self.assertEqual(self._figures(over)[0], (True, 0.0, True))

    def test_posted_actuals_reduce_it(self):
        self._entries([(JANUARY, self.account_rent, 2_500.00, {self.workshop: 100})])
        move = self._draft([self._rent(7_500.01)])
        self.assertEqual(self._figures(move)[0], (True, 7_500.00, True))

    def test_two_lines_on_the_same_centre_and_item_add_up(self):
        move = self._draft(
            [
                self._rent(6_000.00),
                (self.account_office, 9_000.00, {self.workshop: 100}),
                self._rent(4_000.00),
                self._rent(0.01),
            ]
        )
        self.assertEqual(
            self._figures(move),
            [
                (True, 10_000.00, False),
                (True, 10_000.00, False),
                (True, 4_000.00, False),
                (True, 0.00, True),
                (False, 0.0, False),
            ],
        )

    def test_a_line_shared_by_percentage_shows_the_most_it_can_be(self):
        # 40 % on the subsidiary, whose rent has 100.00 to date in January:
        # the line can be 250.00; 60 % of it fits the workshop.
        shares = {self.workshop: 60, self.centre_sub: 40}
        fits = self._draft([(self.account_rent, 250.00, shares)])
        # 40 % of 250.03 is 100.012: a cent over, as control at posting
        # rounds each centre's share.
        over = self._draft([(self.account_rent, 250.03, shares)])
        self.assertEqual(self._figures(fits)[0], (True, 250.00, False))
        self.assertEqual(self._figures(over)[0], (True, 250.00, True))

    def test_commitments_reduce_it(self):
        self.env["group.budget.commitment"].sudo().create(
            {
                "budget_id": self.budget_workshop.id,
                "item_id": self.item_rent.id,
                "date": datetime.date(2031, 1, 1),
                "amount": 3_000.00,
                "origin": "PO0001",
            }
        )
        move = self._draft([self._rent(7_000.01)])
        self.assertEqual(self._figures(move)[0], (True, 7_000.00, True))

    def test_a_commitment_in_a_later_month_that_leaves_less_counts(self):
        # June's year to date is 60,000.00, of which 59,000.00 committed.
        self.env["group.budget.commitment"].sudo().create(
            {
                "budget_id": self.budget_workshop.id,
                "item_id": self.item_rent.id,
                "date": datetime.date(2031, 6, 1),
                "amount": 59_000.00,
            }
        )
        move = self._draft([self._rent(1_000.01)])
        self.assertEqual(self._figures(move)[0], (True, 1_000.00, True))

    def test_savings_reserved_by_a_pending_addition_reduce_it(self):
        addition = self.env["group.budget.addition"].create(
            {
                "period_id": self.period.id,
                "centre_id": self.centre_sub.id,
                "item_id": self.item_rent.id,
                "date_from": datetime.date(2031, 1, 1),
                "date_to": datetime.date(2031, 1, 31),
                "amount": 4_000.00,
                "reason": "Extra warehouse space",
                "kind": "operating",
                "funding": "savings",
                "source_centre_id": self.workshop.id,
                "source_item_id": self.item_rent.id,
            }
        )
        addition.action_submit()
        self.assertEqual(addition.reserved_months[0], 4_000.00)
        move = self._draft([self._rent(6_000.01)])
        self.assertEqual(self._figures(move)[0], (True, 6_000.00, True))

    def test_items_without_control_are_never_flagged(self):
        move = self._draft(
            [
                (self.account_travel, 50_000.00, {self.workshop: 100}),
                (self.account_rent, 50_000.00, {}),
                (self.account_office, 10_000.01, {self.workshop: 100}),
            ]
        )
        self.assertEqual(
            self._figures(move),
            [
                (False, 0.0, False),
                (False, 0.0, False),
                # Flexible control: posting goes through, with a warning.
                (True, 10_000.00, True),
                (False, 0.0, False),
            ],
        )

    def test_a_credit_never_exceeds_and_frees_budget_for_the_lines_below(self):
        move = self._draft([self._rent(-1_000.00), self._rent(11_000.00)])
        self.assertEqual(
            self._figures(move)[:2], [(True, 10_000.00, False), (True, 11_000.00, False)]
        )

    # ------------------------------------------------------------------
    # Bills, the form, other users, cost
    # ------------------------------------------------------------------
    def _bill_setup(self):
        Account = self.env["account.account"].with_company(self.company_a)
        payable = Account.create(
            {"name": "Payables", "code": "GB2110", "account_type": "liability_payable"}
        )
        journal = self.env["account.journal"].create(
            {
                "name": "Budget Bills",
                "code": "BBIL",
                "type": "purchase",
                "company_id": self.company_a.id,
            }
        )
        partner = self.env["res.partner"].create({"name": "Landlord"})
        partner.with_company(self.company_a).property_account_payable_id = payable
        return journal, partner

    def test_a_draft_bill_shows_the_figure_per_invoice_line(self):
        journal, partner = self._bill_setup()
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "journal_id": journal.id,
                "partner_id": partner.id,
                "invoice_date": JANUARY,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": name,
                            "account_id": self.account_rent.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": {
                                str(self.workshop.analytic_account_id.id): 100
                            },
                        }
                    )
                    for name, amount in (("January rent", 9_999.99), ("Deposit", 0.02))
                ],
            }
        )
        first, second = bill.invoice_line_ids.sorted("sequence")
        self.assertEqual(
            (first.group_budget_available, first.group_budget_exceeds), (10_000.00, False)
        )
        self.assertEqual((second.group_budget_available, second.group_budget_exceeds), (0.01, True))
        payable = bill.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertFalse(payable.group_budget_controlled)

    def _form_lines(self, form):
        figures = []
        for index in range(len(form.invoice_line_ids)):
            with form.invoice_line_ids.edit(index) as line:
                figures.append((line.group_budget_available, line.group_budget_exceeds))
        return figures

    def test_the_form_shows_it_on_unsaved_lines(self):
        journal, partner = self._bill_setup()
        distribution = {str(self.workshop.analytic_account_id.id): 100}
        bills = self.env["account.move"].with_user(self.accountant)
        form = Form(
            bills.with_context(default_move_type="in_invoice", default_journal_id=journal.id)
        )
        form.partner_id = partner
        form.invoice_date = JANUARY
        for name, amount in (("January rent", 6_000.00), ("Repairs", 4_000.01)):
            with form.invoice_line_ids.new() as line:
                line.name = name
                line.account_id = self.account_rent
                line.price_unit = amount
                line.analytic_distribution = distribution
        self.assertEqual(self._form_lines(form), [(10_000.00, False), (4_000.00, True)])
        # Lowering the first line frees budget for the second.
        with form.invoice_line_ids.edit(0) as line:
            line.price_unit = 5_999.99
        self.assertEqual(self._form_lines(form), [(10_000.00, False), (4_000.01, False)])
        bill = form.save()
        self.assertEqual(
            bill.invoice_line_ids.sorted("sequence").mapped("group_budget_available"),
            [10_000.00, 4_000.01],
        )

    def test_the_form_of_a_journal_entry_shows_it_on_unsaved_lines(self):
        self._entries([], post=False)  # the test journal and cash account
        distribution = {str(self.workshop.analytic_account_id.id): 100}
        entries = self.env["account.move"].with_user(self.accountant)
        form = Form(entries.with_context(default_move_type="entry"))
        form.journal_id = self._journal
        form.date = JANUARY
        for amount in (7_000.00, 3_000.01):
            with form.line_ids.new() as line:
                line.account_id = self.account_rent
                line.debit = amount
                line.analytic_distribution = distribution
        with form.line_ids.new() as line:
            line.account_id = self._cash
            line.credit = 10_000.01
        figures = []
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                figures.append(
                    (
                        line.group_budget_controlled,
                        line.group_budget_available,
                        line.group_budget_exceeds,
                    )
                )
        self.assertEqual(
            figures, [(True, 10_000.00, False), (True, 3_000.00, True), (False, 0.0, False)]
        )

    def test_an_accountant_without_a_budget_role_sees_the_figure(self):
        self.assertFalse(self.accountant.has_group("group_budget.group_budget_officer"))
        move = self._draft([self._rent(10_000.01)])
        line = move.with_user(self.accountant).line_ids.sorted("id")[0]
        self.assertEqual(
            (line.group_budget_available, line.group_budget_exceeds), (10_000.00, True)
        )
        # Through the web client's read of the form, as well.
        values = move.with_user(self.accountant).web_read(
            {"line_ids": {"fields": {"group_budget_available": {}, "group_budget_exceeds": {}}}}
        )
        self.assertIn(
            {"id": line.id, "group_budget_available": 10_000.00, "group_budget_exceeds": True},
            values[0]["line_ids"],
        )

    def test_fifty_lines_cost_one_query(self):
        move = self._draft(
            [self._rent(100.00) for _i in range(25)]
            + [(self.account_office, 100.00, {self.workshop: 60, self.centre_sub: 40})] * 24
        )
        lines = move.line_ids
        self.assertEqual(len(lines), 50)
        # The entry and its journal items as the form reads them.
        self.env.invalidate_all()
        self.assertEqual(move.state, "draft")
        move.line_ids.mapped("company_currency_id").mapped("rounding")
        ordered = lines.sorted("id")
        with self.assertQueryCount(1):
            figures = ordered.mapped("group_budget_available")
        self.assertEqual(figures[:3], [10_000.00, 9_900.00, 9_800.00])
        self.assertEqual(figures[24], 7_600.00)
        # The office lines, 40 % on the subsidiary: its 50.00 of January
        # lets the first be 125.00; the second finds 10.00 left (25.00).
        self.assertEqual(figures[25:27], [125.00, 25.00])
        self.assertEqual(ordered[25:27].mapped("group_budget_exceeds"), [False, True])
