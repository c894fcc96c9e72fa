#!/usr/bin/env bash
# Make sure the system pieces the project needs are there, installing the
# Debian packages when this user may (root, or password-less sudo, and
# apt-get), and naming each missing piece in one line when not.
#
# Usage: tools/ensure_system.sh PIECE...   with PIECE among
#   postgres     PostgreSQL running, with a role for the current user
#   chromium     Chromium (or Chrome), for the browser tests (tours)
#   wkhtmltopdf  wkhtmltopdf, for the PDF letters and forms
#   venv         Python's venv module for $PYTHON (python3-venv)
#   cjkfonts     a Chinese font (fonts-noto-cjk), for PDFs and screens in Chinese
# A piece followed by "?" (e.g. "wkhtmltopdf?") is optional: when it cannot
# be had, a warning is printed and the script still succeeds.
# Exit status: 0 when every required piece is there, 2 otherwise.
set -uo pipefail

PYTHON=${PYTHON:-python3}
me=$(id -un)
SUDO=()
PRIVILEGED=
if [ "$(id -u)" = 0 ]; then
    PRIVILEGED=1
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    SUDO=(sudo -n)
    PRIVILEGED=1
fi
can_install() { [ -n "$PRIVILEGED" ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=
apt_install() {
    can_install || return 1
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$apt_updated" ]; then
        "${SUDO[@]}" apt-get update -qq >/dev/null || return 1
        apt_updated=1
    fi
    echo "ensure_system: installing the Debian package(s) $*"
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -c "$*"
    elif [ -n "$PRIVILEGED" ]; then
        sudo -n -u postgres sh -c "$*"
    else
        return 1
    fi
}

have_chromium() {
    # The names Odoo's HttpCase looks for.
    command -v google-chrome || command -v chromium || command -v chromium-browser \
        || command -v google-chrome-stable
}

ensure_postgres() {
    if ! command -v psql >/dev/null 2>&1 \
        || { ! command -v pg_ctlcluster >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null 2>&1 \
            && ! pg_isready -q 2>/dev/null; }; then
        apt_install postgresql || {
            echo "missing: PostgreSQL is not installed (install PostgreSQL 13 or newer, e.g. 'sudo apt-get install postgresql')"
            return 2
        }
    fi
    if ! pg_isready -q 2>/dev/null && command -v pg_lsclusters >/dev/null 2>&1; then
        read -r version cluster _ < <(pg_lsclusters --no-header | head -n 1)
        if [ -z "${version:-}" ] && [ -n "$PRIVILEGED" ]; then
            version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
            cluster=main
            "${SUDO[@]}" pg_createcluster "$version" "$cluster" >/dev/null
        fi
        if [ -n "${version:-}" ]; then
            echo "ensure_system: starting PostgreSQL $version/$cluster"
            if [ -n "$PRIVILEGED" ]; then
                "${SUDO[@]}" pg_ctlcluster "$version" "$cluster" start || true
            else
                pg_ctlcluster "$version" "$cluster" start 2>/dev/null || true
            fi
        fi
        for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
    fi
    if ! pg_isready -q 2>/dev/null; then
        echo "missing: PostgreSQL is installed but not running (start it, e.g. 'sudo pg_ctlcluster 15 main start')"
        return 2
    fi
    if ! psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        if [ "$me" = root ]; then
            as_postgres "psql -q -v ON_ERROR_STOP=1 -c 'CREATE ROLE \"$me\" LOGIN SUPERUSER'" >/dev/null 2>&1 \
                || as_postgres "psql -q -v ON_ERROR_STOP=1 -c 'ALTER ROLE \"$me\" LOGIN SUPERUSER'" >/dev/null 2>&1
        else
            as_postgres "psql -q -v ON_ERROR_STOP=1 -c 'CREATE ROLE \"$me\" LOGIN CREATEDB'" >/dev/null 2>&1
        fi
        if psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
            echo "ensure_system: created the PostgreSQL role $me"
        else
            echo "missing: PostgreSQL has no role for $me (run 'sudo -u postgres createuser --createdb $me')"
            return 2
        fi
    fi
}

ensure_chromium() {
    have_chromium >/dev/null && return 0
    apt_install chromium && have_chromium >/dev/null && return 0
    echo "missing: Chromium is not installed; the browser tests (tours) need it (e.g. 'sudo apt-get install chromium')"
    return 2
}

ensure_wkhtmltopdf() {
    command -v wkhtmltopdf >/dev/null 2>&1 && return 0
    apt_install wkhtmltopdf && command -v wkhtmltopdf >/dev/null 2>&1 && return 0
    echo "missing: wkhtmltopdf is not installed; PDF letters print as HTML without it (e.g. 'sudo apt-get install wkhtmltopdf')"
    return 2
}

ensure_venv() {
    "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1 && return 0
    local minor
    minor=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    apt_install "python$minor-venv" || apt_install python3-venv
    "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1 && return 0
    echo "missing: $PYTHON cannot create virtual environments (install python3-venv, e.g. 'sudo apt-get install python3-venv')"
    return 2
}

ensure_cjkfonts() {
    if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]; then
        return 0
    fi
    apt_install fonts-noto-cjk && return 0
    echo "missing: no Chinese font; PDFs print Chinese as blanks without it (e.g. 'sudo apt-get install fonts-noto-cjk')"
    return 2
}

status=0
for piece in "$@"; do
    optional=
    case $piece in *\?) optional=1 piece=${piece%\?} ;; esac
    case $piece in
        postgres | chromium | wkhtmltopdf | venv | cjkfonts) "ensure_$piece" ;;
        *) echo "ensure_system: unknown piece $piece" >&2; false ;;
    esac
    rc=$?
    if [ "$rc" != 0 ]; then
        if [ -n "$optional" ]; then
            echo "ensure_system: going on without $piece"
        else
            status=2
        fi
    fi
done
exit "$status"
