from odoo import _, fields, models

from ..models.group_budget_scorecard import PERIOD_TYPES


class GroupBudgetScorecardGenerate(models.TransientModel):
    """Generate the scorecards of a budget year and a period, in bulk, from
    the centres' signed responsibility letters (Budget Office)."""

    _name = "group.budget.scorecard.generate"
    _description = "Generate Scorecards"
    _inherit = ["group.budget.input.mixin"]
    _check_company_auto = True

    # The company follows from the year: the year is chosen first, among the
    # user's companies (a company check on it would offer none).
    period_id = fields.Many2one("group.budget.period", string="Budget Year", required=True)
    company_id = fields.Many2one(related="period_id.company_id")
    period_type = fields.Selection(PERIOD_TYPES, string="Period", required=True, default="year")
    period_index = fields.Integer(
        string="Period Number", default=1, required=True, help="The month (1–12) or quarter (1–4)."
    )
    centre_ids = fields.Many2many(
        "group.budget.centre",
        string="Centres",
        check_company=True,
        help="Leave empty for every centre with a signed letter of the year.",
    )
    provisional = fields.Boolean(
        help="Appraise before the ledger closed the period: the scorecards are marked provisional."
    )

    def action_generate(self):
        self.ensure_one()
        cards = self.env["group.budget.scorecard"]._generate(
            self.period_id,
            self.period_type,
            1 if self.period_type == "year" else self.period_index,
            centres=self.centre_ids or None,
            provisional=self.provisional,
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Scorecards"),
            "res_model": "group.budget.scorecard",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", cards.ids)],
        }
