import datetime

import pytest
from group_budget_logic import period_rules

D = datetime.date


def test_year_bounds():
    assert period_rules.year_bounds(2027) == (D(2027, 1, 1), D(2027, 12, 31))


def test_default_calendar_runs_in_the_prior_autumn():
    calendar = period_rules.default_calendar(2027)
    assert calendar == {
        "date_targets_issue": D(2026, 10, 1),
        "date_compilation_start": D(2026, 11, 1),
        "date_compilation_end": D(2026, 11, 30),
        "date_approval_deadline": D(2026, 12, 31),
    }
    assert period_rules.calendar_disorder(calendar) == []


def test_calendar_disorder_names_the_pairs():
    calendar = period_rules.default_calendar(2027)
    calendar["date_compilation_end"] = D(2026, 10, 15)
    assert period_rules.calendar_disorder(calendar) == [
        ("date_compilation_start", "date_compilation_end")
    ]


def test_calendar_ignores_missing_dates():
    assert period_rules.calendar_disorder({"date_targets_issue": D(2026, 10, 1)}) == []


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((D(2027, 1, 1), D(2027, 12, 31)), (D(2028, 1, 1), D(2028, 12, 31)), False),
        ((D(2027, 1, 1), D(2027, 12, 31)), (D(2027, 12, 31), D(2028, 12, 30)), True),
        ((D(2027, 1, 1), D(2027, 12, 31)), (D(2027, 3, 1), D(2027, 4, 1)), True),
        ((D(2027, 3, 1), D(2027, 4, 1)), (D(2027, 1, 1), D(2027, 2, 28)), False),
    ],
)
def test_ranges_overlap(a, b, overlap):
    assert period_rules.ranges_overlap(*a, *b) is overlap
    assert period_rules.ranges_overlap(*b, *a) is overlap


def test_state_flow():
    assert period_rules.can_move("draft", "compiling")
    assert period_rules.can_move("compiling", "executing")
    assert period_rules.can_move("executing", "closed")
    assert not period_rules.can_move("draft", "executing")
    assert not period_rules.can_move("closed", "draft")
    assert not period_rules.can_move("unknown", "draft")


@pytest.mark.parametrize(
    ("dates", "mismatch"),
    [
        ((D(2027, 1, 1), D(2027, 12, 31)), False),
        ((D(2026, 12, 1), D(2027, 11, 30)), True),
        ((D(2027, 1, 1), D(2027, 11, 30)), True),
        ((D(2027, 2, 1), D(2027, 12, 31)), True),
        ((D(2028, 1, 1), D(2028, 12, 31)), True),
        ((None, None), True),
    ],
)
def test_a_budget_year_is_the_calendar_year(dates, mismatch):
    assert period_rules.calendar_year_mismatch(2027, *dates) is mismatch
