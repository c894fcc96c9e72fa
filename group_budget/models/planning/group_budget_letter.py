from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ... import guard, messages

#: Fields only the Budget Office writes: the parties follow from the centres.
OFFICE_FIELDS = ("issuer_id", "acceptor_id", "centre_id", "period_id", "target_id")
#: Fields that only signing, superseding and generation write.
SIGNING_FIELDS = (
    "issuer_signed_by_id",
    "issuer_signed_on",
    "acceptor_signed_by_id",
    "acceptor_signed_on",
    "superseded_by_id",
    "version",
)
#: What the parties agree on, besides the KPI and work-task lines: fixed once
#: the letter is sent.
TERMS_FIELDS = ("veto_items",)

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
        "group.budget.input.mixin",
    ]
    _order = "period_id desc, centre_id, version desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    # Unlike the other records of a centre and year, a letter does not track them.
    centre_id = fields.Many2one(ondelete="cascade", tracking=False)
    period_id = fields.Many2one(tracking=False)
    target_id = fields.Many2one(
        "group.budget.target", required=True, ondelete="cascade", check_company=True
    )
    version = fields.Integer(default=1, readonly=True, copy=False, aggregator=None)
    state = fields.Selection(
        LETTER_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True
    )
    issuer_id = fields.Many2one(
        "res.users",
        string="Issuing Manager",
        compute="_compute_parties",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Manager of the superior centre, who issues the targets. Set from the "
        "centres; only the Budget Office may change it.",
    )
    acceptor_id = fields.Many2one(
        "res.users",
        string="Accepting Manager",
        compute="_compute_parties",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Manager of this centre, who accepts the targets. Set from the centre; "
        "only the Budget Office may change it.",
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
    may_change_parties = fields.Boolean(
        compute="_compute_may_change_parties",
        help="The Budget Office may change the parties until someone signs.",
    )

    @api.depends("centre_id.display_name", "period_id.name", "version")
    def _compute_name(self):
        for letter in self:
            letter.name = letter._letter_title()

    @api.depends("version")
    def _compute_display_name(self):
        return super()._compute_display_name()

    def _centre_year_display_name(self):
        self.ensure_one()
        return self._letter_title() if self.centre_id else (self.name or "")

    def _letter_title(self):
        """The letter's title in the language of ``self.env``."""
        self.ensure_one()
        return _(
            "Responsibility letter %(year)s · %(centre)s (v%(version)s)",
            year=self.period_id.name,
            centre=self.centre_id.display_name,
            version=self.version,
        )

    @api.depends("centre_id")
    def _compute_parties(self):
        """The superior centre's manager issues, the centre's manager accepts
        (manual §三 5.6). Read as superuser: an officer need not see the
        superior centre. Nobody is both: without a distinct superior manager
        the issuer stays empty for the Budget Office to set."""
        for letter in self:
            centre = letter.centre_id.sudo()
            acceptor = centre.manager_id
            issuer = centre.parent_id.manager_id
            letter.acceptor_id = acceptor
            letter.issuer_id = issuer if issuer != acceptor else False

    @api.depends("state", "issuer_signed_by_id", "acceptor_signed_by_id")
    @api.depends_context("uid")
    def _compute_may_change_parties(self):
        office = self.env.user.has_group("group_budget.group_budget_office")
        for letter in self:
            letter.may_change_parties = (
                office
                and letter.state in ("draft", "sent")
                and not (letter.issuer_signed_by_id or letter.acceptor_signed_by_id)
            )

    @api.constrains("centre_id", "period_id", "state")
    def _check_one_current(self):
        self._check_one_per_centre_and_year([("state", "!=", "superseded")])

    @api.constrains("issuer_id", "acceptor_id")
    def _check_parties(self):
        for letter in self:
            if letter.issuer_id and letter.issuer_id == letter.acceptor_id:
                raise ValidationError(letter._same_party_message())

    def _same_party_message(self):
        return _(
            "%(user)s cannot be both the issuing and the accepting manager of %(letter)s: "
            "the two parties must be different people.",
            user=self.issuer_id.name,
            letter=self.name,
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        """A signed letter stays, also when its target or year would be
        deleted with it (those call this first)."""
        for letter in self:
            if letter.issuer_signed_by_id or letter.acceptor_signed_by_id:
                raise UserError(
                    _(
                        "The letter %(letter)s has been signed and cannot be deleted.",
                        letter=letter.name,
                    )
                )

    def write(self, vals):
        self._check_own_signature(vals)
        self._check_protected_fields(vals)
        if set(TERMS_FIELDS).intersection(vals) and not self._is_state_move():
            self._check_terms_open()
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

    def _check_protected_fields(self, vals):
        """Parties, centre, year and target change only by the Budget Office,
        and only before anyone signs; signing records change only by signing."""
        if self.env.su or self._is_state_move():
            return
        labels = {
            name: self._fields[name]._description_string(self.env)
            for name in OFFICE_FIELDS + SIGNING_FIELDS
        }
        signing = [name for name in SIGNING_FIELDS if name in vals]
        if signing:
            raise AccessError(
                _(
                    "%(field)s of the letter %(letter)s is recorded by signing: it cannot "
                    "be written.",
                    field=labels[signing[0]],
                    letter=self[:1].name,
                )
            )
        office = [name for name in OFFICE_FIELDS if name in vals]
        if not office:
            return
        if not self.env.user.has_group("group_budget.group_budget_office"):
            raise AccessError(
                _(
                    "Only the Budget Office may change %(field)s of the letter %(letter)s.",
                    field=labels[office[0]],
                    letter=self[:1].name,
                )
            )
        signed = self.filtered(
            lambda letter: letter.issuer_signed_by_id or letter.acceptor_signed_by_id
        )
        if signed:
            raise UserError(
                _(
                    "The letter %(letter)s has already been signed by %(user)s: %(field)s "
                    "can no longer change.",
                    letter=signed[0].name,
                    user=(signed[0].issuer_signed_by_id or signed[0].acceptor_signed_by_id).name,
                    field=labels[office[0]],
                )
            )

    def _check_terms_open(self):
        """What a letter says (its KPI and work-task lines, their weights,
        targets and measures, its veto items) is what the parties sign: it
        changes only while the letter is a draft. A sent letter returns to
        draft to change, which clears its signatures
        (:meth:`action_reset_draft`); a signed one changes only through an
        adjustment, which supersedes it. Only the server's own grant
        (:data:`guard.LETTER_TERMS`) passes; no context key does."""
        if guard.holds(self, guard.LETTER_TERMS):
            return
        closed = self.filtered(lambda letter: letter.state != "draft")
        if not closed:
            return
        letter = closed[0]
        if letter.state == "sent":
            raise UserError(
                _(
                    "The letter %(letter)s has been sent: its KPIs, work tasks and veto items "
                    "can no longer change. The Budget Office returns it to draft to change "
                    "them, which clears its signatures.",
                    letter=letter.name,
                )
            )
        raise UserError(
            _("The letter %(letter)s is signed and can no longer change.", letter=letter.name)
        )

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
        office = self.env.user.has_group("group_budget.group_budget_office")
        for letter in self:
            if not office and letter.issuer_id != self.env.user:
                raise AccessError(
                    _(
                        "Only the Budget Office or the issuing manager may send the letter "
                        "%(letter)s.",
                        letter=letter.display_name,
                    )
                )
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
            if letter.issuer_id == letter.acceptor_id:
                raise UserError(letter._same_party_message())
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
            messages.post(letter, lambda local: local.env._("Signed by %(user)s.", user=user.name))
            if letter.issuer_signed_by_id and letter.acceptor_signed_by_id:
                letter.sudo()._set_state("signed")
                letter.target_id.sudo().locked = True

    def action_reset_draft(self):
        """Return sent letters to draft, so that the Budget Office may change
        what they say: the signatures given so far are cleared, and the letter
        is sent and signed again. A signed letter does not return to draft:
        an adjustment supersedes it."""
        if not self.env.user.has_group("group_budget.group_budget_office"):
            raise AccessError(
                _(
                    "Only the Budget Office may return the letter %(letter)s to draft.",
                    letter=self[:1].name,
                )
            )
        for letter in self:
            if letter.state != "sent":
                raise UserError(
                    _(
                        "Only a sent letter returns to draft; %(letter)s is %(state)s.",
                        letter=letter.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            letter.state
                        ],
                    )
                )
        self._return_to_draft()
        for letter in self:
            messages.post(
                letter,
                lambda local: local.env._("Returned to draft: the signatures are cleared."),
            )
        return True

    def _return_to_draft(self):
        """Return the letters to draft, clearing the signatures given so far:
        they are sent and signed again."""
        self._set_state(
            "draft",
            issuer_signed_by_id=False,
            issuer_signed_on=False,
            issuer_signature=False,
            acceptor_signed_by_id=False,
            acceptor_signed_on=False,
            acceptor_signature=False,
        )

    def _supersede(self):
        """Replace signed letters by new draft versions (after an adjustment),
        which releases the lock on their targets. Returns the new letters,
        drafts: the Budget Office sends them to be signed again."""
        new_letters = self.browse()
        for letter in self:
            if letter.state != "signed":
                raise UserError(_("Only a signed letter can be superseded."))
            letter.sudo()._set_state("superseded")
            letter.target_id.sudo().locked = False
            new_letters |= self.sudo().create(letter.sudo()._prepare_new_version_vals())
            letter.sudo()._set_state("superseded", superseded_by_id=new_letters[-1].id)
        return new_letters

    def _prepare_new_version_vals(self):
        """The next version says what this one says, with the values its
        target holds now (an adjustment changes them first): the same KPIs
        with their weights, the same work tasks with their weights and
        measures, the same veto items. Nothing the parties agreed is
        proposed again, so the new version keeps to the weight rules the old
        one was sent under."""
        self.ensure_one()
        values = {line.item_id: line.value for line in self.target_id.line_ids}
        Command = fields.Command
        return dict(
            self._prepare_letter_vals(self.target_id, self.version + 1),
            kpi_line_ids=[
                Command.create(
                    {
                        "item_id": kpi.item_id.id,
                        "weight": kpi.weight,
                        "target_value": values.get(kpi.item_id, kpi.target_value),
                    }
                )
                for kpi in self.kpi_line_ids
            ],
            task_line_ids=[
                Command.create(
                    {
                        "sequence": task.sequence,
                        "name": task.name,
                        "weight": task.weight,
                        "measure": task.measure,
                    }
                )
                for task in self.task_line_ids
            ],
            veto_items=self.veto_items,
        )


def _letters_of(lines, vals_list):
    """The letters whose lines ``lines`` are, and those ``vals_list`` moves
    lines to or creates them in."""
    ids = {vals["letter_id"] for vals in vals_list if vals.get("letter_id")}
    return lines.letter_id | lines.env["group.budget.letter"].browse(sorted(ids))


class GroupBudgetLetterTermMixin(models.AbstractModel):
    """A term of a letter (a KPI or a work task): what the parties agreed
    stays agreed once the letter is sent (GroupBudgetLetter._check_terms_open)."""

    _name = "group.budget.letter.term.mixin"
    _description = "Responsibility Letter Term"

    @api.model_create_multi
    def create(self, vals_list):
        _letters_of(self, vals_list)._check_terms_open()
        return super().create(vals_list)

    def write(self, vals):
        _letters_of(self, [vals])._check_terms_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_agreed(self):
        self.letter_id._check_terms_open()


class GroupBudgetLetterKpi(models.Model):
    _name = "group.budget.letter.kpi"
    _description = "Responsibility Letter KPI"
    _inherit = ["group.budget.letter.term.mixin", "group.budget.input.mixin"]
    _order = "letter_id, sequence, id"
    _check_company_auto = True

    letter_id = fields.Many2one(
        "group.budget.letter", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="letter_id.company_id", store=True, index=True)
    sequence = fields.Integer(related="item_id.sequence", store=True, aggregator=None)
    item_id = fields.Many2one(
        "group.budget.item", string="Budget Item", required=True, check_company=True
    )
    target_value = fields.Float(string="Target", digits="Account")
    uom_label = fields.Char(related="item_id.uom_label")
    weight = fields.Float(default=1.0)

    @api.depends("letter_id.display_name", "item_id.display_name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.letter_id.display_name} · {line.item_id.display_name}"


class GroupBudgetLetterTask(models.Model):
    _name = "group.budget.letter.task"
    _description = "Responsibility Letter Work Task"
    _inherit = ["group.budget.letter.term.mixin", "group.budget.input.mixin"]
    _order = "letter_id, sequence, id"

    letter_id = fields.Many2one(
        "group.budget.letter", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10, aggregator=None)
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
