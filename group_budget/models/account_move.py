from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        """Check the posted entries against the budgets they hit (manual §五
        3.3, 4.6): a rigid overrun refuses the whole posting."""
        posted = super()._post(soft=soft)
        self.env["group.budget.control"]._check_postings(posted)
        return posted
