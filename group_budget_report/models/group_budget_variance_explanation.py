from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.group_budget import guard

# Figures from the ledger: only the analysis writes them.
LEDGER_FIELDS = {"actual", "budget"}


class GroupBudgetVarianceExplanation(models.Model):
    """A centre's explanation of a material variance (manual §六 2.4, 4.2):
    the cause, internal or external, the person responsible and the
    improvement measures; the Budget Office confirms it. The next period's
    report shows how the measures were carried out (上期改进建议执行情况追踪)."""

    _name = "group.budget.variance.explanation"
    _description = "Variance Explanation"
    _inherit = ["mail.thread", "mail.activity.mixin", "group.budget.input.mixin"]
    _check_company_auto = True
    _order = "date desc, centre_id, item_id"

    centre_id = fields.Many2one(
        "group.budget.centre", required=True, check_company=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        related="centre_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    item_id = fields.Many2one(
        "group.budget.item", string="Budget Item", check_company=True, tracking=True
    )
    date = fields.Date(
        string="Month", required=True, help="The month of the analysed period.", tracking=True
    )
    period_kind = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("ytd", "Year to Date"), ("year", "Year")],
        string="Period",
        required=True,
        default="month",
    )
    # The ledger's figures, written by the analysis (action_explain), never by hand.
    actual = fields.Monetary(readonly=True)
    budget = fields.Monetary(readonly=True)
    variance = fields.Monetary(compute="_compute_variance", store=True)
    cause_type = fields.Selection(
        [("internal", "Internal"), ("external", "External")],
        string="Cause",
        tracking=True,
    )
    cause = fields.Text(string="Explanation")
    responsible_id = fields.Many2one("res.users", string="Person Responsible", tracking=True)
    measures = fields.Text(string="Improvement Measures")
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed by", readonly=True)
    measure_status = fields.Selection(
        [("open", "Not started"), ("progress", "In progress"), ("done", "Carried out")],
        string="Measures Carried Out",
        default="open",
        tracking=True,
        help="How the improvement measures were carried out, reported in the next period.",
    )
    follow_up = fields.Text(string="Follow-up of the Measures")

    @api.depends("actual", "budget")
    def _compute_variance(self):
        for explanation in self:
            explanation.variance = explanation.actual - explanation.budget

    @api.depends("centre_id.display_name", "item_id.display_name", "date")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for explanation in self:
            explanation.display_name = " / ".join(
                name
                for name in (
                    explanation.centre_id.display_name,
                    explanation.item_id.display_name or _("Profit"),
                    explanation.date and explanation.date.strftime("%Y-%m"),
                )
                if name
            )

    @api.model_create_multi
    def create(self, vals_list):
        if any(
            vals.get("state", "draft") != "draft" or vals.get("confirmed_by_id")
            for vals in vals_list
        ):
            raise UserError(_("A variance explanation starts as a draft."))
        if not self.env.su and any(LEDGER_FIELDS & set(vals) for vals in vals_list):
            self._check_ledger_figures()
        return super().create(vals_list)

    def write(self, vals):
        if {"state", "confirmed_by_id"} & set(vals):
            raise UserError(
                _("The state of a variance explanation changes only through its buttons.")
            )
        if LEDGER_FIELDS & set(vals):
            self._check_ledger_figures()
        follow_up_only = not set(vals) - {"measure_status", "follow_up"}
        if not follow_up_only and any(explanation.state == "confirmed" for explanation in self):
            raise UserError(
                _(
                    "A confirmed variance explanation is read-only: only the follow-up "
                    "of its measures changes."
                )
            )
        return super().write(vals)

    def _check_ledger_figures(self):
        if not guard.holds(self, guard.LEDGER_FIGURES):
            raise UserError(
                _(
                    "The budget and the actual of a variance explanation are the ledger's "
                    "figures: they are not entered by hand."
                )
            )

    def _set_state(self, vals):
        """Write a state change of a button: past the guard of :meth:`write`
        (a context key could be sent over RPC; this call cannot)."""
        return super().write(vals)

    def action_submit(self):
        for explanation in self:
            if explanation.state != "draft":
                raise UserError(_("Only a draft explanation can be submitted."))
            missing = [
                label
                for field, label in (
                    ("cause_type", _("Cause")),
                    ("cause", _("Explanation")),
                    ("responsible_id", _("Person Responsible")),
                    ("measures", _("Improvement Measures")),
                )
                if not explanation[field]
            ]
            if missing:
                raise UserError(
                    _(
                        "Explanation of %(name)s: fill in %(fields)s before submitting.",
                        name=explanation.display_name,
                        fields=", ".join(missing),
                    )
                )
        self._set_state({"state": "submitted"})

    def action_confirm(self):
        if not self.env.user.has_group("group_budget.group_budget_office"):
            raise AccessError(_("Only the Budget Office confirms variance explanations."))
        if any(explanation.state != "submitted" for explanation in self):
            raise UserError(_("Only a submitted explanation can be confirmed."))
        self._set_state({"state": "confirmed", "confirmed_by_id": self.env.user.id})

    def action_reset_draft(self):
        if not self.env.user.has_group("group_budget.group_budget_office"):
            raise AccessError(_("Only the Budget Office returns variance explanations to draft."))
        self._set_state({"state": "draft", "confirmed_by_id": False})
