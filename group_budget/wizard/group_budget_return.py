from odoo import fields, models


class GroupBudgetReturn(models.TransientModel):
    _name = "group.budget.return"
    _description = "Return a Budget for Modification"
    _inherit = ["group.budget.input.mixin"]

    budget_ids = fields.Many2many("group.budget", string="Budgets", required=True)
    reason = fields.Text(required=True)

    def action_return(self):
        self.ensure_one()
        self.budget_ids.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}
