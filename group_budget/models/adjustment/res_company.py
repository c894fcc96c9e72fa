from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    # Each capability extends the model in its own folder, so that it can
    # move into an add-on of its own (README, "Where things are").
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    group_budget_adjustment_threshold = fields.Float(
        string="Adjustment Threshold (%)",
        default=20.0,
        help="A mid-year adjustment qualifies when its forecast deviation, its "
        "resources or losses, or its impact on revenue or net assets reach this "
        "percentage (manual §七 5).",
    )

    @api.constrains("group_budget_adjustment_threshold")
    def _check_group_budget_adjustment_threshold(self):
        for company in self:
            if not 0 < company.group_budget_adjustment_threshold <= 100:
                raise ValidationError(
                    _("The adjustment threshold must be a percentage above 0 and at most 100.")
                )
