from odoo import api, fields, models

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

    month_01 = fields.Float(string="Jan", digits="Account")
    month_02 = fields.Float(string="Feb", digits="Account")
    month_03 = fields.Float(string="Mar", digits="Account")
    month_04 = fields.Float(string="Apr", digits="Account")
    month_05 = fields.Float(string="May", digits="Account")
    month_06 = fields.Float(string="Jun", digits="Account")
    month_07 = fields.Float(string="Jul", digits="Account")
    month_08 = fields.Float(string="Aug", digits="Account")
    month_09 = fields.Float(string="Sep", digits="Account")
    month_10 = fields.Float(string="Oct", digits="Account")
    month_11 = fields.Float(string="Nov", digits="Account")
    month_12 = fields.Float(string="Dec", digits="Account")

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
