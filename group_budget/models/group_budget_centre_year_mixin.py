from odoo import _, models
from odoo.exceptions import ValidationError


class GroupBudgetCentreYearMixin(models.AbstractModel):
    """Records that a centre has once per budget year (targets, budgets,
    current letters). The inheriting model declares ``centre_id`` and
    ``period_id``."""

    _name = "group.budget.centre.year.mixin"
    _description = "One per Centre and Budget Year"

    def _check_one_per_centre_and_year(self, extra_domain=None):
        """Refuse a second record of the same centre and year, in one grouped
        query."""
        rows = self._read_group(
            [("centre_id", "in", self.centre_id.ids), ("period_id", "in", self.period_id.ids)]
            + (extra_domain or []),
            ["centre_id", "period_id"],
            ["__count"],
        )
        for centre, period, count in rows:
            if count > 1:
                raise ValidationError(
                    _(
                        "%(centre)s already has a %(record)s for the budget year %(year)s.",
                        centre=centre.display_name,
                        record=self.env["ir.model"]._get(self._name).name,
                        year=period.name,
                    )
                )
