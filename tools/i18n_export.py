#!/usr/bin/env python3
"""Regenerate each add-on's ``i18n/<addon>.pot`` and merge it into
``i18n/zh_CN.po``: new terms are added untranslated, vanished terms dropped,
existing translations kept.

Usage: python3 tools/i18n_export.py [-d DATABASE]

Without ``-d`` it creates a scratch database with the suite's add-ons and their
demo data (demo records carry translatable names too), and drops it after.
"""

import argparse
import pathlib
import subprocess
import sys

import polib
from _odoo_env import (
    ADDONS,
    ROOT,
    MissingPrerequisite,
    addons_path,
    check_postgres,
    create_database,
    drop_database,
    odoo_command,
    odoo_info,
)

LANG = "zh_CN"


def export_pot(db, core, addon):
    target = ROOT / addon / "i18n" / f"{addon}.pot"
    target.parent.mkdir(exist_ok=True)
    subprocess.run(
        odoo_command(
            f"--addons-path={addons_path(core)}",
            "-d",
            db,
            f"--i18n-export={target}",
            f"--modules={addon}",
            "--stop-after-init",
            "--log-level=warn",
        ),
        check=True,
    )
    return target


def merge(addon, pot_path):
    po_path = ROOT / addon / "i18n" / f"{LANG}.po"
    pot = polib.pofile(str(pot_path))
    old = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    known = {entry.msgid: entry.msgstr for entry in old if entry.msgstr}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "Language": LANG,
            "Language-Team": "Chinese (Simplified)",
            "Plural-Forms": "nplurals=1; plural=0;",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "",
        }
    )
    po.header = pot.header
    missing = 0
    for entry in pot:
        entry.msgstr = known.get(entry.msgid, "")
        missing += not entry.msgstr
        po.append(entry)
    po.save(str(po_path))
    return len(pot), missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", help="existing database with the add-ons installed")
    args = parser.parse_args()
    try:
        _version, core = odoo_info()
        check_postgres()
    except MissingPrerequisite as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    db = args.database or "group_budget_i18n"
    if not args.database:
        create_database(db, core, ADDONS)
    try:
        for addon in ADDONS:
            total, missing = merge(addon, export_pot(db, core, addon))
            print(f"{addon}: {total} terms, {missing} without a {LANG} translation")
    finally:
        if not args.database:
            drop_database(db)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    sys.exit(main())
