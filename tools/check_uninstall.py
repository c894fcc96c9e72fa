#!/usr/bin/env python3
"""Uninstall the suite's add-ons and check that they leave nothing behind.

Usage: python3 tools/check_uninstall.py DB [--logfile FILE]

DB has the suite's add-ons installed, with their demo data (the database of
the test command). The script uninstalls them the way Odoo's Apps screen
does (``button_immediate_uninstall``), then checks:

- the uninstall logs no error and no traceback (its warnings are printed);
- the PostgreSQL catalogue holds no object named ``group_budget…`` (table,
  view, index, sequence, type, function, trigger, constraint), nor any
  column, many2many table or constraint that Odoo had recorded as the
  add-ons' before the uninstall;
- Odoo's own tables hold nothing of the suite: models, fields, constraints,
  relations, external ids, tier definitions and reviews, sequences, scheduled
  actions and other actions, reports, views, menus, mail templates, messages,
  followers, activities and attachments;
- standard accounting still works on a company of the demo: a journal entry
  and a vendor bill are posted, reset to draft, posted again and reversed
  (and committed).

Every leftover is printed on its own line. It ends with one line,
``uninstall: ok (...)`` or ``uninstall: FAILED (...)``, and exits 0 when
everything passed, 1 when something failed, 2 when it cannot run (Odoo or
PostgreSQL missing, the add-ons not installed in DB). DB keeps the result:
the add-ons uninstalled, the accounting entries posted.
"""

import argparse
import datetime
import logging
import pathlib
import sys
import time

from _odoo_env import ADDONS, MissingPrerequisite, addons_path, check_postgres, odoo_info

# What may remain of the suite, as (what, query): each query returns one
# row per leftover, of two columns. In LIKE, ``\_`` is an underscore, not a
# wildcard.
LEFTOVER_QUERIES = [
    (
        "PostgreSQL relation",
        r"""SELECT c.relname, c.relkind::text FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND c.relname LIKE 'group\_budget%' AND c.relkind <> 'i'""",
    ),
    (
        "PostgreSQL index",
        r"SELECT indexname, tablename FROM pg_indexes WHERE indexname LIKE 'group\_budget%'",
    ),
    (
        "PostgreSQL type",
        r"""SELECT typname, typtype::text FROM pg_type
            WHERE (typname LIKE 'group\_budget%' OR typname LIKE '\_group\_budget%')
              AND typrelid = 0""",
    ),
    (
        "PostgreSQL function",
        r"""SELECT proname, pg_get_function_identity_arguments(oid) FROM pg_proc
            WHERE proname LIKE 'group\_budget%'""",
    ),
    (
        "PostgreSQL trigger",
        r"""SELECT tgname, tgrelid::regclass::text FROM pg_trigger
            WHERE tgname LIKE 'group\_budget%'""",
    ),
    (
        "PostgreSQL constraint",
        r"""SELECT conname, conrelid::regclass::text FROM pg_constraint
            WHERE conname LIKE 'group\_budget%'""",
    ),
    ("ir_model", r"SELECT model, id FROM ir_model WHERE model LIKE 'group.budget%'"),
    (
        "ir_model_fields",
        r"""SELECT model || '.' || name, id FROM ir_model_fields
            WHERE model LIKE 'group.budget%' OR relation LIKE 'group.budget%'
               OR relation_table LIKE 'group\_budget%'""",
    ),
    (
        "ir_model_constraint",
        r"""SELECT c.name, m.name FROM ir_model_constraint c
             JOIN ir_module_module m ON m.id = c.module
            WHERE m.name LIKE 'group\_budget%' OR c.name LIKE 'group\_budget%'""",
    ),
    (
        "ir_model_relation",
        r"""SELECT r.name, m.name FROM ir_model_relation r
             JOIN ir_module_module m ON m.id = r.module
            WHERE m.name LIKE 'group\_budget%' OR r.name LIKE 'group\_budget%'""",
    ),
    (
        "ir_model_data",
        r"""SELECT module || '.' || name, model || ',' || res_id FROM ir_model_data
            WHERE module LIKE 'group\_budget%' OR model LIKE 'group.budget%'""",
    ),
    (
        "tier_definition",
        r"SELECT model, id FROM tier_definition WHERE model LIKE 'group.budget%'",
    ),
    (
        "tier_review",
        r"SELECT model || ',' || res_id, id FROM tier_review WHERE model LIKE 'group.budget%'",
    ),
    (
        "tier_validation_exception",
        r"""SELECT model_name, id FROM tier_validation_exception
            WHERE model_name LIKE 'group.budget%'""",
    ),
    (
        "ir_sequence",
        r"""SELECT code, id FROM ir_sequence
            WHERE code LIKE 'group.budget%' OR code LIKE 'group\_budget%'""",
    ),
    (
        "ir_cron",
        r"""SELECT c.cron_name, s.model_name FROM ir_cron c
             JOIN ir_act_server s ON s.id = c.ir_actions_server_id
            WHERE s.model_name LIKE 'group.budget%' OR s.code LIKE '%group.budget%'
               OR s.code LIKE '%group\_budget%'""",
    ),
    (
        "ir_act_server",
        r"""SELECT name->>'en_US', model_name FROM ir_act_server
            WHERE model_name LIKE 'group.budget%'""",
    ),
    (
        "ir_act_window",
        r"""SELECT name->>'en_US', res_model FROM ir_act_window
            WHERE res_model LIKE 'group.budget%'""",
    ),
    (
        "ir_act_report_xml",
        r"""SELECT report_name, model FROM ir_act_report_xml
            WHERE model LIKE 'group.budget%' OR report_name LIKE 'group\_budget%'""",
    ),
    (
        "ir_ui_view",
        r"""SELECT coalesce(key, name), model FROM ir_ui_view
            WHERE model LIKE 'group.budget%' OR key LIKE 'group\_budget%'""",
    ),
    (
        "ir_ui_menu",
        r"""SELECT name->>'en_US', coalesce(action, web_icon) FROM ir_ui_menu
            WHERE web_icon LIKE 'group\_budget%'
               OR action IN (SELECT 'ir.actions.act_window,' || id FROM ir_act_window
                              WHERE res_model LIKE 'group.budget%')""",
    ),
    (
        "mail_template",
        r"SELECT name->>'en_US', model FROM mail_template WHERE model LIKE 'group.budget%'",
    ),
    (
        "mail_message",
        r"SELECT model || ',' || res_id, id FROM mail_message WHERE model LIKE 'group.budget%'",
    ),
    (
        "mail_followers",
        r"""SELECT res_model || ',' || res_id, id FROM mail_followers
            WHERE res_model LIKE 'group.budget%'""",
    ),
    (
        "mail_activity",
        r"""SELECT res_model || ',' || res_id, id FROM mail_activity
            WHERE res_model LIKE 'group.budget%'""",
    ),
    (
        "ir_attachment",
        r"""SELECT res_model || ',' || res_id, name FROM ir_attachment
            WHERE res_model LIKE 'group.budget%'""",
    ),
]

_logger = logging.getLogger("check_uninstall")


class RecordLog(logging.Handler):
    """Keep the warnings and errors Odoo logs while it is attached."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        if record.name != _logger.name:
            self.records.append(record)


def owned_objects(env):
    """What Odoo recorded as the add-ons' in PostgreSQL, as ``(kind, table,
    name)``: the columns of the fields only they define, their many2many
    tables and their constraints."""
    Data = env["ir.model.data"]
    ours = Data.search([("model", "=", "ir.model.fields"), ("module", "in", ADDONS)])
    shared = Data.search(
        [
            ("model", "=", "ir.model.fields"),
            ("res_id", "in", ours.mapped("res_id")),
            ("module", "not in", ADDONS),
        ]
    )
    objects = set()
    fields = env["ir.model.fields"].browse(
        set(ours.mapped("res_id")) - set(shared.mapped("res_id"))
    )
    for ir_field in fields:
        if ir_field.model not in env:
            continue
        model = env[ir_field.model]
        field = model._fields.get(ir_field.name)
        if field is not None and field.store and field.column_type:
            objects.add(("column", model._table, field.name))
    env.cr.execute(
        """SELECT 'table', r.name, r.name FROM ir_model_relation r
             JOIN ir_module_module m ON m.id = r.module WHERE m.name = ANY(%(addons)s)
           UNION
           SELECT 'constraint', '', c.name FROM ir_model_constraint c
             JOIN ir_module_module m ON m.id = c.module WHERE m.name = ANY(%(addons)s)""",
        {"addons": list(ADDONS)},
    )
    return objects | set(env.cr.fetchall())


def remaining_objects(cr, objects):
    """The ``objects`` (see :func:`owned_objects`) still in the database."""
    remaining = []
    for kind, table, name in sorted(objects):
        if kind == "column":
            cr.execute(
                """SELECT 1 FROM information_schema.columns
                    WHERE table_schema = current_schema()
                      AND table_name = %s AND column_name = %s""",
                [table, name],
            )
        elif kind == "table":
            cr.execute("SELECT to_regclass(%s)", [name])
            if cr.fetchone()[0] is None:
                continue
        else:
            # Odoo cuts constraint names to PostgreSQL's 63 characters.
            cr.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [name[:63]])
        if cr.rowcount:
            remaining.append((f"PostgreSQL {kind} of the add-ons", f"{table}.{name}".lstrip(".")))
    return remaining


def uninstall(env):
    """Uninstall the suite like the Apps screen; it commits."""
    env["ir.module.module"].search([("name", "in", ADDONS)]).button_immediate_uninstall()


def find_leftovers(env, objects):
    cr = env.cr
    leftovers = remaining_objects(cr, objects)
    for what, query in LEFTOVER_QUERIES:
        cr.execute(query)
        leftovers += [(what, *map(str, row)) for row in cr.fetchall()]
    cr.execute(
        "SELECT name, state FROM ir_module_module WHERE name = ANY(%s) OR name = 'account'",
        [[*ADDONS]],
    )
    for name, state in cr.fetchall():
        expected = "installed" if name == "account" else "uninstalled"
        if state != expected:
            leftovers.append(("module state", name, state))
    return leftovers


def demo_company(env):
    """A company of the demo with a chart of accounts: a subsidiary when
    there is one, the main company otherwise."""
    companies = env["res.company"].search([("chart_template", "!=", False)], order="id desc")
    if not companies:
        raise RuntimeError("no company has a chart of accounts")
    main = env.ref("base.main_company", raise_if_not_found=False) or env["res.company"]
    return (companies - main)[:1] or companies[:1]


def post_draft_post(move):
    move.action_post()
    move.button_draft()
    move.action_post()
    if move.state != "posted":
        raise AssertionError(f"{move.name} is {move.state}, not posted")


def reverse(move):
    """Reverse ``move`` with the reversal wizard (the Reverse button); post
    the reversal when the wizard leaves it in draft."""
    wizard = (
        move.env["account.move.reversal"]
        .with_context(active_model="account.move", active_ids=move.ids)
        .create(
            {
                "date": datetime.date.today(),
                "reason": "uninstall check",
                "journal_id": move.journal_id.id,
            }
        )
    )
    wizard.refund_moves()
    reversal = move.reversal_move_ids
    if len(reversal) != 1:
        raise AssertionError(f"{move.name}: {len(reversal)} reversals instead of one")
    if reversal.state == "draft":
        reversal.action_post()
    return reversal


def accounting_flow(env):
    """Post, reset to draft, post again and reverse a journal entry and a
    vendor bill; return what was done."""
    company = demo_company(env)
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    Account = env["account.account"].with_company(company)
    domain = [*Account._check_company_domain(company), ("deprecated", "=", False)]
    expense = Account.search([*domain, ("account_type", "=", "expense")], limit=1)
    liability = Account.search([*domain, ("account_type", "=", "liability_current")], limit=1)
    Journal = env["account.journal"]
    journal = Journal.search(
        [*Journal._check_company_domain(company), ("type", "=", "general")], limit=1
    )
    if not (expense and liability and journal):
        raise RuntimeError(f"{company.name}: no misc journal, expense or liability account")
    Move = env["account.move"].with_company(company)
    line = {"name": "uninstall check"}
    entry = Move.create(
        {
            "move_type": "entry",
            "journal_id": journal.id,
            "date": datetime.date.today(),
            "ref": "uninstall check",
            "line_ids": [
                (0, 0, dict(line, account_id=expense.id, debit=123.45)),
                (0, 0, dict(line, account_id=liability.id, credit=123.45)),
            ],
        }
    )
    post_draft_post(entry)
    entry_reversal = reverse(entry)
    vendor = env["res.partner"].create({"name": "Uninstall check vendor", "company_id": company.id})
    bill = Move.create(
        {
            "move_type": "in_invoice",
            "partner_id": vendor.id,
            "invoice_date": datetime.date.today(),
            "invoice_line_ids": [(0, 0, dict(line, quantity=1, price_unit=250.0))],
        }
    )
    post_draft_post(bill)
    refund = reverse(bill)
    if refund.move_type != "in_refund":
        raise AssertionError(f"{bill.name} reversed by a {refund.move_type}, not a credit note")
    env.flush_all()
    return (
        f"{company.name}: entry {entry.name} reversed by {entry_reversal.name}, "
        f"bill {bill.name} by credit note {refund.name}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="a database with the suite's add-ons installed")
    parser.add_argument("--logfile", help="Odoo's log (default: standard error)")
    args = parser.parse_args()
    try:
        _version, core = odoo_info()
        check_postgres()
    except MissingPrerequisite as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    options = [f"--addons-path={addons_path(core)}", "-d", args.db, "--log-level=warn"]
    config.parse_config(options + ([f"--logfile={args.logfile}"] if args.logfile else []))
    failures = []

    def in_transaction(what, function, *params):
        """``function(env, *params)`` in a transaction of its own, on the
        current registry; an exception is a failure, logged with its
        traceback."""
        try:
            with Registry(args.db).cursor() as cr:
                return function(api.Environment(cr, SUPERUSER_ID, {}), *params)
        except Exception:
            _logger.exception("%s failed", what)
            failures.append(f"{what} failed")
            return None

    installed = in_transaction(
        "reading the modules",
        lambda env: env["ir.module.module"].search_count(
            [("name", "in", ADDONS), ("state", "=", "installed")]
        ),
    )
    if installed != len(ADDONS):
        print(f"error: {', '.join(ADDONS)} are not all installed in {args.db}", file=sys.stderr)
        return 2
    objects = in_transaction("reading Odoo's records of the add-ons", owned_objects) or set()

    log = RecordLog()
    logging.getLogger().addHandler(log)
    started = time.time()
    in_transaction("uninstall", uninstall)
    duration = time.time() - started
    logging.getLogger().removeHandler(log)
    errors = 0
    for record in log.records:
        print(f"  uninstall logged: {record.levelname} {record.name}: {record.getMessage()}")
        errors += record.levelno >= logging.ERROR or bool(record.exc_info)
    if errors:
        failures.append(f"the uninstall logged {errors} error(s) or traceback(s)")

    leftovers = in_transaction("leftover check", find_leftovers, objects) or []
    for leftover in leftovers:
        print("  left behind: " + " | ".join(leftover))
    done = in_transaction("accounting flow", accounting_flow)
    if done:
        print(f"  accounting: {done}")

    for failure in failures:
        print(f"  {failure}")
    summary = f"uninstall in {duration:.0f}s, {len(leftovers)} leftover(s)"
    if leftovers or failures:
        print(f"uninstall: FAILED ({summary}, {len(failures)} error(s))")
        return 1
    print(f"uninstall: ok ({summary}, journal entry and vendor bill posted and reversed)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    sys.exit(main())
