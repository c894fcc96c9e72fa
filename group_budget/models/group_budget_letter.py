from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

LETTER_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("signed", "Signed"),
    ("superseded", "Superseded"),
]


class GroupBudgetLetter(models.Model):
    """Responsibility letter (预算目标责任书, manual §三 5.6, §四 5.5)."""

    _name = "group.budget.letter"
    _description = "Responsibility Letter"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "group.budget.state.mixin",
        "group.budget.centre.year.mixin",
    ]
    _order = "period_id desc, centre_id, version desc"

    name = fields.Char(compute="_compute_name", store=True)
    centre_id = fields.Many2one(
        "group.budget.centre", required=True, index=True, ondelete="cascade"
    )
    period_id = fields.Many2one(
        "group.budget.period", string="Budget Year", required=True, index=True, ondelete="cascade"
    )
    target_id = fields.Many2one("group.budget.target", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="centre_id.company_id", store=True, index=True)
    version = fields.Integer(default=1, readonly=True, copy=False)
    state = fields.Selection(
        LETTER_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True
    )
    issuer_id = fields.Many2one(
        "res.users",
        string="Issuing Manager",
        help="Manager of the superior centre, who issues the targets.",
    )
    acceptor_id = fields.Many2one(
        "res.users",
        string="Accepting Manager",
        help="Manager of this centre, who accepts the targets.",
    )
    kpi_line_ids = fields.One2many(
        "group.budget.letter.kpi", "letter_id", string="KPI Lines", copy=True
    )
    task_line_ids = fields.One2many(
        "group.budget.letter.task", "letter_id", string="Work Tasks (GS)", copy=True
    )
    veto_items = fields.Text(
        help="Conditions that fail the whole appraisal on their own (一票否决).",
    )
    issuer_signed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    issuer_signed_on = fields.Datetime(readonly=True, copy=False)
    issuer_signature = fields.Image(copy=False, max_width=1024, max_height=1024)
    acceptor_signed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    acceptor_signed_on = fields.Datetime(readonly=True, copy=False)
    acceptor_signature = fields.Image(copy=False, max_width=1024, max_height=1024)
    superseded_by_id = fields.Many2one("group.budget.letter", readonly=True, copy=False)

    @api.depends("centre_id.display_name", "period_id.name", "version")
    def _compute_name(self):
        for letter in self:
            letter.name = _(
                "Responsibility letter %(year)s · %(centre)s (v%(version)s)",
                year=letter.period_id.name,
                centre=letter.centre_id.display_name,
                version=letter.version,
            )

    @api.constrains("centre_id", "period_id", "state")
    def _check_one_current(self):
        self._check_one_per_centre_and_year([("state", "!=", "superseded")])

    def write(self, vals):
        self._check_own_signature(vals)
        protected = set(vals) - {
            "issuer_signature",
            "acceptor_signature",
            "message_main_attachment_id",
        }
        if protected and not self._is_state_move():
            frozen = self.filtered(lambda letter: letter.state in ("signed", "superseded"))
            if frozen:
                raise UserError(
                    _(
                        "The letter %(letter)s is signed and can no longer change.",
                        letter=frozen[0].name,
                    )
                )
        return super().write(vals)

    def _check_own_signature(self, vals):
        """Each party draws only their own signature."""
        if self.env.su or self._is_state_move():
            return
        for field, party in (
            ("issuer_signature", "issuer_id"),
            ("acceptor_signature", "acceptor_id"),
        ):
            if field not in vals:
                continue
            others = self.filtered(lambda letter, p=party: letter[p] != self.env.user)
            if others:
                raise AccessError(
                    _(
                        "Only %(party)s may draw this signature on %(letter)s.",
                        party=others[0][party].name or _("the party"),
                        letter=others[0].name,
                    )
                )

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    @api.model
    def _prepare_letter_vals(self, target, version=1):
        return {
            "centre_id": target.centre_id.id,
            "period_id": target.period_id.id,
            "target_id": target.id,
            "version": version,
            "issuer_id": target.centre_id.parent_id.manager_id.id,
            "acceptor_id": target.centre_id.manager_id.id,
            "kpi_line_ids": [
                fields.Command.create({"item_id": line.item_id.id, "target_value": line.value})
                for line in target.line_ids
            ],
        }

    @api.model
    def _generate_for_targets(self, targets):
        """Create, in one batch, a draft letter for every agreed target that has
        no current letter yet."""
        not_agreed = targets.filtered(lambda t: t.state != "agreed")
        if not_agreed:
            raise UserError(
                _(
                    "Letters are generated from agreed targets; %(target)s is not agreed yet.",
                    target=not_agreed[0].name,
                )
            )
        existing = self.search(
            [("target_id", "in", targets.ids), ("state", "!=", "superseded")]
        ).target_id
        todo = targets - existing
        return self.create([self._prepare_letter_vals(target) for target in todo])

    # ------------------------------------------------------------------
    # Sending and signing
    # ------------------------------------------------------------------
    def action_send(self):
        for letter in self:
            if letter.state != "draft":
                raise UserError(_("Only a draft letter can be sent."))
            if not letter.acceptor_id or not letter.issuer_id:
                raise UserError(
                    _(
                        "The letter %(letter)s needs an issuing and an accepting manager: set "
                        "the managers of %(centre)s and of its superior centre.",
                        letter=letter.name,
                        centre=letter.centre_id.display_name,
                    )
                )
        self._set_state("sent")
        template = self.env.ref("group_budget.mail_template_letter_sent")
        for letter in self:
            letter.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=letter.acceptor_id.partner_id.ids,
            )

    def action_sign(self, signature=None):
        """Sign as whichever party the current user is. Both signatures make
        the letter signed and lock the centre's target lines."""
        user = self.env.user
        for letter in self:
            if letter.state != "sent":
                raise UserError(
                    _("The letter %(letter)s must be sent before it is signed.", letter=letter.name)
                )
            vals = {}
            if user == letter.issuer_id and not letter.issuer_signed_by_id:
                vals = {"issuer_signed_by_id": user.id, "issuer_signed_on": fields.Datetime.now()}
                if signature:
                    vals["issuer_signature"] = signature
            elif user == letter.acceptor_id and not letter.acceptor_signed_by_id:
                vals = {
                    "acceptor_signed_by_id": user.id,
                    "acceptor_signed_on": fields.Datetime.now(),
                }
                if signature:
                    vals["acceptor_signature"] = signature
            elif user in (letter.issuer_id | letter.acceptor_id):
                raise UserError(_("You have already signed %(letter)s.", letter=letter.name))
            else:
                raise AccessError(
                    _(
                        "Only the issuing manager (%(issuer)s) and the accepting manager "
                        "(%(acceptor)s) sign %(letter)s.",
                        issuer=letter.issuer_id.name,
                        acceptor=letter.acceptor_id.name,
                        letter=letter.name,
                    )
                )
            letter.sudo()._set_state(letter.state, **vals)
            letter.message_post(body=_("Signed by %(user)s.", user=user.name))
            if letter.issuer_signed_by_id and letter.acceptor_signed_by_id:
                letter.sudo()._set_state("signed")
                letter.target_id.sudo().locked = True

    def _supersede(self):
        """Replace signed letters by new draft versions (after an adjustment),
        which releases the lock on their targets. Returns the new letters."""
        new_letters = self.browse()
        for letter in self:
            if letter.state != "signed":
                raise UserError(_("Only a signed letter can be superseded."))
            letter.sudo()._set_state("superseded")
            letter.target_id.sudo().locked = False
            new_letters |= self.sudo().create(
                dict(
                    self._prepare_letter_vals(letter.target_id, letter.version + 1),
                    task_line_ids=[
                        fields.Command.create(
                            {"name": t.name, "weight": t.weight, "measure": t.measure}
                        )
                        for t in letter.task_line_ids
                    ],
                    veto_items=letter.veto_items,
                )
            )
            letter.sudo()._set_state("superseded", superseded_by_id=new_letters[-1].id)
        return new_letters


class GroupBudgetLetterKpi(models.Model):
    _name = "group.budget.letter.kpi"
    _description = "Responsibility Letter KPI"
    _order = "letter_id, sequence, id"

    letter_id = fields.Many2one(
        "group.budget.letter", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(related="item_id.sequence", store=True)
    item_id = fields.Many2one("group.budget.item", string="Budget Item", required=True)
    target_value = fields.Float(string="Target", digits="Account")
    uom_label = fields.Char(related="item_id.uom_label")
    weight = fields.Float(default=1.0)


class GroupBudgetLetterTask(models.Model):
    _name = "group.budget.letter.task"
    _description = "Responsibility Letter Work Task"
    _order = "letter_id, sequence, id"

    letter_id = fields.Many2one(
        "group.budget.letter", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Work Task", required=True)
    weight = fields.Float(default=1.0)
    measure = fields.Char(help="How completion is measured.")

    @api.constrains("weight")
    def _check_weight(self):
        for task in self:
            if task.weight <= 0:
                raise ValidationError(
                    _("The weight of the work task %(task)s must be positive.", task=task.name)
                )
