from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # The centres a user answers for: the officers' record rules read them.
    budget_managed_centre_ids = fields.One2many(
        "group.budget.centre",
        "manager_id",
        string="Managed Centres",
    )
    budget_officer_centre_ids = fields.Many2many(
        "group.budget.centre",
        "group_budget_centre_officer_rel",
        "user_id",
        "centre_id",
        string="Centres as Budget Officer",
    )
