import datetime

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ... import guard, messages
from ...logic import breakdown, target_rules
from ..mixins.group_budget_months_mixin import MONTH_FIELDS

VALUE_FIELDS = ["issued_value", "estimate_value", "proposed_value", "agreed_value"]
# What the centre itself fills in; the rest belongs to the Budget Office.
CENTRE_FIELDS = {"estimate_value", "proposed_value", "has_proposal"}
BREAKDOWN_TRIGGERS = {"issued_value", "agreed_value", "breakdown_method", "profile_id"}


class GroupBudgetTargetLine(models.Model):
    _name = "group.budget.target.line"
    _description = "Budget Target Line"
    _inherit = ["group.budget.months.mixin", "group.budget.input.mixin"]
    _order = "target_id, sequence, item_id"
    _check_company_auto = True

    target_id = fields.Many2one(
        "group.budget.target",
        string="Budget Target",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    sequence = fields.Integer(related="item_id.sequence", store=True)
    centre_id = fields.Many2one(related="target_id.centre_id", store=True, index=True)
    parent_centre_id = fields.Many2one(
        related="target_id.centre_id.parent_id", store=True, index=True, string="Superior Centre"
    )
    period_id = fields.Many2one(related="target_id.period_id", store=True, index=True)
    year = fields.Integer(
        related="target_id.period_id.year", store=True, index=True, aggregator=None
    )
    company_id = fields.Many2one(related="target_id.company_id", store=True)
    state = fields.Selection(related="target_id.state")
    item_id = fields.Many2one(
        "group.budget.item",
        string="Budget Item",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    aggregation = fields.Selection(related="item_id.aggregation")
    uom_label = fields.Char(related="item_id.uom_label")
    issued_value = fields.Float(string="Issued Target", digits="Account")
    estimate_value = fields.Float(
        string="Centre Estimate",
        digits="Account",
        help="What the centre's own resources can reach.",
    )
    has_proposal = fields.Boolean(string="Proposes a Value")
    proposed_value = fields.Float(digits="Account")
    agreed_value = fields.Float(string="Agreed Target", digits="Account", readonly=True)
    value = fields.Float(
        string="Target",
        digits="Account",
        compute="_compute_value",
        store=True,
        help="The agreed target once agreed, the issued target before.",
    )
    gap_percent = fields.Float(string="Gap (%)", compute="_compute_gap", digits=(16, 1))
    may_revise = fields.Boolean(compute="_compute_gap")
    breakdown_method = fields.Selection(
        [("even", "Even"), ("seasonal", "Seasonal profile"), ("last_year", "Last year's actuals")],
        default="even",
        required=True,
    )
    profile_id = fields.Many2one(
        "group.budget.profile", string="Seasonal Profile", check_company=True
    )
    q1 = fields.Float(compute="_compute_periods", digits="Account")
    q2 = fields.Float(compute="_compute_periods", digits="Account")
    q3 = fields.Float(compute="_compute_periods", digits="Account")
    q4 = fields.Float(compute="_compute_periods", digits="Account")
    h1 = fields.Float(compute="_compute_periods", digits="Account")
    h2 = fields.Float(compute="_compute_periods", digits="Account")
    children_value = fields.Float(
        string="Children Total", compute="_compute_children", digits="Account"
    )
    mismatch = fields.Boolean(compute="_compute_children")

    @api.depends("target_id.display_name", "item_id.display_name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.target_id.display_name} · {line.item_id.display_name}"

    @api.depends("issued_value", "agreed_value", "target_id.state")
    def _compute_value(self):
        for line in self:
            agreed = line.target_id.state == "agreed"
            line.value = line.agreed_value if agreed else line.issued_value

    @api.depends("issued_value", "estimate_value", "target_id.revision_threshold")
    def _compute_gap(self):
        for line in self:
            gap = target_rules.relative_gap(line.issued_value, line.estimate_value)
            line.gap_percent = min(gap, 9.99) * 100
            line.may_revise = bool(line.estimate_value) and target_rules.may_propose_revision(
                line.issued_value,
                line.estimate_value,
                (line.target_id.revision_threshold or 20.0) / 100,
            )

    @api.depends(*MONTH_FIELDS)
    def _compute_periods(self):
        for line in self:
            periods = breakdown.derive_periods(line._months(), line.aggregation or "sum")
            for name in ("q1", "q2", "q3", "q4", "h1", "h2"):
                line[name] = periods[name]

    def _compute_children(self):
        """Children's total of sum items, in one grouped query."""
        sums = {
            (year, parent.id, item.id): total
            for year, parent, item, total in self._read_group(
                [
                    ("year", "in", list(set(self.mapped("year")))),
                    ("parent_centre_id", "in", self.centre_id.ids),
                    ("item_id", "in", self.item_id.ids),
                ],
                ["year", "parent_centre_id", "item_id"],
                ["value:sum"],
            )
        }
        for line in self:
            key = (line.year, line.centre_id.id, line.item_id.id)
            line.children_value = sums.get(key, 0.0)
            digits = line.company_id.currency_id.decimal_places or 2
            line.mismatch = bool(
                key in sums
                and line.aggregation == "sum"
                and breakdown.find_mismatches(
                    [(key, line.item_id.id, "sum", line.value, [sums[key]])], digits
                )
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains(*VALUE_FIELDS, *MONTH_FIELDS)
    def _check_negative(self):
        labels = {
            name: self._fields[name]._description_string(self.env)
            for name in VALUE_FIELDS + MONTH_FIELDS
        }
        for line in self:
            if line.item_id.allow_negative:
                continue
            for name in VALUE_FIELDS + MONTH_FIELDS:
                if line[name] < 0:
                    raise ValidationError(
                        _(
                            "%(field)s of %(item)s for %(centre)s is %(value)s: the item "
                            "does not allow negative values.",
                            field=labels[name],
                            item=line.item_id.display_name,
                            centre=line.centre_id.display_name,
                            value=messages.figure(
                                self.env, line[name], line.item_id, line.company_id.currency_id
                            ),
                        )
                    )

    @api.constrains("item_id", "target_id")
    def _check_unique_item(self):
        for target in self.target_id:
            items = target.line_ids.item_id
            if len(items) != len(target.line_ids):
                raise ValidationError(
                    _("Each budget item appears once in the target %(target)s.", target=target.name)
                )

    @api.constrains("breakdown_method", "profile_id")
    def _check_profile(self):
        for line in self:
            if line.breakdown_method == "seasonal" and not line.profile_id:
                raise ValidationError(
                    _(
                        "Choose the seasonal profile that breaks down %(item)s.",
                        item=line.item_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Writes: centre fields, Budget Office fields and the letter lock
    # ------------------------------------------------------------------
    def _check_writable(self, vals=None):
        if guard.holds(self, guard.TARGET_UNLOCK):
            return
        locked = self.filtered("target_id.locked")
        if locked:
            raise UserError(
                _(
                    "The target of %(centre)s is locked by its signed responsibility letter: "
                    "%(item)s cannot be changed until an adjustment supersedes the letter.",
                    centre=locked[0].centre_id.display_name,
                    item=locked[0].item_id.display_name,
                )
            )
        if self.env.su or self.env.user.has_group("group_budget.group_budget_office"):
            return
        if vals is None or set(vals) - CENTRE_FIELDS:
            raise AccessError(
                _(
                    "Centres fill in their estimates and proposals; the issued targets and "
                    "their breakdown are set by the Budget Office."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_writable()
        lines._apply_breakdown()
        return lines

    def write(self, vals):
        self._check_writable(vals)
        res = super().write(vals)
        if guard.holds(self, guard.DEFER_BREAKDOWN):
            pass
        elif BREAKDOWN_TRIGGERS.intersection(vals) and not set(MONTH_FIELDS).intersection(vals):
            self._apply_breakdown()
        elif set(MONTH_FIELDS).intersection(vals):
            self._check_months_add_up()
        return res

    def unlink(self):
        self._check_writable()
        return super().unlink()

    def _set_agreed(self, values):
        """Write the agreed values the flow decided (``{line: value}``), one
        write per distinct value; the months follow once the state moves."""
        by_value = {}
        for line, value in values.items():
            by_value.setdefault(value, []).append(line.id)
        lines = guard.grant(self.sudo(), guard.DEFER_BREAKDOWN)
        for value, ids in by_value.items():
            lines.browse(ids).agreed_value = value

    # ------------------------------------------------------------------
    # Breakdown by time
    # ------------------------------------------------------------------
    def _last_year_actuals(self):
        """Last year's monthly actuals of the lines that follow them: one
        query for all."""
        lines = self.filtered(lambda line: line.breakdown_method == "last_year")
        if not lines:
            return {}
        result = {}
        for period in lines.period_id:
            start = datetime.date(period.date_from.year - 1, 1, 1)
            end = datetime.date(period.date_from.year - 1, 12, 31)
            in_period = lines.filtered(lambda line, p=period: line.period_id == p)
            actuals = self.env["group.budget.actuals"]._monthly_actuals(
                in_period.centre_id, in_period.item_id, start, end
            )
            for line in in_period:
                result[line.id] = [
                    actuals.get((line.centre_id.id, line.item_id.id, (start.year, month)), 0.0)
                    for month in range(1, 13)
                ]
        return result

    def _apply_breakdown(self):
        """Write the monthly breakdown of every line; lines that share the same
        months are written together."""
        last_year = self._last_year_actuals()
        by_months = {}
        for line in self:
            digits = line.company_id.currency_id.decimal_places or 2
            try:
                profile = breakdown.monthly_profile(
                    line.breakdown_method,
                    seasonal=line.profile_id._weights() if line.profile_id else None,
                    last_year=last_year.get(line.id),
                )
            except breakdown.BreakdownError as exc:
                raise ValidationError(
                    _(
                        "The monthly breakdown of %(item)s cannot use its profile: the "
                        "weights must add up to a positive total.",
                        item=line.item_id.display_name,
                    )
                ) from exc
            months = breakdown.split_months(line.value, line.aggregation or "sum", profile, digits)
            by_months.setdefault(tuple(months), []).append(line.id)
        for months, ids in by_months.items():
            super(GroupBudgetTargetLine, self.browse(ids)).write(self._months_vals(months))
        return True

    def _check_months_add_up(self):
        for line in self:
            if line.aggregation != "sum":
                continue
            digits = line.company_id.currency_id.decimal_places or 2
            total = round(sum(line[name] for name in MONTH_FIELDS), digits)
            if round(total - line.value, digits):
                currency = line.company_id.currency_id
                raise ValidationError(
                    _(
                        "The months of %(item)s add up to %(total)s, not to its target %(value)s.",
                        item=line.item_id.display_name,
                        total=messages.figure(self.env, total, line.item_id, currency),
                        value=messages.figure(self.env, line.value, line.item_id, currency),
                    )
                )
