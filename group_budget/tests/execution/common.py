"""A budget year in execution, its items and journal entries (manual §六).

A fixture mixin of :class:`.common.GroupBudgetCase`, which composes them: its
class methods build records in ``setUpClass`` on the base's companies, users,
centres and items.
"""

from odoo import Command

from ...demo.builders import create_budgets


class ExecutionFixtures:
    """A budget year in execution, its items and journal entries (manual §六)."""

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
    def _setup_plant_budget(cls):
        """The plant's executing budget of 2031 (after
        :meth:`_setup_execution`): 10,000.00 of rent (rigid control) and of
        office costs (flexible control), in March."""
        march = [0.0, 0.0, 10_000.0] + [0.0] * 9
        cls.budget_plant = cls._executing_budget(
            cls.centre_dept, {cls.item_rent: march, cls.item_office: march}
        )

    @classmethod
    def _commit(cls, budget, item, date, amount, origin="P00001"):
        """What a confirmed document commits of ``budget``'s ``item`` in the
        month of ``date``, as a bridge add-on records it (no user may)."""
        return (
            cls.env["group.budget.commitment"]
            .sudo()
            .create(
                {
                    "budget_id": budget.id,
                    "item_id": item.id,
                    "date": str(date)[:8] + "01",
                    "amount": amount,
                    "origin": origin,
                }
            )
        )

    @classmethod
    def _share_item(cls):
        """A group-wide non-financial item averaged over the months: a market
        share in %."""
        return cls.env["group.budget.item"].create(
            {
                "name": "Market Share",
                "code": "T-SHR",
                "category": "scale",
                "item_type": "non_financial",
                "aggregation": "average",
                "uom_label": "%",
            }
        )

    @classmethod
    def _sales_office(cls, **vals):
        """A profit centre of company A under the group, served by the officer."""
        return cls.env["group.budget.centre"].create(
            {
                "name": "Sales Office",
                "code": "SO",
                "centre_type": "profit",
                "parent_id": cls.centre_group.id,
                "company_id": cls.company_a.id,
                "officer_ids": [Command.link(cls.user_officer.id)],
                **vals,
            }
        )

    @classmethod
    def _executing_budget(cls, centre, monthly, period=None):
        """An executing budget of ``centre`` with ``{item: amount a month}``."""
        return create_budgets(cls.env, period or cls.period, {centre: monthly})

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
