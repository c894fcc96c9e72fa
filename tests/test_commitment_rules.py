"""Purchase commitments (manual §五 2.4, 3.3, 4.4): what a line commits, what
a refresh writes, and what a draft order's lines leave available."""

import datetime

import pytest
from group_budget_purchase_logic import commitment_rules as rules

MARCH = datetime.date(2031, 3, 1)
APRIL = datetime.date(2031, 4, 1)


# ---------------------------------------------------------------- quantity
@pytest.mark.parametrize(
    ("ordered", "received", "billed", "closed", "on_receipt", "expected"),
    [
        (10, 0, 0, False, False, 10),  # confirmed, nothing billed
        (10, 0, 4, False, False, 6),  # partly billed
        (10, 0, 10, False, False, 0),  # fully billed
        (10, 0, 12, False, False, 0),  # billed beyond: never negative
        (10, 3, 0, False, True, 10),  # open: what is ordered, received or not
        (10, 3, 1, True, True, 2),  # locked, billed on receipt: received less billed
        (10, 3, 1, True, False, 9),  # locked, billed on order: ordered less billed
        (10, 3, 5, True, True, 0),
    ],
)
def test_open_quantity(ordered, received, billed, closed, on_receipt, expected):
    assert rules.open_quantity(ordered, received, billed, closed, on_receipt) == expected


def test_line_amount_is_the_untaxed_unit_amount_times_the_quantity_converted():
    # 10 at 1,000.00 less 10 %: 9,000.00; 4 still to bill, at 7.0 to the company currency.
    assert rules.line_amount(9_000.0, 10, 4, 7.0) == pytest.approx(25_200.0)
    assert rules.line_amount(9_000.0, 10, 10) == 9_000.0
    assert rules.line_amount(9_000.0, 0, 4) == 0.0
    assert rules.line_amount(9_000.0, 10, 0) == 0.0


def test_split_by_percentage_rounds_each_share():
    assert rules.split(10_000.0, {"a": 60, "b": 40}) == {"a": 6_000.0, "b": 4_000.0}
    assert rules.split(100.0, {"a": 33.333, "b": 66.667}) == {"a": 33.33, "b": 66.67}


# ---------------------------------------------------------------- plan
def test_plan_creates_updates_and_deletes_and_tells_the_changes():
    existing = {
        (1, 10, 7): (101, MARCH, 6_000.0),  # same: nothing
        (1, 11, 7): (102, MARCH, 4_000.0),  # amount down
        (2, 10, 7): (103, MARCH, 500.0),  # moved to April
        (3, 10, 7): (104, MARCH, 300.0),  # gone
    }
    wanted = {
        (1, 10, 7): (MARCH, 6_000.0),
        (1, 11, 7): (MARCH, 2_500.0),
        (2, 10, 7): (APRIL, 500.0),
        (4, 10, 7): (APRIL, 1_000.0),  # new
    }
    plan = rules.plan(existing, wanted)
    assert plan["create"] == [((4, 10, 7), APRIL, 1_000.0)]
    assert plan["update"] == [(102, MARCH, 2_500.0), (103, APRIL, 500.0)]
    assert plan["delete"] == [104]
    assert plan["changes"] == {
        (10, 7): {MARCH: -800.0, APRIL: 1_500.0},
        (11, 7): {MARCH: -1_500.0},
    }


def test_plan_of_nothing_new_writes_nothing():
    existing = {(1, 10, 7): (101, MARCH, 6_000.0)}
    plan = rules.plan(existing, {(1, 10, 7): (MARCH, 6_000.004)})
    assert plan == {"create": [], "update": [], "delete": [], "changes": {}}


def test_changes_that_cancel_out_leave_no_change():
    existing = {(1, 10, 7): (101, MARCH, 100.0), (2, 10, 7): (102, MARCH, 50.0)}
    wanted = {(1, 10, 7): (MARCH, 50.0), (2, 10, 7): (MARCH, 100.0)}
    assert rules.plan(existing, wanted)["changes"] == {}


def test_year_months_and_what_commits_more():
    months = rules.year_months({MARCH: -800.0, APRIL: 1_500.0}, 2031)
    assert months[2:4] == [-800.0, 1_500.0]
    assert rules.commits_more(months)
    # Moved later: March releases what April takes, no year to date grows.
    assert not rules.commits_more(rules.year_months({MARCH: -500.0, APRIL: 500.0}, 2031))
    # Moved earlier: March's year to date grows.
    assert rules.commits_more(rules.year_months({MARCH: 500.0, APRIL: -500.0}, 2031))
    assert not rules.commits_more(rules.year_months({MARCH: 0.004}, 2031))
    assert rules.year_months({datetime.date(2032, 3, 1): 5.0}, 2031) == [0.0] * 12
