from .models.group_budget_actuals import TOTALS_TABLE, TOTALS_TRIGGERS


def uninstall_hook(env):
    """Remove the monthly actual totals and the triggers that keep them:
    they are plain PostgreSQL objects, which the ORM does not drop."""
    for event in TOTALS_TRIGGERS:
        name = f"group_budget_actual_month_{event}"
        env.cr.execute(f"DROP TRIGGER IF EXISTS {name} ON account_move_line")
    env.cr.execute("DROP FUNCTION IF EXISTS group_budget_actual_month_delta()")
    env.cr.execute(f"DROP TABLE IF EXISTS {TOTALS_TABLE}")
