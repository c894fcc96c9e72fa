import datetime
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ... import guard, messages
from ...amount_field import Amount
from ...logic import budget_rules, consolidation
from ..mixins.group_budget_months_mixin import MONTH_FIELDS

BUDGET_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("executing", "Executing"),
    ("closed", "Closed"),
]
#: Budgets that additions and adjustments change, through new versions.
CHANGING_STATES = ("approved", "executing")


class GroupBudget(models.Model):
    """A centre's budget for a year (预算方案, manual §四)."""

    _name = "group.budget"
    _description = "Budget"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "group.budget.state.mixin",
        "group.budget.centre.year.mixin",
        # Before tier.validation, so that its review hooks come first.
        "group.budget.review.mixin",
        "tier.validation",
        "group.budget.input.mixin",
    ]
    _order = "period_id desc, centre_id"
    # Review steps (OCA base_tier_validation) lie between submitted and approved;
    # administrators configure them as tier definitions.
    _state_from = ["submitted"]
    _state_to = ["approved"]
    _cancel_state = "draft"
    _tier_validation_manual_config = False
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    state = fields.Selection(
        BUDGET_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True
    )
    line_ids = fields.One2many("group.budget.line", "budget_id", string="Lines", copy=True)
    line_count = fields.Integer(compute="_compute_line_count")
    centre_type = fields.Selection(related="centre_id.centre_type", store=True)
    amount_total = fields.Monetary(
        string="Total Amount",
        compute="_compute_amount_total",
        store=True,
        help="Sum over the year of the financial items that add up; approval "
        "rules may depend on it.",
    )
    version_ids = fields.One2many("group.budget.version", "budget_id", string="Versions")
    version_count = fields.Integer(compute="_compute_version_count")
    control_sequence = fields.Integer(
        readonly=True,
        aggregator=None,
        copy=False,
        default=0,
        help="Counts the controlled postings on this budget; postings lock it "
        "so that parallel ones cannot together overrun it.",
    )

    @api.depends("line_ids.total", "line_ids.item_id.item_type", "line_ids.aggregation")
    def _compute_amount_total(self):
        for budget in self:
            budget.amount_total = sum(
                line.total
                for line in budget.line_ids
                if line.item_id.item_type == "financial" and line.aggregation == "sum"
            )

    def _compute_version_count(self):
        counts = dict(
            self.env["group.budget.version"]._read_group(
                [("budget_id", "in", self.ids)], ["budget_id"], ["__count"]
            )
        )
        for budget in self:
            budget.version_count = counts.get(budget, 0)

    @api.depends("centre_id.display_name", "period_id.name")
    def _compute_name(self):
        for budget in self:
            budget.name = f"{budget.period_id.name} · {budget.centre_id.display_name}"

    def _compute_line_count(self):
        counts = dict(
            self.env["group.budget.line"]._read_group(
                [("budget_id", "in", self.ids)], ["budget_id"], ["__count"]
            )
        )
        for budget in self:
            budget.line_count = counts.get(budget, 0)

    @api.constrains("centre_id", "period_id")
    def _check_unique(self):
        self._check_one_per_centre_and_year()

    # ------------------------------------------------------------------
    # Immutability: only drafts change
    # ------------------------------------------------------------------
    def write(self, vals):
        if {"centre_id", "period_id", "line_ids"}.intersection(vals):
            self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        self._check_draft()

    def _check_draft(self):
        if guard.holds(self, guard.NEW_VERSION):
            # Additions and adjustments change an approved budget, then store a
            # new version of it.
            return
        frozen = self.filtered(lambda budget: budget.state != "draft")
        if frozen:
            raise UserError(
                _(
                    "The budget %(budget)s is %(state)s: it can no longer be changed. "
                    "Additions and adjustments change it through new versions.",
                    budget=frozen[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        frozen[0].state
                    ],
                )
            )

    # ------------------------------------------------------------------
    # Approval (manual §四 5.3–5.4)
    # ------------------------------------------------------------------
    def action_submit(self):
        for budget in self:
            if budget.state != "draft":
                raise UserError(_("Only a draft budget can be submitted."))
            if not budget.line_ids:
                raise UserError(
                    _("The budget %(budget)s is empty: add its lines first.", budget=budget.name)
                )
        self._set_state(
            "submitted", submitted_by_id=self.env.uid, date_submitted=fields.Datetime.now()
        )
        self._request_reviews()
        return True

    def _check_min_targets(self):
        """Approval is refused while the budget misses an agreed target
        (manual §四 3.2.3, 5.4.2)."""
        targets = self.env["group.budget.target.line"].search(
            [
                ("centre_id", "in", self.centre_id.ids),
                ("period_id", "in", self.period_id.ids),
                ("target_id.state", "=", "agreed"),
            ]
        )
        target_by_key = {(t.centre_id.id, t.item_id.id): t.value for t in targets}
        for budget in self:
            budget_by_item = {line.item_id: line.total for line in budget.line_ids}
            items = {t.item_id for t in targets if t.centre_id == budget.centre_id}
            rows = [
                (
                    item,
                    item.direction,
                    target_by_key[budget.centre_id.id, item.id],
                    budget_by_item.get(item, 0.0),
                )
                for item in items
            ]
            found = budget_rules.shortfalls(rows, budget.currency_id.decimal_places or 2)
            if not found:
                continue
            listed = []
            currency = budget.currency_id
            for item, target, amount, gap in found:
                listed.append(
                    _(
                        "• %(item)s: target %(target)s, budget %(amount)s, short by %(gap)s",
                        item=item.display_name,
                        target=messages.figure(self.env, target, item, currency),
                        amount=messages.figure(self.env, amount, item, currency),
                        gap=messages.figure(self.env, gap, item, currency),
                    )
                )
            raise UserError(
                _(
                    "The budget %(budget)s misses its agreed targets:\n%(list)s",
                    budget=budget.name,
                    list="\n".join(listed),
                )
            )

    def _action_approve(self):
        self._check_min_targets()
        self._set_state("approved")
        self.env["group.budget.version"]._create_snapshots(self, kind="approval")
        for budget in self:
            messages.post(
                budget,
                lambda local: local.env._(
                    "Budget approved; version %(v)s stored.", v=local.version_count
                ),
            )

    def action_return(self, reason):
        """Return the budget for modification (any reviewer), with a reason."""
        if not (reason or "").strip():
            raise UserError(_("Give the reason for returning the budget."))
        for budget in self:
            if budget.state != "submitted":
                raise UserError(_("Only a submitted budget can be returned."))
            is_office = self.env.user.has_group("group_budget.group_budget_office")
            if self.env.user not in budget.reviewer_ids and not is_office:
                raise UserError(
                    _("Only a reviewer of %(budget)s can return it.", budget=budget.name)
                )
        self._done_review_activities()
        self.restart_validation()
        self._set_state("draft")
        for budget in self:
            messages.post(
                budget,
                lambda local: local.env._("Returned for modification: %(reason)s", reason=reason),
                partners=budget.submitted_by_id.partner_id,
            )
        return True

    def action_open_return_wizard(self):
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": _("Return for Modification"),
            "res_model": "group.budget.return",
            "view_mode": "form",
            "target": "new",
            "context": {"default_budget_ids": self.ids},
        }

    def action_view_versions(self):
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_budget.group_budget_version_action"
        )
        action["domain"] = [("budget_id", "in", self.ids)]
        return action

    # ------------------------------------------------------------------
    # Changes of approved budgets: additions and adjustments
    # ------------------------------------------------------------------
    @api.model
    def _store_new_versions(self, origin, budgets, changes, kind, stop=()):
        """After the approved ``origin`` (an addition or an adjustment) has
        changed lines of ``budgets`` by ``changes`` (``(centre, item,
        monthly changes)``): carry the changes up to the ancestors'
        consolidated lines (:meth:`_carry_up`), store one new version of
        ``kind`` of every budget changed, in one batch, and tell each
        ancestor what moved its budget. Returns the new versions of
        ``budgets``."""
        ancestors, carried = self._carry_up(origin, changes, stop)
        versions = (
            self.env["group.budget.version"].sudo()._create_snapshots(budgets | ancestors, kind)
        )
        currency = origin.currency_id
        for budget in ancestors:

            def body(local, rows=carried[budget.id]):
                env = local.env
                items = "; ".join(
                    f"{item.with_env(env).display_name} "
                    f"{messages.figure(env, amount, item, currency)}"
                    for item, amount in rows
                )
                return env._(
                    "%(document)s %(name)s of %(centre)s approved: the consolidated "
                    "budget changes by %(items)s; version %(version)s stored.",
                    document=env["ir.model"]._get(origin._name).name,
                    name=origin.name,
                    centre=origin.centre_id.with_env(env).display_name,
                    items=items,
                    version=local.version_count,
                )

            messages.post(budget, body)
        return versions.filtered(lambda version: version.budget_id in budgets)

    @api.model
    def _carry_up(self, origin, changes, stop=()):
        """Write ``changes`` of centres' own lines into their ancestors'
        lines of the same items (``logic/consolidation.py``,
        :func:`~..logic.consolidation.carry_up`): the lines of the budgets of
        ``origin``'s year number (in any company of the group keeping its
        accounts in ``origin``'s currency) that additions and adjustments
        change, for the items that add up; ``stop`` holds the ``(centre id,
        item id)`` that ``origin`` sets itself, top-down. An ancestor
        without a line of the item gets none. The lines are written as the
        centres' own are, under the grant of a new version, and checked the
        same way; one search reads them all, and their months are updated
        together. Returns the ancestors' budgets changed and, by budget id,
        the ``(item, change of the year)`` carried into it."""
        changes = [(centre.id, item.id, months) for centre, item, months in changes]
        items = self.env["group.budget.item"].sudo().browse({change[1] for change in changes})
        aggregation_of = {item.id: item.aggregation for item in items}
        sums = [item for item, aggregation in aggregation_of.items() if aggregation == "sum"]
        centres = (
            self.env["group.budget.centre"]
            .sudo()
            .browse({centre for centre, item, _months in changes if item in sums})
        )
        parent_of = consolidation.parent_map({centre.id: centre.parent_path for centre in centres})
        above = {up for centre in centres.ids for up in consolidation.ancestors(centre, parent_of)}
        if not above:
            return self.browse(), {}
        lines = (
            self.env["group.budget.line"]
            .sudo()
            .search(
                [
                    ("centre_id", "in", list(above)),
                    ("item_id", "in", sums),
                    ("budget_id.period_id.year", "=", origin.period_id.year),
                    ("budget_id.state", "in", CHANGING_STATES),
                    ("company_id.currency_id", "=", origin.currency_id.id),
                ]
            )
        )
        by_key = {(line.centre_id.id, line.item_id.id): line for line in lines}
        digits = origin.currency_id.decimal_places or 2
        moved = consolidation.carry_up(changes, parent_of, by_key, aggregation_of, stop, digits)
        carried = defaultdict(list)
        for line in guard.grant(lines, guard.NEW_VERSION):
            months = moved.get((line.centre_id.id, line.item_id.id))
            if not months:
                continue
            line.write(
                {
                    name: round(line[name] + amount, digits)
                    for name, amount in zip(MONTH_FIELDS, months, strict=True)
                }
            )
            carried[line.budget_id.id].append((line.item_id, sum(months)))
        return self.browse(list(carried)), carried

    # ------------------------------------------------------------------
    # Compilation
    # ------------------------------------------------------------------
    @api.model
    def _prepare_budget_vals(self, centre, period, target_lines):
        """A draft budget of ``centre``, pre-filled with the monthly pattern of
        its agreed targets."""
        return {
            "centre_id": centre.id,
            "period_id": period.id,
            "line_ids": [
                fields.Command.create(
                    {
                        "item_id": line.item_id.id,
                        **{name: line[name] for name in MONTH_FIELDS},
                    }
                )
                for line in target_lines
            ],
        }

    @api.model
    def _create_for_periods(self, periods):
        """Create the missing draft budgets of every active centre of the
        periods' companies, pre-filled from agreed targets. Idempotent."""
        centres = self.env["group.budget.centre"].search(
            [("company_id", "in", periods.company_id.ids)]
        )
        existing = {
            (b.centre_id.id, b.period_id.id)
            for b in self.search([("period_id", "in", periods.ids)])
        }
        target_lines = self.env["group.budget.target.line"].search(
            [("period_id", "in", periods.ids), ("target_id.state", "=", "agreed")]
        )
        by_target = {}
        for line in target_lines:
            by_target.setdefault((line.centre_id.id, line.period_id.id), []).append(line)
        vals_list = [
            self._prepare_budget_vals(centre, period, by_target.get((centre.id, period.id), []))
            for period in periods
            for centre in centres.filtered(lambda c, p=period: c.company_id == p.company_id)
            if (centre.id, period.id) not in existing
        ]
        return self.create(vals_list)

    def action_prefill_last_year(self):
        """Incremental method: fill the lines compiled that way with last
        year's posted actuals of the same centre and item."""
        for budget in self:
            if budget.state != "draft":
                raise UserError(_("Only a draft budget can be pre-filled."))
            lines = budget.line_ids.filtered(lambda line: line.method == "incremental")
            if not lines:
                raise UserError(
                    _("No line of %(budget)s uses the incremental method.", budget=budget.name)
                )
            year = budget.period_id.date_from.year - 1
            actuals = self.env["group.budget.actuals"]._monthly_actuals(
                budget.centre_id,
                lines.item_id,
                datetime.date(year, 1, 1),
                datetime.date(year, 12, 31),
            )
            for line in lines:
                line.write(
                    {
                        name: round(
                            actuals.get((budget.centre_id.id, line.item_id.id, (year, month)), 0.0),
                            2,
                        )
                        for month, name in enumerate(MONTH_FIELDS, start=1)
                    }
                )

    # ------------------------------------------------------------------
    # Roll-up
    # ------------------------------------------------------------------
    def _consolidated(self):
        """The consolidated budget of the centre's subtree, per item, in one
        query: ``{item: [12 months]}``.

        The hierarchy's rule (``logic/consolidation.py``): a parent's line is
        already the consolidated budget of its subtree, so each item takes
        the top-most centres of the subtree that have a line for it — the
        centre's own line when it has one, else its highest descendants'
        lines (sum items added up, average items averaged), never a parent's
        line added to its children's."""
        self.ensure_one()
        groups = self.env["group.budget.line"]._read_group(
            [
                ("budget_id.period_id.year", "=", self.period_id.year),
                ("centre_id", "child_of", self.centre_id.id),
            ],
            ["item_id", "centre_id"],
            [f"{name}:sum" for name in MONTH_FIELDS],
        )
        parent_of = consolidation.parent_map(
            {centre.id: centre.parent_path for _item, centre, *_months in groups}
        )
        by_item = {}
        for item, centre, *months in groups:
            by_item.setdefault(item, {})[centre.id] = months
        result = {}
        for item, rows in by_item.items():
            top = consolidation.topmost(list(rows), parent_of)
            result[item] = budget_rules.rollup([rows[c] for c in top], item.aggregation)
        return result

    def action_view_consolidated(self):
        self.ensure_one()
        wizard = self.env["group.budget.consolidation"].create(
            {
                "budget_id": self.id,
                "line_ids": [
                    fields.Command.create(
                        {
                            "item_id": item.id,
                            **self.env["group.budget.line"]._months_vals(months),
                        }
                    )
                    for item, months in self._consolidated().items()
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Consolidated budget of %s", self.centre_id.display_name),
            "res_model": "group.budget.consolidation",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }


class GroupBudgetLine(models.Model):
    _name = "group.budget.line"
    _description = "Budget Line"
    _inherit = ["group.budget.months.mixin", "group.budget.input.mixin"]
    _order = "budget_id, sequence, item_id, id"
    _check_company_auto = True

    budget_id = fields.Many2one(
        "group.budget", required=True, index=True, ondelete="cascade", check_company=True
    )
    centre_id = fields.Many2one(related="budget_id.centre_id", store=True, index=True)
    company_id = fields.Many2one(related="budget_id.company_id", store=True)
    sequence = fields.Integer(related="item_id.sequence", store=True, aggregator=None)
    item_id = fields.Many2one(
        "group.budget.item", string="Budget Item", required=True, check_company=True
    )
    aggregation = fields.Selection(related="item_id.aggregation")
    part = fields.Selection(
        [
            ("business", "Business budget"),
            ("capital", "Capital budget"),
            ("funding", "Funding budget"),
            ("financial", "Financial budget"),
        ],
        string="Budget Part",
        required=True,
        default="business",
    )
    method = fields.Selection(
        [
            ("fixed", "Fixed"),
            ("flexible", "Flexible"),
            ("incremental", "Incremental"),
            ("zero_based", "Zero-based"),
            ("rolling", "Rolling"),
            ("activity_based", "Activity-based"),
            ("probabilistic", "Probabilistic"),
        ],
        string="Compilation Method",
        required=True,
        default="fixed",
    )
    activity_name = fields.Char(string="Activity")
    content_summary = fields.Text()
    expected_effect = fields.Text()
    expected_benefit = fields.Float(string="Expected Financial Benefit", digits="Account")
    importance = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("low", "Low")], string="Importance Level"
    )
    total = Amount(
        compute="_compute_total",
        store=True,
        digits="Account",
        help="The year, the way the item aggregates: a sum for amounts, an "
        "average or the last month for ratios.",
    )

    @api.depends("budget_id.display_name", "item_id.display_name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.budget_id.display_name} · {line.item_id.display_name}"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.budget_id._check_draft()
        return lines

    def write(self, vals):
        self.budget_id._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        self.budget_id._check_draft()

    @api.constrains(*MONTH_FIELDS, "item_id")
    def _check_negative(self):
        for line in self:
            if line.item_id.allow_negative:
                continue
            negative = [name for name in MONTH_FIELDS if line[name] < 0]
            if negative:
                raise ValidationError(
                    _(
                        "%(month)s of %(item)s in %(budget)s is negative: the item does "
                        "not allow negative values.",
                        month=self._fields[negative[0]]._description_string(self.env),
                        item=line.item_id.display_name,
                        budget=line.budget_id.name,
                    )
                )


class GroupBudgetConsolidation(models.TransientModel):
    """The consolidated budget of a centre and its descendants, as shown
    before approval."""

    _name = "group.budget.consolidation"
    _description = "Consolidated Budget"
    _inherit = ["group.budget.input.mixin"]

    budget_id = fields.Many2one("group.budget", required=True, ondelete="cascade")
    line_ids = fields.One2many("group.budget.consolidation.line", "consolidation_id")


class GroupBudgetConsolidationLine(models.TransientModel):
    _name = "group.budget.consolidation.line"
    _description = "Consolidated Budget Line"
    _inherit = ["group.budget.months.mixin", "group.budget.input.mixin"]

    consolidation_id = fields.Many2one(
        "group.budget.consolidation", required=True, ondelete="cascade"
    )
    item_id = fields.Many2one("group.budget.item", string="Budget Item")
    total = Amount(compute="_compute_total", digits="Account")
