#!/usr/bin/env python3
"""Posting under load on a multi-worker Odoo server (issue 15).

Starts Odoo with worker processes on a scratch database and has concurrent
JSON-RPC clients post journal entries, with and without the suite's budget
control.

Usage: python3 tools/load_benchmark.py [--clients 8] [--seconds 60] [--lines 20]
           [--workers 4] [--budget-entries N] [--cases abc] [--port 0]
           [--server-log FILE] [--keep-db]

The database (``$GROUP_BUDGET_LOAD_DB``, default ``group_budget_load``) is
created with the three add-ons and no demo data, so that every posting, centre
and budget in it is the benchmark's own and the figures repeat from run to
run. A subprocess then creates, with the ORM, and commits: an accountant user
(the clients' login), one journal per client (Odoo numbers posted entries per
journal, and clients sharing a journal would collide on its sequence — that
contention is Odoo's, not the suite's), a centre per client with an ample
budget under rigid control, one shared centre whose rigid budget holds
``--budget-entries`` entries, and accounts with and without budget items.

Odoo then runs with ``--workers`` processes (``--max-cron-threads 0``, on
127.0.0.1 only, its log in a temporary file), and ``--clients`` threads, each
with its own session (``/web/session/authenticate``), create and post entries
of ``--lines`` lines (``/web/dataset/call_kw``: ``account.move`` ``create``
then ``action_post``) for ``--seconds`` seconds in each of three cases
(after a warm-up that loads the registry in every worker; (a) and (b) take
turns of about 5 s, in the order a, b, b, a, a, b…, so that other load on
the machine weighs on both alike):

  (a) no control: the lines carry the client's centre but their accounts map
      to no budget item, so control's first query finds nothing;
  (b) control, each client on its own centre and budget (rigid, ample);
  (c) control, every client on the one shared rigid budget, which runs out
      during the case: later postings are refused (counted as intended).

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

The server is stopped at the end, also after Ctrl-C or an error; the database
is dropped unless ``--keep-db``. Exit status: 0 when every check holds, 1 when
one fails, 2 when Odoo or PostgreSQL is missing.
"""

import argparse
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
    MissingPrerequisite,
    addons_path,
    check_postgres,
    create_database,
    drop_database,
    free_port,
    odoo_info,
)

DB = os.environ.get("GROUP_BUDGET_LOAD_DB", "group_budget_load")
HOST = "127.0.0.1"
LOGIN = "load_accountant"
PASSWORD = "load-benchmark-accountant"  # a scratch database's user
ITEMS = 5  # accounts with a rigid budget item (and as many without)
AMPLE = 1_000_000_000.0
CASES = {
    "a": "(a) no control (accounts without budget items)",
    "b": "(b) control, one centre and budget per client",
    "c": "(c) control, every client on one rigid budget",
}
# Odoo's request line: its queries, their seconds and the other seconds.
REQUEST = re.compile(
    r'"POST /web/dataset/call_kw/account\.move/(create|action_post) [^"]*" \S+ \S+ '
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
        env["res.users"].create(
            {
                "name": "Load Accountant",
                "login": LOGIN,
                "password": PASSWORD,
                "groups_id": [
                    Command.link(env.ref("account.group_account_manager").id),
                    Command.link(env.ref("analytic.group_analytic_accounting").id),
                ],
            }
        )
        cr.commit()
        print(
            json.dumps(
                {
                    "date": str(today),
                    "budgeted": budgeted.ids,
                    "free": free.ids,
                    "cash": cash.id,
                    "journals": journals.ids,
                    "analytics": [centre.analytic_account_id.id for centre in centres],
                    "items": items.ids,
                    "shared_budget": budgets[-1].id,
                    "period": [str(period.date_from), str(period.date_to)],
                }
            )
        )
    odoo.sql_db.close_db(DB)


def run_prepare(core, args):
    options = {
        "addons": addons_path(core),
        "clients": args.clients,
        "lines": args.lines,
        "budget_entries": args.budget_entries,
    }
    result = subprocess.run(
        [sys.executable, __file__, "--prepare", json.dumps(options)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError("preparing the benchmark's data failed (see above)")
    return json.loads(result.stdout.strip().splitlines()[-1])


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

    def __init__(self, core, workers, port, logfile):
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

    def __init__(self, port):
        self.url = f"http://{HOST}:{port}"
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
        self.rpc("/web/session/authenticate", {"db": DB, "login": LOGIN, "password": PASSWORD})

    def call(self, model, method, *args):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )


def is_refusal(exc):
    """The budget control's refusal of a rigid overrun."""
    return (
        isinstance(exc, RpcError)
        and exc.name in ("odoo.exceptions.RedirectWarning", "odoo.exceptions.UserError")
        and "rigid control" in str(exc)
    )


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


class Outcome:
    """What the clients saw in one case, over one or more rounds."""

    def __init__(self):
        self.latencies, self.refusals, self.failures = [], 0, []
        self.first_refusal = None
        self.elapsed = 0.0
        self.retries, self.errors = 0, {}
        self.requests = {"create": [], "action_post": []}
        self.cpu = 0.0
        self.lock = threading.Lock()


def client_loop(session, data, case, client, lines, until, outcome, stop, start):
    number = 0
    while not stop.is_set() and time.monotonic() < until:
        number += 1
        ref = f"{client}-{start:.0f}-{number}"
        try:
            seconds = post_entry(session, entry_vals(data, case, client, ref, lines))
        except (RpcError, OSError, ValueError, http.client.HTTPException) as exc:
            with outcome.lock:
                if is_refusal(exc):
                    outcome.refusals += 1
                    if outcome.first_refusal is None:
                        outcome.first_refusal = outcome.elapsed + time.monotonic() - start
                else:
                    outcome.failures.append(f"{type(exc).__name__}: {exc}")
            continue
        with outcome.lock:
            outcome.latencies.append(seconds)


def run_case(sessions, data, case, seconds, lines, stop, outcome=None):
    """Every client posts for ``seconds``; adds to ``outcome``."""
    outcome = outcome or Outcome()
    start = time.monotonic()
    until = start + seconds
    threads = [
        threading.Thread(
            target=client_loop,
            args=(session, data, case, k, lines, until, outcome, stop, start),
            daemon=True,
        )
        for k, session in enumerate(sessions)
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
    machine weighs on both alike; (c) in one go, its budget running out once."""
    rounds = []
    if "a" in cases and "b" in cases:
        turns = max(2, round(seconds / segment))
        for turn in range(turns):
            pair = ("a", "b") if turn % 2 == 0 else ("b", "a")
            rounds += [(case, seconds / turns) for case in pair]
    else:
        rounds += [(case, seconds) for case in cases if case in "ab"]
    return rounds + [("c", seconds)] * ("c" in cases)


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
            method, queries, sql, other = request.groups()
            outcome.requests[method].append((int(queries), float(sql), float(other)))
    return offset


def psql(query):
    result = subprocess.run(
        ["psql", "-d", DB, "-AtF", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
        capture_output=True,
        text=True,
        check=True,
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


def shared_budget_check(data):
    """``[(item, month, ytd_actual, ytd_budget)]`` of the shared budget, the
    actual recomputed from every posted journal item of the year."""
    analytic, budget = int(data["analytics"][-1]), int(data["shared_budget"])
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


def print_case(case, outcome):
    posted = len(outcome.latencies)
    rate = posted / outcome.elapsed
    print(
        f"{CASES[case]}\n"
        f"  {posted} postings in {outcome.elapsed:.1f} s: {rate:.2f} postings/s; latency "
        f"p50 {percentile(outcome.latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(outcome.latencies, 0.95) * 1000:.0f} ms\n"
        f"  refusals {outcome.refusals}, other failures {len(outcome.failures)}, "
        f"serialization retries {outcome.retries}, ERROR lines in the server log "
        f"{sum(outcome.errors.values())}"
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
            f"  server CPU (Odoo and PostgreSQL) per create and post: "
            f"{outcome.cpu / attempts * 1000:.0f} ms"
        )
    if outcome.first_refusal is not None:
        before = posted / outcome.first_refusal if outcome.first_refusal else 0.0
        print(
            f"  first refusal after {outcome.first_refusal:.1f} s "
            f"(about {before:.2f} postings/s until then)"
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
        if case in ("a", "b") and result["refusals"]:
            failed.append(f"({case}) {result['refusals']} refusals where none is expected")
    if "c" in results and not results["c"]["refusals"]:
        failed.append("(c) no refusal: raise --seconds or lower --budget-entries")
    posted = posted_by_case()
    for case, result in results.items():
        if posted.get(case, 0) != result["posted"]:
            failed.append(
                f"({case}) the database holds {posted.get(case, 0)} posted entries, "
                f"the clients saw {result['posted']} succeed"
            )
    if "c" in results:
        rows = shared_budget_check(data)
        over = [row for row in rows if row[2] > row[3] + 0.005]
        ytd = [row for row in rows if row[2]]
        final = max(ytd, key=lambda row: row[1], default=None)
        total_actual = sum(row[2] for row in ytd if row[1] == (final[1] if final else 0))
        total_budget = sum(row[3] for row in ytd if row[1] == (final[1] if final else 0))
        print(
            f"(c) recomputed from posted journal items: year-to-date actual "
            f"{total_actual:,.2f} of a budget of {total_budget:,.2f} "
            f"({len(over)} item-months over budget; target: 0)"
        )
        if over:
            failed.append(f"(c) actual over budget: {over[:3]}")
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
    parser.add_argument("--port", type=int, default=0, help="HTTP port (default: a free one)")
    parser.add_argument("--cases", default="abc", help="which cases to run (default: abc)")
    parser.add_argument(
        "--server-log", help="keep the server's log in this file (default: a temporary one)"
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.clients <= 999 or args.lines < 2 or args.seconds <= 0 or args.workers < 1:
        parser.error(
            "--workers and --seconds must be positive, --clients 1 to 999, --lines at least 2"
        )
    if set(args.cases) - set(CASES):
        parser.error("--cases takes letters among a, b and c")
    if not args.budget_entries:
        args.budget_entries = max(2 * args.clients, int(args.clients * args.seconds / 6))
    return args


def measure(core, args, data):
    """Start the server, run the cases, stop it; ``{case: figures}``."""
    results = {}
    stop = threading.Event()
    with tempfile.TemporaryDirectory(prefix="load_benchmark_") as tmp:
        logfile = args.server_log or os.path.join(tmp, "odoo.log")
        if args.server_log and os.path.exists(logfile):
            os.remove(logfile)
        server = Server(core, args.workers, args.port, logfile)
        try:
            print(f"Starting Odoo with {args.workers} workers on {HOST}:{server.port}…", flush=True)
            server.start()
            sessions = [Client(server.port) for _ in range(args.clients)]
            for session in sessions:
                session.login()
            # Every worker loads the registry at its first request: warm up.
            warmup = run_case(sessions, data, "warmup", 5, args.lines, stop)
            if warmup.failures:
                raise RuntimeError(f"warm-up failed: {warmup.failures[0]}")
            offset = read_log(logfile, 0, Outcome())
            outcomes = {case: Outcome() for case in args.cases}
            for case, seconds in schedule(args.cases, args.seconds):
                print(f"Running {CASES[case]} for {seconds:.1f} s…", flush=True)
                cpu = cpu_seconds(server.process.pid)
                outcome = run_case(sessions, data, case, seconds, args.lines, stop, outcomes[case])
                if cpu is not None:
                    outcome.cpu += cpu_seconds(server.process.pid) - cpu
                offset = read_log(logfile, offset, outcome)
            for case in sorted(outcomes):
                outcome = outcomes[case]
                results[case] = {
                    "rate": print_case(case, outcome),
                    "cpu": outcome.cpu / max(len(outcome.latencies) + outcome.refusals, 1),
                    "posted": len(outcome.latencies),
                    "refusals": outcome.refusals,
                    "failures": len(outcome.failures),
                    "errors": sum(outcome.errors.values()),
                }
        finally:
            stop.set()
            server.stop()
    return results


def interrupt(signum, frame):
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main():
    args = parse_args()
    if args.prepare:
        prepare(json.loads(args.prepare))
        return 0
    # Ctrl-C, and a plain ``kill``, stop the server and drop the database
    # (SIGINT too when started in the background, where it is ignored).
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    try:
        version, core = odoo_info()
        check_postgres()
    except MissingPrerequisite as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"Odoo {version}, {os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}"
        f"; {args.clients} clients, {args.lines}-line entries, {args.seconds:.0f} s per case, "
        f"{args.workers} workers; the shared budget of (c) holds {args.budget_entries} entries",
        flush=True,
    )
    print(f"Creating {DB} (the three add-ons, no demo data)…", flush=True)
    try:
        create_database(
            DB,
            core,
            ["group_budget", "group_budget_report", "group_budget_appraisal"],
            "--without-demo=all",
        )
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
