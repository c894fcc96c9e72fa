import datetime
from contextlib import contextmanager

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# Inside the adjustment window (1 September – 31 October) of 2031, the year
# of :meth:`GroupBudgetCase._setup_adjustment`: January to September have
# closed, and adjustments take effect from October.
ADJUSTMENT_DAY = "2031-10-05"
ADJUSTMENT_MONTH = datetime.date(2031, 10, 1)


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
    def _compiling_budget(cls, values=None):
        """The subsidiary's draft budget, filled from its target
        (``{item: value}``, revenue 1,200.00 by default) issued and agreed,
        once the Budget Office has started the compilation of the year."""
        target = cls._target(cls.centre_sub, values or {cls.item_revenue: 1200.0})
        target.action_issue()
        target.action_agree()
        cls.period.with_user(cls.user_office).action_start_compilation()
        return cls.period.budget_ids.filtered(lambda b: b.centre_id == cls.centre_sub)

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

    # ------------------------------------------------------------------
    # Budget arbitration (issue 12)
    # ------------------------------------------------------------------
    @classmethod
    def _setup_arbitration(cls):
        """Company A's working calendar with National Day 2031 (1–7 October)
        as public holidays and Saturday 11 October as a make-up working day;
        a second Budget Office user and a second Committee member, who are
        parties to nothing."""
        calendar = cls.company_a.resource_calendar_id
        calendar.tz = "Asia/Shanghai"
        # Stored in UTC: 1 October 00:00 to 7 October 23:59:59 in Beijing.
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "National Day",
                "calendar_id": calendar.id,
                "company_id": cls.company_a.id,
                "date_from": "2031-09-30 16:00:00",
                "date_to": "2031-10-07 15:59:59",
            }
        )
        cls.env["resource.calendar.attendance"].create(
            {
                "name": "Make-up working day",
                "calendar_id": calendar.id,
                "dayofweek": "5",
                "day_period": "morning",
                "hour_from": 8.0,
                "hour_to": 12.0,
                "date_from": "2031-10-11",
                "date_to": "2031-10-11",
            }
        )
        cls.user_office_2 = new_test_user(
            cls.env,
            login="gb_office_2",
            groups="group_budget.group_budget_office",
            company_id=cls.company_a.id,
            company_ids=[Command.set([cls.company_a.id])],
        )
        cls.user_committee_2 = new_test_user(
            cls.env,
            login="gb_committee_2",
            groups="group_budget.group_budget_committee",
            company_id=cls.company_a.id,
            company_ids=[Command.set([cls.company_a.id, cls.company_b.id])],
        )

    @classmethod
    def _arbitration(cls, centre=None, user=None, **vals):
        """A draft arbitration of ``centre`` (the subsidiary), submitted by
        ``user`` (the officer)."""
        user = user or cls.user_officer
        return (
            cls.env["group.budget.arbitration"]
            .with_user(user)
            .create(
                dict(
                    {
                        "centre_id": (centre or cls.centre_sub).id,
                        "matter": "calculation",
                        "reasons": "The margin is calculated on the wrong base.",
                    },
                    **vals,
                )
            )
        )

    # ------------------------------------------------------------------
    # Mid-year adjustments (manual §七)
    # ------------------------------------------------------------------
    @classmethod
    def _setup_adjustment(cls):
        """The execution year 2031, with a budget of the plant (travel 50 a
        month) under the subsidiary, a child centre without a budget and a
        signed letter of the subsidiary."""
        cls._setup_execution()
        cls.budget_dept = cls._executing_budget(cls.centre_dept, {cls.item_travel: 50.0})
        cls.centre_dept_spare = cls.env["group.budget.centre"].create(
            {
                "name": "Workshop",
                "code": "S-W",
                "centre_type": "cost",
                "parent_id": cls.centre_sub.id,
                "company_id": cls.company_a.id,
            }
        )
        cls.centre_group.manager_id = cls.user_committee
        cls.centre_sub.manager_id = cls.user_officer
        target = cls._target(cls.centre_sub, {cls.item_volume: 10.0})
        target._set_state("agreed")
        cls.letter_sub_signed = cls.env["group.budget.letter"].create(
            cls.env["group.budget.letter"]._prepare_letter_vals(target)
        )
        cls.letter_sub_signed._set_state("signed")

    def _enter_adjustment_window(self):
        """Freeze the clock at :data:`ADJUSTMENT_DAY` until the end of the test."""
        freezer = freeze_time(ADJUSTMENT_DAY)
        freezer.start()
        self.addCleanup(freezer.stop)

    def _set_net_assets(self, amount):
        self.period.with_user(self.user_office).write(
            {
                "opening_net_assets_override": amount,
                "opening_net_assets_note": "Audited balance sheet at 1 January.",
            }
        )

    def _adjustment(
        self,
        proposed,
        kind="raise",
        item=None,
        centre=None,
        line_centre=None,
        condition="market",
        date_effective=None,
        months=None,
        user=None,
        **texts,
    ):
        """A draft adjustment of one line (travel of the subsidiary by
        default), effective in October 2031."""
        centre = centre or self.centre_sub
        line = {
            "centre_id": (line_centre or centre).id,
            "item_id": (item or self.item_travel).id,
            "proposed_value": proposed,
            **(months or {}),
        }
        vals = {
            "period_id": self.period.id,
            "centre_id": centre.id,
            "source": "subsidiary",
            "condition": condition,
            "kind": kind,
            "date_effective": date_effective or "2031-10-01",
            "reason": "New market in the south.",
            "execution_status": "Travel at 90% of the budget to date.",
            "factors": "A new sales region opened in August.",
            "internal_measures": "Video calls replace visits where possible.",
            "line_ids": [Command.create(line)],
        }
        vals.update(texts)
        return self.env["group.budget.adjustment"].with_user(user or self.user_officer).create(vals)

    def _add_adjustment_lines(self, adjustment, lines):
        """Add lines ``(centre, item, proposed year value[, months])`` to a
        draft adjustment; without months, saving spreads the value."""
        Line = self.env["group.budget.adjustment.line"]
        adjustment.write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "centre_id": centre.id,
                            "item_id": item.id,
                            "proposed_value": value,
                            **(Line._months_vals(months[0]) if months else {}),
                        }
                    )
                    for centre, item, value, *months in lines
                ]
            }
        )
        return adjustment

    def _approve_adjustment(self, adjustment):
        """The Budget Office's opinion and every review step, the Budget
        Committee's own step for another case included."""
        adjustment.with_user(self.user_office).office_opinion = "Justified by the figures."
        adjustment.with_user(self.user_office).validate_tier()
        if adjustment.condition == "other":
            adjustment.with_user(self.user_committee).validate_tier()
        adjustment.with_user(self.user_committee).validate_tier()
        return adjustment

    @classmethod
    def _setup_warning_matrix(cls):
        """Warning standards, warnings and indicator actuals for the
        role-isolation matrix (after :meth:`_setup_matrix`): each in the
        subsidiary, its sibling and company B."""
        Rule = cls.env["group.budget.warning.rule"]
        cls.warning_rule_a = Rule.search([("company_id", "=", cls.company_a.id)], limit=1)
        cls.warning_rule_b = Rule.search([("company_id", "=", cls.company_b.id)], limit=1)
        cls.warning_rule_spare = Rule.create(
            {"name": "Spare", "company_id": cls.company_a.id, "horizon": "quarter"}
        )
        cls.warning_sub, cls.warning_sibling, cls.warning_b = (
            cls.env["group.budget.warning"]
            .sudo()
            .create(
                [
                    {
                        "company_id": period.company_id.id,
                        "period_id": period.id,
                        "centre_id": centre.id,
                        "item_id": item.id,
                        "horizon": "month",
                        "period_label": f"{period.year}-11",
                        "date": f"{period.year}-11-25",
                        "level": "attention",
                        "comment": "Seen.",
                    }
                    for centre, item, period in (
                        (cls.centre_sub, cls.item_rent, cls.period),
                        (cls.centre_sibling, cls.item_rent, cls.period),
                        (cls.centre_other_company, cls.item_b, cls.period_b),
                    )
                ]
            )
        )
        Actual = cls.env["group.budget.indicator.actual"]
        cls.indicator_sub, cls.indicator_sibling, cls.indicator_b = Actual.create(
            [
                {
                    "period_id": period.id,
                    "centre_id": centre.id,
                    "item_id": cls.item_volume.id,
                    "date": f"{period.year}-03-01",
                    "value": 10.0,
                }
                for centre, period in (
                    (cls.centre_sub, cls.period),
                    (cls.centre_sibling, cls.period),
                    (cls.centre_other_company, cls.period_b),
                )
            ]
        )

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
    def _setup_adjustment_matrix(cls):
        """Draft adjustments (another case, so that they may be submitted
        before the year's figures exist) of the subsidiary, its sibling and
        company B's centre, with the adjustment window open today."""
        today = datetime.date.today()
        (cls.period | cls.period_b).write(
            {
                "adjustment_date_from": today - datetime.timedelta(days=1),
                "adjustment_date_to": today + datetime.timedelta(days=1),
            }
        )
        Adjustment = cls.env["group.budget.adjustment"]
        cls.adjustment_sub, cls.adjustment_sibling, cls.adjustment_b = Adjustment.create(
            [
                cls._matrix_adjustment_vals(centre, item, period)
                for centre, item, period in (
                    (cls.centre_sub, cls.item_rent, cls.period),
                    (cls.centre_sibling, cls.item_rent, cls.period),
                    (cls.centre_other_company, cls.item_b, cls.period_b),
                )
            ]
        )

    @classmethod
    def _matrix_adjustment_vals(cls, centre, item, period):
        return {
            "period_id": period.id,
            "centre_id": centre.id,
            "condition": "other",
            "kind": "raise",
            "date_effective": f"{period.year}-12-01",
            "reason": "A capital injection.",
            "execution_status": "On budget.",
            "factors": "New capital.",
            "internal_measures": "None left.",
            "line_ids": [
                Command.create(
                    {"centre_id": centre.id, "item_id": item.id, "proposed_value": 1300.0}
                )
            ],
        }

    @classmethod
    def _setup_matrix_arbitration(cls):
        """Arbitrations for the role-isolation matrix (after _setup_matrix):
        drafts of the subsidiary, its sibling and company B, and the
        subsidiary's at each later step, made by the superuser (a party to
        none but its own)."""
        Arbitration = cls.env["group.budget.arbitration"]
        vals = {"matter": "other", "reasons": "A matrix dispute."}
        (
            cls.arbitration_sub,
            cls.arbitration_sibling,
            cls.arbitration_b,
            cls.arbitration_submitted,
            cls.arbitration_coordinating,
            cls.arbitration_referred,
            cls.arbitration_ruled,
        ) = Arbitration.create(
            [
                dict(vals, centre_id=centre.id)
                for centre in (
                    cls.centre_sub,
                    cls.centre_sibling,
                    cls.centre_other_company,
                    cls.centre_sub,
                    cls.centre_sub,
                    cls.centre_sub,
                    cls.centre_sub,
                )
            ]
        )
        later = (
            cls.arbitration_submitted
            | cls.arbitration_coordinating
            | cls.arbitration_referred
            | cls.arbitration_ruled
        )
        later.action_submit()
        (later - cls.arbitration_submitted).action_receive()
        (cls.arbitration_referred | cls.arbitration_ruled).write({"office_opinion": "No deal."})
        cls.arbitration_coordinating.office_opinion = "No deal."
        (cls.arbitration_referred | cls.arbitration_ruled).action_refer()
        (cls.arbitration_referred | cls.arbitration_ruled).write({"ruling": "Upheld."})
        cls.arbitration_ruled.action_rule()
