from contextlib import contextmanager

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class GroupBudgetCase(TransactionCase):
    """Two companies, a centre hierarchy, items and one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company_a = cls.env["res.company"].create({"name": "Budget Test Group"})
        cls.company_b = cls.env["res.company"].create({"name": "Budget Test Other"})
        both = [cls.company_a.id, cls.company_b.id]

        cls.user_plain = new_test_user(
            cls.env,
            login="gb_plain",
            groups="base.group_user",
            company_id=cls.company_a.id,
            company_ids=[Command.set(both)],
        )
        cls.user_officer = new_test_user(
            cls.env,
            login="gb_officer",
            groups="group_budget.group_budget_officer",
            company_id=cls.company_a.id,
            company_ids=[Command.set(both)],
        )
        cls.user_office = new_test_user(
            cls.env,
            login="gb_office",
            groups="group_budget.group_budget_office",
            company_id=cls.company_a.id,
            company_ids=[Command.set([cls.company_a.id])],
        )
        cls.user_committee = new_test_user(
            cls.env,
            login="gb_committee",
            groups="group_budget.group_budget_committee",
            company_id=cls.company_a.id,
            company_ids=[Command.set(both)],
        )

        Centre = cls.env["group.budget.centre"]
        cls.centre_group = Centre.create(
            {
                "name": "Group",
                "code": "G",
                "centre_type": "investment",
                "company_id": cls.company_a.id,
            }
        )
        cls.centre_sub = Centre.create(
            {
                "name": "Subsidiary",
                "code": "S",
                "centre_type": "profit",
                "parent_id": cls.centre_group.id,
                "company_id": cls.company_a.id,
                "officer_ids": [Command.link(cls.user_officer.id)],
            }
        )
        cls.centre_dept = Centre.create(
            {
                "name": "Plant",
                "code": "S-P",
                "centre_type": "cost",
                "parent_id": cls.centre_sub.id,
                "company_id": cls.company_a.id,
            }
        )
        cls.centre_sibling = Centre.create(
            {
                "name": "Other Subsidiary",
                "code": "O",
                "centre_type": "profit",
                "parent_id": cls.centre_group.id,
                "company_id": cls.company_a.id,
            }
        )
        cls.centre_other_company = Centre.create(
            {
                "name": "Foreign Plant",
                "code": "F",
                "centre_type": "cost",
                "company_id": cls.company_b.id,
                "manager_id": cls.user_officer.id,
            }
        )

        cls.account_rent = cls._shared_account("GB6120", "Test Rent")
        cls.account_office = cls._shared_account("GB6000", "Test Office")
        Item = cls.env["group.budget.item"]
        cls.item_rent = cls._cost_item("Rent", "T-RENT", "rigid", cls.account_rent)
        cls.item_volume = Item.create(
            {
                "name": "Volume",
                "code": "T-VOL",
                "category": "scale",
                "item_type": "non_financial",
                "uom_label": "vehicles",
                "is_core": True,
            }
        )

    @classmethod
    def _setup_targets(cls):
        """A budget year 2031 in company A, managers on the centres, and a
        revenue (sum) and margin (average) item."""
        cls.period = cls.env["group.budget.period"].create(
            {"year": 2031, "company_id": cls.company_a.id}
        )
        cls.centre_group.manager_id = cls.user_office
        cls.centre_sub.manager_id = cls.user_officer
        Item = cls.env["group.budget.item"]
        cls.item_revenue = Item.create(
            {"name": "Revenue", "code": "T-REV", "category": "scale", "is_core": True}
        )
        cls.item_margin = Item.create(
            {
                "name": "Margin",
                "code": "T-MRG",
                "category": "profitability",
                "aggregation": "average",
            }
        )

    @classmethod
    def _target(cls, centre, values, period=None):
        """A draft target of ``centre`` with ``{item: issued value}``."""
        return cls.env["group.budget.target"].create(
            {
                "centre_id": centre.id,
                "period_id": (period or cls.period).id,
                "line_ids": [
                    Command.create({"item_id": item.id, "issued_value": value})
                    for item, value in values.items()
                ],
            }
        )

    @classmethod
    def _setup_execution(cls):
        """A budget year 2031 in execution in company A, with executing
        budgets of the subsidiary and its sibling: rent under rigid control
        (100 a month each), office costs under flexible control (50 a month,
        subsidiary only) and travel without control (100 a month each)."""
        cls.period = cls.env["group.budget.period"].create(
            {"year": 2031, "company_id": cls.company_a.id}
        )
        cls.account_travel = cls._shared_account("GB6400", "Test Travel")
        cls.item_office = cls._cost_item("Office", "T-OFF", "flexible", cls.account_office)
        cls.item_travel = cls._cost_item("Travel", "T-TRV", "none", cls.account_travel)
        cls.budget_sub = cls._executing_budget(
            cls.centre_sub,
            {cls.item_rent: 100.0, cls.item_office: 50.0, cls.item_travel: 100.0},
        )
        cls.budget_sibling = cls._executing_budget(
            cls.centre_sibling, {cls.item_rent: 100.0, cls.item_travel: 100.0}
        )
        cls.period._set_state("executing")

    @classmethod
    def _cost_item(cls, name, code, control_mode, account):
        """A cost item of company A under ``control_mode``, fed by ``account``."""
        return cls.env["group.budget.item"].create(
            {
                "name": name,
                "code": code,
                "category": "operations",
                "direction": "lower_better",
                "control_mode": control_mode,
                "company_id": cls.company_a.id,
                "account_ids": [Command.set(account.ids)],
            }
        )

    @classmethod
    def _executing_budget(cls, centre, monthly, period=None):
        """An executing budget of ``centre`` with ``{item: amount a month}``."""
        budget = cls.env["group.budget"].create(
            {
                "centre_id": centre.id,
                "period_id": (period or cls.period).id,
                "line_ids": [
                    Command.create(
                        {"item_id": item.id, **{f"month_{m:02d}": amount for m in range(1, 13)}}
                    )
                    for item, amount in monthly.items()
                ],
            }
        )
        budget._set_state("executing")
        cls.env["group.budget.version"]._create_snapshots(budget, kind="approval")
        return budget

    def _entries(self, postings, post=True):
        """Journal entries in company A, one per ``(date, account, amount,
        {centre: percent})``: a positive amount debits the account, a negative
        one credits it, and cash takes the other side."""
        if not hasattr(self, "_journal"):
            self._journal = self.env["account.journal"].create(
                {
                    "name": "Budget Misc",
                    "code": "BMSC",
                    "type": "general",
                    "company_id": self.company_a.id,
                }
            )
            self._cash = (
                self.env["account.account"]
                .with_company(self.company_a)
                .create({"name": "Cash", "code": "GB1010", "account_type": "asset_current"})
            )
        moves = self.env["account.move"].create(
            [
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
                        ),
                        Command.create(
                            {
                                "account_id": self._cash.id,
                                "debit": max(-amount, 0.0),
                                "credit": max(amount, 0.0),
                            }
                        ),
                    ],
                }
                for date, account, amount, shares in postings
            ]
        )
        if post:
            moves.action_post()
        return moves

    @staticmethod
    def _line(target, item):
        return target.line_ids.filtered(lambda line: line.item_id == item)

    @contextmanager
    def assertRefused(self, exception, pattern):
        """The call raises ``exception`` with a message matching ``pattern``.

        Odoo's ``assertRaises`` runs the block in a savepoint and rolls it back,
        as a refused RPC call rolls back its transaction: what the block wrote
        is gone afterwards, which the tests then check.
        """
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    @classmethod
    def _shared_account(cls, code, name):
        """An expense account shared by both test companies."""
        account = (
            cls.env["account.account"]
            .with_company(cls.company_a)
            .create(
                {
                    "name": name,
                    "code": code,
                    "account_type": "expense",
                    "company_ids": [Command.set(cls.company_a.ids)],
                }
            )
        )
        account.with_company(cls.company_b).code = code
        account.company_ids = [Command.link(cls.company_b.id)]
        return account
