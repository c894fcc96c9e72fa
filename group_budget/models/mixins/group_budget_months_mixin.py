from odoo import api, models

from ...amount_field import Amount
from ...logic import budget_rules

MONTH_FIELDS = [f"month_{month:02d}" for month in range(1, 13)]


class GroupBudgetMonthsMixin(models.AbstractModel):
    """Twelve monthly amounts of a budget year; quarters, half-years and the
    year are derived from them, never stored apart."""

    _name = "group.budget.months.mixin"
    _description = "Monthly Amounts"
    # Every model with months has one item per line: grouped reads add up
    # amounts within one item only.
    _inherit = ["group.budget.item.total.mixin"]

    month_01 = Amount(string="Jan", digits="Account")
    month_02 = Amount(string="Feb", digits="Account")
    month_03 = Amount(string="Mar", digits="Account")
    month_04 = Amount(string="Apr", digits="Account")
    month_05 = Amount(string="May", digits="Account")
    month_06 = Amount(string="Jun", digits="Account")
    month_07 = Amount(string="Jul", digits="Account")
    month_08 = Amount(string="Aug", digits="Account")
    month_09 = Amount(string="Sep", digits="Account")
    month_10 = Amount(string="Oct", digits="Account")
    month_11 = Amount(string="Nov", digits="Account")
    month_12 = Amount(string="Dec", digits="Account")

    @api.depends(*MONTH_FIELDS, "item_id.aggregation")
    def _compute_total(self):
        """The year, the way the line's item aggregates. Shared by the models
        that declare ``item_id`` and a ``total`` computed by this method."""
        for line in self:
            line.total = budget_rules.year_value(line._months(), line.item_id.aggregation or "sum")

    def _months(self):
        self.ensure_one()
        return [self[name] for name in MONTH_FIELDS]

    @staticmethod
    def _months_vals(months):
        return dict(zip(MONTH_FIELDS, months, strict=True))
