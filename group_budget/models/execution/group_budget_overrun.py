from odoo import fields, models


class GroupBudgetOverrun(models.Model):
    """A posting that took an item under flexible control over its
    year-to-date budget: it went through, and this records it for the ledger
    (manual §五 3.3)."""

    _name = "group.budget.overrun"
    _description = "Flexible Budget Overrun"
    _inherit = ["group.budget.item.total.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        string="Journal Entry",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    budget_id = fields.Many2one(
        "group.budget", required=True, index=True, ondelete="cascade", check_company=True
    )
    centre_id = fields.Many2one(related="budget_id.centre_id", store=True, index=True)
    period_id = fields.Many2one(related="budget_id.period_id", store=True)
    company_id = fields.Many2one(related="budget_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    item_id = fields.Many2one(
        "group.budget.item",
        string="Budget Item",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    date = fields.Date(string="Month", required=True)
    ytd_budget = fields.Monetary(string="Budget to Date")
    consumed = fields.Monetary(string="Consumed Before")
    posting = fields.Monetary(string="This Posting")
    shortfall = fields.Monetary(string="Over Budget By")
    move_state = fields.Selection(related="move_id.state", string="Entry Status")
