"""The records of the role matrix (rpc_matrix.py): one of each model for
centre A, centre B and company B.

A fixture mixin of :class:`.common.GroupBudgetCase`, which composes them: its
class methods build records in ``setUpClass`` on the base's companies, users,
centres and items.
"""

from odoo import Command
from odoo.tests import new_test_user


class MatrixFixtures:
    """The records of the role matrix (rpc_matrix.py): one of each model for"""

    @classmethod
    def _setup_matrix(cls):
        """Documents of every kind, for the role-isolation matrix: each in the
        officer's centre (the subsidiary, centre A), in its sibling (centre B)
        and in company B, plus an accountant without a budget role.

        Year 2031 executes (budgets with two versions, ledger rows, flexible
        overruns, draft additions, an issued target and a sent letter of the
        subsidiary, the plant's target in revision); year 2032 compiles (draft
        targets, letters and budgets, the plant's budget under review).
        The group's manager (the Committee user) issues the subsidiary's
        letters, which the officer accepts."""
        cls._setup_execution()
        both = [cls.company_a.id, cls.company_b.id]
        cls.user_accountant = new_test_user(
            cls.env,
            login="gb_accountant",
            groups="account.group_account_user",
            company_id=cls.company_a.id,
            company_ids=[Command.set(both)],
        )
        cls.user_sibling_gm = new_test_user(
            cls.env,
            login="gb_sibling_gm",
            groups="group_budget.group_budget_officer",
            company_id=cls.company_a.id,
            company_ids=[Command.set([cls.company_a.id])],
        )
        cls.centre_group.manager_id = cls.user_committee
        cls.centre_sub.manager_id = cls.user_officer
        cls.centre_sibling.manager_id = cls.user_sibling_gm
        Centre = cls.env["group.budget.centre"]
        cls.centre_leaf, cls.centre_leaf_other = Centre.create(
            [
                {
                    "name": name,
                    "code": code,
                    "centre_type": "expense",
                    "parent_id": parent.id,
                    "company_id": cls.company_a.id,
                }
                for name, code, parent in (
                    ("Workshop", "S-W", cls.centre_sub),
                    ("Other Workshop", "O-W", cls.centre_sibling),
                )
            ]
        )
        cls.item_spare = cls._cost_item("Spare", "T-SPARE", "none", cls.env["account.account"])
        cls.item_b = cls.env["group.budget.item"].create(
            {
                "name": "Foreign Rent",
                "code": "T-FRENT",
                "category": "operations",
                "direction": "lower_better",
                "company_id": cls.company_b.id,
            }
        )
        Profile = cls.env["group.budget.profile"]
        cls.profile_a, cls.profile_b = Profile.create(
            [
                {"name": "Season A", "company_id": cls.company_a.id},
                {"name": "Season B", "company_id": cls.company_b.id},
            ]
        )
        Period = cls.env["group.budget.period"]
        cls.period.reserve_amount = 10000.0
        cls.period_next, cls.period_spare, cls.period_b = Period.create(
            [
                {"year": 2032, "company_id": cls.company_a.id},
                {"year": 2033, "company_id": cls.company_a.id},
                {"year": 2031, "company_id": cls.company_b.id},
            ]
        )
        Version = cls.env["group.budget.version"]
        Version._create_snapshots(cls.budget_sub | cls.budget_sibling, kind="addition")
        cls.budget_b = cls._executing_budget(
            cls.centre_other_company, {cls.item_b: 10.0}, period=cls.period_b
        )
        cls.period_b._set_state("executing")

        # Targets and letters.
        cls.target_sub = cls._target(cls.centre_sub, {cls.item_volume: 10.0}, cls.period_next)
        cls.target_sibling = cls._target(
            cls.centre_sibling, {cls.item_volume: 10.0}, cls.period_next
        )
        cls.target_b = cls._target(cls.centre_other_company, {cls.item_volume: 1.0}, cls.period_b)
        cls.target_sub_issued = cls._target(cls.centre_sub, {cls.item_volume: 10.0})
        cls.target_sub_issued._set_state("issued", revision_reason="Fewer dealers.")
        cls.target_sub_issued.line_ids.write(
            {"estimate_value": 20.0, "has_proposal": True, "proposed_value": 20.0}
        )
        cls.target_dept = cls._target(cls.centre_dept, {cls.item_volume: 5.0})
        cls.target_dept.line_ids.write({"has_proposal": True, "proposed_value": 8.0})
        cls.target_dept._set_state("revision", revision_reason="A new line.")
        Letter = cls.env["group.budget.letter"]
        cls.letter_sub, cls.letter_sibling, cls.letter_b, cls.letter_sent = Letter.create(
            [
                dict(
                    Letter._prepare_letter_vals(target),
                    task_line_ids=[
                        Command.create({"name": "Cut costs", "measure": "Audit", "weight": 40})
                    ],
                    veto_items="A major accident.",
                )
                for target in (
                    cls.target_sub,
                    cls.target_sibling,
                    cls.target_b,
                    cls.target_sub_issued,
                )
            ]
        )
        # Weights (%) that total 100 (manual §九 6): the letters can be sent.
        (
            cls.letter_sub | cls.letter_sibling | cls.letter_b | cls.letter_sent
        ).kpi_line_ids.weight = 60
        cls.letter_sent._set_state("sent")

        # Budgets of the next year: two drafts, and the plant's submitted by
        # the officer.
        Budget = cls.env["group.budget"]
        cls.budget_sub_next, cls.budget_sibling_next, cls.budget_dept_next = Budget.create(
            [
                {
                    "centre_id": centre.id,
                    "period_id": cls.period_next.id,
                    "line_ids": [Command.create({"item_id": cls.item_rent.id, "month_01": 10.0})],
                }
                for centre in (cls.centre_sub, cls.centre_sibling, cls.centre_dept)
            ]
        )
        cls.budget_dept_next.with_user(cls.user_officer).action_submit()

        # Execution: ledger rows, flexible overruns, draft additions.
        Ledger = cls.env["group.budget.ledger"]
        cls.ledger_sub, cls.ledger_sibling, cls.ledger_b = (
            Ledger.search([("centre_id", "=", centre.id)], limit=1)
            for centre in (cls.centre_sub, cls.centre_sibling, cls.centre_other_company)
        )
        moves = cls.env["account.move"]
        for company in (cls.company_a, cls.company_b):
            journal = cls.env["account.journal"].create(
                {
                    "name": "Matrix Misc",
                    "code": "MTXM",
                    "type": "general",
                    "company_id": company.id,
                }
            )
            moves |= cls.env["account.move"].create(
                {"journal_id": journal.id, "date": "2031-01-15", "company_id": company.id}
            )
        Overrun = cls.env["group.budget.overrun"]
        cls.overrun_sub, cls.overrun_sibling, cls.overrun_b = Overrun.create(
            [
                {
                    "move_id": move.id,
                    "budget_id": budget.id,
                    "item_id": item.id,
                    "date": "2031-01-01",
                    "ytd_budget": 50.0,
                    "posting": 60.0,
                    "shortfall": 10.0,
                }
                for move, budget, item in (
                    (moves[0], cls.budget_sub, cls.item_office),
                    (moves[0], cls.budget_sibling, cls.item_rent),
                    (moves[1], cls.budget_b, cls.item_b),
                )
            ]
        )
        # What documents not yet posted commit (a bridge add-on writes them).
        Commitment = cls.env["group.budget.commitment"]
        cls.commitment_sub, cls.commitment_sibling, cls.commitment_b = Commitment.create(
            [
                {"budget_id": budget.id, "item_id": item.id, "date": "2031-02-01", "amount": 5.0}
                for budget, item in (
                    (cls.budget_sub, cls.item_office),
                    (cls.budget_sibling, cls.item_rent),
                    (cls.budget_b, cls.item_b),
                )
            ]
        )
        cls.period_b.reserve_amount = 1000.0
        Addition = cls.env["group.budget.addition"]
        cls.addition_sub, cls.addition_sibling, cls.addition_b = Addition.create(
            [
                cls._matrix_addition_vals(centre, item, period)
                for centre, item, period in (
                    (cls.centre_sub, cls.item_rent, cls.period),
                    (cls.centre_sibling, cls.item_rent, cls.period),
                    (cls.centre_other_company, cls.item_b, cls.period_b),
                )
            ]
        )

    @classmethod
    def _matrix_addition_vals(cls, centre, item, period):
        return {
            "period_id": period.id,
            "centre_id": centre.id,
            "item_id": item.id,
            "date_from": "2031-03-01",
            "date_to": "2031-03-31",
            "amount": 10.0,
            "reason": "A new lease.",
            "funding": "reserve",
        }
