import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ...logic import addition_rules, period_rules

_logger = logging.getLogger(__name__)

PERIOD_STATES = [
    ("draft", "Draft"),
    ("compiling", "Compiling"),
    ("executing", "Executing"),
    ("closed", "Closed"),
]


class GroupBudgetPeriod(models.Model):
    _name = "group.budget.period"
    _description = "Budget Year"
    _inherit = ["mail.thread", "group.budget.state.mixin", "group.budget.input.mixin"]
    _order = "date_from desc, company_id, id"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    year = fields.Integer(
        required=True,
        aggregator=None,
        default=lambda self: fields.Date.context_today(self).year + 1,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # A budget year is a calendar year (预算年度): its dates follow from the
    # year, and a constraint refuses any other dates on every path.
    date_from = fields.Date(
        string="Start Date",
        compute="_compute_dates",
        store=True,
        required=True,
        precompute=True,
        help="1 January of the year.",
    )
    date_to = fields.Date(
        string="End Date",
        compute="_compute_dates",
        store=True,
        required=True,
        precompute=True,
        help="31 December of the year.",
    )
    state = fields.Selection(
        PERIOD_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    # Compilation calendar (manual §三 5.2, §四 1.2 and 5).
    date_targets_issue = fields.Date(
        string="Targets Issued By",
        compute="_compute_calendar",
        store=True,
        readonly=False,
        precompute=True,
        help="Targets are issued to the centres in October of the year before.",
    )
    date_compilation_start = fields.Date(
        string="Compilation Starts",
        compute="_compute_calendar",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_compilation_end = fields.Date(
        string="Compilation Ends",
        compute="_compute_calendar",
        store=True,
        readonly=False,
        precompute=True,
        help="Centres compile their budgets in November.",
    )
    date_approval_deadline = fields.Date(
        string="Approval Deadline",
        compute="_compute_calendar",
        store=True,
        readonly=False,
        precompute=True,
        help="The group ratifies the budgets in December.",
    )
    reserve_amount = fields.Monetary(
        string="Reserve",
        tracking=True,
        help="The company's budget reserve for the year (预算准备, manual §四 4.5), held "
        "by the Budget Committee; additions may draw on it.",
    )
    reserve_drawn = fields.Monetary(
        string="Drawn from the Reserve",
        readonly=True,
        copy=False,
        help="What approved budget additions have drawn from the reserve.",
    )
    reserve_left = fields.Monetary(
        compute="_compute_reserve_left",
        help="The reserve minus what approved additions have drawn from it.",
    )
    outline = fields.Html(
        string="Compilation Outline",
        help="The annual compilation outline the Budget Office issues to the "
        "centres (manual §一 3.2.1).",
    )

    @api.depends("reserve_amount", "reserve_drawn")
    def _compute_reserve_left(self):
        for period in self:
            period.reserve_left = addition_rules.reserve_left(
                period.reserve_amount, period.reserve_drawn
            )

    @api.depends("year")
    def _compute_name(self):
        for period in self:
            period.name = str(period.year) if period.year else False

    @api.depends("year")
    def _compute_dates(self):
        for period in self:
            if period.year:
                period.date_from, period.date_to = period_rules.year_bounds(period.year)

    @api.depends("year")
    def _compute_calendar(self):
        for period in self:
            if period.year:
                period.update(period_rules.default_calendar(period.year))

    @api.constrains("year")
    def _check_year(self):
        for period in self:
            if not 1900 < period.year < 3000:
                raise ValidationError(_("%(year)s is not a valid budget year.", year=period.year))

    @api.constrains("year", "date_from", "date_to")
    def _check_calendar_year(self):
        for period in self:
            if period_rules.calendar_year_mismatch(period.year, period.date_from, period.date_to):
                raise ValidationError(
                    _(
                        "The budget year %(name)s is the calendar year %(year)s: it runs from "
                        "1 January to 31 December, not from %(start)s to %(end)s.",
                        name=period.name,
                        year=period.year,
                        start=period.date_from,
                        end=period.date_to,
                    )
                )

    @api.constrains("date_from", "date_to", "company_id")
    def _check_overlap(self):
        others = self.search(
            [
                ("company_id", "in", self.company_id.ids),
                ("date_from", "<=", max(self.mapped("date_to"))),
                ("date_to", ">=", min(self.mapped("date_from"))),
            ]
        )
        for period in self:
            for other in others:
                if other == period or other.company_id != period.company_id:
                    continue
                if period_rules.ranges_overlap(
                    period.date_from, period.date_to, other.date_from, other.date_to
                ):
                    raise ValidationError(
                        _(
                            "The budget year %(name)s (%(start)s – %(end)s) "
                            "overlaps the budget year %(other)s (%(other_start)s "
                            "– %(other_end)s) of %(company)s.",
                            name=period.name,
                            start=period.date_from,
                            end=period.date_to,
                            other=other.name,
                            other_start=other.date_from,
                            other_end=other.date_to,
                            company=period.company_id.name,
                        )
                    )

    @api.constrains(*period_rules.CALENDAR_ORDER)
    def _check_calendar(self):
        for period in self:
            wrong = period_rules.calendar_disorder(
                {name: period[name] for name in period_rules.CALENDAR_ORDER}
            )
            if wrong:
                first, second = wrong[0]
                raise ValidationError(
                    _(
                        "In the compilation calendar of %(name)s, "
                        "'%(first)s' must not come after '%(second)s'.",
                        name=period.name,
                        first=self._fields[first]._description_string(self.env),
                        second=self._fields[second]._description_string(self.env),
                    )
                )

    # ------------------------------------------------------------------
    # State changes, checked on the server
    # ------------------------------------------------------------------
    def write(self, vals):
        if "reserve_amount" in vals and not self.env.user.has_group(
            "group_budget.group_budget_committee"
        ):
            raise UserError(_("Only the Budget Committee sets the reserve of a budget year."))
        if "year" in vals:
            started = self.filtered(
                lambda period: period.state != "draft" and period.year != vals["year"]
            )
            if started:
                raise UserError(
                    _(
                        "The budget year %(name)s is no longer a draft: its year cannot change.",
                        name=started[0].name,
                    )
                )
        return super().write(vals)

    def _auto_init(self):
        result = super()._auto_init()
        self._repair_calendar_years()
        return result

    @api.model
    def _repair_calendar_years(self):
        """On upgrade, bring budget years whose dates were once edited back to
        1 January – 31 December of their year, in one query."""
        self.env.cr.execute(
            """
            UPDATE group_budget_period
               SET date_from = make_date(year, 1, 1), date_to = make_date(year, 12, 31)
             WHERE year BETWEEN 1901 AND 2999
               AND (date_from IS DISTINCT FROM make_date(year, 1, 1)
                    OR date_to IS DISTINCT FROM make_date(year, 12, 31))
            """
        )
        if self.env.cr.rowcount:
            _logger.info("Budget years set back to their calendar year: %s", self.env.cr.rowcount)
            self.invalidate_model(["date_from", "date_to"])

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        for period in self:
            if period.state != "draft":
                raise UserError(
                    _(
                        "The budget year %(name)s is no longer a draft and cannot be deleted.",
                        name=period.name,
                    )
                )
        # Its letters would go with it: not the signed ones.
        self.env["group.budget.letter"].sudo().search(
            [("period_id", "in", self.ids)]
        )._unlink_except_signed()

    def _move_to(self, state):
        if not self.env.user.has_group("group_budget.group_budget_office"):
            raise AccessError(_("Only the Budget Office may change the state of a budget year."))
        labels = dict(self._fields["state"]._description_selection(self.env))
        for period in self:
            if not period_rules.can_move(period.state, state):
                raise UserError(
                    _(
                        "The budget year %(name)s cannot go from %(state_from)s to %(state_to)s.",
                        name=period.name,
                        state_from=labels[period.state],
                        state_to=labels[state],
                    )
                )
        self._set_state(state)

    # ------------------------------------------------------------------
    # Targets and letters of the year
    # ------------------------------------------------------------------
    target_ids = fields.One2many("group.budget.target", "period_id", string="Targets")
    letter_ids = fields.One2many("group.budget.letter", "period_id", string="Letters")
    budget_ids = fields.One2many("group.budget", "period_id", string="Budgets")
    budget_count = fields.Integer(compute="_compute_counts")
    target_count = fields.Integer(compute="_compute_counts")
    letter_count = fields.Integer(compute="_compute_counts")

    def _compute_counts(self):
        targets = dict(
            self.env["group.budget.target"]._read_group(
                [("period_id", "in", self.ids)], ["period_id"], ["__count"]
            )
        )
        letters = dict(
            self.env["group.budget.letter"]._read_group(
                [("period_id", "in", self.ids), ("state", "!=", "superseded")],
                ["period_id"],
                ["__count"],
            )
        )
        budgets = dict(
            self.env["group.budget"]._read_group(
                [("period_id", "in", self.ids)], ["period_id"], ["__count"]
            )
        )
        for period in self:
            period.budget_count = budgets.get(period, 0)
            period.target_count = targets.get(period, 0)
            period.letter_count = letters.get(period, 0)

    def _prepare_target_vals(self, centre, items):
        return {
            "centre_id": centre.id,
            "period_id": self.id,
            "line_ids": [fields.Command.create({"item_id": item.id}) for item in items],
        }

    def action_prepare_targets(self):
        """Create an empty draft target, with a line per item, for every active
        centre of the year's company that has none yet."""
        self._check_office_access()
        Target = self.env["group.budget.target"]
        for period in self:
            centres = self.env["group.budget.centre"].search(
                [("company_id", "=", period.company_id.id)]
            )
            centres -= Target.search([("period_id", "=", period.id)]).centre_id
            items = self.env["group.budget.item"].search(
                ["|", ("company_id", "=", False), ("company_id", "=", period.company_id.id)]
            )
            Target.create([period._prepare_target_vals(centre, items) for centre in centres])
        return self.action_view_targets()

    def action_issue_targets(self):
        """Issue every draft target of the year at once."""
        self._check_office_access()
        targets = self.target_ids.filtered(lambda t: t.state == "draft")
        if not targets:
            raise UserError(_("There is no draft target to issue in %(year)s.", year=self[:1].name))
        targets.action_issue()
        return True

    def action_generate_letters(self):
        """Generate the responsibility letters of every agreed target."""
        self._check_office_access()
        targets = self.target_ids.filtered(lambda t: t.state == "agreed")
        if not targets:
            raise UserError(_("There is no agreed target in %(year)s yet.", year=self[:1].name))
        self.env["group.budget.letter"]._generate_for_targets(targets)
        return self.action_view_letters()

    def _check_office_access(self):
        if not self.env.user.has_group("group_budget.group_budget_office"):
            raise AccessError(_("Only the Budget Office may prepare, issue and send targets."))

    def action_view_targets(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_budget.group_budget_target_action"
        )
        action["domain"] = [("period_id", "in", self.ids)]
        action["context"] = {"default_period_id": self[:1].id}
        return action

    def action_view_letters(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_budget.group_budget_letter_action"
        )
        action["domain"] = [("period_id", "in", self.ids)]
        return action

    def action_view_budgets(self):
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("group_budget.group_budget_action")
        action["domain"] = [("period_id", "in", self.ids)]
        return action

    def action_view_breakdown(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_budget.group_budget_target_line_action"
        )
        action["domain"] = [("period_id", "in", self.ids)]
        return action

    def action_start_compilation(self):
        """Open compilation (manual §四 5.1): a draft budget for every active
        centre, pre-filled from its agreed targets."""
        self._move_to("compiling")
        self.env["group.budget"]._create_for_periods(self)

    def action_reset_draft(self):
        self._move_to("draft")

    def action_start_execution(self):
        """Once every budget of the year is approved, the year executes, and
        so do its budgets."""
        pending = self.budget_ids.filtered(lambda b: b.state != "approved")
        if pending:
            raise UserError(
                _(
                    "Every budget of the year must be approved first; not yet: %(budgets)s.",
                    budgets=", ".join(pending[:10].mapped("centre_id.display_name")),
                )
            )
        self._move_to("executing")
        self.budget_ids._set_state("executing")

    def action_close(self):
        self._move_to("closed")
        self.budget_ids._set_state("closed")

    def action_reopen(self):
        self._move_to("executing")
        self.budget_ids._set_state("executing")
