# shellcheck shell=bash
# Sourced by demo.sh and test.sh (from the repository's root): set PYTHON to a
# Python that imports Odoo 18.0.
#   1. $PYTHON (default python3) when it imports Odoo 18.0;
#   2. else .venv/bin/python when the repository's .venv already has it;
#   3. else tools/setup_odoo.py installs Odoo 18.0 into .venv, from
#      ODOO_SOURCE (a directory, an archive or a git URL; default: the
#      official 18.0 source), and PYTHON becomes .venv/bin/python.

imports_odoo_18() {
    [ -x "$1" ] || command -v "$1" >/dev/null 2>&1 || return 1
    (cd / && "$1" -c 'import sys, odoo.release as r; sys.exit(not r.version.startswith("18.0"))') \
        >/dev/null 2>&1
}

use_odoo_python() {
    local base=${PYTHON:-python3}
    if imports_odoo_18 "$base"; then
        PYTHON=$base
        return 0
    fi
    if imports_odoo_18 "$PWD/.venv/bin/python"; then
        PYTHON=$PWD/.venv/bin/python
        return 0
    fi
    if ! command -v "$base" >/dev/null 2>&1; then
        echo "error: $base is not there: install Python 3.10 - 3.12 (or set PYTHON)" >&2
        return 2
    fi
    echo "Odoo 18.0 is not importable by $base: installing it into .venv" \
        "from ${ODOO_SOURCE:-the official 18.0 source} (set ODOO_SOURCE to use another)"
    PYTHON=$base bash tools/ensure_system.sh venv || return 2
    "$base" tools/setup_odoo.py --venv "$PWD/.venv" || return 2
    PYTHON=$PWD/.venv/bin/python
}
