"""Builders shared by the demo, the tests and the benchmarks.

They create what the flows would leave behind, in batch, without going
through the flows: budgets of twelve months, executing as approved, and the
external ids of the demo's records. Not business rules (those are in
``logic/``); nothing here is called by the add-ons' own code.

Here rather than in a test module or a model: the demo (this package), the
tests of the three add-ons (``odoo.addons.group_budget.demo.builders``) and
the benchmarks under ``tools/`` (run with the add-ons path) all import it,
and the registry keeps no method for it.
"""

from odoo import Command

MONTHS = 12


def months_of(monthly):
    """Twelve monthly figures from ``monthly``: one figure for every month,
    or twelve figures."""
    if isinstance(monthly, int | float):
        return [float(monthly)] * MONTHS
    months = [float(value) for value in monthly]
    if len(months) != MONTHS:
        raise ValueError(f"twelve monthly figures expected, got {len(months)}")
    return months


def create_budgets(env, period, lines_by_centre, state="executing", line_vals=None):
    """One budget of ``period`` per centre of ``lines_by_centre``
    (``{centre: {item: monthly}}``, ``monthly`` as :func:`months_of` takes
    it), created in one batch, in that order; returns them.

    ``line_vals`` (``{item: {field: value}}``) adds to the lines of an item
    (its budget part…). With ``state="executing"`` the budgets execute at
    once, as if approved (an approval version each, as approval stores);
    with ``state=None`` they stay drafts. The budget year's own state is the
    caller's."""
    if state not in ("executing", None):
        raise ValueError(f"unknown state {state!r}")
    Line = env["group.budget.line"]
    extra = line_vals or {}
    budgets = env["group.budget"].create(
        [
            {
                "centre_id": centre.id,
                "period_id": period.id,
                "line_ids": [
                    Command.create(
                        {
                            "item_id": item.id,
                            **extra.get(item, {}),
                            **Line._months_vals(months_of(monthly)),
                        }
                    )
                    for item, monthly in items.items()
                ],
            }
            for centre, items in lines_by_centre.items()
        ]
    )
    if state == "executing":
        budgets._set_state("executing")
        env["group.budget.version"]._create_snapshots(budgets, kind="approval")
    return budgets


def set_xmlids(env, module, records):
    """Give each record of ``records`` (``{name: record}``) the external id
    ``module.name``, kept on update (``noupdate``), as a data file's
    ``<record>`` would."""
    env["ir.model.data"]._update_xmlids(
        [
            {"xml_id": f"{module}.{name}", "record": record, "noupdate": True}
            for name, record in records.items()
        ]
    )
