from odoo import fields, models


class ResCompany(models.Model):
    # Each capability extends the model in its own folder, so that it can
    # move into an add-on of its own (README, "Where things are").
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    group_budget_revision_threshold = fields.Float(
        string="Revision Threshold (%)",
        default=20.0,
        help="A centre may propose a revision of an issued target when its own "
        "estimate differs from it by at least this percentage (manual §三 5.4).",
    )
    group_budget_general_manager_id = fields.Many2one(
        "res.users",
        string="General Manager",
        help="Approves operating budget additions (manual §五 4.7.1). Without "
        "one, the Budget Committee does.",
    )
    group_budget_board_member_ids = fields.Many2many(
        "res.users",
        "res_company_group_budget_board_rel",
        "company_id",
        "user_id",
        string="Board Members",
        help="Approve capital budget additions (manual §五 4.7.1). Without any, "
        "the Budget Committee does.",
    )
