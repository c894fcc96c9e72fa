from odoo.tools import split_every

# Lines refreshed per query when the add-on is installed on a database with
# confirmed orders.
BATCH = 10_000


def post_init_hook(env):
    """Orders confirmed before the add-on was installed commit what they
    have not billed yet (not checked: they are confirmed already)."""
    lines = env["purchase.order.line"].search(
        [("state", "in", ("purchase", "done")), ("display_type", "=", False)], order="id"
    )
    for ids in split_every(BATCH, lines.ids):
        env["group.budget.purchase"]._refresh(lines.browse(ids))


def uninstall_hook(env):
    """Without the add-on nothing releases the orders' commitments, and an
    overrun needs its journal entry again: both go."""
    env["group.budget.commitment"].sudo().search([("res_model", "=", "purchase.order")]).unlink()
    env["group.budget.overrun"].sudo().search([("move_id", "=", False)]).unlink()
