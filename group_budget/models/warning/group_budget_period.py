from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ...logic import warning_rules

PERIOD_WINDOW_FIELDS = {
    "month": "warning_month_days",
    "quarter": "warning_quarter_months",
    "year": "warning_year_months",
}


class GroupBudgetPeriod(models.Model):
    """A budget year's own warning windows (0 keeps the company's, manual §五 4.5)."""

    # Each capability extends the model in its own folder, so that it can
    # move into an add-on of its own (README, "Where things are").
    _inherit = "group.budget.period"  # pylint: disable=consider-merging-classes-inherited

    warning_month_days = fields.Integer(
        string="Monthly Warning Window (days)", help="0: the company's setting."
    )
    warning_quarter_months = fields.Integer(
        string="Quarterly Warning Window (months)", help="0: the company's setting."
    )
    warning_year_months = fields.Integer(
        string="Yearly Warning Window (months)", help="0: the company's setting."
    )

    def _warning_windows(self):
        self.ensure_one()
        windows = self.company_id._group_budget_warning_windows()
        for horizon, fname in PERIOD_WINDOW_FIELDS.items():
            if self[fname]:
                windows[horizon] = self[fname]
        return windows

    @api.constrains(*PERIOD_WINDOW_FIELDS.values())
    def _check_warning_windows(self):
        for period in self:
            for horizon, fname in PERIOD_WINDOW_FIELDS.items():
                if not period[fname]:
                    continue
                try:
                    warning_rules.check_windows({horizon: period[fname]})
                except warning_rules.WarningRuleError as error:
                    raise ValidationError(
                        _(
                            "%(setting)s must be between %(low)s and %(high)s.",
                            setting=period._fields[fname]._description_string(self.env),
                            low=error.details["low"],
                            high=error.details["high"],
                        )
                    ) from error
