#!/usr/bin/env python3
"""(Re)create the demo database ``group_budget_demo`` with the suite's add-ons,
their demo data and the Chinese language, then serve Odoo on
http://localhost:8069 (login admin / admin).

Usage: python3 tools/demo.py [--stop-after-init] [--port 8069] [--db NAME]
"""

import argparse
import pathlib
import shutil
import subprocess
import sys

from _odoo_env import (
    ADDONS,
    MissingPrerequisite,
    addons_path,
    check_postgres,
    create_database,
    odoo_command,
    odoo_info,
)


def ensure_postgres():
    try:
        check_postgres()
        return
    except MissingPrerequisite:
        if not shutil.which("pg_ctlcluster"):
            raise
    # A local Debian cluster that is not running: start it.
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=False
    ).stdout.split()
    if len(listing) >= 2:
        subprocess.run(["pg_ctlcluster", listing[0], listing[1], "start"], check=False)
    check_postgres()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stop-after-init", action="store_true", help="do not serve")
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--db", default="group_budget_demo")
    args = parser.parse_args()
    try:
        _version, core = odoo_info()
        ensure_postgres()
    except MissingPrerequisite as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Creating {args.db} with {', '.join(ADDONS)} and demo data…", flush=True)
    create_database(args.db, core, ADDONS, "--load-language=zh_CN")
    if args.stop_after_init:
        print(f"{args.db} is ready.")
        return 0
    print(f"Serving on http://localhost:{args.port} (admin / admin)", flush=True)
    serve = odoo_command(
        f"--addons-path={addons_path(core)}", "-d", args.db, f"--http-port={args.port}"
    )
    return subprocess.run(serve, check=False).returncode


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    sys.exit(main())
