#!/usr/bin/env bash
# The project's demo command: install the Python dependencies, make sure
# PostgreSQL runs, (re)create the database group_budget_demo with the three
# add-ons and their demo data, and serve Odoo on http://localhost:8069
# (admin / admin). Pass --stop-after-init to stop once the database is ready.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import odoo.release' >/dev/null 2>&1; then
    echo "error: Odoo 18.0 is not importable by $PYTHON: install Odoo 18.0 Community first (see README.md, Prerequisites)" >&2
    exit 2
fi
"$PYTHON" -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec "$PYTHON" tools/demo.py "$@"
