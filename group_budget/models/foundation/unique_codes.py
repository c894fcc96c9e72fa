"""Codes of centres and items are unique in the database, not only in Python.

A Python check that reads the table passes twice when two transactions
create the same code at once: neither sees the other's row. The database
constraints (see ``_sql_constraints`` of the centre and the item) refuse the
second one; :func:`code_conflicts` turns that refusal into the models' own
clear message, naming the code.
"""

import contextlib

from psycopg2 import errors

from odoo.tools import SQL


@contextlib.contextmanager
def code_conflicts(records, constraint, make_error):
    """Run the block in a savepoint; when it breaks the database constraint
    ``constraint`` (a unique or exclusion constraint), raise what
    ``make_error()`` returns instead."""
    try:
        with records.env.cr.savepoint(flush=False):
            yield
    except (errors.UniqueViolation, errors.ExclusionViolation) as error:
        if error.diag.constraint_name != constraint:
            raise
        raise make_error() from error


def codes_in_use(records, codes, exclude_ids=()):
    """``(company_id, code)`` of the rows of ``records``' table whose code is
    one of ``codes`` (compared case-insensitively, without blanks), other
    than ``exclude_ids``. Reads committed rows this transaction sees."""
    keys = sorted({code.strip().upper() for code in codes if code})
    if not keys:
        return []
    return records.env.execute_query(
        SQL(
            "SELECT company_id, code FROM %s WHERE upper(btrim(code)) = ANY(%s) AND id != ALL(%s)",
            SQL.identifier(records._table),
            keys,
            list(exclude_ids),
        )
    )
