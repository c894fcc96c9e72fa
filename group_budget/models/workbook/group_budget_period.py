from odoo import _, models


class GroupBudgetPeriod(models.Model):
    _inherit = "group.budget.period"

    def action_open_budget_workbook(self):
        """The year's draft budgets the user may edit, in Excel."""
        return self._open_workbook("budget")

    def action_open_target_workbook(self):
        """The year's targets in Excel: issued values and centres' estimates."""
        return self._open_workbook("target")

    def action_open_indicator_workbook(self):
        """A month's indicator actuals of the user's centres, in Excel."""
        return self._open_workbook("indicator")

    def _open_workbook(self, kind, budget=None):
        self.ensure_one()
        self.check_access("read")
        wizard = self.env["group.budget.workbook"].create(
            {"kind": kind, "period_id": self.id, "budget_id": budget.id if budget else False}
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Compile in Excel"),
            "res_model": "group.budget.workbook",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }
