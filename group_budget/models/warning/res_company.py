from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ...logic import warning_rules

WINDOW_FIELDS = {
    "month": "group_budget_warning_month_days",
    "quarter": "group_budget_warning_quarter_months",
    "year": "group_budget_warning_year_months",
}


class ResCompany(models.Model):
    # Each capability extends the model in its own folder, so that it can
    # move into an add-on of its own (README, "Where things are").
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    group_budget_warning_month_days = fields.Integer(
        string="Monthly Warning Window (days)",
        default=warning_rules.DEFAULT_WINDOWS["month"],
        help="Warnings on monthly indicators are raised in the last days of "
        "each month: a week by default (manual §五 4.5).",
    )
    group_budget_warning_quarter_months = fields.Integer(
        string="Quarterly Warning Window (months)",
        default=warning_rules.DEFAULT_WINDOWS["quarter"],
        help="Warnings on quarterly indicators are raised in the last months "
        "of each quarter: one by default.",
    )
    group_budget_warning_year_months = fields.Integer(
        string="Yearly Warning Window (months)",
        default=warning_rules.DEFAULT_WINDOWS["year"],
        help="Warnings on yearly indicators are raised in the last months of "
        "the year: the last quarter by default.",
    )

    def _group_budget_warning_windows(self):
        self.ensure_one()
        return {
            "month": self.group_budget_warning_month_days,
            "quarter": self.group_budget_warning_quarter_months,
            "year": self.group_budget_warning_year_months,
        }

    @api.constrains(
        "group_budget_warning_month_days",
        "group_budget_warning_quarter_months",
        "group_budget_warning_year_months",
    )
    def _check_group_budget_warning_windows(self):
        for company in self:
            try:
                warning_rules.check_windows(company._group_budget_warning_windows())
            except warning_rules.WarningRuleError as error:
                fname = WINDOW_FIELDS[error.details["horizon"]]
                raise ValidationError(
                    _(
                        "%(setting)s must be between %(low)s and %(high)s.",
                        setting=company._fields[fname]._description_string(self.env),
                        low=error.details["low"],
                        high=error.details["high"],
                    )
                ) from error

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["group.budget.warning.rule"].sudo()._create_default_rules(companies)
        return companies
