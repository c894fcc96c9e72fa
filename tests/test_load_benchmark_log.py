"""The load benchmark counts where Odoo served each call (issue 26).

With ``--db_replica_host`` Odoo ends each request's log line with its cursor:
``ro`` (the replica), ``rw`` (the primary) or ``ro->rw`` (a read-only call
that wrote, retried on the primary after a warning). ``read_log`` counts
the calls by kind and cursor, with their queries, from those lines.
"""

import pathlib
import sys

import pytest

TOOLS = pathlib.Path(__file__).resolve().parent.parent / "tools"

REQUEST = (
    "2026-12-02 16:15:25,193 15479 INFO load werkzeug: 127.0.0.1 - - [02/Dec/2026 16:15:25] "
    '"POST /web/dataset/call_kw/{model}/{method} HTTP/1.1" 200 - {queries} 0.448 2.611{cursor}'
)
RETRY = (
    "2026-12-02 16:15:26,001 15480 WARNING load odoo.http: cannot execute UPDATE in a "
    "read-only transaction, retrying with a read/write cursor"
)


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(TOOLS))
    sys.modules.pop("load_benchmark", None)
    import load_benchmark

    return load_benchmark


def line(model, method, queries, cursor=""):
    return REQUEST.format(
        model=model, method=method, queries=queries, cursor=f" {cursor}" if cursor else ""
    )


def test_calls_counted_by_kind_and_cursor(bench, tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(
        "\n".join(
            [
                line("group.budget.ledger", "web_search_read", 12, "ro"),
                line("group.budget.ledger", "web_read_group", 5, "ro"),
                line("account.move", "create", 84, "rw"),
                RETRY,
                line("group.budget.warning", "web_search_read", 9, "ro->rw"),
            ]
        )
        + "\n"
    )
    outcome = bench.Outcome()
    offset = bench.read_log(log, 0, outcome)
    assert offset == log.stat().st_size
    assert outcome.cursors == {
        ("read", "ro"): [2, 17],
        ("write", "rw"): [1, 84],
        ("read", "ro->rw"): [1, 9],
    }
    assert outcome.ro_retries == 1
    assert outcome.requests["create"] == [(84, 0.448, 2.611)]
    assert not outcome.errors


def test_without_a_replica_every_call_is_the_primarys(bench, tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(
        line("group.budget.scorecard", "web_read_group", 7)
        + "\n"
        + line("purchase.order", "button_confirm", 23)
        + "\n"
    )
    outcome = bench.Outcome()
    bench.read_log(log, 0, outcome)
    assert outcome.cursors == {("read", "primary"): [1, 7], ("write", "primary"): [1, 23]}
    assert outcome.requests["purchase.order.button_confirm"] == [(23, 0.448, 2.611)]
