from odoo import api, models


class GroupBudgetCentreCompanyMixin(models.AbstractModel):
    """Documents whose company is their centre's: the inheriting model
    declares ``centre_id`` and a stored ``company_id`` computed by
    :meth:`_compute_company_id`."""

    _name = "group.budget.centre.company.mixin"
    _description = "Company of the Centre"

    @api.depends(lambda self: ("centre_id.company_id",) if "centre_id" in self._fields else ())
    def _compute_company_id(self):
        """The centre's company; before a centre is chosen, the user's current
        company, so that the form offers that company's budget years."""
        for record in self:
            record.company_id = record.centre_id.company_id or self.env.company
