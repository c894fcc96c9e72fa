from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ... import messages
from ...logic import breakdown, target_rules

TARGET_STATES = [
    ("draft", "Draft"),
    ("issued", "Issued"),
    ("revision", "Revision Proposed"),
    ("agreed", "Agreed"),
]


class GroupBudgetTarget(models.Model):
    _name = "group.budget.target"
    _description = "Budget Target"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "group.budget.state.mixin",
        "group.budget.centre.year.mixin",
        "group.budget.input.mixin",
    ]
    _order = "period_id desc, centre_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    centre_id = fields.Many2one(ondelete="cascade")
    parent_centre_id = fields.Many2one(related="centre_id.parent_id", string="Superior Centre")
    state = fields.Selection(
        TARGET_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True
    )
    line_ids = fields.One2many("group.budget.target.line", "target_id", string="Lines", copy=True)
    revision_reason = fields.Text(
        tracking=True,
        help="Why the centre's resources do not match the issued target (修正案).",
    )
    issued_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_issued = fields.Datetime(string="Issued On", readonly=True, copy=False)
    date_agreed = fields.Datetime(string="Agreed On", readonly=True, copy=False)
    locked = fields.Boolean(
        readonly=True,
        copy=False,
        help="Set while a signed responsibility letter holds the target.",
    )
    revision_threshold = fields.Float(related="company_id.group_budget_revision_threshold")
    may_propose_revision = fields.Boolean(compute="_compute_may_propose_revision")

    @api.depends("centre_id.display_name", "period_id.name")
    def _compute_name(self):
        for target in self:
            target.name = f"{target.period_id.name} · {target.centre_id.display_name}"

    @api.depends("line_ids.may_revise")
    def _compute_may_propose_revision(self):
        for target in self:
            target.may_propose_revision = any(target.line_ids.mapped("may_revise"))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed_letter(self):
        # Its letters would go with it: not the signed ones.
        self.env["group.budget.letter"].sudo().search(
            [("target_id", "in", self.ids)]
        )._unlink_except_signed()

    @api.constrains("centre_id", "period_id")
    def _check_unique(self):
        self._check_one_per_centre_and_year()

    # ------------------------------------------------------------------
    # Flow
    # ------------------------------------------------------------------
    def _check_office(self):
        if not self.env.user.has_group("group_budget.group_budget_office"):
            raise AccessError(_("Only the Budget Office may issue or decide on targets."))

    def _check_state(self, allowed, action):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for target in self:
            if target.state not in allowed:
                raise UserError(
                    _(
                        "The target %(target)s is %(state)s: it cannot be %(action)s.",
                        target=target.name,
                        state=labels[target.state],
                        action=action,
                    )
                )

    def _mismatches(self):
        """Sum items whose children's targets do not add up to their parent's,
        in the same year, around the centres of these targets. One query."""
        years = set(self.period_id.mapped("year"))
        lines = self.env["group.budget.target.line"].search_fetch(
            [("year", "in", list(years))],
            ["centre_id", "item_id", "value", "year"],
        )
        by_key = {(line.year, line.centre_id.id, line.item_id.id): line for line in lines}
        children = {}
        for (year, _centre, item_id), line in by_key.items():
            parent = line.centre_id.parent_id
            if parent and (year, parent.id, item_id) in by_key:
                children.setdefault((year, parent.id, item_id), []).append(line.value)
        scope = set(self.centre_id.ids) | set(self.centre_id.parent_id.ids)
        rows = [
            (key, key[2], by_key[key].item_id.aggregation, by_key[key].value, values)
            for key, values in children.items()
            if key[1] in scope
        ]
        digits = self.currency_id[:1].decimal_places or 2
        return [
            (by_key[key].centre_id, by_key[key].item_id, expected, found)
            for key, _item, expected, found in breakdown.find_mismatches(rows, digits)
        ]

    @api.model
    def _format_mismatches(self, mismatches):
        lines = []
        for centre, item, expected, found in mismatches:
            currency = centre.company_id.currency_id
            lines.append(
                _(
                    "• %(centre)s, %(item)s: the parent's target is %(expected)s, its "
                    "children add up to %(found)s",
                    centre=centre.display_name,
                    item=item.display_name,
                    expected=messages.figure(self.env, expected, item, currency),
                    found=messages.figure(self.env, found, item, currency),
                )
            )
        return "\n".join(lines)

    def action_issue(self):
        """Issue (下达) the targets to their centres. Refused while children's
        targets do not add up to their parents'."""
        self._check_office()
        self._check_state(("draft",), _("issued"))
        mismatches = self._mismatches()
        if mismatches:
            raise UserError(
                _(
                    "The targets cannot be issued while the breakdown across centres "
                    "does not add up:\n%(list)s",
                    list=self._format_mismatches(mismatches),
                )
            )
        self._set_state("issued", issued_by_id=self.env.uid, date_issued=fields.Datetime.now())
        for target in self:
            messages.post(
                target,
                lambda local: local.env._(
                    "Targets issued to %(centre)s.", centre=local.centre_id.display_name
                ),
                partners=target.centre_id.manager_id.partner_id,
            )

    def action_reset_draft(self):
        self._check_office()
        self._check_state(("issued",), _("reset to draft"))
        self._set_state("draft", issued_by_id=False, date_issued=False)

    def action_agree(self):
        """The centre accepts the issued target as it stands."""
        self._check_state(("issued",), _("agreed"))
        self.line_ids._set_agreed({line: line.issued_value for line in self.line_ids})
        self._set_state("agreed", date_agreed=fields.Datetime.now())
        self.line_ids.sudo()._apply_breakdown()
        for target in self:
            messages.post(
                target, lambda local: local.env._("The issued targets are agreed as they stand.")
            )

    def action_propose_revision(self):
        """The centre proposes a revision (修正案) of lines whose estimate is at
        least the threshold away from the issued target."""
        self._check_state(("issued",), _("revised"))
        for target in self:
            if not (target.revision_reason or "").strip():
                raise ValidationError(
                    _(
                        "Give the reasons of the revision proposal of %(target)s.",
                        target=target.name,
                    )
                )
            proposed = target.line_ids.filtered(lambda line: line.proposed_value is not False)
            proposed = proposed.filtered("has_proposal")
            if not proposed:
                raise ValidationError(
                    _("Propose a value on at least one line of %(target)s.", target=target.name)
                )
            too_close = proposed.filtered(lambda line: not line.may_revise)
            if too_close:
                raise ValidationError(
                    _(
                        "A revision may only be proposed where the centre's estimate differs "
                        "from the issued target by at least %(threshold)s%%. Not so for: "
                        "%(items)s.",
                        threshold=messages.number(self.env, target.revision_threshold),
                        items=", ".join(too_close.item_id.mapped("display_name")),
                    )
                )
        self._set_state("revision")
        for target in self:
            messages.post(
                target,
                lambda local: local.env._(
                    "Revision proposed: %(reason)s", reason=local.revision_reason
                ),
            )

    def _decide_revision(self, accepted):
        self._check_office()
        self._check_state(("revision",), _("decided"))
        for target in self:
            agreed = target_rules.agreed_values(
                {
                    line.id: (line.issued_value, line.proposed_value if line.has_proposal else None)
                    for line in target.line_ids
                },
                accepted,
            )
            target.line_ids._set_agreed({line: agreed[line.id] for line in target.line_ids})
        self._set_state("agreed", date_agreed=fields.Datetime.now())
        self.line_ids.sudo()._apply_breakdown()

    def action_accept_revision(self):
        self._decide_revision(accepted=True)
        for target in self:
            messages.post(
                target,
                lambda local: local.env._("Revision accepted: the proposed values are agreed."),
            )

    def action_reject_revision(self):
        self._decide_revision(accepted=False)
        for target in self:
            messages.post(
                target,
                lambda local: local.env._("Revision rejected: the issued values are agreed."),
            )

    def action_breakdown(self):
        """Recompute the monthly breakdown of every line."""
        self.line_ids._apply_breakdown()
