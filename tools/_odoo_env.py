"""Shared helpers of the project's scripts: find Odoo and PostgreSQL.

Imported by ``run_tests.py``, ``demo.py`` and ``i18n_export.py``; nothing here
imports Odoo at module level, so that a missing Odoo gives a clear message.
"""

import os
import pathlib
import shutil
import socket
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = (
    "group_budget",
    "group_budget_report",
    "group_budget_appraisal",
    "group_budget_purchase",
)


class MissingPrerequisite(Exception):
    """A prerequisite (Odoo, PostgreSQL, Chromium) is not there."""


def odoo_info():
    """Return ``(version, core_addons_dir or None)`` of the importable Odoo."""
    probe = (
        "import os, odoo, odoo.release as r; "
        "core = os.path.join(os.path.dirname(odoo.__path__[0]), 'addons'); "
        "print(r.version); print(core if os.path.isdir(core) else '')"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd="/", check=False
    )
    if result.returncode:
        raise MissingPrerequisite(
            f"Odoo 18.0 is not importable by {sys.executable} "
            "(install Odoo 18.0 Community so that `import odoo` works; see README.md)"
        )
    version, core = (result.stdout.strip().splitlines() + ["", ""])[:2]
    if not version.startswith("18.0"):
        raise MissingPrerequisite(f"Odoo 18.0 is required, found Odoo {version}")
    return version, core or None


def find_browser():
    """The Chrome or Chromium that Odoo's browser tests (tours) start.

    Odoo's ``HttpCase`` skips a tour when it finds none; the test command
    fails instead."""
    for name in ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    raise MissingPrerequisite(
        "Chromium (or Chrome) is not installed: the browser tours cannot run "
        "(run tools/test.sh, which installs it when it may, or install the chromium package)"
    )


def addons_path(core):
    paths = [str(ROOT)]
    if core:
        paths.append(core)
    return ",".join(paths)


def check_postgres():
    """Fail with a clear message when PostgreSQL does not answer."""
    if shutil.which("psql") is None:
        raise MissingPrerequisite("PostgreSQL client tools (psql) are not installed")
    result = subprocess.run(
        ["psql", "-d", "postgres", "-Atc", "select 1"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise MissingPrerequisite(
            "PostgreSQL cannot be reached as user "
            f"{os.environ.get('PGUSER') or os.environ.get('USER') or 'current'}: "
            f"{result.stderr.strip().splitlines()[-1] if result.stderr.strip() else 'no answer'}"
        )


def drop_database(name):
    subprocess.run(["dropdb", "--if-exists", name], check=True, capture_output=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_command(*args):
    return [sys.executable, "-m", "odoo", *args]


def create_database(db, core, modules, *extra):
    """(Re)create ``db`` with ``modules`` installed, then stop."""
    drop_database(db)
    subprocess.run(
        odoo_command(
            f"--addons-path={addons_path(core)}",
            "-d",
            db,
            "-i",
            ",".join(modules),
            "--stop-after-init",
            "--max-cron-threads=0",
            "--log-level=warn",
            *extra,
        ),
        check=True,
    )


# The bridge of purchase orders to budgets (issue 24): the benchmarks' purchase
# scenario and load case need it, and skip with a message while it is absent.
PURCHASE_BRIDGE = "group_budget_purchase"


def has_addon(name):
    """Whether the repository holds the add-on ``name``."""
    return (ROOT / name / "__manifest__.py").is_file()
