from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ...logic import breakdown

WEIGHT_FIELDS = [f"weight_{month:02d}" for month in range(1, 13)]


class GroupBudgetProfile(models.Model):
    _name = "group.budget.profile"
    _description = "Seasonal Profile"
    _inherit = ["group.budget.input.mixin"]
    _order = "name"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)
    weight_01 = fields.Float(string="Jan", default=1.0)
    weight_02 = fields.Float(string="Feb", default=1.0)
    weight_03 = fields.Float(string="Mar", default=1.0)
    weight_04 = fields.Float(string="Apr", default=1.0)
    weight_05 = fields.Float(string="May", default=1.0)
    weight_06 = fields.Float(string="Jun", default=1.0)
    weight_07 = fields.Float(string="Jul", default=1.0)
    weight_08 = fields.Float(string="Aug", default=1.0)
    weight_09 = fields.Float(string="Sep", default=1.0)
    weight_10 = fields.Float(string="Oct", default=1.0)
    weight_11 = fields.Float(string="Nov", default=1.0)
    weight_12 = fields.Float(string="Dec", default=1.0)

    def _weights(self):
        self.ensure_one()
        return [self[name] for name in WEIGHT_FIELDS]

    @api.constrains(*WEIGHT_FIELDS)
    def _check_weights(self):
        for profile in self:
            try:
                breakdown.check_profile(profile._weights())
            except breakdown.BreakdownError as exc:
                raise ValidationError(
                    _(
                        "The seasonal profile %(name)s is not valid: its monthly weights "
                        "may not be negative and must add up to a positive total.",
                        name=profile.name,
                    )
                ) from exc
