from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ... import guard, messages
from ...logic import addition_rules
from ..mixins.group_budget_months_mixin import MONTH_FIELDS

EDITABLE_ONLY_IN_DRAFT = {
    "period_id",
    "centre_id",
    "item_id",
    "date_from",
    "date_to",
    "amount",
    "reason",
    "kind",
    "funding",
    "source_centre_id",
    "source_item_id",
}


class GroupBudgetAddition(models.Model):
    """A request to add to an approved budget (预算追加, manual §五 4.7).

    The centre that needs more states why. The addition is funded from
    savings of another item or centre of the same company and year, or from
    the company's reserve of the year (4.7.2). It goes through the review
    steps administrators configure; by default the general manager approves
    operating additions and the board capital ones (4.7.1). Approval changes
    the budgets and stores a new version of each; rejection changes nothing.
    """

    _name = "group.budget.addition"
    _description = "Budget Addition"
    _inherit = [
        "group.budget.request.mixin",
        "group.budget.item.total.mixin",
        "group.budget.input.mixin",
    ]
    _draft_only_fields = frozenset(EDITABLE_ONLY_IN_DRAFT)
    _version_kind = "addition"

    item_id = fields.Many2one(
        "group.budget.item",
        string="Budget Item",
        required=True,
        tracking=True,
        ondelete="restrict",
        domain="[('item_type', '=', 'financial')]",
        check_company=True,
    )
    date_from = fields.Date(string="First Month", required=True, tracking=True)
    date_to = fields.Date(string="Last Month", required=True, tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    reason = fields.Text(tracking=True, help="Why the budget must be exceeded (manual §五 4.7).")
    kind = fields.Selection(
        [("operating", "Operating"), ("capital", "Capital")],
        required=True,
        default="operating",
        tracking=True,
        help="Operating additions are approved by the general manager, capital "
        "additions by the board (manual §五 4.7.1).",
    )
    funding = fields.Selection(
        [("savings", "Savings"), ("reserve", "Drawn from the reserve")],
        string="Funding Source",
        required=True,
        default="savings",
        tracking=True,
        help="Savings move budget from another item or centre; the reserve is "
        "the company's reserve of the year (manual §五 4.7.2).",
    )
    source_centre_id = fields.Many2one(
        "group.budget.centre",
        string="Savings From Centre",
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    source_item_id = fields.Many2one(
        "group.budget.item",
        string="Savings From Item",
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    version_id = fields.Many2one(
        "group.budget.version",
        string="New Budget Version",
        readonly=True,
        copy=False,
        check_company=True,
    )
    reserved_months = fields.Json(
        string="Reserved at the Source",
        readonly=True,
        copy=False,
        help="While the addition is pending, what it reserves of its savings "
        "source month by month: what approval will take from it.",
    )
    available_amount = fields.Monetary(
        string="Available at the Source",
        compute="_compute_available_amount",
        help="What the savings source has available to date at the last month, "
        "or what is left of the reserve, less what other pending additions "
        "reserve of it.",
    )
    general_manager_ids = fields.Many2many(
        "res.users",
        compute="_compute_reviewers",
        help="Approves operating additions: the company's general manager, or the "
        "Budget Committee when none is set.",
    )
    board_member_ids = fields.Many2many(
        "res.users",
        compute="_compute_reviewers",
        string="Board",
        help="Approves capital additions: the company's board members, or the "
        "Budget Committee when none are set.",
    )

    @api.depends("company_id")
    def _compute_reviewers(self):
        committee = self.env.ref("group_budget.group_budget_committee").sudo().users
        for addition in self:
            company = addition.company_id.sudo()
            fallback = committee.filtered(lambda user, c=company: c in user.company_ids)
            addition.general_manager_ids = company.group_budget_general_manager_id or fallback
            addition.board_member_ids = company.group_budget_board_member_ids or fallback

    @api.depends("funding", "source_centre_id", "source_item_id", "period_id", "date_to", "amount")
    def _compute_available_amount(self):
        # A reviewer from another centre sees the figure their decision
        # rests on, though not the source's records themselves.
        for addition in self:
            try:
                addition.available_amount = addition.sudo()._funding_available()
            except (UserError, addition_rules.AdditionError):
                addition.available_amount = 0.0

    # ------------------------------------------------------------------
    # Bad input: each gets a clear error, and nothing is saved
    # ------------------------------------------------------------------
    @api.constrains("amount", "reason", "centre_id", "item_id")
    def _check_amount_and_reason(self):
        for addition in self:
            if addition.amount <= 0:
                raise ValidationError(
                    _(
                        "The amount of a budget addition must be positive, not %(amount)s.",
                        amount=addition._money(addition.amount),
                    )
                )
            if not (addition.reason or "").strip():
                raise ValidationError(
                    _(
                        "Give the reason why the budget of %(item)s must be exceeded.",
                        item=addition.item_id.display_name,
                    )
                )

    @api.constrains("date_from", "date_to", "period_id")
    def _check_months(self):
        for addition in self:
            addition._months()

    @api.constrains("centre_id", "item_id", "period_id", "source_centre_id", "source_item_id")
    def _check_scope(self):
        # Centre, year, items and source in one company: Odoo's company check
        # (check_company), run again here since a new centre brings a new company.
        self._check_company()
        for addition in self:
            if addition.funding != "savings":
                continue
            if not addition.source_centre_id or not addition.source_item_id:
                raise ValidationError(_("Savings come from a centre and an item: choose both."))
            if (addition.source_centre_id, addition.source_item_id) == (
                addition.centre_id,
                addition.item_id,
            ):
                raise ValidationError(
                    _(
                        "Savings come from another item or centre, not from %(item)s of "
                        "%(centre)s itself.",
                        item=addition.item_id.display_name,
                        centre=addition.centre_id.display_name,
                    )
                )

    def _months(self):
        self.ensure_one()
        try:
            return addition_rules.months_in_year(
                self.date_from, self.date_to, self.period_id.date_from, self.period_id.date_to
            )
        except addition_rules.AdditionError as error:
            if error.code == "order":
                raise ValidationError(
                    _(
                        "The last month (%(to)s) comes before the first month (%(from)s).",
                        to=self.date_to,
                        **{"from": self.date_from},
                    )
                ) from error
            raise ValidationError(
                _(
                    "The months %(from)s to %(to)s lie outside the budget year %(year)s.",
                    to=self.date_to,
                    year=self.period_id.name,
                    **{"from": self.date_from},
                )
            ) from error

    # ------------------------------------------------------------------
    # Funding
    # ------------------------------------------------------------------
    def _budget_of(self, centre):
        """The approved budget of ``centre`` for the addition's year."""
        self.ensure_one()
        budget = (
            self.env["group.budget"]
            .sudo()
            .search(
                [
                    ("centre_id", "=", centre.id),
                    ("period_id", "=", self.period_id.id),
                    ("state", "in", ("approved", "executing")),
                ],
                limit=1,
            )
        )
        if not budget:
            raise UserError(
                _(
                    "%(centre)s has no approved budget for %(year)s: an addition "
                    "changes an approved budget.",
                    centre=centre.display_name,
                    year=self.period_id.name,
                )
            )
        return budget

    @staticmethod
    def _line_months(budget, item):
        lines = budget.line_ids.filtered(lambda line: line.item_id == item)
        return [sum(line[name] for line in lines) for name in MONTH_FIELDS]

    def _competing_additions(self):
        """The other pending additions that draw on the same funding source:
        the same savings (centre and item) or the same reserve."""
        self.ensure_one()
        domain = [
            ("state", "=", "submitted"),
            ("period_id", "=", self.period_id.id),
            ("funding", "=", self.funding),
            ("id", "!=", self._origin.id),
        ]
        if self.funding == "savings":
            domain += [
                ("source_centre_id", "=", self.source_centre_id.id),
                ("source_item_id", "=", self.source_item_id.id),
            ]
        return self.sudo().search(domain)

    @staticmethod
    def _reservations(additions):
        return [
            addition.reserved_months
            for addition in additions
            if isinstance(addition.reserved_months, list)
            and len(addition.reserved_months) == addition_rules.MONTHS
        ]

    def _funding_available(self):
        """What the funding source has available now, less what the other
        pending additions reserve of it; of savings, less what confirmed
        documents commit of them (the ledger's *Available*)."""
        self.ensure_one()
        if not (self.period_id and self.date_to):
            return 0.0
        competing = self._competing_additions()
        if self.funding == "reserve":
            return addition_rules.reserve_left(
                self.period_id.reserve_amount,
                self.period_id.reserve_drawn,
                sum(competing.mapped("amount")),
            )
        if not (self.source_centre_id and self.source_item_id):
            return 0.0
        source = self._budget_of(self.source_centre_id)
        actuals = self.env["group.budget.actuals"]._monthly_actuals(
            self.source_centre_id,
            self.source_item_id,
            self.period_id.date_from,
            self.period_id.date_to,
        )
        committed = self.env["group.budget.commitment"]._monthly_commitments(
            self.source_centre_id,
            self.source_item_id,
            self.period_id.date_from,
            self.period_id.date_to,
        )
        year = self.period_id.date_from.year
        key = (self.source_centre_id.id, self.source_item_id.id)
        return addition_rules.savings_available(
            self._line_months(source, self.source_item_id),
            [actuals.get((*key, (year, month)), 0.0) for month in range(1, 13)],
            self.date_to.month,
            self._reservations(competing),
            [committed.get((*key, (year, month)), 0.0) for month in range(1, 13)],
        )

    def _check_funding(self):
        """Refuse an addition its source cannot fund (manual §五 4.7.2)."""
        for addition in self:
            addition._budget_of(addition.centre_id)
            missing = addition_rules.missing(addition.amount, addition._funding_available())
            if not missing:
                continue
            competing = addition._competing_additions()
            if competing:
                addition._refuse_competing(competing, missing)
            if addition.funding == "reserve":
                raise UserError(
                    _(
                        "The reserve of %(year)s is exhausted: %(left)s is left, the "
                        "addition asks for %(amount)s.",
                        year=addition.period_id.name,
                        left=addition._money(addition._funding_available()),
                        amount=addition._money(addition.amount),
                    )
                )
            raise UserError(
                _(
                    "%(item)s of %(centre)s has %(available)s available to date: too "
                    "little to fund %(amount)s (short by %(missing)s).",
                    item=addition.source_item_id.display_name,
                    centre=addition.source_centre_id.display_name,
                    available=addition._money(addition._funding_available()),
                    amount=addition._money(addition.amount),
                    missing=addition._money(missing),
                )
            )

    def _refuse_competing(self, competing, missing):
        """Refuse an addition whose source other pending additions have
        reserved: name them."""
        names = ", ".join(competing.mapped("name"))
        if self.funding == "reserve":
            raise UserError(
                _(
                    "The reserve of %(year)s is exhausted: %(left)s is left once the "
                    "pending additions %(additions)s are counted; the addition asks "
                    "for %(amount)s.",
                    year=self.period_id.name,
                    left=self._money(self._funding_available()),
                    additions=names,
                    amount=self._money(self.amount),
                )
            )
        raise UserError(
            _(
                "%(item)s of %(centre)s has %(available)s available to date once the "
                "pending additions %(additions)s have their reservations: too little to "
                "fund %(amount)s (short by %(missing)s).",
                item=self.source_item_id.display_name,
                centre=self.source_centre_id.display_name,
                available=self._money(self._funding_available()),
                additions=names,
                amount=self._money(self.amount),
                missing=self._money(missing),
            )
        )

    def _lock_funding_sources(self):
        """Serialise additions that draw on the same source, and postings on it.

        Updating the source's budget (or, for the reserve, its budget year)
        makes a concurrent transaction that does the same wait until this
        one ends; under Odoo's repeatable-read isolation it then fails to
        serialise and is retried, and the retry sees this reservation.
        """
        budgets = self.env["group.budget"]
        for addition in self.filtered(lambda a: a.funding == "savings"):
            budgets |= addition._budget_of(addition.source_centre_id)
        for table, ids in (
            ("group_budget", budgets.ids),
            (
                "group_budget_period",
                self.filtered(lambda a: a.funding == "reserve").period_id.ids,
            ),
        ):
            if not ids:
                continue
            self.env.cr.execute(
                SQL(
                    """
                    WITH locked AS (
                        SELECT id FROM %(table)s WHERE id = ANY(%(ids)s) ORDER BY id FOR UPDATE
                    )
                    UPDATE %(table)s t SET write_date = t.write_date
                      FROM locked WHERE t.id = locked.id
                    """,
                    table=SQL.identifier(table),
                    ids=ids,
                )
            )

    def _reserve(self):
        """Reserve what the addition will take from its savings source."""
        self.ensure_one()
        if self.funding != "savings":
            return False
        source = self._budget_of(self.source_centre_id)
        try:
            return addition_rules.reserve_savings(
                self._line_months(source, self.source_item_id),
                self.amount,
                self.date_to.month,
                self._reservations(self._competing_additions()),
            )
        except addition_rules.AdditionError as error:
            raise self._too_little_budget() from error

    def _too_little_budget(self):
        return UserError(
            _(
                "%(item)s of %(centre)s holds too little budget up to %(month)s.",
                item=self.source_item_id.display_name,
                centre=self.source_centre_id.display_name,
                month=self.date_to,
            )
        )

    # ------------------------------------------------------------------
    # Flow
    # ------------------------------------------------------------------
    def write(self, vals):
        if "reserved_months" in vals and not self._is_state_move():
            raise UserError(
                _("What an addition reserves at its source follows from its submission.")
            )
        return super().write(vals)

    def _check_submit(self):
        self._lock_funding_sources()

    def _submit_vals(self):
        # Each reserves its savings before the next one counts.
        self._check_funding()
        return {"reserved_months": self._reserve()}

    def _draft_vals(self):
        return {"reserved_months": False}

    def _check_approval(self):
        self._lock_funding_sources()
        self._check_funding()

    def _approved_vals(self, budgets, versions):
        return {"version_id": versions.filtered(lambda v: v.budget_id == budgets[0]).id}

    def _approved_note(self, budget):
        env = budget.env
        return env._(
            "Budget addition %(name)s approved: %(item)s %(amount)s; version %(version)s stored.",
            name=self.name,
            item=self.item_id.with_env(env).display_name,
            amount=messages.money(env, self.amount, self.currency_id),
            version=budget.version_count,
        )

    def _apply(self):
        """Add the amount to the centre's budget, spread over the months, and
        take it from the savings source or the reserve. Returns the budgets
        changed, the addition's own first, and the changes, ``(centre,
        item, monthly changes)``."""
        self.ensure_one()
        months = self._months()
        added = addition_rules.spread(self.amount, months)
        budget = guard.grant(self._budget_of(self.centre_id), guard.NEW_VERSION)
        part = "capital" if self.kind == "capital" else "business"
        self._add_to_line(budget, self.item_id, added, part)
        budgets = budget
        changes = [(self.centre_id, self.item_id, added)]
        if self.funding == "savings":
            source = guard.grant(self._budget_of(self.source_centre_id), guard.NEW_VERSION)
            current = self._line_months(source, self.source_item_id)
            try:
                if self._reservations(self):
                    # Exactly what was reserved at submission.
                    taken = addition_rules.take_reserved(current, self.reserved_months)
                else:
                    taken = addition_rules.take_savings(current, self.amount, months[-1])
            except addition_rules.AdditionError as error:
                raise self._too_little_budget() from error
            given = [new - old for new, old in zip(taken, current, strict=True)]
            self._add_to_line(source, self.source_item_id, given, part)
            budgets |= source
            changes.append((self.source_centre_id, self.source_item_id, given))
        else:
            # Writing the year makes a parallel approval drawing on the same
            # reserve wait, then retry and see this one.
            period = self.period_id.sudo()
            period.reserve_drawn = period.reserve_drawn + self.amount
        return budgets, changes

    @api.model
    def _add_to_line(self, budget, item, months, part):
        line = budget.line_ids.filtered(lambda line: line.item_id == item)[:1]
        if line:
            line.write(
                {
                    name: round(line[name] + amount, 2)
                    for name, amount in zip(MONTH_FIELDS, months, strict=True)
                }
            )
        else:
            budget.write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "item_id": item.id,
                                "part": part,
                                **dict(zip(MONTH_FIELDS, months, strict=True)),
                            }
                        )
                    ]
                }
            )
