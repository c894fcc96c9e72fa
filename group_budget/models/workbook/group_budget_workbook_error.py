from odoo import fields, models


class GroupBudgetWorkbookError(models.TransientModel):
    """An error of an imported workbook, named by its sheet and cell."""

    _name = "group.budget.workbook.error"
    _description = "Budget Workbook Error"
    _inherit = ["group.budget.input.mixin"]
    _order = "workbook_id, sequence, id"

    workbook_id = fields.Many2one("group.budget.workbook", required=True, ondelete="cascade")
    sequence = fields.Integer(aggregator=None)
    sheet = fields.Char()
    cell = fields.Char()
    centre = fields.Char(string="Responsibility Centre")
    item = fields.Char(string="Budget Item")
    message = fields.Char(string="What Is Wrong")
