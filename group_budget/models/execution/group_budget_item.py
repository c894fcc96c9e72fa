from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ...logic import formula


class GroupBudgetItem(models.Model):
    _inherit = "group.budget.item"

    formula = fields.Char(
        help="Computes the item's monthly actual from other items, by their "
        "codes: + - * / and parentheses, e.g. NP / EQ * 100. Write a code "
        "holding other characters in brackets: [T-REV]. A formula naming an "
        "unknown item or dividing by zero is not computable.",
    )

    @api.constrains("formula", "code")
    def _check_formula(self):
        for item in self.filtered("formula"):
            try:
                formula.parse(item.formula)
            except formula.FormulaError as error:
                raise ValidationError(
                    _(
                        "The formula of %(item)s cannot be read: %(formula)s",
                        item=item.display_name,
                        formula=item.formula,
                    )
                ) from error
            codes = formula.references(item.formula)
            domain = [("code", "in", codes)]
            if item.company_id:
                domain += ["|", ("company_id", "=", False), ("company_id", "=", item.company_id.id)]
            known = set(self.sudo().search(domain).mapped("code"))
            unknown = [code for code in codes if code not in known or code == item.code]
            if unknown:
                raise ValidationError(
                    _(
                        "The formula of %(item)s refers to unknown items: %(codes)s.",
                        item=item.display_name,
                        codes=", ".join(unknown),
                    )
                )
