#!/usr/bin/env python3
"""The project's full test run: lint, the framework-free unit tests and the
Odoo integration tests in a freshly created database.

Usage: python3 tools/run_tests.py [--setup] [--keep-db]

It fails, with one line naming what is missing, when Odoo 18, PostgreSQL or
Chromium (for the browser tours) is not there: the Odoo tests and the tours
are never skipped. ``--setup`` first runs the slow test of
``tools/setup_odoo.py``. It ends with a line ``total: N passed, N failed``.
"""

import argparse
import pathlib
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

from _odoo_env import (
    ADDONS,
    ROOT,
    MissingPrerequisite,
    addons_path,
    check_postgres,
    drop_database,
    find_browser,
    free_port,
    odoo_command,
    odoo_info,
)

LOG_DIR = ROOT / ".test-logs"
FAILED_TEST_RE = re.compile(r" (?:FAIL|ERROR): (?:Subtest )?(\S+(?: \(\S+\))?)")
RESULT_RE = re.compile(
    r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
LOG_LINE_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(DEBUG|INFO|WARNING|ERROR|CRITICAL) (\S+) (\S+): (.*)$"
)


def step(title):
    print(f"\n=== {title}", flush=True)


def run_lint():
    step("ruff")
    ok = subprocess.run(["ruff", "check", "."], cwd=ROOT, check=False).returncode == 0
    ok &= subprocess.run(["ruff", "format", "--check", "."], cwd=ROOT, check=False).returncode == 0
    step("pylint-odoo (mandatory OCA checks)")
    ok &= (
        subprocess.run(
            [sys.executable, "-m", "pylint", "--rcfile=setup.cfg", *ADDONS],
            cwd=ROOT,
            check=False,
        ).returncode
        == 0
    )
    return ok


def run_unit_tests(title="unit tests without Odoo (pytest tests/)", *args):
    step(title)
    report = LOG_DIR / "pytest.xml"
    report.unlink(missing_ok=True)
    # "-p no:odoo": pytest-odoo, when installed, would load an Odoo registry.
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:odoo", *args, f"--junitxml={report}"],
        cwd=ROOT,
        check=False,
    )
    if not report.exists():
        return 0, 1
    suite = ET.parse(report).getroot()
    if suite.tag == "testsuites":
        suite = suite[0]
    total = int(suite.get("tests", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped = int(suite.get("skipped", 0))
    return total - failed - skipped, failed


def scan_odoo_log(log_path):
    """Return (result tuple or None, list of problems from our add-ons)."""
    result = None
    problems = []
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = RESULT_RE.search(line)
        if match:
            result = tuple(int(x) for x in match.groups())
        parsed = LOG_LINE_RE.match(line)
        if not parsed:
            continue
        level, _db, logger, message = parsed.groups()
        if level not in ("WARNING", "ERROR", "CRITICAL"):
            continue
        # The database's own name contains "group_budget": look at the logger
        # and the message only.
        ours = logger.startswith("odoo.addons.group_budget") or any(
            name in message for name in ("group_budget", "group.budget")
        )
        if ours and ".tests." not in logger:
            problems.append(line)
    return result, problems


def count_records(db):
    """Row counts of the suite's tables, to compare before and after an upgrade."""
    query = (
        "select string_agg(format('%s=%s', t, (xpath('/row/c/text()', query_to_xml("
        "format('select count(*) as c from %I', t), false, true, '')))[1]::text), ' ' order by t) "
        "from unnest(array(select tablename::text from pg_tables "
        "where tablename like 'group_budget%' and schemaname = 'public')) as t"
    )
    out = subprocess.run(
        ["psql", "-d", db, "-Atc", query], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def check_upgrade(db, core):
    """Upgrade the add-ons (-u) on the tested database: the upgrade logs no
    warning or error from them and keeps every record."""
    step("upgrade (-u) of the tested database")
    log_path = LOG_DIR / "odoo-upgrade.log"
    log_path.unlink(missing_ok=True)
    before = count_records(db)
    proc = subprocess.run(
        odoo_command(
            f"--addons-path={addons_path(core)}",
            "-d",
            db,
            "-u",
            ",".join(ADDONS),
            "--stop-after-init",
            "--max-cron-threads=0",
            f"--logfile={log_path}",
        ),
        cwd=ROOT,
        check=False,
    )
    after = count_records(db)
    _result, problems = scan_odoo_log(log_path)
    for line in problems:
        print("  " + line)
    if before != after:
        print(f"records changed by the upgrade:\n  before: {before}\n  after:  {after}")
    ok = proc.returncode == 0 and not problems and before == after
    print(f"upgrade: {'ok' if ok else 'FAILED'} ({after})")
    return ok


def check_uninstall(db):
    """Uninstall the add-ons from the tested database: nothing of them is
    left and standard accounting still works (tools/check_uninstall.py)."""
    step("uninstall of the add-ons on the tested database")
    log_path = LOG_DIR / "odoo-uninstall.log"
    log_path.unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "check_uninstall.py"), db, f"--logfile={log_path}"],
        cwd=ROOT,
        check=False,
    )
    if proc.returncode not in (0, 1):
        print(f"uninstall: FAILED (tools/check_uninstall.py exited {proc.returncode})")
    return proc.returncode == 0


def run_odoo_tests(keep_db):
    step("Odoo integration tests and browser tours (fresh database, demo data, --test-enable)")
    version, core = odoo_info()
    check_postgres()
    browser = find_browser()
    db = f"group_budget_test_{int(time.time())}"
    log_path = LOG_DIR / "odoo-tests.log"
    modules = ",".join(ADDONS)
    cmd = odoo_command(
        f"--addons-path={addons_path(core)}",
        "-d",
        db,
        "-i",
        modules,
        "--test-enable",
        f"--test-tags={','.join('/' + m for m in ADDONS)}",
        "--stop-after-init",
        "--log-level=test",
        f"--http-port={free_port()}",
        "--max-cron-threads=0",
        f"--logfile={log_path}",
    )
    print(
        f"Odoo {version}, database {db}, browser {browser}; "
        f"full log in {log_path.relative_to(ROOT)}",
        flush=True,
    )
    drop_database(db)
    log_path.unlink(missing_ok=True)  # Odoo appends to its log file
    started = time.time()
    proc = subprocess.run(cmd, cwd=ROOT, check=False)
    elapsed = time.time() - started
    result, problems = scan_odoo_log(log_path)
    upgrade_ok = check_upgrade(db, core)
    uninstall_ok = check_uninstall(db)
    if not keep_db:
        drop_database(db)
    failed_tests = set()
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = FAILED_TEST_RE.search(line)
        if match and (".tests." in line or "odoo.tests.suite" in line):
            failed_tests.add(match.group(1))
            print(line)
    if problems:
        print("Warnings or errors from the add-ons while installing or running:")
        for line in problems:
            print("  " + line)
    if result is None:
        print(f"Odoo stopped (exit {proc.returncode}) before reporting test results.")
        return 0, 1
    _failures, _errors, total = result
    failed = len(failed_tests) or (1 if _failures or _errors else 0)
    passed = max(total - failed, 0)
    print(f"Odoo: {passed} passed, {failed} failed of {total} tests in {elapsed:.0f}s", flush=True)
    bad = failed + (1 if problems else 0) + (1 if proc.returncode else 0)
    bad += 0 if upgrade_ok else 1
    bad += 0 if uninstall_ok else 1
    if total == 0:
        print("Odoo ran no test: that is a failure.")
        bad += 1
    return passed, bad


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="keep the test database (the add-ons are uninstalled from it by the last check)",
    )
    parser.add_argument(
        "--setup", action="store_true", help="first test tools/setup_odoo.py (a few minutes)"
    )
    args = parser.parse_args()
    LOG_DIR.mkdir(exist_ok=True)
    try:
        odoo_info()
        check_postgres()
        find_browser()
    except MissingPrerequisite as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    setup_passed = setup_failed = 0
    if args.setup:
        setup_passed, setup_failed = run_unit_tests(
            "set-up script (tools/setup_odoo.py into a scratch venv)",
            "-m",
            "slow",
            "tests/test_setup_odoo.py",
        )
    lint_ok = run_lint()
    unit_passed, unit_failed = run_unit_tests("unit tests without Odoo (pytest tests/)", "tests")
    unit_passed += setup_passed
    unit_failed += setup_failed
    try:
        odoo_passed, odoo_failed = run_odoo_tests(args.keep_db)
    except MissingPrerequisite as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    passed = unit_passed + odoo_passed
    failed = unit_failed + odoo_failed + (0 if lint_ok else 1)
    step("summary")
    print(f"lint: {'ok' if lint_ok else 'FAILED'}")
    print(f"unit: {unit_passed} passed, {unit_failed} failed")
    print(f"odoo: {odoo_passed} passed, {odoo_failed} failed")
    print(f"total: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    sys.exit(main())
