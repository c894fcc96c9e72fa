#!/usr/bin/env python3
"""Posting under load on a multi-worker Odoo server (issues 15, 24 and 26).

Starts Odoo with worker processes on a scratch database and has concurrent
JSON-RPC clients post journal entries, with and without the suite's budget
control, and confirm and bill purchase orders under it; and, while they
post, readers open the officer's screens, read from the primary or from a
streaming replica.

Usage: python3 tools/load_benchmark.py [--clients 8] [--seconds 60] [--lines 20]
           [--workers 4] [--budget-entries N] [--budget-orders N] [--cases abcde]
           [--readers N] [--replica] [--replica-port 5442]
           [--port 0] [--server-log FILE] [--keep-db]

The database (``$GROUP_BUDGET_LOAD_DB``, default ``group_budget_load``) is
created with the three add-ons (and, for (d), purchase and its bridge) and
no demo data, so that every posting, centre and budget in it is the
benchmark's own and the figures repeat from run to run. A subprocess then
creates, with the ORM, and commits: an accountant user (the clients' login),
one journal per client (Odoo numbers posted entries per journal, and clients
sharing a journal would collide on its sequence — that contention is Odoo's,
not the suite's), a centre per client with an ample budget under rigid
control, one shared centre whose rigid budget holds ``--budget-entries``
entries, and accounts with and without budget items; for (d), a vendor, a
service product per budgeted account (billed on ordered quantities) and a
purchase journal per client for its bills.

Odoo then runs with ``--workers`` processes (``--max-cron-threads 0``, on
127.0.0.1 only, its log in a temporary file), and ``--clients`` threads, each
with its own session (``/web/session/authenticate``), create and post entries
of ``--lines`` lines (``/web/dataset/call_kw``: ``account.move`` ``create``
then ``action_post``) for ``--seconds`` seconds in each case
(after a warm-up that loads the registry in every worker; (a) and (b) take
turns of about 5 s, in the order a, b, b, a, a, b…, so that other load on
the machine weighs on both alike):

  (a) no control: the lines carry the client's centre but their accounts map
      to no budget item, so control's first query finds nothing;
  (b) control, each client on its own centre and budget (rigid, ample);
  (c) control, every client on the one shared rigid budget, which runs out
      during the case: later postings are refused (counted as intended);
  (d) purchase commitments (needs Odoo's purchase and the bridge
      group_budget_purchase, installed along; skipped with a message while
      the repository does not hold the bridge): every client creates and
      confirms purchase orders of ``--lines`` lines (``purchase.order``
      ``create`` then ``button_confirm``), all on one more centre whose
      rigid budget holds ``--budget-orders`` orders, and after every second
      confirmed order bills its oldest one not billed yet
      (``action_create_invoice``, the bill date, ``account.move``
      ``action_post``), so that about half the orders stay open. The budget
      runs out during the case: later confirmations are refused (counted as
      intended); a bill of a confirmed order is never refused (its
      commitment becomes its actual), and one that is counts as a failure.
      The client user is an accountant and purchase user without any budget
      role.

For each case it prints postings per second, the p50 and p95 latency of a
posting (create and post, successful postings only), refusals (the budget
control's error), other failures, Odoo's serialization retries and the ERROR
lines of the server log (both counted in the log, with the statement that
logged the ERROR), the median queries and seconds of the create and post
requests (from Odoo's request log lines), and the server's CPU per posting
(Odoo's processes and the database's backends, from /proc: unlike the
throughput, it does not change with other load on the machine); then it
checks that (b) keeps at least 90% of (a)'s
throughput, that no request failed but the refusals, that the server logged no
ERROR, that the database holds exactly the postings the clients saw succeed,
and, by a full recompute from the posted journal items in SQL, that the
shared budget's actual stays within its year-to-date budget in every month.
The actual only grows in (c), so the final state bounds every earlier one.
For (d) it prints confirmed orders per second, the latencies of a
confirmation (create and confirm) and of a bill, and checks the same way
that the database holds the confirmed orders and posted bills the clients
saw, that the budget's actual plus what its commitments
(group_budget_commitment) still hold stays within its year-to-date budget
in every month, and that the two together equal the confirmed orders'
untaxed total: no bill counted twice, no commitment left behind. Actual
plus committed only grows in (d) (a bill turns commitment into actual),
so the final state bounds every earlier one too. It also checks that the
commitments' monthly totals, to which every client appends at once, agree
with the commitments key by key.

  (e) writers and readers (issue 26): the clients post entries on their
      own centres (rigid, ample budgets) and, with the purchase bridge,
      create and confirm orders there, in turn, while ``--readers`` budget
      officers of those centres open their screens as the web client does
      (``web_search_read`` and ``web_read_group``): the ledger of their
      centre to this month, grouped by centre and by item, the centre's
      budgets, their warnings and the warning dashboard's groups, the
      scorecards' ranking (none: scorecards need signed letters). It prints
      reads per second and their p50 / p95, postings (and orders) per
      second, the calls by kind and cursor with their queries (Odoo's
      request log: ``ro`` on the replica, ``rw`` on the primary, ``ro->rw``
      a read-only call that wrote and was retried on the primary), and the
      transactions and rows read on each server (pg_stat_database).

With ``--replica``, a streaming replica of the cluster (``pg_basebackup
-R`` into a temporary directory, a hot standby on a Unix socket of its own,
see ``_pg_replica.py``) runs for the whole benchmark, and case (e) runs on
two servers in turns (e, er, er, e, half of ``--seconds`` each): the first
as every case, the second with ``--db_replica_host`` and
``--db_replica_port``, so that Odoo sends the read-only calls there. It then
prints the replica's lag at the end of each turn and checks that every read
was served by the replica and none was retried on the primary, that
postings keep at least 90% of their rate without the replica, and that,
once the replica has replayed the primary's WAL, the budget ledger read
there (every row of its query) equals the primary's.

The servers are stopped at the end, also after Ctrl-C or an error, and the
replica stopped and removed; the database is dropped unless ``--keep-db``.
Exit status: 0 when every check holds, 1 when one fails (or the replica
cannot be made: the message says what the primary lacks), 2 when Odoo or
PostgreSQL is missing.
"""

import argparse
import datetime
import http.client
import http.cookiejar
import json
import math
import os
import pathlib
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from _odoo_env import (
    PURCHASE_BRIDGE,
    MissingPrerequisite,
    addons_path,
    check_postgres,
    create_database,
    drop_database,
    free_port,
    has_addon,
    odoo_info,
)
from _pg_replica import Replica

DB = os.environ.get("GROUP_BUDGET_LOAD_DB", "group_budget_load")
HOST = "127.0.0.1"
LOGIN = "load_accountant"
PASSWORD = "load-benchmark-accountant"  # a scratch database's user
READER = "load_officer"
READER_PASSWORD = "load-benchmark-officer"  # a scratch database's user
ITEMS = 5  # accounts with a rigid budget item (and as many without)
AMPLE = 1_000_000_000.0
CASES = {
    "a": "(a) no control (accounts without budget items)",
    "b": "(b) control, one centre and budget per client",
    "c": "(c) control, every client on one rigid budget",
    "d": "(d) purchase orders confirmed and billed, every client on one rigid budget",
    "e": "(e) writers post and confirm while readers open the officer's screens, "
    "without the replica",
}
# Case (e) again on a server that sends read-only calls to the replica.
LABELS = dict(CASES, er="(e) the same, reads sent to the replica (--replica)")
# The calls of the web client that Odoo sends to a replica (``@api.readonly``).
READ_METHODS = {"web_search_read", "web_read_group", "web_read", "read_group", "search_read"}
# Odoo's request line of a call_kw: model, method, queries, seconds in SQL,
# other seconds and, when a replica is set, the cursor (ro, ro->rw or rw).
CALL = re.compile(
    r'"POST /web/dataset/call_(?:kw|button)/([\w.]+)/(\w+) [^"]*" \S+ \S+ '
    r"(\d+) ([\d.]+) ([\d.]+)(?: (\S+))?"
)
# Odoo's request line: its queries, their seconds and the other seconds.
REQUEST = re.compile(
    r'"POST /web/dataset/call_kw/(account\.move|purchase\.order)/(\w+) [^"]*" \S+ \S+ '
    r"(\d+) ([\d.]+) ([\d.]+)"
)
RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) (\S+) ([\w.]+): (.*)$")


def line_amount(j):
    return 10.0 + j % 5


# ----------------------------------------------------------------------
# The data, created in a subprocess with the ORM and committed
# ----------------------------------------------------------------------
def prepare(options):
    """Create the benchmark's data in ``DB``; print its ids as JSON."""
    import datetime

    import odoo
    from odoo.tools import config

    Command = odoo.Command
    config.parse_config([f"--addons-path={options['addons']}", "-d", DB, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(DB)
    from odoo.addons.group_budget.demo.builders import create_budgets

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company = env.company
        today = datetime.date.today()
        accounts = env["account.account"].with_company(company)
        budgeted = accounts.create(
            [
                {"name": f"Load Expense {i}", "code": f"LB6{i:03d}", "account_type": "expense"}
                for i in range(ITEMS)
            ]
        )
        free = accounts.create(
            [
                {
                    "name": f"Load Expense without item {i}",
                    "code": f"LF6{i:03d}",
                    "account_type": "expense",
                }
                for i in range(ITEMS)
            ]
        )
        cash = accounts.create(
            {"name": "Load Cash", "code": "LC1010", "account_type": "asset_current"}
        )
        clients = options["clients"]
        journals = env["account.journal"].create(
            [
                {"name": f"Load Client {k}", "code": f"LD{k:03d}", "type": "general"}
                for k in range(clients)
            ]
        )
        centres = env["group.budget.centre"].create(
            [
                {"name": f"Load Centre {k}", "code": f"LC{k:03d}", "centre_type": "cost"}
                for k in range(clients)
            ]
            + [{"name": "Load Shared Centre", "code": "LCSH", "centre_type": "cost"}]
        )
        items = env["group.budget.item"].create(
            [
                {
                    "name": f"Load Item {i}",
                    "code": f"LI{i:02d}",
                    "category": "operations",
                    "direction": "lower_better",
                    "control_mode": "rigid",
                    "account_ids": [Command.set(account.ids)],
                }
                for i, account in enumerate(budgeted)
            ]
        )
        # The shared budget: what ``budget_entries`` entries post on each
        # item and half an entry more, all of it available by ``today``.
        per_entry = [0.0] * ITEMS
        for j in range(options["lines"] - 1):
            per_entry[j % ITEMS] += line_amount(j)
        shared_total = [amount * (options["budget_entries"] + 0.5) for amount in per_entry]

        def months(total, ample):
            if ample:
                return AMPLE
            return [total / today.month if m <= today.month else 0.0 for m in range(1, 13)]

        period = env["group.budget.period"].create({"year": today.year})
        budgets = create_budgets(
            env,
            period,
            {
                centre: {
                    item: months(shared_total[i], centre != centres[-1])
                    for i, item in enumerate(items)
                }
                for centre in centres
            },
        )
        period._set_state("executing")
        groups = [
            env.ref("account.group_account_manager"),
            env.ref("analytic.group_analytic_accounting"),
        ]
        ids = {
            "date": str(today),
            "budgeted": budgeted.ids,
            "free": free.ids,
            "cash": cash.id,
            "journals": journals.ids,
            "analytics": [centre.analytic_account_id.id for centre in centres],
            "centres": centres.ids,
            "items": items.ids,
            "shared_budget": budgets[-1].id,
            "period": [str(period.date_from), str(period.date_to)],
        }
        if options["purchase"]:
            ids.update(prepare_purchase(env, period, budgeted, items, options, months))
            # A purchase user and an accountant, without any budget role.
            groups.append(env.ref("purchase.group_purchase_user"))
        env["res.users"].create(
            {
                "name": "Load Accountant",
                "login": LOGIN,
                "password": PASSWORD,
                # The sender of the bills' chatter messages (Odoo requires one).
                "email": "load.accountant@example.com",
                "groups_id": [Command.link(group.id) for group in groups],
            }
        )
        if options["readers"]:
            prepare_readers(env, period, centres[:-1], items)
        cr.commit()
        print(json.dumps(ids))
    odoo.sql_db.close_db(DB)


def prepare_readers(env, period, centres, items):
    """Case (e)'s readers: a budget officer of the clients' centres, and a
    warning on each of them and each item, as the early-warning cron raises
    them. (Scorecards need signed letters: the readers read none.)"""
    import datetime

    import odoo

    today = datetime.date.today()
    officer = env["res.users"].create(
        {
            "name": "Load Officer",
            "login": READER,
            "password": READER_PASSWORD,
            "groups_id": [odoo.Command.link(env.ref("group_budget.group_budget_officer").id)],
        }
    )
    centres.write({"officer_ids": [odoo.Command.link(officer.id)]})
    env["group.budget.warning"].create(
        [
            {
                "company_id": centre.company_id.id,
                "period_id": period.id,
                "centre_id": centre.id,
                "item_id": item.id,
                "horizon": "month",
                "period_label": f"{today.year}-{today.month:02d}",
                "date": today,
                "level": "serious" if k % 2 else "attention",
                "budget": 10_000.0,
                "actual": 11_000.0 if k % 2 else 9_200.0,
                "percent": 110.0 if k % 2 else 92.0,
            }
            for k, centre in enumerate(centres)
            for item in items
        ]
    )


def prepare_purchase(env, period, accounts, items, options, months):
    """Case (d)'s data: a vendor, a service product per budgeted account
    (billed on ordered quantities), a purchase journal per client (Odoo
    numbers bills per journal, as it numbers entries), a centre whose rigid
    budget holds ``budget_orders`` orders; their ids."""
    import odoo

    from odoo.addons.group_budget.demo.builders import create_budgets

    Command = odoo.Command
    vendor = env["res.partner"].create({"name": "Load Vendor", "supplier_rank": 1})
    products = env["product.product"].create(
        [
            {
                "name": f"Load Purchase {i}",
                "type": "service",
                "purchase_method": "purchase",
                "property_account_expense_id": account.id,
                "seller_ids": [Command.create({"partner_id": vendor.id, "price": 1.0})],
            }
            for i, account in enumerate(accounts)
        ]
    )
    journals = env["account.journal"].create(
        [
            {"name": f"Load Bills {k}", "code": f"LP{k:03d}", "type": "purchase"}
            for k in range(options["clients"])
        ]
    )
    centre = env["group.budget.centre"].create(
        {"name": "Load Purchase Centre", "code": "LCPO", "centre_type": "cost"}
    )
    # What ``budget_orders`` orders commit on each item, and half an order more.
    per_order = [0.0] * ITEMS
    for j in range(options["lines"]):
        per_order[j % ITEMS] += line_amount(j)
    total = [amount * (options["budget_orders"] + 0.5) for amount in per_order]
    budget = create_budgets(
        env, period, {centre: {item: months(total[i], False) for i, item in enumerate(items)}}
    )
    return {
        "vendor": vendor.id,
        "products": products.ids,
        "bill_journals": journals.ids,
        "purchase_analytic": centre.analytic_account_id.id,
        "purchase_budget": budget.id,
    }


def print_ledger_query(addons):
    """Print the query of the budget ledger's rows (the model's
    ``_table_query``, its parameters filled in), read from the primary."""
    import odoo
    from odoo.tools import config

    config.parse_config([f"--addons-path={addons}", "-d", DB, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(DB)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        query = env["group.budget.ledger"]._ledger_query()
        print(json.dumps(cr.mogrify(query.code, query.params).decode()))
    odoo.sql_db.close_db(DB)


def run_self(flag, argument, what):
    """Run this script with ``flag argument`` in a process of its own and
    return the JSON its output ends with; ``what`` names the step when it
    fails."""
    result = subprocess.run(
        [sys.executable, __file__, flag, argument],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError(f"{what} failed (see above)")
    return json.loads(result.stdout.strip().splitlines()[-1])


def ledger_query(core):
    return run_self("--ledger-query", addons_path(core), "reading the ledger's query")


def run_prepare(core, args):
    options = {
        "addons": addons_path(core),
        "clients": args.clients,
        "lines": args.lines,
        "budget_entries": args.budget_entries,
        "budget_orders": args.budget_orders,
        "purchase": "d" in args.cases or ("e" in args.cases and has_addon(PURCHASE_BRIDGE)),
        "readers": "e" in args.cases,
    }
    return run_self("--prepare", json.dumps(options), "preparing the benchmark's data")


# ----------------------------------------------------------------------
# The server
# ----------------------------------------------------------------------
def serve():
    """``load_benchmark.py --serve ARGS``: Odoo's server with ``ARGS``, as
    ``odoo-bin`` starts it. The prefork server starts its gevent (long
    polling) process by running its own script again with ``gevent``: here
    :func:`idle`, since the clients use no bus, and a gevent process that
    cannot start (a missing package) would be restarted every second."""
    os.environ["TZ"] = "UTC"
    import odoo

    sys.argv = [sys.argv[0], *sys.argv[2:]]
    odoo.cli.main()


def idle():
    """The stand-in of the gevent process: waits to be stopped."""
    while True:
        signal.pause()


class Server:
    """Odoo with worker processes on 127.0.0.1, stopped by :meth:`stop`."""

    def __init__(self, core, workers, port, logfile, replica=None):
        self.port = port or free_port()
        self.logfile = logfile
        self.command = (
            sys.executable,
            os.path.abspath(__file__),
            "--serve",
            f"--addons-path={addons_path(core)}",
            "-d",
            DB,
            f"--db-filter=^{DB}$",
            "--no-database-list",
            f"--workers={workers}",
            "--max-cron-threads=0",
            f"--http-interface={HOST}",
            f"--http-port={self.port}",
            f"--gevent-port={port + 1 if port else free_port()}",
            f"--logfile={logfile}",
            "--limit-time-real=600",
            "--limit-time-cpu=600",
        )
        if replica is not None:
            # Odoo sends read-only calls there, over the replica's own socket.
            self.command += (
                f"--db_replica_host={replica.host}",
                f"--db_replica_port={replica.port}",
            )
        self.process = None

    def start(self, timeout=180):
        # Its own process group: Ctrl-C reaches the benchmark, which then
        # stops the server, its workers and its gevent process.
        self.process = subprocess.Popen(self.command, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Odoo stopped at start (exit status {self.process.returncode}); "
                    f"see its log {self.logfile}"
                )
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/web/health", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"Odoo did not answer on {HOST}:{self.port} in {timeout} s")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


# ----------------------------------------------------------------------
# The clients
# ----------------------------------------------------------------------
class RpcError(Exception):
    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name") or ""
        super().__init__(f"{self.name}: {data.get('message') or error.get('message')}")


class Client:
    """One user session over JSON-RPC."""

    def __init__(self, port, login=LOGIN, password=PASSWORD):
        self.url = f"http://{HOST}:{port}"
        self.credentials = {"db": DB, "login": login, "password": password}
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.calls = 0

    def rpc(self, path, params):
        self.calls += 1
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "id": self.calls, "params": params}
        ).encode()
        request = urllib.request.Request(
            self.url + path, body, {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=900) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise RpcError(answer["error"])
        return answer["result"]

    def login(self):
        self.rpc("/web/session/authenticate", self.credentials)

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


def is_refusal(exc):
    """The budget control's refusal of a rigid overrun (of an entry, or of
    an order's confirmation: a budget's refusal with its button to request
    an addition)."""
    if not isinstance(exc, RpcError):
        return False
    if exc.name == "odoo.exceptions.RedirectWarning":
        return "rigid control" in str(exc) or "budget" in str(exc).lower()
    return exc.name == "odoo.exceptions.UserError" and "rigid control" in str(exc)


def entry_vals(data, case, client, ref, lines):
    """An entry of ``lines`` lines: ``lines - 1`` expense lines on the
    case's accounts and centre, and a cash line."""
    analytic = data["analytics"][-1 if case == "c" else client]
    accounts = data["free"] if case in ("a", "warmup") else data["budgeted"]
    expense = [
        {
            "name": f"Load line {j}",
            "account_id": accounts[j % ITEMS],
            "debit": line_amount(j),
            "analytic_distribution": {str(analytic): 100},
        }
        for j in range(lines - 1)
    ]
    cash = {
        "name": "Load cash",
        "account_id": data["cash"],
        "credit": sum(line_amount(j) for j in range(lines - 1)),
    }
    return {
        "journal_id": data["journals"][client],
        "date": data["date"],
        "ref": f"load-{case}-{ref}",
        "line_ids": [[0, 0, vals] for vals in [*expense, cash]],
    }


def post_entry(session, vals):
    """Create and post one entry; its seconds (create and post)."""
    start = time.perf_counter()
    [move_id] = session.call("account.move", "create", [vals])
    session.call("account.move", "action_post", [move_id])
    return time.perf_counter() - start


def order_vals(data, ref, lines, analytic=None, case="d"):
    """A purchase order of ``lines`` lines on the budgeted accounts'
    products, all on the purchase centre (or the centre of ``analytic``)."""
    analytic = str(analytic or data["purchase_analytic"])
    return {
        "partner_id": data["vendor"],
        "partner_ref": f"load-{case}-{ref}",
        "date_order": f"{data['date']} 09:00:00",
        "date_planned": f"{data['date']} 09:00:00",
        "order_line": [
            [
                0,
                0,
                {
                    "product_id": data["products"][j % ITEMS],
                    "product_qty": 1,
                    "price_unit": line_amount(j),
                    "date_planned": f"{data['date']} 09:00:00",
                    "analytic_distribution": {analytic: 100},
                },
            ]
            for j in range(lines)
        ],
    }


def confirm_order(session, vals):
    """Create and confirm one order; ``(order id, seconds)`` (create and
    confirm). A refused confirmation leaves the order in draft."""
    start = time.perf_counter()
    [order_id] = session.call("purchase.order", "create", [vals])
    session.call("purchase.order", "button_confirm", [order_id])
    return order_id, time.perf_counter() - start


def bill_order(session, order_id, date, journal_id):
    """Bill a confirmed order as a user does: the bill from the order, its
    date (and the client's purchase journal), posting; its seconds."""
    start = time.perf_counter()
    session.call("purchase.order", "action_create_invoice", [order_id])
    [order] = session.call("purchase.order", "read", [order_id], ["invoice_ids"])
    bill_ids = order["invoice_ids"]
    session.call(
        "account.move", "write", bill_ids, {"invoice_date": date, "journal_id": journal_id}
    )
    session.call("account.move", "action_post", bill_ids)
    return time.perf_counter() - start


class Outcome:
    """What the clients saw in one case, over one or more rounds."""

    def __init__(self):
        self.latencies, self.refusals, self.failures = [], 0, []
        self.first_refusal = None
        self.elapsed = self.started = 0.0
        self.retries, self.errors = 0, {}
        self.requests = {"create": [], "action_post": []}
        self.cpu = 0.0
        # Case (d): the bills of confirmed orders, and those refused.
        self.bill_latencies, self.bill_refusals = [], 0
        # Case (e): the readers' calls and the writers' orders; the calls by
        # kind (read or write) and cursor, from the log: [requests, queries];
        # the read-only calls Odoo retried on the primary; the database's
        # transactions and rows read, on the primary and on the replica.
        self.read_latencies, self.order_latencies = [], []
        self.cursors, self.ro_retries, self.stats, self.lag = {}, 0, {}, None
        self.lock = threading.Lock()

    def failed(self, exc):
        """Count ``exc``: a refusal, or a failure; whether it was a refusal."""
        refusal = is_refusal(exc)
        with self.lock:
            if refusal:
                self.refusals += 1
                if self.first_refusal is None:
                    self.first_refusal = self.elapsed + time.monotonic() - self.started
            else:
                self.failures.append(f"{type(exc).__name__}: {exc}")
        return refusal


ERRORS = (RpcError, OSError, ValueError, http.client.HTTPException)


def client_loop(session, data, case, client, lines, until, outcome, stop, start):
    if case in ("e", "er"):
        writer_loop(session, data, case, client, lines, until, outcome, stop, start)
        return
    if case == "d":
        purchase_loop(session, data, client, lines, until, outcome, stop, start)
        return
    number = 0
    while not stop.is_set() and time.monotonic() < until:
        number += 1
        ref = f"{client}-{start:.0f}-{number}"
        try:
            seconds = post_entry(session, entry_vals(data, case, client, ref, lines))
        except ERRORS as exc:
            outcome.failed(exc)
            continue
        with outcome.lock:
            outcome.latencies.append(seconds)


def purchase_loop(session, data, client, lines, until, outcome, stop, start):
    """Case (d): create and confirm orders; after every second confirmed
    order, bill the oldest of this client's confirmed orders not billed yet,
    so that orders are confirmed while others are billed, and about half
    stay open."""
    number, confirmed, unbilled = 0, 0, []
    while not stop.is_set() and time.monotonic() < until:
        number += 1
        ref = f"{client}-{start:.0f}-{number}"
        try:
            order_id, seconds = confirm_order(session, order_vals(data, ref, lines))
        except ERRORS as exc:
            outcome.failed(exc)
            continue
        with outcome.lock:
            outcome.latencies.append(seconds)
        unbilled.append(order_id)
        confirmed += 1
        if confirmed % 2 or stop.is_set() or time.monotonic() >= until:
            continue
        try:
            journal = data["bill_journals"][client]
            seconds = bill_order(session, unbilled.pop(0), data["date"], journal)
        except ERRORS as exc:
            # A bill of a confirmed order never goes over: its commitment
            # becomes its actual. A refusal here is a defect, counted apart.
            if is_refusal(exc):
                with outcome.lock:
                    outcome.bill_refusals += 1
            else:
                outcome.failed(exc)
            continue
        with outcome.lock:
            outcome.bill_latencies.append(seconds)


def writer_loop(session, data, case, client, lines, until, outcome, stop, start):
    """Case (e)'s writers: post an entry on the client's own centre and
    budget (rigid, ample), then, with the purchase bridge, create and
    confirm an order on it, in turn."""
    number = 0
    while not stop.is_set() and time.monotonic() < until:
        number += 1
        ref = f"{client}-{start:.0f}-{number}"
        order = "products" in data and number % 2 == 0
        try:
            if order:
                vals = order_vals(data, ref, lines, data["analytics"][client], case)
                _order_id, seconds = confirm_order(session, vals)
            else:
                seconds = post_entry(session, entry_vals(data, case, client, ref, lines))
        except ERRORS as exc:
            outcome.failed(exc)
            continue
        with outcome.lock:
            (outcome.order_latencies if order else outcome.latencies).append(seconds)


def screens(data, reader):
    """The officer's screens as the web client reads them: ``[(model,
    method, args, kwargs)]``, the lists' ``web_search_read`` and the
    grouped lists', pivots' and graphs' ``web_read_group``."""
    today = datetime.date.fromisoformat(data["date"])
    centre = data["centres"][reader % (len(data["centres"]) - 1)]
    many2one = {"fields": {"display_name": {}}}

    def spec(names, relations):
        """The fields a list shows: ``names``, ``relations`` with their name."""
        relations = relations.split()
        return {name: many2one if name in relations else {} for name in names.split()}

    ledger = spec(
        "period_id centre_id item_id date control_mode currency_id budget actual variance "
        "ytd_budget ytd_actual ytd_variance committed ytd_committed reserved available "
        "consumption overrun_count is_overrun",
        "period_id centre_id item_id currency_id",
    )
    to_date = [("date", "<=", str(today.replace(day=1)))]
    mine = [("centre_id", "=", centre)]
    unresolved = [("state", "!=", "resolved")]
    figures = ["budget:sum", "actual:sum", "ytd_budget:sum", "ytd_actual:sum", "available:sum"]
    return [
        # The ledger of the officer's centre to this month, then grouped by
        # centre and by item (the pivot's rows and columns).
        ("group.budget.ledger", "web_search_read", [mine + to_date, ledger], {"limit": 80}),
        (
            "group.budget.ledger",
            "web_read_group",
            [to_date, figures, ["centre_id"]],
            {"limit": 80, "lazy": True},
        ),
        (
            "group.budget.ledger",
            "web_read_group",
            [mine + to_date, figures, ["item_id"]],
            {"limit": 80, "lazy": True},
        ),
        # The centre's budgets.
        (
            "group.budget",
            "web_search_read",
            [mine, spec("period_id centre_id line_count state", "period_id centre_id")],
            {"limit": 80},
        ),
        # The warnings of my centres, and the dashboard's graph by centre.
        (
            "group.budget.warning",
            "web_search_read",
            [
                [("is_mine", "=", True), *unresolved],
                spec(
                    "date centre_id item_id horizon period_label kind level budget actual "
                    "committed percent forecast state",
                    "centre_id item_id",
                ),
            ],
            {"limit": 80},
        ),
        (
            "group.budget.warning",
            "web_read_group",
            [unresolved, ["__count"], ["centre_id", "level"]],
            {"limit": 80, "lazy": False},
        ),
        # The scorecards' ranking, by year.
        (
            "group.budget.scorecard",
            "web_search_read",
            [
                [("period_type", "=", "year")],
                spec(
                    "period_id period_type centre_id score total vetoed state",
                    "period_id centre_id",
                ),
            ],
            {"limit": 80, "order": "score desc, centre_id"},
        ),
        (
            "group.budget.scorecard",
            "web_read_group",
            [[("period_type", "=", "year")], ["score:avg"], ["period_id"]],
            {"limit": 80, "lazy": True},
        ),
    ]


def reader_loop(session, data, reader, until, outcome, stop):
    """Case (e)'s readers: open the officer's screens one after another."""
    calls = screens(data, reader)
    number = reader
    while not stop.is_set() and time.monotonic() < until:
        model, method, args, kwargs = calls[number % len(calls)]
        number += 1
        start = time.perf_counter()
        try:
            session.call(model, method, *args, **kwargs)
        except ERRORS as exc:
            outcome.failed(exc)
            continue
        with outcome.lock:
            outcome.read_latencies.append(time.perf_counter() - start)


def run_case(sessions, data, case, seconds, lines, stop, outcome=None, readers=()):
    """Every client posts for ``seconds`` (and every reader reads); adds to
    ``outcome``."""
    outcome = outcome or Outcome()
    start = outcome.started = time.monotonic()
    until = start + seconds
    threads = [
        threading.Thread(
            target=client_loop,
            args=(session, data, case, k, lines, until, outcome, stop, start),
            daemon=True,
        )
        for k, session in enumerate(sessions)
    ] + [
        threading.Thread(
            target=reader_loop, args=(session, data, k, until, outcome, stop), daemon=True
        )
        for k, session in enumerate(readers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.5)
    outcome.elapsed += time.monotonic() - start
    return outcome


def schedule(cases, seconds, segment=5.0):
    """``[(case, seconds)]``: (a) and (b) in turns of about ``segment``
    seconds, in the order a, b, b, a, a, b, b, a… so that other load on the
    machine weighs on both alike; (c) and (d) each in one go, its budget
    running out once."""
    rounds = []
    if "a" in cases and "b" in cases:
        turns = max(2, round(seconds / segment))
        for turn in range(turns):
            pair = ("a", "b") if turn % 2 == 0 else ("b", "a")
            rounds += [(case, seconds / turns) for case in pair]
    else:
        rounds += [(case, seconds) for case in cases if case in "ab"]
    return rounds + [(case, seconds) for case in "cd" if case in cases]


# ----------------------------------------------------------------------
# The server log and the database
# ----------------------------------------------------------------------
def log_records(text):
    """``(level, logger, message, [following lines])`` of each log record."""
    record = None
    for line in text.splitlines():
        match = RECORD.match(line)
        if match:
            if record:
                yield record
            record = (match.group(1), match.group(3), match.group(4), [])
        elif record:
            record[3].append(line)
    if record:
        yield record


def error_source(logger, message, following):
    """What logged an ERROR: the statement and the database's error of a
    "bad query", the exception that ends a traceback."""
    if message.startswith("bad query"):
        statement = re.sub(r"(\\n|\s)+", " ", message.split(":", 1)[1]).strip()
        cause = next((line for line in following if line.startswith("ERROR:")), "")
        return f"{logger}: bad query: {statement[:100]}… {cause}"
    last = next((line.strip() for line in reversed(following) if line.strip()), "")
    return f"{logger}: {message.strip()} {last[:130]}"


def read_log(path, offset, outcome):
    """Add what the log holds from ``offset`` to ``outcome`` (serialization
    retries, ERROR lines by source, the queries and seconds of the posting
    requests); the offset of its end."""
    with open(path, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        text = log.read()
        offset = log.tell()
    for level, logger, message, following in log_records(text):
        if logger == "odoo.service.model" and "tries left" in message:
            outcome.retries += 1
        if level in ("ERROR", "CRITICAL"):
            source = error_source(logger, message, following)
            outcome.errors[source] = outcome.errors.get(source, 0) + 1
        request = REQUEST.search(message) if logger == "werkzeug" else None
        if request:
            model, method, queries, sql, other = request.groups()
            key = method if model == "account.move" else f"{model}.{method}"
            figures = (int(queries), float(sql), float(other))
            outcome.requests.setdefault(key, []).append(figures)
        call = CALL.search(message) if logger == "werkzeug" else None
        if call:
            _model, method, queries, _sql, _other, cursor = call.groups()
            kind = "read" if method in READ_METHODS else "write"
            counts = outcome.cursors.setdefault((kind, cursor or "primary"), [0, 0])
            counts[0] += 1
            counts[1] += int(queries)
        if logger == "odoo.http" and "retrying with a read/write cursor" in message:
            outcome.ro_retries += 1
    return offset


def psql(query, connection=(), jit=True):
    env = None if jit else dict(os.environ, PGOPTIONS="-c jit=off")
    result = subprocess.run(
        ["psql", *connection, "-d", DB, "-AtF", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def cpu_seconds(server_pid):
    """CPU seconds used so far by the server's processes and the database's
    backends (Linux ``/proc``; None elsewhere): unlike throughput, it does
    not depend on what else runs on the machine."""
    if not os.path.isdir("/proc"):
        return None
    backends = {
        int(pid)
        for (pid,) in psql(
            f"SELECT pid FROM pg_stat_activity WHERE datname = '{DB}' AND pid <> pg_backend_pid()"
        )
    }
    ticks = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = pathlib.Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == server_pid or int(entry) in backends:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def posted_by_case():
    rows = psql(
        "SELECT split_part(ref, '-', 2), COUNT(*) FROM account_move "
        "WHERE state = 'posted' AND ref LIKE 'load-%' GROUP BY 1"
    )
    return {case: int(count) for case, count in rows}


def shared_budget_check(data, analytic=None, budget=None, committed=False):
    """``[(item, month, ytd_consumed, ytd_budget)]`` of the shared budget
    (or of ``budget``, on the centre of ``analytic``): the actual recomputed
    from every posted journal item of the year, and with ``committed`` what
    the budget's commitments hold on top."""
    analytic = int(analytic or data["analytics"][-1])
    budget = int(budget or data["shared_budget"])
    date_from, date_to = data["period"]
    month_columns = ", ".join(f"l.month_{m:02d}" for m in range(1, 13))
    budgets = {
        int(row[0]): [float(value) for value in row[1:]]
        for row in psql(
            f"SELECT l.item_id, {month_columns} FROM group_budget_line l "
            f"WHERE l.budget_id = {budget}"
        )
    }
    actual_rows = psql(
        f"""
        SELECT i.id, EXTRACT(MONTH FROM aml.date)::int,
               SUM(CASE WHEN i.direction = 'higher_better' THEN -1 ELSE 1 END
                   * aml.balance * d.value::numeric / 100)
          FROM account_move_line aml
          JOIN group_budget_item_account_rel r ON r.account_id = aml.account_id
          JOIN group_budget_item i ON i.id = r.item_id
         CROSS JOIN LATERAL jsonb_each_text(aml.analytic_distribution) AS d(key, value)
         WHERE aml.parent_state = 'posted'
           AND aml.date BETWEEN '{date_from}' AND '{date_to}'
           AND {analytic}::text = ANY(string_to_array(d.key, ','))
         GROUP BY 1, 2
        """
    )
    if committed:
        actual_rows += psql(
            f"SELECT item_id, EXTRACT(MONTH FROM date)::int, SUM(amount) "
            f"FROM group_budget_commitment WHERE budget_id = {budget} GROUP BY 1, 2"
        )
    actuals = {item: [0.0] * 12 for item in budgets}
    for item, month, amount in actual_rows:
        actuals.setdefault(int(item), [0.0] * 12)[int(month) - 1] += float(amount)
    rows = []
    for item, months in sorted(actuals.items()):
        ytd_actual = ytd_budget = 0.0
        for month in range(12):
            ytd_actual += months[month]
            ytd_budget += budgets.get(item, [0.0] * 12)[month]
            rows.append((item, month + 1, round(ytd_actual, 2), round(ytd_budget, 2)))
    return rows


# ----------------------------------------------------------------------
# The report
# ----------------------------------------------------------------------
def percentile(values, share):
    """The nearest-rank percentile: ``share`` of ``values`` are at most it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def cpu_model():
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def print_mixed(case, outcome):
    """Case (e): reads, postings (and orders), the calls by cursor, the
    database's work on each server, the replica's lag."""
    reads, posted = outcome.read_latencies, len(outcome.latencies)
    rate = posted / outcome.elapsed
    print(
        f"{LABELS[case]}\n"
        f"  {len(reads)} reads in {outcome.elapsed:.1f} s: "
        f"{len(reads) / outcome.elapsed:.2f} reads/s; latency "
        f"p50 {percentile(reads, 0.5) * 1000:.0f} ms, p95 {percentile(reads, 0.95) * 1000:.0f} ms\n"
        f"  {posted} postings: {rate:.2f} postings/s; latency "
        f"p50 {percentile(outcome.latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(outcome.latencies, 0.95) * 1000:.0f} ms"
    )
    orders = outcome.order_latencies
    if orders:
        print(
            f"  {len(orders)} orders confirmed: {len(orders) / outcome.elapsed:.2f} orders/s; "
            f"latency p50 {percentile(orders, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(orders, 0.95) * 1000:.0f} ms"
        )
    print(
        f"  failures {len(outcome.failures)}, refusals {outcome.refusals}, serialization "
        f"retries {outcome.retries}, read-only calls retried on the primary "
        f"{outcome.ro_retries}, ERROR lines in the server log {sum(outcome.errors.values())}"
    )
    names = {"ro": "replica", "primary": "primary", "rw": "primary", "ro->rw": "primary, retried"}
    for (kind, cursor), (requests, queries) in sorted(outcome.cursors.items()):
        print(
            f"  {kind} calls on the {names.get(cursor, cursor)} ({cursor}): {requests} "
            f"requests, {queries} queries"
        )
    for name, (transactions, rows) in outcome.stats.items():
        print(
            f"  pg_stat_database on the {name}: {transactions} transactions, "
            f"{rows} rows read (tup_returned + tup_fetched)"
        )
    if outcome.lag is not None:
        behind, replay_lag = outcome.lag
        print(
            f"  replica lag at the end: {behind} bytes of WAL to replay"
            + (f", replay_lag {replay_lag}" if replay_lag else "")
        )
    for message in sorted(set(outcome.failures))[:5]:
        print(f"  failure: {message[:300]}")
    for source, count in sorted(outcome.errors.items(), key=lambda pair: -pair[1]):
        print(f"  ERROR ×{count}: {source}")
    return rate


def print_case(case, outcome):
    if case in ("e", "er"):
        return print_mixed(case, outcome)
    posted = len(outcome.latencies)
    rate = posted / outcome.elapsed
    # Case (d) counts confirmed orders (create and confirm) where the others
    # count postings (create and post).
    noun, unit = ("confirmed orders", "orders") if case == "d" else ("postings", "postings")
    attempt = "order (its bills included)" if case == "d" else "create and post"
    print(
        f"{CASES[case]}\n"
        f"  {posted} {noun} in {outcome.elapsed:.1f} s: {rate:.2f} {unit}/s; latency "
        f"p50 {percentile(outcome.latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(outcome.latencies, 0.95) * 1000:.0f} ms\n"
        f"  refusals {outcome.refusals}, other failures {len(outcome.failures)}, "
        f"serialization retries {outcome.retries}, ERROR lines in the server log "
        f"{sum(outcome.errors.values())}"
    )
    if case == "d":
        bills = outcome.bill_latencies
        print(
            f"  {len(bills)} bills of confirmed orders posted (bill, date, post): latency "
            f"p50 {percentile(bills, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(bills, 0.95) * 1000:.0f} ms; bills refused "
            f"{outcome.bill_refusals} (target: 0)"
        )
    medians = [
        f"{method} {statistics.median(q for q, _s, _o in rows):.0f} queries, "
        f"{statistics.median(s for _q, s, _o in rows) * 1000:.0f} ms in SQL + "
        f"{statistics.median(o for _q, _s, o in rows) * 1000:.0f} ms other"
        for method, rows in outcome.requests.items()
        if rows
    ]
    if medians:
        print(f"  server side, median per request: {'; '.join(medians)}")
    attempts = posted + outcome.refusals
    if outcome.cpu and attempts:
        print(
            f"  server CPU (Odoo and PostgreSQL) per {attempt}: "
            f"{outcome.cpu / attempts * 1000:.0f} ms"
        )
    if outcome.first_refusal is not None:
        before = posted / outcome.first_refusal if outcome.first_refusal else 0.0
        print(
            f"  first refusal after {outcome.first_refusal:.1f} s "
            f"(about {before:.2f} {unit}/s until then)"
        )
    for message in sorted(set(outcome.failures))[:5]:
        print(f"  failure: {message[:300]}")
    for source, count in sorted(outcome.errors.items(), key=lambda pair: -pair[1]):
        print(f"  ERROR ×{count}: {source}")
    return rate


def checks(results, data):
    """The targets; returns the failed ones."""
    failed = []
    rates = {case: result["rate"] for case, result in results.items()}
    if "a" in rates and "b" in rates:
        share = rates["b"] / rates["a"] if rates["a"] else 0.0
        print(f"(b) keeps {share:.0%} of (a)'s throughput (target: ≥ 90%)")
        if results["a"]["cpu"] and results["b"]["cpu"]:
            print(
                f"(b) costs {results['b']['cpu'] / results['a']['cpu']:.0%} of (a)'s server CPU "
                f"per posting: {results['a']['cpu'] / results['b']['cpu']:.0%} of its throughput "
                "on a machine of its own"
            )
        if share < 0.9:
            failed.append("(b) below 90% of (a)'s throughput")
    for case, result in results.items():
        if result["failures"]:
            failed.append(f"({case}) {result['failures']} failed requests")
        if result["errors"]:
            failed.append(f"({case}) {result['errors']} ERROR lines in the server log")
        if case in ("a", "b", "e", "er") and result["refusals"]:
            failed.append(f"({case}) {result['refusals']} refusals where none is expected")
    failed += mixed_orders_check(results)
    if "er" in results:
        failed += mixed_checks(results)
    if "c" in results and not results["c"]["refusals"]:
        failed.append("(c) no refusal: raise --seconds or lower --budget-entries")
    posted = posted_by_case()
    for case, result in results.items():
        # (d)'s bills carry its orders' reference: checked with its orders.
        if case != "d" and posted.get(case, 0) != result["posted"]:
            failed.append(
                f"({case}) the database holds {posted.get(case, 0)} posted entries, "
                f"the clients saw {result['posted']} succeed"
            )
    if "c" in results:
        rows = shared_budget_check(data)
        failed += budget_check("c", "year-to-date actual", rows)
    if "d" in results:
        failed += purchase_checks(results["d"], data, posted.get("d", 0))
    return failed


def mixed_orders_check(results):
    """Case (e): the database holds the orders the writers saw confirmed."""
    failed = []
    for key in ("e", "er"):
        if results.get(key, {}).get("orders"):
            [[confirmed]] = psql(
                "SELECT COUNT(*) FROM purchase_order "
                f"WHERE partner_ref LIKE 'load-{key}-%' AND state IN ('purchase', 'done')"
            )
            if int(confirmed) != results[key]["orders"]:
                failed.append(
                    f"({key}) the database holds {confirmed} confirmed orders, the writers "
                    f"saw {results[key]['orders']} succeed"
                )
    return failed


def mixed_checks(results):
    """Case (e) with the replica: every read on the replica, none retried
    on the primary, posting no slower than without, the replica's ledger the
    primary's once caught up."""
    failed = list(results["er"].get("replica_failures", ()))
    routed = results["er"]
    cursors = routed["cursors"]
    on_replica = cursors.get(("read", "ro"), [0, 0])[0]
    elsewhere = sum(n for (kind, cursor), (n, _q) in cursors.items() if kind == "read")
    elsewhere -= on_replica
    print(
        f"(e) with the replica: {on_replica} of {routed['reads']} reads served by the replica, "
        f"{elsewhere} by the primary (target: all by the replica); "
        f"{routed['ro_retries']} read-only calls retried on the primary (target: 0)"
    )
    if elsewhere or on_replica != routed["reads"] or routed["ro_retries"]:
        failed.append("(e) not every read was served by the replica")
    if "e" in results and results["e"]["rate"]:
        share = routed["rate"] / results["e"]["rate"]
        print(f"(e) postings with the replica: {share:.0%} of those without (target: ≥ 90%)")
        if share < 0.9:
            failed.append("(e) postings with the replica below 90% of those without")
    return failed


def budget_check(case, what, rows):
    """Print the final year to date of ``rows`` (see
    :func:`shared_budget_check`); the failures, when a month is over."""
    over = [row for row in rows if row[2] > row[3] + 0.005]
    ytd = [row for row in rows if row[2]]
    final = max(ytd, key=lambda row: row[1], default=None)
    total_actual = sum(row[2] for row in ytd if row[1] == (final[1] if final else 0))
    total_budget = sum(row[3] for row in ytd if row[1] == (final[1] if final else 0))
    print(
        f"({case}) recomputed from posted journal items: {what} "
        f"{total_actual:,.2f} of a budget of {total_budget:,.2f} "
        f"({len(over)} item-months over budget; target: 0)"
    )
    return [f"({case}) {what} over budget: {over[:3]}"] if over else []


def purchase_checks(result, data, bills_posted):
    """Case (d): refusals came, no bill was refused, the database holds
    what the clients saw, actual + committed within the budget in every
    month, and equal to the confirmed orders' untaxed total (a bill never
    counts twice, no commitment outlives its bill)."""
    failed = []
    if not result["refusals"]:
        failed.append("(d) no refusal: raise --seconds or lower --budget-orders")
    if result["bill_refusals"]:
        failed.append(f"(d) {result['bill_refusals']} bills of confirmed orders refused")
    [[confirmed, untaxed]] = psql(
        "SELECT COUNT(*), COALESCE(SUM(amount_untaxed), 0) FROM purchase_order "
        "WHERE partner_ref LIKE 'load-d-%' AND state IN ('purchase', 'done')"
    )
    if int(confirmed) != result["posted"]:
        failed.append(
            f"(d) the database holds {confirmed} confirmed orders, the clients saw "
            f"{result['posted']} succeed"
        )
    if bills_posted != result["bills"]:
        failed.append(
            f"(d) the database holds {bills_posted} posted bills, the clients saw "
            f"{result['bills']} succeed"
        )
    rows = shared_budget_check(data, data["purchase_analytic"], data["purchase_budget"], True)
    failed += budget_check("d", "year-to-date actual + committed", rows)
    consumed = sum(row[2] for row in rows if row[1] == 12)
    print(
        f"(d) actual + committed {consumed:,.2f}, the {confirmed} confirmed orders' untaxed "
        f"total {float(untaxed):,.2f} (target: equal)"
    )
    if abs(consumed - float(untaxed)) > 0.005 * max(int(confirmed), 1):
        failed.append(
            f"(d) actual + committed {consumed:,.2f} differs from the confirmed orders' "
            f"{float(untaxed):,.2f}"
        )
    # The commitments' monthly totals (appended to by every client at once)
    # agree with the commitments, key by key.
    differences = psql(
        """
        WITH kept AS (
            SELECT budget_id, item_id, date, SUM(amount) AS amount, SUM(line_count) AS lines
              FROM group_budget_commitment_month GROUP BY 1, 2, 3
            HAVING SUM(amount) <> 0 OR SUM(line_count) <> 0
        ),
        recomputed AS (
            SELECT budget_id, item_id, date_trunc('month', date)::date AS date,
                   SUM(COALESCE(amount, 0)) AS amount,
                   COUNT(*) FILTER (WHERE amount <> 0) AS lines
              FROM group_budget_commitment GROUP BY 1, 2, 3
            HAVING SUM(COALESCE(amount, 0)) <> 0 OR COUNT(*) FILTER (WHERE amount <> 0) <> 0
        )
        SELECT budget_id, item_id, date, k.amount, r.amount
          FROM kept k FULL JOIN recomputed r USING (budget_id, item_id, date)
         WHERE k.amount IS DISTINCT FROM r.amount OR k.lines IS DISTINCT FROM r.lines
        """
    )
    print(
        f"(d) the commitments' monthly totals: {len(differences)} keys differ from the "
        "commitments (target: 0)"
    )
    if differences:
        failed.append(f"(d) monthly commitment totals differ: {differences[:3]}")
    return failed


# ----------------------------------------------------------------------
def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--lines", type=int, default=20, help="lines per entry (at least 2)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--budget-entries",
        type=int,
        default=0,
        help="entries the shared budget of case (c) holds (default: clients × seconds / 6, "
        "at least 2 per client)",
    )
    parser.add_argument(
        "--budget-orders",
        type=int,
        default=0,
        help="orders the rigid budget of case (d) holds (default: clients × seconds / 12, "
        "at least 2 per client)",
    )
    parser.add_argument("--port", type=int, default=0, help="HTTP port (default: a free one)")
    parser.add_argument("--cases", default="abcde", help="which cases to run (default: abcde)")
    parser.add_argument(
        "--readers", type=int, default=0, help="readers of case (e) (default: as many as clients)"
    )
    parser.add_argument(
        "--replica",
        action="store_true",
        help="make a streaming replica of the cluster and run case (e) again with reads sent there",
    )
    parser.add_argument(
        "--replica-port",
        type=int,
        default=5442,
        help="the replica's port: its socket's name, in a directory of its own (default: 5442)",
    )
    parser.add_argument(
        "--server-log", help="keep the server's log in this file (default: a temporary one)"
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    parser.add_argument("--ledger-query", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.clients <= 999 or args.lines < 2 or args.seconds <= 0 or args.workers < 1:
        parser.error(
            "--workers and --seconds must be positive, --clients 1 to 999, --lines at least 2"
        )
    if set(args.cases) - set(CASES):
        parser.error("--cases takes letters among a, b, c, d and e")
    if args.replica and "e" not in args.cases:
        parser.error("--replica runs case (e): add e to --cases")
    args.readers = args.readers or args.clients
    if not args.budget_entries:
        args.budget_entries = max(2 * args.clients, int(args.clients * args.seconds / 6))
    if not args.budget_orders:
        args.budget_orders = max(2 * args.clients, int(args.clients * args.seconds / 12))
    return args


def measure(core, args, data):
    """Make the replica (``--replica``), start the server, run the cases;
    for case (e) with the replica, start a second server that sends
    read-only calls there, and run (e) on both in turns; stop the servers
    and the replica (also after an error). ``{case: figures}``."""
    stop = threading.Event()
    replica = Replica(args.replica_port) if args.replica else None
    servers = []
    with tempfile.TemporaryDirectory(prefix="load_benchmark_") as tmp:
        logfile = args.server_log or os.path.join(tmp, "odoo.log")
        try:
            if replica is not None:
                print(
                    "Making a streaming replica of the cluster (pg_basebackup -R) on port "
                    f"{args.replica_port}…",
                    flush=True,
                )
                replica.start()
            primary = Served(core, args, data, logfile, stop)
            servers.append(primary)
            primary.start()
            outcomes = {case: Outcome() for case in args.cases}
            for case, seconds in schedule(args.cases.replace("e", ""), args.seconds):
                print(f"Running {CASES[case]} for {seconds:.1f} s…", flush=True)
                primary.run(case, seconds, outcomes[case])
            if "e" in args.cases:
                served = {"e": primary}
                if replica is not None:
                    served["er"] = Served(
                        core, args, data, f"{logfile}.replica", stop, replica, args.port
                    )
                    servers.append(served["er"])
                    served["er"].start()
                    outcomes["er"] = Outcome()
                run_mixed(served, data, args, stop, outcomes, replica)
            results = {key: figures(key, outcome) for key, outcome in sorted(outcomes.items())}
            if "er" in results:
                results["er"]["replica_failures"] = replica_checks(core, replica)
        finally:
            stop.set()
            for server in servers:
                server.stop()
            if replica is not None:
                replica.stop()
    return results


def figures(key, outcome):
    """Print the case's figures; those the checks need."""
    return {
        "rate": print_case(key, outcome),
        "cpu": outcome.cpu / max(len(outcome.latencies) + outcome.refusals, 1),
        "posted": len(outcome.latencies),
        "refusals": outcome.refusals,
        "failures": len(outcome.failures),
        "errors": sum(outcome.errors.values()),
        "bills": len(outcome.bill_latencies),
        "bill_refusals": outcome.bill_refusals,
        "reads": len(outcome.read_latencies),
        "orders": len(outcome.order_latencies),
        "cursors": outcome.cursors,
        "ro_retries": outcome.ro_retries,
    }


class Served:
    """A server started with its clients logged in and warmed up (with
    ``replica``, one that sends read-only calls there)."""

    def __init__(self, core, args, data, logfile, stop, replica=None, busy_port=0):
        self.args, self.data, self.logfile, self.stop_event = args, data, logfile, stop
        if args.server_log and os.path.exists(logfile):
            os.remove(logfile)
        # A second server never takes the first one's port.
        port = args.port + 2 if args.port and busy_port else args.port
        self.server = Server(core, args.workers, port, logfile, replica)
        self.where = f", reads sent to the replica on {replica.host}" if replica else ""
        self.sessions = self.readers = []

    def start(self):
        args, data, stop = self.args, self.data, self.stop_event
        print(
            f"Starting Odoo with {args.workers} workers on {HOST}:{self.server.port}{self.where}…",
            flush=True,
        )
        self.server.start()
        self.sessions = [Client(self.server.port) for _ in range(args.clients)]
        self.readers = []
        if "e" in args.cases:
            self.readers = [
                Client(self.server.port, READER, READER_PASSWORD) for _ in range(args.readers)
            ]
        for session in self.sessions + self.readers:
            session.login()
        # Every worker loads the registry at its first request: warm up.
        warmup = run_case(self.sessions, data, "warmup", 5, args.lines, stop)
        if warmup.failures:
            raise RuntimeError(f"warm-up failed: {warmup.failures[0]}")
        self.offset = read_log(self.logfile, 0, Outcome())

    def run(self, case, seconds, outcome, readers=False):
        """Run ``case`` (its outcome key) for ``seconds``, with the readers
        when ``readers``; add it to ``outcome``, with what the log says."""
        cpu = cpu_seconds(self.server.process.pid)
        run_case(
            self.sessions,
            self.data,
            case,
            seconds,
            self.args.lines,
            self.stop_event,
            outcome,
            self.readers if readers else (),
        )
        if cpu is not None:
            outcome.cpu += cpu_seconds(self.server.process.pid) - cpu
        self.offset = read_log(self.logfile, self.offset, outcome)

    def stop(self):
        self.server.stop()


STATS_FLUSH = 11  # seconds: PostgreSQL's backends report their statistics when idle 10 s


def database_stats(connection=()):
    """``(transactions, rows read)`` of ``DB`` in pg_stat_database: on the
    primary, or on the server of ``connection``."""
    [[transactions, rows]] = psql(
        "SELECT xact_commit + xact_rollback, tup_returned + tup_fetched "
        f"FROM pg_stat_database WHERE datname = '{DB}'",
        connection,
    )
    return int(transactions), int(rows)


def run_mixed(served, data, args, stop, outcomes, replica):
    """Case (e): writers and readers together, ``--seconds`` on each server
    of ``served`` (``{key: Served}``), in turns of half of it (e, er, er, e)
    so that other load on the machine weighs on both alike; the database's
    transactions and rows read in each turn, on the primary and on the
    replica; the replica's lag at the end of each turn."""
    databases = {"primary": ()}
    if replica is not None:
        databases["replica"] = tuple(replica.connection())
    keys = list(served)
    turns = [keys[0], keys[-1], keys[-1], keys[0]] if len(keys) > 1 else keys
    seconds = args.seconds * len(keys) / len(turns)

    def snapshot():
        # What came before is reported by the backends once idle 10 s.
        time.sleep(STATS_FLUSH)
        return {name: database_stats(connection) for name, connection in databases.items()}

    before = snapshot()
    for key in turns:
        outcome = outcomes[key]
        print(f"Running {LABELS[key]} for {seconds:.1f} s…", flush=True)
        served[key].run(key, seconds, outcome, readers=True)
        if replica is not None:
            outcome.lag = replica_lag(replica)
        after = snapshot()
        for name in databases:
            previous = outcome.stats.get(name, (0, 0))
            outcome.stats[name] = tuple(
                p + a - b for p, a, b in zip(previous, after[name], before[name], strict=True)
            )
        before = after


def replica_lag(replica):
    """``(bytes of WAL the replica has still to replay, its replay_lag)``
    when the case ends."""
    [[lsn, replay_lag]] = psql(
        "SELECT pg_current_wal_lsn(), COALESCE((SELECT replay_lag::text FROM "
        "pg_stat_replication WHERE application_name = 'walreceiver' LIMIT 1), '')"
    )
    [[behind]] = psql(
        f"SELECT pg_wal_lsn_diff('{lsn}', pg_last_wal_replay_lsn())", replica.connection()
    )
    return max(int(float(behind)), 0), replay_lag


def replica_checks(core, replica, timeout=120):
    """Once the replica has replayed all the primary's WAL, its ledger
    (every row of the model's query, as text) equals the primary's; the
    failures."""
    digest = (
        "SELECT COUNT(*), md5(COALESCE(string_agg(l::text, '|' ORDER BY l.id), '')) "
        f"FROM ({ledger_query(core)}) l"
    )
    [[lsn]] = psql("SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + timeout
    while True:
        [[behind]] = psql(
            f"SELECT pg_wal_lsn_diff('{lsn}', pg_last_wal_replay_lsn())", replica.connection()
        )
        if float(behind) <= 0:
            break
        if time.monotonic() > deadline:
            return [f"the replica is still {behind} bytes behind after {timeout} s"]
        time.sleep(0.2)
    [[rows, primary]] = psql(digest, jit=False)
    [[replica_rows, copy]] = psql(digest, replica.connection(), jit=False)
    same = (rows, primary) == (replica_rows, copy)
    print(
        f"(e) lag zero: the ledger read from the replica ({replica_rows} rows, md5 {copy}) "
        f"{'equals' if same else 'DIFFERS FROM'} the primary's ({rows} rows, md5 {primary})"
    )
    return [] if same else ["the replica's ledger differs from the primary's"]


def interrupt(signum, frame):
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main():
    args = parse_args()
    if args.prepare:
        prepare(json.loads(args.prepare))
        return 0
    if args.ledger_query:
        print_ledger_query(args.ledger_query)
        return 0
    # Ctrl-C, and a plain ``kill``, stop the server and drop the database
    # (SIGINT too when started in the background, where it is ignored).
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    if "d" in args.cases and not has_addon(PURCHASE_BRIDGE):
        print(
            f"(d) skipped: the add-on {PURCHASE_BRIDGE} (issue 24) is not in the repository "
            "yet; the case runs once it is there",
            flush=True,
        )
        args.cases = args.cases.replace("d", "")
        if not args.cases:
            return 0
    try:
        version, core = odoo_info()
        check_postgres()
    except MissingPrerequisite as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"Odoo {version}, {os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}"
        f"; {args.clients} clients, {args.lines}-line entries, {args.seconds:.0f} s per case, "
        f"{args.workers} workers; the shared budget of (c) holds {args.budget_entries} entries"
        + (f", that of (d) {args.budget_orders} orders" if "d" in args.cases else "")
        + (f"; (e) with {args.readers} readers" if "e" in args.cases else "")
        + ("; with a replica" if args.replica else ""),
        flush=True,
    )
    modules = ["group_budget", "group_budget_report", "group_budget_appraisal"]
    purchase = "d" in args.cases or ("e" in args.cases and has_addon(PURCHASE_BRIDGE))
    modules += ["purchase", PURCHASE_BRIDGE] if purchase else []
    print(f"Creating {DB} ({', '.join(modules)}, no demo data)…", flush=True)
    try:
        create_database(DB, core, modules, "--without-demo=all")
        data = run_prepare(core, args)
        # Autovacuum leaves tables of fewer than 50 rows without statistics,
        # and then the planner guesses.
        subprocess.run(["psql", "-d", DB, "-qc", "VACUUM ANALYZE"], check=True)
        results = measure(core, args, data)
        failed = checks(results, data)
    except KeyboardInterrupt:
        print("interrupted: server stopped", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        # ReplicaError is a RuntimeError: it says what the primary lacks.
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep_db:
            try:
                drop_database(DB)
            except subprocess.CalledProcessError as exc:
                print(f"warning: {DB} not dropped: {exc.stderr.decode().strip()}", file=sys.stderr)
    for failure in failed:
        print(f"FAILED: {failure}")
    if not failed:
        print("All checks hold.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    if sys.argv[1:2] == ["--serve"]:
        serve()
    elif sys.argv[1:2] == ["gevent"]:
        idle()
    else:
        sys.exit(main())
