from odoo import api, fields, models

from ...logic import figures


class GroupBudgetFigureMixin(models.AbstractModel):
    """A record that shows a budget item's figures (``item_id``, in the
    currency of ``company_id``) as the item counts them: an amount with the
    currency's decimals, a volume or a ratio with the decimals it has
    (:func:`..logic.figures.figure_format`). Views show its number fields
    with the ``group_budget_figure`` widget, which reads these two fields."""

    _name = "group.budget.figure.mixin"
    _description = "Budget Item Figures"

    figure_digits = fields.Integer(
        string="Figure Decimals",
        compute="_compute_figure_format",
        help="Decimals the item's figures show: the currency's for an amount, at most four "
        "otherwise.",
    )
    figure_trim = fields.Boolean(
        string="Figure without Trailing Zeros",
        compute="_compute_figure_format",
        help="A volume or a ratio shows the decimals it has: 800, 12.5.",
    )

    @api.depends("item_id.item_type", "item_id.aggregation", "company_id.currency_id")
    def _compute_figure_format(self):
        for record in self:
            currency = record.company_id.currency_id or self.env.company.currency_id
            record.figure_digits, record.figure_trim = figures.figure_format(
                record.item_id.item_type, record.item_id.aggregation, currency.decimal_places
            )
