"""Targets, budgets in compilation and signed responsibility letters
(manual §三–§五).

A fixture mixin of :class:`.common.GroupBudgetCase`, which composes them: its
class methods build records in ``setUpClass`` on the base's companies, users,
centres and items.
"""

from odoo import Command
from odoo.tests import new_test_user


class PlanningFixtures:
    """Targets, budgets in compilation and signed responsibility letters"""

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
    def _compiling_budget(cls, values=None):
        """The subsidiary's draft budget, filled from its target
        (``{item: value}``, revenue 1,200.00 by default) issued and agreed,
        once the Budget Office has started the compilation of the year."""
        target = cls._target(cls.centre_sub, values or {cls.item_revenue: 1200.0})
        target.action_issue()
        target.action_agree()
        cls.period.with_user(cls.user_office).action_start_compilation()
        return cls.period.budget_ids.filtered(lambda b: b.centre_id == cls.centre_sub)

    @staticmethod
    def _line(target, item):
        return target.line_ids.filtered(lambda line: line.item_id == item)

    @classmethod
    def _signed_letter(cls, centre, period, kpis, tasks=(), veto=""):
        """A signed responsibility letter of ``centre`` for ``period`` with
        ``{item: (target, weight %)}`` and ``[(task, weight %)]``, from an agreed
        target."""
        target = cls._target(centre, {item: value for item, (value, _w) in kpis.items()}, period)
        target._set_state("issued")
        target._set_state("agreed")
        target.line_ids._set_agreed({line: line.issued_value for line in target.line_ids})
        target.line_ids._apply_breakdown()
        Letter = cls.env["group.budget.letter"]
        letter = Letter.create(
            dict(
                Letter._prepare_letter_vals(target),
                task_line_ids=[
                    Command.create({"name": name, "weight": weight, "measure": "Audit"})
                    for name, weight in tasks
                ],
                veto_items=veto,
            )
        )
        for kpi in letter.kpi_line_ids:
            kpi.weight = kpis[kpi.item_id][1]
        letter._set_state("signed")
        return letter

    @classmethod
    def _setup_print(cls):
        """A subsidiary in company B under the group's centre in company A: its
        manager (company B only, as the Heavy Trucks Company's) accepts a
        responsibility letter that the group's manager (the Committee user)
        issues; a stranger of company B is party to nothing."""
        cls.user_b_manager = new_test_user(
            cls.env,
            login="gb_b_manager",
            groups="group_budget.group_budget_officer",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.user_stranger = new_test_user(
            cls.env,
            login="gb_stranger",
            groups="group_budget.group_budget_officer",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.centre_group.manager_id = cls.user_committee
        cls.centre_b_sub = cls.env["group.budget.centre"].create(
            {
                "name": "Foreign Subsidiary",
                "code": "FS",
                "centre_type": "profit",
                "parent_id": cls.centre_group.id,
                "company_id": cls.company_b.id,
                "manager_id": cls.user_b_manager.id,
            }
        )
        cls.period_b = cls.env["group.budget.period"].create(
            {"year": 2031, "company_id": cls.company_b.id}
        )
        cls.target_b_sub = cls._target(cls.centre_b_sub, {cls.item_volume: 120.0}, cls.period_b)
        Letter = cls.env["group.budget.letter"]
        cls.letter_b_sub = Letter.create(
            dict(
                Letter._prepare_letter_vals(cls.target_b_sub),
                task_line_ids=[Command.create({"name": "Open two dealers", "measure": "Count"})],
            )
        )
