from odoo import api, models

from ...amount_field import clear_digits


class DecimalPrecision(models.Model):
    """A change of the decimal accuracies reaches the suite's amounts in the
    same transaction: they keep the precision they looked up for the rest of
    it (:mod:`...amount_field`)."""

    _inherit = "decimal.precision"

    @api.model_create_multi
    def create(self, vals_list):
        clear_digits(self.env.cr)
        return super().create(vals_list)

    def write(self, vals):
        clear_digits(self.env.cr)
        return super().write(vals)

    def unlink(self):
        clear_digits(self.env.cr)
        return super().unlink()
