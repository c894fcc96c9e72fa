import datetime
from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ... import guard, messages
from ...amount_field import Amount
from ...logic import adjustment_rules, breakdown
from ...logic import forecast as forecast_logic
from ..mixins.group_budget_months_mixin import MONTH_FIELDS

SOURCES = [
    ("evaluation", "Group requirement after the mid-year evaluation"),
    ("office", "Budget Office analysis"),
    ("subsidiary", "Subsidiary application for its centres"),
]
CONDITIONS = [
    ("macro", "Macro-economic change"),
    ("market", "Market change (new marketing or product structure)"),
    ("emergency", "Emergency or force majeure"),
    ("operations", "Major change in operations"),
    ("resources", "Large off-budget resources (capital injection, tax refund)"),
    ("other", "Another case recognised by the budget bodies"),
]
KINDS = [
    ("raise", "Raise a target"),
    ("lower", "Lower a target"),
    ("reallocate", "Reallocate resources"),
]
TEXT_FIELDS = ("reason", "execution_status", "factors", "internal_measures")
OFFICE_FIELDS = {"office_opinion"}
PENDING = ("draft", "submitted")
#: Set by the adjustment's own flow only, never by a form, import or RPC.
FLOW_FIELDS = {"parent_id", "version_ids", "letter_ids", "submitted_by_id", "date_submitted"}
EDITABLE_ONLY_IN_DRAFT = {
    "period_id",
    "centre_id",
    "source",
    "condition",
    "kind",
    "date_effective",
    "line_ids",
    "parent_id",
    *TEXT_FIELDS,
}


class GroupBudgetAdjustment(models.Model):
    """A mid-year budget adjustment (预算调整, manual §七).

    A centre, the Budget Office or the group applies, within the adjustment
    window of the year, to raise or lower targets or reallocate resources.
    Each line must meet one of the 20% rules (§七 5), unless the budget
    bodies recognise another case. The Budget Office gives its opinion; the
    review steps approve. Approval writes new budget versions, supersedes
    the centres' signed letters and opens draft adjustments for the child
    centres to break the change down. Rejection changes nothing.
    """

    _name = "group.budget.adjustment"
    _description = "Budget Adjustment"
    _inherit = ["group.budget.request.mixin", "group.budget.input.mixin"]
    _draft_only_fields = frozenset(EDITABLE_ONLY_IN_DRAFT)
    _version_kind = "adjustment"

    # A year is a label, not an amount: never summed in grouped lists.
    year = fields.Integer(related="period_id.year", store=True, aggregator=None)
    centre_id = fields.Many2one(string="Applicant Centre")
    source = fields.Selection(SOURCES, required=True, default="subsidiary", tracking=True)
    condition = fields.Selection(CONDITIONS, required=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, default="raise", tracking=True)
    date_effective = fields.Date(
        string="Effective Month",
        required=True,
        tracking=True,
        help="Monthly amounts change from this month on; earlier months stay as they were.",
    )
    reason = fields.Text(tracking=True)
    execution_status = fields.Text(string="How Execution Stands")
    factors = fields.Text(string="Objective Factors and Their Impact")
    internal_measures = fields.Text(
        string="Internal Measures Tried", help="What was done inside first (内部挖潜)."
    )
    office_opinion = fields.Text(
        string="Budget Office Opinion",
        tracking=True,
        help="The Budget Office's evaluation; mandatory before approval (manual §七 6.2).",
    )
    line_ids = fields.One2many(
        "group.budget.adjustment.line", "adjustment_id", string="Lines", copy=True
    )
    parent_id = fields.Many2one(
        "group.budget.adjustment",
        string="Breaks Down",
        index=True,
        ondelete="restrict",
        readonly=True,
        copy=False,
        help="The approved adjustment of the superior centre that this one breaks down.",
    )
    child_ids = fields.One2many("group.budget.adjustment", "parent_id", string="Breakdowns")
    version_ids = fields.Many2many(
        "group.budget.version", string="New Budget Versions", readonly=True, copy=False
    )
    letter_ids = fields.Many2many(
        "group.budget.letter", string="New Letters", readonly=True, copy=False
    )
    rules_met = fields.Boolean(
        compute="_compute_rules_met", help="Every line meets one of the 20% rules."
    )

    @api.depends("line_ids.rule_met")
    def _compute_rules_met(self):
        # An application without lines meets nothing yet.
        for adjustment in self:
            lines = adjustment.line_ids
            adjustment.rules_met = bool(lines) and all(lines.mapped("rule_met"))

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------
    @api.constrains(*TEXT_FIELDS)
    def _check_texts(self):
        labels = {
            "reason": _("the reason for the adjustment"),
            "execution_status": _("how execution stands"),
            "factors": _("which objective factors changed and their impact"),
            "internal_measures": _("the internal measures already tried"),
        }
        for adjustment in self:
            for name in TEXT_FIELDS:
                if not (adjustment[name] or "").strip():
                    raise ValidationError(
                        _(
                            "The adjustment %(name)s must state %(what)s.",
                            name=adjustment.name,
                            what=labels[name],
                        )
                    )

    @api.constrains("date_effective", "period_id", "centre_id")
    def _check_effective_month(self):
        self._check_company()
        for adjustment in self.filtered(lambda a: a.state == "draft"):
            adjustment._effective_month()

    def _first_open_month(self):
        self.ensure_one()
        company = self.company_id.sudo()
        locks = [company.fiscalyear_lock_date, company.hard_lock_date]
        lock = max((day for day in locks if day), default=None)
        return adjustment_rules.first_open_month(
            self.period_id.year, fields.Date.context_today(self), lock
        )

    def _effective_month(self):
        """The effective month (1–12), checked to be open and in the year.
        Breakdowns the approval opens take their parent's month as it is."""
        self.ensure_one()
        day = self.date_effective
        if day.year != self.period_id.year:
            raise ValidationError(
                _(
                    "The effective month %(month)s lies outside the budget year %(year)s.",
                    month=day.strftime("%Y-%m"),
                    year=self.period_id.name,
                )
            )
        if self.parent_id:
            return day.month
        try:
            adjustment_rules.check_effective_month(day.month, self._first_open_month())
        except adjustment_rules.AdjustmentError as error:
            raise ValidationError(
                _(
                    "%(month)s is a closed or past month: an adjustment changes only "
                    "months from %(first)s on.",
                    month=day.strftime("%Y-%m"),
                    first=self._month_label(error.details["first_open"]),
                )
            ) from error
        return day.month

    def _month_label(self, month):
        if month > 12:
            return _("the end of %(year)s", year=self.period_id.name)
        return datetime.date(self.period_id.year, month, 1).strftime("%Y-%m")

    def _check_window(self):
        for adjustment in self.filtered(lambda a: not a.parent_id):
            period = adjustment.period_id.sudo()
            if not period._adjustment_window_open():
                raise UserError(
                    _(
                        "Adjustment applications for %(year)s are accepted from %(start)s "
                        "to %(end)s; outside that window only the Budget Committee can "
                        "open an exception.",
                        year=period.name,
                        start=period.adjustment_date_from,
                        end=period.adjustment_date_to,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("office_opinion"):
                self._check_office_opinion_rights()
            self._check_flow_fields(vals)
        adjustments = super().create(vals_list)
        adjustments._check_window()
        return adjustments

    def write(self, vals):
        if not self._is_state_move():
            self._check_flow_fields(vals)
        if OFFICE_FIELDS.intersection(vals):
            self._check_office_opinion_rights()
            closed = self.filtered(lambda a: a.state not in PENDING)
            if closed:
                raise UserError(
                    _(
                        "The adjustment %(name)s is decided: its opinion no longer changes.",
                        name=closed[0].name,
                    )
                )
        return super().write(vals)

    def _check_flow_fields(self, vals):
        fields_set = [name for name in FLOW_FIELDS if vals.get(name)]
        if fields_set and not self.env.su:
            raise UserError(
                _(
                    "%(fields)s of an adjustment follow from its submission and approval.",
                    fields=", ".join(self._fields[name].string for name in fields_set),
                )
            )

    def _get_under_validation_exceptions(self):
        # The Budget Office evaluates the application while it is reviewed.
        return super()._get_under_validation_exceptions() + list(OFFICE_FIELDS)

    def _get_all_validation_exceptions(self):
        # base_tier_validation's form locks every field but these while the
        # steps run: the Office's opinion stays open to it on screen too.
        return super()._get_all_validation_exceptions() + list(OFFICE_FIELDS)

    def _check_office_opinion_rights(self):
        if not self.env.su and not self.env.user.has_group("group_budget.group_budget_office"):
            raise AccessError(_("Only the Budget Office gives its opinion on an adjustment."))

    # ------------------------------------------------------------------
    # Flow
    # ------------------------------------------------------------------
    def _check_submit(self):
        for adjustment in self:
            if not adjustment.line_ids:
                raise UserError(_("The adjustment %(name)s has no lines.", name=adjustment.name))
        self._check_window()
        self.line_ids._check_lines()
        self._check_rules()
        self._check_breakdown()

    def _check_rules(self):
        """Lines that meet none of the 20% rules are refused, unless the
        condition is another case the budget bodies recognise (then the
        Budget Committee approves it in its own step)."""
        for adjustment in self.filtered(lambda a: not a.parent_id and a.condition != "other"):
            for line in adjustment.line_ids:
                try:
                    adjustment_rules.check_direction(
                        adjustment.kind, line.current_value, line.proposed_value
                    )
                except adjustment_rules.AdjustmentError as error:
                    raise UserError(
                        _(
                            "%(centre)s, %(item)s: a line of this kind (%(kind)s) must "
                            "change the value in that direction (%(current)s → %(proposed)s).",
                            centre=line.centre_id.display_name,
                            item=line.item_id.display_name,
                            kind=dict(KINDS)[adjustment.kind],
                            current=line._figure(line.current_value),
                            proposed=line._figure(line.proposed_value),
                        )
                    ) from error
                if not line.rule_met:
                    raise UserError(
                        _(
                            "%(centre)s, %(item)s meets none of the adjustment rules: "
                            "%(figures)s. Only another case recognised by the budget "
                            "bodies may be adjusted without them.",
                            centre=line.centre_id.display_name,
                            item=line.item_id.display_name,
                            figures=line.rule_summary,
                        )
                    )

    def validate_tier(self):
        self.ensure_one()
        if not (self.office_opinion or "").strip():
            raise UserError(
                _(
                    "The Budget Office's opinion on %(name)s is missing: it is "
                    "mandatory before any approval.",
                    name=self.name,
                )
            )
        return super().validate_tier()

    # ------------------------------------------------------------------
    # Approval: the new monthly amounts, carried to the agreed targets and
    # up to the ancestors' consolidated lines; new budget versions; the
    # signed letters superseded (the new ones say the adjusted targets); the
    # child breakdowns opened
    # ------------------------------------------------------------------
    def _check_approval(self):
        self._check_breakdown()

    def _approved_vals(self, budgets, versions):
        letters = self.env["group.budget.letter"].search(
            [
                ("centre_id", "in", budgets.centre_id.ids),
                ("period_id", "=", self.period_id.id),
                ("state", "=", "signed"),
            ]
        )
        return {
            "version_ids": [Command.set(versions.ids)],
            "letter_ids": [Command.set(letters._supersede().ids)],
        }

    def _after_approval(self):
        self._create_breakdowns()
        for letter in self.letter_ids:
            messages.post(
                letter,
                lambda local: local.env._(
                    "New version after the budget adjustment %(name)s: to be signed again.",
                    name=self.name,
                ),
            )

    def _approved_note(self, budget):
        return budget.env._(
            "Budget adjustment %(name)s approved; version %(version)s stored.",
            name=self.name,
            version=budget.version_count,
        )

    def _apply(self):
        """Write the lines' months into the budgets and carry them to the
        agreed targets. Returns the budgets changed and the changes,
        ``(centre, item, monthly changes)``."""
        self.ensure_one()
        budgets = self.env["group.budget"]
        changes = []
        for line in self.line_ids:
            budget_line = line._budget_line()
            before = budget_line._months()
            if line.current_months and any(
                abs(now - then) >= 0.005
                for now, then in zip(before, line.current_months, strict=True)
            ):
                raise UserError(
                    _(
                        "The budget of %(centre)s for %(item)s changed after the adjustment "
                        "%(name)s was made (an addition or another adjustment): reject it "
                        "and apply again from the current budget.",
                        centre=line.centre_id.display_name,
                        item=line.item_id.display_name,
                        name=self.name,
                    )
                )
            after = line._months()
            guard.grant(budget_line, guard.NEW_VERSION).write(line._months_vals(after))
            budgets |= budget_line.budget_id
            changes.append(
                (
                    line.centre_id,
                    line.item_id,
                    [new - old for new, old in zip(after, before, strict=True)],
                )
            )
        self._adjust_targets()
        return budgets, changes

    def _set_top_down(self):
        """The ``(centre id, item id)`` whose lines the adjustment sets
        itself, with those of the adjustments it breaks down (§七 6.3): a
        line set top-down already holds its descendants' changes, which are
        carried up to it no further."""
        self.ensure_one()
        keys = set()
        adjustment = self
        while adjustment:
            keys.update((line.centre_id.id, line.item_id.id) for line in adjustment.line_ids)
            adjustment = adjustment.parent_id
        return keys

    def _adjust_targets(self):
        """Carry the approved values to the agreed targets of the centres
        and items adjusted (manual §七, §三 5.6): the letter that supersedes
        a signed one, and the scorecards generated from it, read their
        targets there. The months before the effective month stay the
        target's; the year value follows the item's aggregation
        (:func:`adjustment_rules.adjusted_target`). A signed letter locks
        the target lines: this write holds the adjustment's grant. Items of
        the budget that the target does not hold have nothing to change."""
        self.ensure_one()
        TargetLine = self.env["group.budget.target.line"].sudo()
        target_lines = TargetLine.search(
            [
                ("period_id", "=", self.period_id.id),
                ("target_id.state", "=", "agreed"),
                ("centre_id", "in", self.line_ids.centre_id.ids),
                ("item_id", "in", self.line_ids.item_id.ids),
            ]
        )
        by_key = {(line.centre_id, line.item_id): line for line in target_lines}
        digits = self.currency_id.decimal_places or 2
        changes = defaultdict(list)
        for line in self.line_ids:
            target_line = by_key.get((line.centre_id, line.item_id))
            if not target_line:
                continue
            before = target_line.value
            months, value = adjustment_rules.adjusted_target(
                target_line._months(),
                line._months(),
                self.date_effective.month,
                line.item_id.aggregation or "sum",
                digits,
            )
            guard.grant(target_line, guard.TARGET_UNLOCK).write(
                {"agreed_value": value, **target_line._months_vals(months)}
            )
            changes[target_line.target_id].append((line.item_id, before, value))
        currency = self.currency_id
        for target, items in changes.items():

            def body(local, items=items):
                env = local.env
                return env._(
                    "Agreed targets changed by the budget adjustment %(name)s: %(items)s.",
                    name=self.name,
                    items="; ".join(
                        f"{item.with_env(env).display_name} "
                        f"{messages.figure(env, before, item, currency)} → "
                        f"{messages.figure(env, value, item, currency)}"
                        for item, before, value in items
                    ),
                )

            messages.post(target, body)

    # ------------------------------------------------------------------
    # Breakdown to child centres (§七 6.3)
    # ------------------------------------------------------------------
    def _create_breakdowns(self):
        """Draft adjustments of the child centres, one per child, with a line
        for each item the parent changed and the child budgets."""
        self.ensure_one()
        Line = self.env["group.budget.adjustment.line"]
        children = self.line_ids.centre_id.child_ids
        if not children:
            return self.browse()
        budget_lines = self.env["group.budget.line"].search(
            [
                ("budget_id.period_id", "=", self.period_id.id),
                ("budget_id.centre_id", "in", children.ids),
                ("budget_id.state", "in", ("approved", "executing")),
                ("item_id", "in", self.line_ids.item_id.ids),
            ]
        )
        by_child = {}
        for parent_line in self.line_ids:
            for budget_line in budget_lines.filtered(
                lambda bl, p=parent_line: (
                    bl.centre_id.parent_id == p.centre_id and bl.item_id == p.item_id
                )
            ):
                by_child.setdefault(budget_line.centre_id, []).append(budget_line)
        vals_list = []
        for child, lines in by_child.items():
            vals_list.append(
                {
                    "name": _("New"),
                    "parent_id": self.id,
                    "period_id": self.period_id.id,
                    "centre_id": child.id,
                    "source": self.source,
                    "condition": self.condition,
                    "kind": self.kind,
                    "date_effective": self.date_effective,
                    "office_opinion": self.office_opinion,
                    **{name: self[name] for name in TEXT_FIELDS},
                    "line_ids": [
                        Command.create(
                            {
                                "centre_id": child.id,
                                "item_id": bl.item_id.id,
                                "proposed_value": bl.total,
                                **Line._months_vals(bl._months()),
                            }
                        )
                        for bl in lines
                    ],
                }
            )
        return self.create(vals_list)

    def _breakdown_mismatches(self):
        """For child adjustments: where the children's proposed values do not
        add up to the parent's for sum items (as for target breakdowns)."""
        rows = []
        parents = self.parent_id
        if not parents:
            return []
        siblings = self.search([("parent_id", "in", parents.ids), ("state", "!=", "rejected")])
        proposed = {
            (sibling.parent_id.id, line.centre_id.id, line.item_id.id): line.proposed_value
            for sibling in siblings
            for line in sibling.line_ids
        }
        # The children's budget lines of every parent line, in one search.
        parent_lines = parents.line_ids
        children_lines = defaultdict(list)
        for budget_line in self.env["group.budget.line"].search(
            [
                ("budget_id.period_id", "in", parents.period_id.ids),
                ("budget_id.centre_id", "in", parent_lines.centre_id.child_ids.ids),
                ("budget_id.state", "in", ("approved", "executing")),
                ("item_id", "in", parent_lines.item_id.ids),
            ]
        ):
            key = (
                budget_line.budget_id.period_id.id,
                budget_line.centre_id.parent_id.id,
                budget_line.item_id.id,
            )
            children_lines[key].append(budget_line)
        for parent in parents:
            for parent_line in parent.line_ids:
                item_id = parent_line.item_id.id
                values = [
                    proposed.get((parent.id, bl.centre_id.id, item_id), bl.total)
                    for bl in children_lines[parent.period_id.id, parent_line.centre_id.id, item_id]
                ]
                rows.append(
                    (
                        parent_line.centre_id,
                        parent_line.item_id,
                        parent_line.item_id.aggregation,
                        parent_line.proposed_value,
                        values,
                    )
                )
        digits = self.currency_id[:1].decimal_places or 2
        return breakdown.find_mismatches(rows, digits)

    def _check_breakdown(self):
        mismatches = self.sudo().filtered("parent_id")._breakdown_mismatches()
        if mismatches:
            raise UserError(
                _(
                    "The adjustment cannot be approved while the breakdown across centres "
                    "does not add up:\n%(list)s",
                    list=self.env["group.budget.target"]._format_mismatches(mismatches),
                )
            )

    # ------------------------------------------------------------------
    # Screens
    # ------------------------------------------------------------------
    def action_compare_versions(self):
        """Before and after: the new version of the first budget changed
        against the version before it."""
        self.ensure_one()
        if not self.version_ids:
            raise UserError(_("The adjustment %(name)s has no new version yet.", name=self.name))
        after = self.version_ids[0]
        before = self.env["group.budget.version"].search(
            [("budget_id", "=", after.budget_id.id), ("number", "<", after.number)],
            order="number desc",
            limit=1,
        )
        wizard = self.env["group.budget.version.compare"].create(
            {"version_a_id": (before or after).id, "version_b_id": after.id}
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Before and after %(name)s", name=self.name),
            "res_model": "group.budget.version.compare",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }


class GroupBudgetAdjustmentLine(models.Model):
    _name = "group.budget.adjustment.line"
    _description = "Budget Adjustment Line"
    _inherit = ["group.budget.months.mixin", "group.budget.input.mixin"]
    _order = "adjustment_id, id"
    _check_company_auto = True

    adjustment_id = fields.Many2one(
        "group.budget.adjustment", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="adjustment_id.company_id", store=True, index=True)
    period_id = fields.Many2one(related="adjustment_id.period_id", store=True)
    state = fields.Selection(related="adjustment_id.state", store=True)
    centre_id = fields.Many2one(
        "group.budget.centre", required=True, index=True, ondelete="restrict", check_company=True
    )
    item_id = fields.Many2one(
        "group.budget.item",
        string="Budget Item",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    aggregation = fields.Selection(related="item_id.aggregation")
    current_months = fields.Json(readonly=True, copy=False)
    current_value = fields.Float(string="Current Year Value", digits="Account", readonly=True)
    proposed_value = fields.Float(string="Proposed Year Value", digits="Account", required=True)
    total = Amount(string="Monthly Total", compute="_compute_total", store=True, digits="Account")
    change_value = fields.Float(string="Change", compute="_compute_rules", digits="Account")
    forecast_value = fields.Float(
        string="Forecast",
        compute="_compute_rules",
        digits="Account",
        help="The year-end forecast of the ledger and the warnings, on the budget's "
        "monthly profile: actual to date ÷ budget to date × the year's budget, over "
        "the months closed; for non-financial items and ratios, from their indicator "
        "actuals, combined as the item says.",
    )
    deviation_ratio = fields.Float(
        string="Forecast Deviation (%)", compute="_compute_rules", digits=(16, 1)
    )
    net_assets = fields.Float(
        string="Opening Net Assets", compute="_compute_rules", digits="Account"
    )
    resource_ratio = fields.Float(
        string="Of Net Assets (%)", compute="_compute_rules", digits=(16, 1)
    )
    revenue_value = fields.Float(
        string="Budgeted Revenue", compute="_compute_rules", digits="Account"
    )
    revenue_ratio = fields.Float(string="Of Revenue (%)", compute="_compute_rules", digits=(16, 1))
    rule_met = fields.Boolean(compute="_compute_rules", help="The line meets one of the 20% rules.")
    rule_summary = fields.Char(string="Rule Check", compute="_compute_rules")

    # ------------------------------------------------------------------
    # The 20% rules, with their figures
    # ------------------------------------------------------------------
    @api.depends(
        "proposed_value",
        "current_value",
        "adjustment_id.kind",
        "adjustment_id.condition",
        "centre_id",
        "item_id",
    )
    def _compute_rules(self):
        forecasts = self._forecasts()
        revenues = self._revenues()
        for line in self:
            adjustment = line.adjustment_id
            period = adjustment.period_id.sudo()
            threshold = (adjustment.company_id.group_budget_adjustment_threshold or 20.0) / 100
            digits = line.currency_digits()
            forecast = forecasts.get((line.centre_id._origin.id, line.item_id._origin.id))
            net_assets = period.opening_net_assets if period else 0.0
            revenue = revenues.get(line.centre_id._origin.id, 0.0)
            results = adjustment_rules.evaluate(
                adjustment.kind or "raise",
                line.current_value,
                line.proposed_value,
                forecast,
                revenue,
                net_assets,
                threshold,
                digits,
            )
            by_rule = {result["rule"]: result for result in results}
            line.change_value = line.proposed_value - line.current_value
            line.forecast_value = forecast or 0.0
            line.net_assets = net_assets
            line.revenue_value = revenue
            line.deviation_ratio = _percent(by_rule.get("forecast", {}).get("ratio"))
            line.resource_ratio = _percent(
                by_rule.get("resources", by_rule.get("reallocation", {})).get(
                    "ratio", by_rule.get("reallocation", {}).get("assets_ratio")
                )
            )
            line.revenue_ratio = _percent(by_rule.get("reallocation", {}).get("revenue_ratio"))
            line.rule_met = adjustment_rules.qualifies(results)
            line.rule_summary = line._summary(results, threshold)

    def _figure(self, value):
        """The line's value as people read it: an amount with the currency,
        or the item's number and unit."""
        if value is None:
            return "—"
        return messages.figure(self.env, value, self.item_id, self.adjustment_id.currency_id)

    def _money(self, amount):
        if amount is None:
            return "—"
        return messages.money(self.env, amount, self.adjustment_id.currency_id)

    def _summary(self, results, threshold):
        parts = []
        limit = adjustment_rules.threshold_text(threshold)

        def _ratio_text(ratio):
            return adjustment_rules.ratio_text(ratio, threshold)

        for result in results:
            if result["rule"] == "forecast":
                parts.append(
                    _(
                        "forecast %(forecast)s vs target %(target)s: %(ratio)s (%(limit)s needed)",
                        forecast=self._figure(result["forecast"]),
                        target=self._figure(result["target"]),
                        ratio=_ratio_text(result["ratio"]),
                        limit=limit,
                    )
                )
            elif result["rule"] == "resources":
                parts.append(
                    _(
                        "change %(change)s of net assets %(assets)s: %(ratio)s (%(limit)s needed)",
                        change=self._figure(result["change"]),
                        assets=self._money(result["net_assets"]),
                        ratio=_ratio_text(result["ratio"]),
                        limit=limit,
                    )
                )
            else:
                parts.append(
                    _(
                        "change %(change)s of revenue %(revenue)s: %(rev)s, of net assets "
                        "%(assets)s: %(ratio)s (%(limit)s needed)",
                        change=self._figure(result["change"]),
                        revenue=self._money(result["revenue"]),
                        rev=_ratio_text(result["revenue_ratio"]),
                        assets=self._money(result["net_assets"]),
                        ratio=_ratio_text(result["assets_ratio"]),
                        limit=limit,
                    )
                )
        return "; ".join(str(part) for part in parts)

    def _forecasts(self):
        """``{(centre id, item id): forecast}``: the forecast of the ledger and
        the warnings (the run rate on the budget's monthly profile), over the
        months closed. Actuals from posted accounting for the financial items
        that add up, with what confirmed documents commit (consumed budget,
        and a floor of the forecast: ``logic/forecast.py``), from the
        indicator actuals for the others, months combined as the item says.
        One query per year and source."""
        result = {}
        today = fields.Date.context_today(self)
        Indicator = self.env["group.budget.indicator.actual"].sudo()
        for period in self.adjustment_id.period_id._origin.sudo():
            lines = self.filtered(lambda line, p=period: line.adjustment_id.period_id._origin == p)
            elapsed = adjustment_rules.elapsed_months(period.year, today)
            if not elapsed:
                continue
            in_ledger = lines.filtered(
                lambda line: (
                    line.item_id.item_type == "financial" and line.item_id.aggregation == "sum"
                )
            )
            actuals, committed = {}, {}
            if in_ledger:
                end = datetime.date(period.year, elapsed, 1) + datetime.timedelta(days=31)
                end = end.replace(day=1) - datetime.timedelta(days=1)
                posted = (
                    self.env["group.budget.actuals"]
                    .sudo()
                    ._monthly_actuals(
                        in_ledger.centre_id._origin.sudo(),
                        in_ledger.item_id._origin.sudo(),
                        period.date_from,
                        end,
                    )
                )
                for (centre_id, item_id, (_year, month)), amount in posted.items():
                    actuals.setdefault((centre_id, item_id), [0.0] * 12)[month - 1] += amount
                # Every month's commitments: those of later months are a floor.
                commitments = self.env["group.budget.commitment"]._monthly_commitments(
                    in_ledger.centre_id._origin,
                    in_ledger.item_id._origin,
                    period.date_from,
                    period.date_to,
                )
                for (centre_id, item_id, (_year, month)), amount in commitments.items():
                    committed.setdefault((centre_id, item_id), [0.0] * 12)[month - 1] += amount
            indicators = Indicator._monthly_values(period) if lines - in_ledger else {}
            for line in lines:
                key = (line.centre_id._origin.id, line.item_id._origin.id)
                if line in in_ledger:
                    months = actuals.get(key, [0.0] * 12)
                else:
                    months = indicators.get(key, [None] * 12)
                result[key] = forecast_logic.forecast(
                    line.current_months or [0.0] * 12,
                    months,
                    elapsed,
                    aggregation=line.item_id.aggregation or "sum",
                    committed_months=committed.get(key),
                )
        return result

    def _revenues(self):
        """``{centre id: budgeted revenue of the year}``: the financial scale
        items that add up and where higher is better. One grouped read."""
        if not self.centre_id:
            return {}
        groups = (
            self.env["group.budget.line"]
            .sudo()
            ._read_group(
                [
                    ("budget_id.centre_id", "in", self.centre_id._origin.ids),
                    ("budget_id.period_id", "in", self.adjustment_id.period_id._origin.ids),
                    ("budget_id.state", "in", ("approved", "executing")),
                    ("item_id.item_type", "=", "financial"),
                    ("item_id.category", "=", "scale"),
                    ("item_id.direction", "=", "higher_better"),
                    ("item_id.aggregation", "=", "sum"),
                ],
                ["centre_id"],
                ["total:sum"],
            )
        )
        return {centre.id: total for centre, total in groups}

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        adjustments = self.env["group.budget.adjustment"].browse(
            [vals["adjustment_id"] for vals in vals_list if vals.get("adjustment_id")]
        )
        adjustments._check_draft()
        lines = super().create(vals_list)
        for line, vals in zip(lines, vals_list, strict=True):
            budget_line = line._budget_line()
            current = budget_line._months()
            update = {"current_months": current, "current_value": budget_line.total}
            # Months left empty (or all zero, as a new row of the form sends
            # them) follow from the proposed value.
            if not any(vals.get(name) for name in MONTH_FIELDS):
                try:
                    update.update(
                        line._months_vals(
                            adjustment_rules.propose_months(
                                current,
                                line.proposed_value,
                                line.adjustment_id.date_effective.month,
                                line.item_id.aggregation,
                            )
                        )
                    )
                except adjustment_rules.AdjustmentError as error:
                    raise ValidationError(
                        _("No month of %(year)s is left to adjust.", year=line.period_id.name)
                    ) from error
            super(GroupBudgetAdjustmentLine, line).write(update)
        lines._check_lines()
        return lines

    def write(self, vals):
        self.adjustment_id._check_draft()
        if "current_months" in vals or "current_value" in vals:
            raise UserError(_("The current values of an adjustment line come from its budget."))
        res = super().write(vals)
        self._check_lines()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        self.adjustment_id._check_draft()

    def _budget_line(self):
        """The line of the approved budget of the centre for the item."""
        self.ensure_one()
        budget = (
            self.env["group.budget"]
            .sudo()
            .search(
                [
                    ("centre_id", "=", self.centre_id.id),
                    ("period_id", "=", self.adjustment_id.period_id.id),
                    ("state", "in", ("approved", "executing")),
                ],
                limit=1,
            )
        )
        budget_line = budget.line_ids.filtered(lambda line: line.item_id == self.item_id)[:1]
        if not budget_line:
            raise ValidationError(
                _(
                    "%(centre)s has no approved budget of %(year)s for %(item)s: an "
                    "adjustment changes an approved budget.",
                    centre=self.centre_id.display_name,
                    year=self.adjustment_id.period_id.name,
                    item=self.item_id.display_name,
                )
            )
        return budget_line

    def _check_lines(self):
        """Scope, months and duplicates, for the draft lines."""
        for line in self:
            adjustment = line.adjustment_id
            # A descendant's path starts with its ancestor's.
            if not (line.centre_id.sudo().parent_path or "").startswith(
                adjustment.centre_id.sudo().parent_path or "-"
            ):
                raise ValidationError(
                    _(
                        "%(centre)s is not %(applicant)s or one of its centres.",
                        centre=line.centre_id.display_name,
                        applicant=adjustment.centre_id.display_name,
                    )
                )
            line._budget_line()
            try:
                adjustment_rules.check_months(
                    line.current_months or [0.0] * 12,
                    line._months(),
                    line.proposed_value,
                    adjustment._effective_month(),
                    line.item_id.aggregation,
                    line.currency_digits(),
                )
            except adjustment_rules.AdjustmentError as error:
                if error.code == "past_month_changed":
                    raise ValidationError(
                        _(
                            "%(centre)s, %(item)s: months before the effective month "
                            "(%(months)s) are closed or past and cannot change.",
                            centre=line.centre_id.display_name,
                            item=line.item_id.display_name,
                            months=", ".join(str(m) for m in error.details["months"]),
                        )
                    ) from error
                raise ValidationError(
                    _(
                        "%(centre)s, %(item)s: the monthly amounts give %(found)s, not the "
                        "proposed year value %(expected)s.",
                        centre=line.centre_id.display_name,
                        item=line.item_id.display_name,
                        found=line._figure(error.details["found"]),
                        expected=line._figure(error.details["expected"]),
                    )
                ) from error
        self._check_duplicates()

    def currency_digits(self):
        return self.adjustment_id.currency_id.decimal_places or 2

    def _check_duplicates(self):
        """One pending adjustment per centre and item of a year."""
        lines = self.filtered(lambda line: not line.adjustment_id.parent_id)
        if not lines:
            return
        others = self.sudo().search(
            [
                ("centre_id", "in", lines.centre_id.ids),
                ("item_id", "in", lines.item_id.ids),
                ("period_id", "in", lines.period_id.ids),
                ("state", "in", PENDING),
                ("adjustment_id.parent_id", "=", False),
            ]
        )
        seen = {}
        for other in others:
            key = (other.period_id.id, other.centre_id.id, other.item_id.id)
            seen.setdefault(key, self.browse())
            seen[key] |= other
        for found in seen.values():
            if len(found) > 1 or len(found.adjustment_id) > 1:
                line = found[0]
                # Name the adjustments already pending, not the one refused.
                pending = (found.adjustment_id - self.adjustment_id) or found.adjustment_id
                raise ValidationError(
                    _(
                        "%(centre)s, %(item)s already has a pending adjustment "
                        "(%(name)s): decide it first.",
                        centre=line.centre_id.display_name,
                        item=line.item_id.display_name,
                        name=", ".join(pending.mapped("name")),
                    )
                )

    @api.onchange("centre_id", "item_id", "proposed_value")
    def _onchange_proposed_value(self):
        """Show the current values and spread the proposed value over the
        open months, as saving the line would."""
        adjustment = self.adjustment_id
        if not (adjustment.date_effective and self.centre_id and self.item_id):
            return
        budget = (
            self.env["group.budget"]
            .sudo()
            .search(
                [
                    ("centre_id", "=", self.centre_id._origin.id),
                    ("period_id", "=", adjustment.period_id._origin.id),
                    ("state", "in", ("approved", "executing")),
                ],
                limit=1,
            )
        )
        budget_line = budget.line_ids.filtered(lambda line: line.item_id == self.item_id._origin)[
            :1
        ]
        if not budget_line:
            return
        current = budget_line._months()
        self.current_months = current
        self.current_value = budget_line.total
        try:
            months = adjustment_rules.propose_months(
                current,
                self.proposed_value,
                adjustment.date_effective.month,
                self.item_id.aggregation,
            )
        except adjustment_rules.AdjustmentError:
            return
        self.update(self._months_vals(months))


def _percent(ratio):
    return float(ratio * 100) if ratio is not None else 0.0
