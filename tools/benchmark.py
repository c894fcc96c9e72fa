#!/usr/bin/env python3
"""The project's benchmark: generates its own data in a scratch database and
prints a table of times and query counts. Speed targets are measured here,
never in timed tests.

Usage: python3 tools/benchmark.py [--centres 200] [--items 30] [--keep-db]

Scenarios (issue numbers refer to the tracker):
  targets      issuing the targets of N centres × M items, agreeing them and
               generating their responsibility letters (issue 3)
  compilation  starting compilation of the year from the agreed targets, and
               rolling up the group's consolidated budget (issue 4)
"""

import argparse
import pathlib
import platform
import sys
import time

from _odoo_env import (
    MissingPrerequisite,
    addons_path,
    check_postgres,
    create_database,
    drop_database,
    odoo_info,
)

DB = "group_budget_bench"


class Meter:
    """Counts queries and wall time of a block."""

    def __init__(self, env, rows, label, per):
        self.env, self.rows, self.label, self.per = env, rows, label, per

    def __enter__(self):
        self.env.flush_all()
        self.env.invalidate_all()
        self.queries = self.env.cr.sql_log_count
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.env.flush_all()
        seconds = time.perf_counter() - self.start
        queries = self.env.cr.sql_log_count - self.queries
        self.rows.append((self.label, queries, queries / self.per, seconds))


def scenario_targets(env, centres_count, items_count):
    import odoo

    Command = odoo.Command
    company = env.company
    rows = []
    centre_model = env["group.budget.centre"]
    root = centre_model.create({"name": "Bench Group", "code": "B", "centre_type": "investment"})
    profits = centre_model.create(
        [
            {
                "name": f"Bench Sub {i}",
                "code": f"B{i}",
                "centre_type": "profit",
                "parent_id": root.id,
            }
            for i in range(9)
        ]
    )
    leaves_count = max(centres_count - 10, 0)
    leaves = centre_model.create(
        [
            {
                "name": f"Bench Dept {i}",
                "code": f"B{i % 9}-{i}",
                "centre_type": "cost",
                "parent_id": profits[i % 9].id,
            }
            for i in range(leaves_count)
        ]
    )
    managers = env["res.users"].create(
        [{"name": f"Bench Manager {i}", "login": f"bench_manager_{i}"} for i in range(10)]
    )
    (root | profits | leaves).write({"manager_id": managers[0].id})
    for index, profit in enumerate(profits):
        profit.manager_id = managers[index + 1]
    items = env["group.budget.item"].create(
        [
            {
                "name": f"Bench Item {i}",
                "code": f"BI{i}",
                "category": "operations",
                "aggregation": "sum" if i % 5 else "average",
            }
            for i in range(items_count)
        ]
    )
    period = env["group.budget.period"].create({"year": 2099, "company_id": company.id})
    centres = root | profits | leaves
    # Leaves get 10 per item, subsidiaries the sum of their leaves, the group the total.
    per_profit = {p.id: len(leaves.filtered(lambda c, p=p: c.parent_id == p)) for p in profits}

    def value(centre, item):
        if item.aggregation != "sum":
            return 10.0
        if centre == root:
            return 10.0 * leaves_count
        if centre in profits:
            return 10.0 * per_profit[centre.id]
        return 10.0

    with Meter(env, rows, f"create {len(centres)} targets × {items_count} lines", len(centres)):
        targets = env["group.budget.target"].create(
            [
                {
                    "centre_id": centre.id,
                    "period_id": period.id,
                    "line_ids": [
                        Command.create({"item_id": item.id, "issued_value": value(centre, item)})
                        for item in items
                    ],
                }
                for centre in centres
            ]
        )
    with Meter(env, rows, "issue all targets of the year", len(centres)):
        period.action_issue_targets()
    with Meter(env, rows, "agree all targets", len(centres)):
        targets.action_agree()
    with Meter(env, rows, "generate all letters", len(centres)):
        letters = env["group.budget.letter"]._generate_for_targets(targets)
    assert len(letters) == len(centres), len(letters)
    with Meter(env, rows, f"start compilation ({len(centres)} budgets)", len(centres)):
        period.action_start_compilation()
    root_budget = period.budget_ids.filtered(lambda b: b.centre_id == root)
    with Meter(env, rows, "roll up the group's consolidated budget", len(centres)):
        consolidated = root_budget._consolidated()
    assert len(consolidated) == items_count, len(consolidated)
    env.cr.rollback()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=200)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    try:
        version, core = odoo_info()
        check_postgres()
    except MissingPrerequisite as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Creating {DB} (group_budget, no demo data)…", flush=True)
    create_database(DB, core, ["group_budget"], "--without-demo=all")
    import odoo
    from odoo.tools import config

    config.parse_config([f"--addons-path={addons_path(core)}", "-d", DB, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(DB)
    try:
        with registry.cursor() as cr:
            env = odoo.api.Environment(
                cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True}
            )
            rows = scenario_targets(env, args.centres, args.items)
    finally:
        odoo.sql_db.close_db(DB)
        if not args.keep_db:
            drop_database(DB)
    print()
    print(
        f"Odoo {version}, Python {platform.python_version()}, {platform.machine()}, "
        f"{__import__('os').cpu_count()} cores"
    )
    print(f"{'scenario':<45} {'queries':>8} {'per centre':>11} {'seconds':>8}")
    for label, queries, per, seconds in rows:
        print(f"{label:<45} {queries:>8} {per:>11.1f} {seconds:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    sys.exit(main())
