from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class GroupBudgetCentreYearMixin(models.AbstractModel):
    """Records of a centre for a budget year: those it has once per year
    (targets, budgets, current letters) and its requests (additions,
    adjustments). The mixin declares the centre, the year (with
    ``check_company=True``), the company (the centre's, stored, computed by
    :meth:`_compute_company_id`) and its currency; a model overrides only
    the attributes of its own (a label, a domain, what deleting the year
    does, whether changes are tracked). The inheriting model sets
    ``_check_company_auto = True``: the centre, the year and the items of a
    document then belong to the same company on every path (form, import,
    RPC)."""

    _name = "group.budget.centre.year.mixin"
    _description = "One per Centre and Budget Year"
    _inherit = ["group.budget.centre.company.mixin"]

    centre_id = fields.Many2one(
        "group.budget.centre", required=True, index=True, ondelete="restrict", tracking=True
    )
    period_id = fields.Many2one(
        "group.budget.period",
        string="Budget Year",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # The stored name is written once, in the creator's language; the
    # display name follows the reader's, and a search by name also finds
    # the centre's name in any language and its code.
    _rec_names_search = ["name", "centre_id"]

    def _valid_field_parameter(self, field, name):
        # The inheriting records are mail threads: they track their centre
        # and year (mail.thread accepts the parameter on the records alone).
        return name == "tracking" or super()._valid_field_parameter(field, name)

    @api.depends("centre_id.display_name", "period_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for record in self:
            record.display_name = record._centre_year_display_name()

    def _centre_year_display_name(self):
        """The record's title in the reader's language: year and centre."""
        self.ensure_one()
        if not self.centre_id:
            return self.name or ""
        return f"{self.period_id.name or ''} · {self.centre_id.display_name}"

    @api.constrains("centre_id")
    def _check_centre_company(self):
        """A new centre may bring a new company: check every company-bound
        field again (Odoo checks only the written fields on its own)."""
        self._check_company()

    def _check_one_per_centre_and_year(self, extra_domain=None):
        """Refuse a second record of the same centre and year, in one grouped
        query."""
        rows = self._read_group(
            [("centre_id", "in", self.centre_id.ids), ("period_id", "in", self.period_id.ids)]
            + (extra_domain or []),
            ["centre_id", "period_id"],
            ["__count"],
        )
        for centre, period, count in rows:
            if count > 1:
                raise ValidationError(
                    _(
                        "%(centre)s already has a %(record)s for the budget year %(year)s.",
                        centre=centre.display_name,
                        record=self.env["ir.model"]._get(self._name).name,
                        year=period.name,
                    )
                )
