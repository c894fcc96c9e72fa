from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    group_budget_revision_threshold = fields.Float(
        string="Revision Threshold (%)",
        default=20.0,
        help="A centre may propose a revision of an issued target when its own "
        "estimate differs from it by at least this percentage (manual §三 5.4).",
    )
