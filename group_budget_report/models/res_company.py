from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    group_budget_materiality_threshold = fields.Float(
        string="Materiality Threshold (%)",
        default=10.0,
        help="Variances of this percentage of the budget or more, either way, "
        "are flagged for detailed analysis (manual §六 2.2).",
    )

    @api.constrains("group_budget_materiality_threshold")
    def _check_group_budget_materiality_threshold(self):
        for company in self:
            if not 0 < company.group_budget_materiality_threshold <= 100:
                raise ValidationError(
                    _("The materiality threshold must be a percentage above 0 and at most 100.")
                )
