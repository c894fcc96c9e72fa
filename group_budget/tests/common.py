"""The suite's test base: two companies, a centre hierarchy, items and one
user per role (:class:`GroupBudgetCase`), composed with the fixtures of each
capability (``<capability>/common.py``)."""

from contextlib import contextmanager

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from .adjustment.common import ADJUSTMENT_DAY, ADJUSTMENT_MONTH, AdjustmentFixtures
from .arbitration.common import ArbitrationFixtures
from .common_matrix import MatrixFixtures
from .execution.common import ExecutionFixtures
from .planning.common import PlanningFixtures
from .warning.common import WarningFixtures
from .workbook.common import WorkbookFixtures

__all__ = ["ADJUSTMENT_DAY", "ADJUSTMENT_MONTH", "GroupBudgetCase"]


class GroupBudgetCase(
    PlanningFixtures,
    ExecutionFixtures,
    AdjustmentFixtures,
    ArbitrationFixtures,
    WarningFixtures,
    MatrixFixtures,
    WorkbookFixtures,
    TransactionCase,
):
    """Two companies, a centre hierarchy, items and one user per role; the
    capabilities' fixtures come from their mixins."""

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
    def _revenue_item(cls, name, code, accounts, **vals):
        """A revenue item of company A (``vals`` say otherwise), fed by
        ``accounts``."""
        return cls.env["group.budget.item"].create(
            {
                "name": name,
                "code": code,
                "category": "scale",
                "company_id": cls.company_a.id,
                "account_ids": [Command.set(accounts.ids)],
                **vals,
            }
        )

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
