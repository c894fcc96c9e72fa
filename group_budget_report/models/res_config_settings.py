from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    budget_materiality_threshold = fields.Float(
        related="company_id.group_budget_materiality_threshold", readonly=False
    )
