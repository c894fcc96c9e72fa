#!/usr/bin/env bash
# The project's test command: lint, framework-free unit tests, and the Odoo
# integration tests in a freshly created database. See README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

if ! "$PYTHON" -c 'import odoo.release' >/dev/null 2>&1; then
    echo "error: Odoo 18.0 is not importable by $PYTHON: install Odoo 18.0 Community first (see README.md, Prerequisites)" >&2
    exit 2
fi
# Python dependencies of the add-ons and of the tests (quick when present).
"$PYTHON" -m pip install --quiet --disable-pip-version-check \
    -r requirements.txt -r requirements-test.txt
exec "$PYTHON" tools/run_tests.py "$@"
