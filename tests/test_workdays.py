import datetime

import pytest
from group_budget_logic import arbitration_rules as rules
from group_budget_logic import workdays

D = datetime.date
MON_FRI = frozenset(range(5))
# National Day 2031: 1–7 October a holiday; Saturday 11 October a make-up day.
NATIONAL_DAY = frozenset(D(2031, 10, day) for day in range(1, 8))
MAKE_UP = frozenset({D(2031, 10, 11)})


def test_is_working_day():
    assert workdays.is_working_day(D(2031, 9, 29), MON_FRI)  # Monday
    assert not workdays.is_working_day(D(2031, 9, 27), MON_FRI)  # Saturday
    assert not workdays.is_working_day(D(2031, 10, 1), MON_FRI, NATIONAL_DAY)
    assert workdays.is_working_day(D(2031, 10, 11), MON_FRI, NATIONAL_DAY, MAKE_UP)
    # A make-up day wins over a holiday on the same date.
    assert workdays.is_working_day(D(2031, 10, 1), MON_FRI, NATIONAL_DAY, {D(2031, 10, 1)})


def test_add_working_days_across_a_weekend():
    # Thursday 4 September 2031 + 5 working days: Fri, Mon, Tue, Wed, Thu.
    assert workdays.add_working_days(D(2031, 9, 4), 5, MON_FRI) == D(2031, 9, 11)
    # Friday + 1 working day is Monday.
    assert workdays.add_working_days(D(2031, 9, 5), 1, MON_FRI) == D(2031, 9, 8)
    # Received on a Saturday: the clock starts on Monday.
    assert workdays.add_working_days(D(2031, 9, 6), 1, MON_FRI) == D(2031, 9, 8)


def test_add_working_days_across_a_holiday_and_a_make_up_day():
    # Friday 26 September + 5: Mon 29, Tue 30, (1–7 Oct holiday), Wed 8,
    # Thu 9, Fri 10.
    assert workdays.add_working_days(D(2031, 9, 26), 5, MON_FRI, NATIONAL_DAY) == D(2031, 10, 10)
    # With Saturday 11 October worked, 6 working days end on the Saturday.
    assert workdays.add_working_days(D(2031, 9, 26), 6, MON_FRI, NATIONAL_DAY, MAKE_UP) == D(
        2031, 10, 11
    )
    assert workdays.add_working_days(D(2031, 9, 26), 6, MON_FRI, NATIONAL_DAY) == D(2031, 10, 13)


def test_add_working_days_zero_and_bad_input():
    assert workdays.add_working_days(D(2031, 9, 6), 0, MON_FRI) == D(2031, 9, 8)
    assert workdays.add_working_days(D(2031, 9, 8), 0, MON_FRI) == D(2031, 9, 8)
    with pytest.raises(ValueError):
        workdays.add_working_days(D(2031, 9, 8), -1, MON_FRI)
    with pytest.raises(workdays.WorkdayError):
        workdays.add_working_days(D(2031, 9, 8), 1, frozenset())
    # Every weekday a holiday for ever: refused, not looped over.
    every_day = frozenset(workdays.days_in_range(D(2031, 1, 1), D(2045, 1, 1)))
    with pytest.raises(workdays.WorkdayError):
        workdays.add_working_days(D(2031, 9, 8), 1, MON_FRI, every_day)


def test_add_days_rolled():
    # Wednesday + 3 days = Saturday → Monday.
    assert workdays.add_days_rolled(D(2031, 9, 3), 3, MON_FRI) == D(2031, 9, 8)
    # Monday + 3 = Thursday.
    assert workdays.add_days_rolled(D(2031, 9, 1), 3, MON_FRI) == D(2031, 9, 4)
    # Monday 29 September + 3 = 2 October, a holiday → Wednesday 8 October.
    assert workdays.add_days_rolled(D(2031, 9, 29), 3, MON_FRI, NATIONAL_DAY) == D(2031, 10, 8)


def test_working_days_between():
    assert (
        workdays.working_days_between(D(2031, 9, 26), D(2031, 10, 10), MON_FRI, NATIONAL_DAY) == 5
    )
    assert workdays.working_days_between(D(2031, 9, 26), D(2031, 9, 26), MON_FRI) == 0


def test_deadlines_general_and_major_across_a_weekend():
    # Received Thursday 4 September 2031.
    coordination, ruling = rules.deadlines(D(2031, 9, 4), "general", MON_FRI)
    assert coordination == D(2031, 9, 8)  # Sunday 7 → Monday 8
    assert ruling == D(2031, 9, 11)
    _coordination, ruling = rules.deadlines(D(2031, 9, 4), "major", MON_FRI)
    assert ruling == D(2031, 9, 18)


def test_deadlines_across_a_public_holiday():
    # Received Friday 26 September 2031, before National Day.
    coordination, ruling = rules.deadlines(D(2031, 9, 26), "general", MON_FRI, NATIONAL_DAY)
    assert coordination == D(2031, 9, 29)  # Monday 29
    assert ruling == D(2031, 10, 10)
    _coordination, ruling = rules.deadlines(D(2031, 9, 26), "major", MON_FRI, NATIONAL_DAY, MAKE_UP)
    # Mon 29, Tue 30, Wed 8, Thu 9, Fri 10, Sat 11 (make-up), Mon 13, Tue 14,
    # Wed 15, Thu 16.
    assert ruling == D(2031, 10, 16)
    with pytest.raises(rules.ArbitrationError):
        rules.deadlines(D(2031, 9, 26), "urgent", MON_FRI)


@pytest.mark.parametrize(
    "state, new_state, allowed",
    [
        ("draft", "submitted", True),
        ("submitted", "coordinating", True),
        ("submitted", "referred", True),  # recusal of the office
        ("coordinating", "closed", True),
        ("coordinating", "referred", True),
        ("referred", "ruled", True),
        ("referred", "withdrawn", True),
        ("draft", "ruled", False),
        ("coordinating", "ruled", False),
        ("ruled", "withdrawn", False),
        ("closed", "referred", False),
        ("withdrawn", "submitted", False),
    ],
)
def test_transitions(state, new_state, allowed):
    if allowed:
        rules.check_transition(state, new_state)
    else:
        with pytest.raises(rules.ArbitrationError):
            rules.check_transition(state, new_state)


def test_overdue_stage_and_reminder():
    coordination, ruling = D(2031, 9, 8), D(2031, 9, 11)
    assert rules.overdue_stage("coordinating", D(2031, 9, 8), coordination, ruling) is None
    assert rules.overdue_stage("coordinating", D(2031, 9, 9), coordination, ruling) == (
        "coordination"
    )
    assert rules.overdue_stage("submitted", D(2031, 9, 9), coordination, ruling) == "coordination"
    assert rules.overdue_stage("referred", D(2031, 9, 9), coordination, ruling) is None
    assert rules.overdue_stage("referred", D(2031, 9, 12), coordination, ruling) == "ruling"
    assert rules.overdue_stage("coordinating", D(2031, 9, 12), coordination, ruling) == "ruling"
    for state in ("draft", "closed", "ruled", "withdrawn"):
        assert rules.overdue_stage(state, D(2032, 1, 1), coordination, ruling) is None
    today = D(2031, 9, 12)
    assert rules.needs_reminder("ruling", None, today)
    assert rules.needs_reminder("ruling", D(2031, 9, 11), today)
    assert not rules.needs_reminder("ruling", today, today)
    assert not rules.needs_reminder(None, None, today)


def test_corrective_kind():
    # The mapping an add-on gives for its own records (the appraisal's
    # corrected scorecard); an adjustment for anything else.
    extended = {"x.card": "x.card"}
    assert rules.corrective_kind("x.card", extended) == "x.card"
    assert rules.corrective_kind("group.budget", extended) == "group.budget.adjustment"
    assert rules.corrective_kind(None, extended) == "group.budget.adjustment"
    assert rules.corrective_kind("x.card", {}) == "group.budget.adjustment"


def test_corrective_lines():
    current = {
        ("S", "rent"): 1200.0,
        ("S", "travel"): 600.0,
        ("P", "travel"): 300.0,
        ("X", "rent"): 100.0,
    }
    named = [
        ("S", "rent", 1500.0, 0.0),  # an adjustment's proposed value
        ("S", "travel", None, 50.0),  # an addition's amount
        ("P", "travel", None, 0.0),  # a budget's line: its current value
        ("S", "rent", 9999.0, 0.0),  # named twice: the first wins
        ("S", "office", 80.0, 0.0),  # not in the approved budget
        ("X", "rent", 10.0, 0.0),  # pending in another adjustment
    ]
    assert rules.corrective_lines(named, current, {("X", "rent")}) == [
        ("S", "rent", 1500.0),
        ("S", "travel", 650.0),
        ("P", "travel", 300.0),
    ]
    assert rules.corrective_lines([], current) == []


def test_leave_days_in_local_time():
    dt = datetime.datetime
    # National Day in Beijing time, 1 October 00:00 to 7 October 23:59:59.
    assert workdays.leave_days(dt(2031, 10, 1), dt(2031, 10, 7, 23, 59, 59)) == sorted(NATIONAL_DAY)
    # Up to 8 October 00:00: 8 October is not covered.
    assert workdays.leave_days(dt(2031, 10, 1), dt(2031, 10, 8)) == sorted(NATIONAL_DAY)
    # A second past midnight covers it; a morning off covers its day.
    assert workdays.leave_days(dt(2031, 10, 1), dt(2031, 10, 8, 0, 0, 1))[-1] == D(2031, 10, 8)
    assert workdays.leave_days(dt(2031, 10, 9, 8), dt(2031, 10, 9, 12)) == [D(2031, 10, 9)]
    assert workdays.leave_days(dt(2031, 10, 9), dt(2031, 10, 9)) == []
