#!/usr/bin/env bash
# The project's test command: lint, framework-free unit tests, and the Odoo
# integration tests and browser tours in a freshly created database. Installs
# Odoo 18.0 into .venv when no Python imports it, and the system pieces
# (PostgreSQL and a role, Chromium, wkhtmltopdf) when they are missing.
#   --setup    first test tools/setup_odoo.py (a fresh venv in a scratch dir)
#   --keep-db  keep the test database
# See README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tools/_odoo_python.sh
. tools/_odoo_python.sh
use_odoo_python || exit 2
PYTHON=$PYTHON bash tools/ensure_system.sh postgres chromium 'wkhtmltopdf?' 'cjkfonts?' || exit 2
# Python dependencies of the add-ons and of the tests (quick when present).
"$PYTHON" -m pip install --quiet --disable-pip-version-check \
    -r requirements.txt -r requirements-test.txt
exec "$PYTHON" tools/run_tests.py "$@"
