"""18.0.1.2.0: control at posting reads the monthly actual totals, as the
ledger does, no longer the analytic items of the centres: the index of
analytic items by centre that it read them through goes.

The monthly totals stay where they are (``group_budget_actual_month``, now
the table of the model ``group.budget.actual.month``): nothing moves.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP INDEX IF EXISTS group_budget_analytic_line_centre_index")
