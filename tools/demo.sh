#!/usr/bin/env bash
# The project's demo command: install Odoo 18.0 into .venv when no Python
# imports it, the system pieces (PostgreSQL and a role, wkhtmltopdf) when they
# are missing, the Python dependencies; (re)create the database
# group_budget_demo with the suite's add-ons and their demo data, and serve Odoo
# on http://localhost:8069 (admin / admin). Pass --stop-after-init to stop
# once the database is ready. See README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tools/_odoo_python.sh
. tools/_odoo_python.sh
use_odoo_python || exit 2
PYTHON=$PYTHON bash tools/ensure_system.sh postgres 'wkhtmltopdf?' 'cjkfonts?' || exit 2
"$PYTHON" -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec "$PYTHON" tools/demo.py "$@"
