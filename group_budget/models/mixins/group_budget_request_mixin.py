from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from ... import guard, messages

REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]


class GroupBudgetRequestMixin(models.AbstractModel):
    """A request to change approved budgets of a year (additions, adjustments).

    A centre drafts it; once submitted it no longer changes and goes through
    the review steps (:class:`group.budget.review.mixin`). A rejection
    changes nothing and tells the applicant; a rejected request goes back to
    draft to be corrected and submitted again. The approval calls
    :meth:`_apply`, which changes the budgets, then stores a new version of
    each budget changed (carried up to the ancestors' consolidated lines)
    and tells each budget in its chatter.

    The inheriting model lists the fields that only a draft takes
    (``_draft_only_fields``), names the kind of version it stores
    (``_version_kind``) and implements :meth:`_apply`; the other hooks are
    optional.
    """

    _name = "group.budget.request.mixin"
    _description = "Budget Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "group.budget.state.mixin",
        # Before tier.validation, so that its review hooks come first.
        "group.budget.review.mixin",
        "tier.validation",
        "group.budget.centre.year.mixin",
    ]
    _order = "id desc"
    # Review steps (OCA base_tier_validation) lie between submitted and
    # approved; administrators configure them as tier definitions.
    _state_from = ["submitted"]
    _state_to = ["approved"]
    _cancel_state = "draft"
    _tier_validation_manual_config = False
    _check_company_auto = True
    # A request is known by its reference, not by its centre and year.
    _rec_names_search = ["name"]
    #: Fields that change only while the request is a draft.
    _draft_only_fields = frozenset()
    #: The kind of the budget versions the approval stores.
    _version_kind = None

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default=lambda self: _("New")
    )
    # A request changes the budgets of a year being executed.
    period_id = fields.Many2one(ondelete="restrict", domain="[('state', '=', 'executing')]")
    state = fields.Selection(
        REQUEST_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True
    )

    def _centre_year_display_name(self):
        self.ensure_one()
        return self.name or ""

    def _document(self):
        """The kind of request, in the reader's language."""
        return self.env["ir.model"]._get(self._name).name

    def _money(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    # ------------------------------------------------------------------
    # Numbering, draft freeze, deletion
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(self._name) or _("New")
        return super().create(vals_list)

    def write(self, vals):
        # The request's own flow (a state move) writes what it keeps.
        if self._draft_only_fields.intersection(vals) and not self._is_state_move():
            self._check_draft()
        return super().write(vals)

    def _check_draft(self):
        frozen = self.filtered(lambda request: request.state != "draft")
        if frozen:
            raise UserError(
                _(
                    "The %(document)s %(name)s has been submitted: it can no longer be changed.",
                    document=self._document(),
                    name=frozen[0].name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if self.filtered(lambda request: request.state not in ("draft", "rejected")):
            raise UserError(
                _(
                    "Only a draft or rejected %(document)s can be deleted.",
                    document=self._document(),
                )
            )

    # ------------------------------------------------------------------
    # Flow
    # ------------------------------------------------------------------
    def action_submit(self):
        for request in self:
            if request.state != "draft":
                raise UserError(
                    _("Only a draft %(document)s can be submitted.", document=self._document())
                )
        self._check_submit()
        # One by one: what a request keeps at its submission may depend on
        # the ones submitted before it.
        for request in self:
            request._set_state(
                "submitted",
                submitted_by_id=self.env.uid,
                date_submitted=fields.Datetime.now(),
                **request._submit_vals(),
            )
        self._request_reviews()
        return True

    def _check_submit(self):
        """Refuse to submit requests that are not ready (hook)."""

    def _submit_vals(self):
        """What the request keeps at its submission, beyond who submitted it
        and when (hook)."""
        self.ensure_one()
        return {}

    def reject_tier(self):
        res = super().reject_tier()
        if self.validation_status == "rejected":
            # A state base_tier_validation does not know: tell it the
            # transition is intended.
            guard.grant(self, guard.REVIEW_END)._set_state("rejected")
            messages.post(
                self,
                lambda local: local.env._("Rejected: the budgets stay as they were."),
                partners=self.submitted_by_id.partner_id,
            )
        return res

    def action_draft(self):
        """Back to draft after a rejection, to correct and submit again."""
        for request in self:
            if request.state != "rejected":
                raise UserError(
                    _(
                        "Only a rejected %(document)s goes back to draft.",
                        document=self._document(),
                    )
                )
        self.restart_validation()
        self._set_state("draft", **self._draft_vals())
        return True

    def _draft_vals(self):
        """What going back to draft clears (hook)."""
        return {}

    def _action_approve(self):
        """Change the budgets, carry the changes up to the ancestors'
        consolidated lines, store the new versions and tell each budget."""
        self._check_approval()
        Budget = self.env["group.budget"].sudo()
        # The reviews are done: the reviewers may change budgets they cannot
        # edit themselves.
        for request in self.sudo():
            budgets, changes = request._apply()
            versions = Budget._store_new_versions(
                request, budgets, changes, request._version_kind, stop=request._set_top_down()
            )
            request._set_state("approved", **request._approved_vals(budgets, versions))
            for budget in budgets:
                messages.post(budget, request._approved_note)
            request._after_approval()

    def _check_approval(self):
        """Refuse to approve requests that can no longer be applied (hook)."""

    def _apply(self):
        """Change the budgets as the request says. Returns the budgets
        changed, the request's own first, and the changes, ``(centre, item,
        monthly changes)``."""
        raise NotImplementedError

    def _set_top_down(self):
        """The ``(centre id, item id)`` whose lines the request sets itself:
        their changes are carried up no further (hook)."""
        return set()

    def _approved_vals(self, budgets, versions):
        """What the approved request keeps: the new ``versions`` of the
        ``budgets`` changed (hook)."""
        self.ensure_one()
        return {}

    def _after_approval(self):
        """What follows the approval of the request (hook)."""

    def _approved_note(self, budget):
        """What the approval says on ``budget``, in its reader's language."""
        raise NotImplementedError
