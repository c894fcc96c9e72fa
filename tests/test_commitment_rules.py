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


# ---------------------------------------------------------------- availability
def figures(budget_to_march, consumed_to_march):
    """A budget and a consumption wholly in March."""
    budget, consumed = [0.0] * 12, [0.0] * 12
    budget[2], consumed[2] = budget_to_march, consumed_to_march
    return budget, consumed


def test_a_line_within_what_is_left_does_not_exceed_one_cent_more_does():
    available = {(1, 7): figures(10_000.0, 0.0)}
    result = rules.availability(
        [("a", 10_000.0, [(1, 7, 3, 100)]), ("b", 0.01, [(1, 7, 3, 100)])], available
    )
    assert result == {"a": (10_000.0, False), "b": (0.0, True)}


def test_lines_above_take_their_share_first():
    available = {(1, 7): figures(10_000.0, 2_000.0)}
    result = rules.availability(
        [
            ("a", 5_000.0, [(1, 7, 3, 100)]),
            ("b", 3_000.0, [(1, 7, 3, 100)]),
            ("c", 0.01, [(1, 7, 3, 100)]),
        ],
        available,
    )
    assert result == {"a": (8_000.0, False), "b": (3_000.0, False), "c": (0.0, True)}


def test_a_later_line_does_not_take_from_an_earlier_month():
    available = {(1, 7): figures(10_000.0, 0.0)}
    result = rules.availability(
        [("april", 9_000.0, [(1, 7, 4, 100)]), ("march", 10_000.0, [(1, 7, 3, 100)])],
        available,
    )
    assert result == {"april": (10_000.0, False), "march": (10_000.0, False)}


def test_a_split_line_shows_the_largest_amount_every_share_allows():
    # 60 % on centre 1 (6,000.00 left), 40 % on centre 2 (3,000.00 left).
    available = {(1, 7): figures(6_000.0, 0.0), (2, 7): figures(3_000.0, 0.0)}
    fits = rules.availability([("a", 7_500.0, [(1, 7, 3, 60), (2, 7, 3, 40)])], available)
    assert fits == {"a": (7_500.0, False)}
    over = rules.availability([("a", 7_500.03, [(1, 7, 3, 60), (2, 7, 3, 40)])], available)
    assert over == {"a": (7_500.0, True)}


def test_lines_without_a_budget_are_left_out():
    assert rules.availability([("a", 100.0, [])], {}) == {}
    assert rules.availability([("a", 100.0, [(1, 7, 3, 0)])], {}) == {}
