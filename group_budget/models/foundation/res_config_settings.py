from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    budget_revision_threshold = fields.Float(
        related="company_id.group_budget_revision_threshold", readonly=False
    )

    budget_general_manager_id = fields.Many2one(
        related="company_id.group_budget_general_manager_id", readonly=False
    )
    budget_board_member_ids = fields.Many2many(
        related="company_id.group_budget_board_member_ids", readonly=False
    )

    @api.constrains("budget_revision_threshold")
    def _check_group_budget_revision_threshold(self):
        for settings in self:
            if not 0 < settings.budget_revision_threshold <= 100:
                raise ValidationError(
                    _("The revision threshold must be a percentage above 0 and at most 100.")
                )

    budget_adjustment_threshold = fields.Float(
        related="company_id.group_budget_adjustment_threshold", readonly=False
    )

    budget_warning_month_days = fields.Integer(
        related="company_id.group_budget_warning_month_days", readonly=False
    )
    budget_warning_quarter_months = fields.Integer(
        related="company_id.group_budget_warning_quarter_months", readonly=False
    )
    budget_warning_year_months = fields.Integer(
        related="company_id.group_budget_warning_year_months", readonly=False
    )

    def action_rebuild_group_budget_actual_totals(self):
        return self.env["group.budget.actuals"].action_rebuild_actual_totals()

    def action_check_group_budget_actual_totals(self):
        return self.env["group.budget.actuals"].action_check_actual_totals()
