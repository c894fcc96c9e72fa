"""The PostgreSQL objects behind the suite's monthly totals (of actuals, on
``account_move_line``, and of commitments, on ``group_budget_commitment``):
a table, a function that appends what each statement on the source table
changes (:func:`delta_function`), and one statement trigger per event,
named ``<table>_<event>``."""

from odoo.tools import SQL

# The rows an update changed, as the statement found them (``sign`` -1) and
# as it left them (1); ``changed`` holds their ids.
CHANGED_ROWS = (
    "(SELECT o.*, -1 AS sign FROM old_rows o JOIN changed USING (id)"
    " UNION ALL SELECT n.*, 1 AS sign FROM new_rows n JOIN changed USING (id))"
)


def delta_function(name, delta, columns):
    """The trigger function ``name`` that appends to the totals what each
    statement on the source table changes: ``delta(rows, sign)`` gives the
    statement (code) appending what the relation ``rows`` adds, times
    ``sign`` (``"1"``, ``"-1"``, or ``"sign"``: the column of
    :data:`CHANGED_ROWS`); an update counts only the rows whose ``columns``
    changed."""
    old = ", ".join(f"o.{column}" for column in columns)
    new = ", ".join(f"n.{column}" for column in columns)
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {delta("new_rows", "1")};
    ELSIF TG_OP = 'DELETE' THEN
        {delta("old_rows", "-1")};
    ELSE
        WITH changed AS (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE ({old}) IS DISTINCT FROM ({new})
        )
        {delta(CHANGED_ROWS, "sign")};
    END IF;
    RETURN NULL;
END
$body$
"""


def install_triggers(cr, table, source, triggers, function):
    """(Re)create the statement triggers ``triggers`` (``{event: clause}``,
    each clause naming ``source``) that run ``function`` for ``table``."""
    for event, clause in triggers.items():
        name = SQL.identifier(f"{table}_{event}")
        cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON %s", name, SQL.identifier(source)))
        cr.execute(
            SQL(
                "CREATE TRIGGER %s %s FOR EACH STATEMENT EXECUTE FUNCTION %s()",
                name,
                SQL(clause),
                SQL.identifier(function),
            )
        )


def drop_totals(cr, table, source, triggers, function):
    """Drop the triggers of :func:`install_triggers`, their function and
    ``table`` (the uninstall hook)."""
    for event in triggers:
        cr.execute(
            SQL(
                "DROP TRIGGER IF EXISTS %s ON %s",
                SQL.identifier(f"{table}_{event}"),
                SQL.identifier(source),
            )
        )
    cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(function)))
    cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))
