"""The suite's amount field: a ``Float`` of a named decimal accuracy
(``digits="Account"``) that looks its precision up once per transaction.

Odoo looks a named precision up each time it converts a value: into the
record cache, for the write, and into the column (three times for each value
written). Each lookup goes through the cache decorator of
``decimal.precision.precision_get``, which binds its arguments by signature and
costs more than the rest of the conversion. A budget's twelve months are
written by the tens of thousands at once (a workbook of 200 centres × 30
items is 72,000 of them), where those lookups took 40 % of the import.

The precision is kept in the cursor's cache (``cr.cache``, as Odoo's own
import keeps its lookups): for one transaction at most. A change of the
decimal accuracies clears it in the same transaction
(``models/foundation/decimal_precision.py``); another transaction starts
with an empty cache. The values are rounded exactly as a ``Float`` with the
same ``digits`` rounds them.
"""

from odoo import fields

DIGITS_CACHE = "group_budget.digits"


class Amount(fields.Float):
    """A ``Float`` whose named precision is looked up once per transaction."""

    def get_digits(self, env):
        name = self._digits
        if not isinstance(name, str):
            return super().get_digits(env)
        cache = env.cr.cache.setdefault(DIGITS_CACHE, {})
        digits = cache.get(name)
        if digits is None:
            digits = cache[name] = super().get_digits(env)
        return digits


def clear_digits(cr):
    """Forget the precisions the cursor ``cr`` looked up."""
    cr.cache.pop(DIGITS_CACHE, None)
