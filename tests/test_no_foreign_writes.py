"""No raw SQL writes into another add-on's tables.

The suite writes Odoo's records (activities, followers, messages, journal
items…) with the ORM only, so that every add-on extending them takes part
and the next change of their schema does not break the suite. The same
holds between the suite's add-ons: a bridge writes the core's commitments
through the ORM. Raw SQL in an add-on may write only the tables of the
models that add-on declares (``_name``). The triggers on
``account_move_line`` are Odoo's table's triggers, but what they write is the
core's monthly totals; the core's commitments' monthly totals are a table of
no model, which the core creates and its triggers write.

Every ``.py`` of the three add-ons is read, but their tests: some write
journal items in SQL on purpose, to prove that the totals' triggers see
the writers that go round the ORM.
"""

import re

import pytest
from conftest import ADDONS, ROOT

SOURCES = sorted(
    path
    for addon in ADDONS
    for path in (ROOT / addon).rglob("*.py")
    if "tests" not in path.relative_to(ROOT / addon).parts
)

# The table a statement writes: INSERT INTO t, UPDATE t [[AS] alias] SET,
# DELETE FROM t (not the DO UPDATE SET of an upsert, which writes the table
# of its INSERT).
WRITES = re.compile(
    r"""\bINSERT\s+INTO\s+(?P<insert>[\w.%()"]+)
      | (?<!DO\s)\bUPDATE\s+(?P<update>[\w.%()"]+)\s+(?:(?:AS\s+)?\w+\s+)?SET\b
      | \bDELETE\s+FROM\s+(?P<delete>[\w.%()"]+)""",
    re.IGNORECASE | re.VERBOSE,
)

NAMES = re.compile(r"""^\s*_name\s*=\s*["']([\w.]+)["']""", re.MULTILINE)


def _own_tables(addon):
    """The tables of the models ``addon`` declares."""
    return {
        model.replace(".", "_")
        for path in (ROOT / addon).rglob("*.py")
        if "tests" not in path.relative_to(ROOT / addon).parts
        for model in NAMES.findall(path.read_text(encoding="utf-8"))
    }


OWN = {addon: _own_tables(addon) for addon in ADDONS}
# Tables an add-on creates by hand, of no model: the commitments' monthly
# totals, kept by the core's triggers on its own commitments.
OWN["group_budget"] |= {"group_budget_commitment_month"}

# Tables named by a placeholder, each reviewed: the file, the placeholder and
# the suite's tables it stands for.
PLACEHOLDERS = {
    # The budgets and budget years an addition locks (FOR UPDATE, then a
    # no-op UPDATE that makes a concurrent approval fail to serialise).
    ("group_budget/models/execution/group_budget_addition.py", "%(table)s"): "group_budget, "
    "group_budget_period",
    # The monthly actual totals (TOTALS_TABLE), rebuilt from the journal.
    ("group_budget/models/execution/group_budget_actuals.py", "%s"): "group_budget_actual_month",
    # The commitments' monthly totals (MONTH_TOTALS_TABLE): rebuilt, merged.
    (
        "group_budget/models/execution/group_budget_commitment.py",
        "%(table)s",
    ): "group_budget_commitment_month",
}

# Statements that write Odoo's own tables, each reviewed: the file and the
# table. Keep it empty but for upgrade steps that run before the registry
# holds the add-on's models.
REVIEWED = {
    # Upgrade to 18.0.1.1.0 (released): the suite's own views extending its
    # settings page, and their XML ids, removed before the page loads with
    # the renamed fields.
    ("group_budget/migrations/18.0.1.1.0/pre-migrate.py", "ir_model_data"),
    ("group_budget/migrations/18.0.1.1.0/pre-migrate.py", "ir_ui_view"),
}


def _writes(text):
    for match in WRITES.finditer(text):
        table = next(name for name in match.groups() if name)
        yield table.strip('"').split(".")[-1], text.count("\n", 0, match.start()) + 1


def test_the_scan_reads_the_suite():
    names = {path.relative_to(ROOT).as_posix() for path in SOURCES}
    # Each add-on owns the tables of its models, and only those.
    assert {
        "group_budget",
        "group_budget_commitment",
        "group_budget_actual_month",
        "group_budget_commitment_month",
    } <= OWN["group_budget"]
    assert "group_budget_commitment" not in OWN["group_budget_purchase"]
    assert "group_budget_scorecard_line" in OWN["group_budget_appraisal"]
    assert "group_budget/models/warning/group_budget_warning.py" in names
    assert not any("/tests/" in name for name in names)
    # The scan finds what it looks for.
    found = dict(_writes('cr.execute("UPDATE mail_followers f SET res_id = 1")'))
    assert set(found) == {"mail_followers"}
    found = dict(_writes("INSERT INTO mail_activity (x) ... DO UPDATE SET x = 1"))
    assert set(found) == {"mail_activity"}
    assert not dict(_writes("one UPDATE writes them all; AFTER UPDATE ON account_move_line"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_raw_sql_writes_only_the_add_ons_own_tables(path):
    name = path.relative_to(ROOT).as_posix()
    own = OWN[path.relative_to(ROOT).parts[0]]
    foreign = []
    for table, line in _writes(path.read_text(encoding="utf-8")):
        if table in own or (name, table) in REVIEWED:
            continue
        if table.startswith("%") and (name, table) in PLACEHOLDERS:
            continue
        foreign.append(f"{name}:{line}: {table}")
    assert not foreign, "raw SQL writes outside the add-on's tables (use the ORM):\n" + "\n".join(
        foreign
    )
