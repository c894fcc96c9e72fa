from odoo import models


class GroupBudget(models.Model):
    _inherit = "group.budget"

    def action_open_workbook(self):
        """Compile this budget in Excel: its template, then its import."""
        self.ensure_one()
        self.check_access("read")
        return self.period_id._open_workbook("budget", budget=self)
