import pytest
from group_budget_logic import control_rules

BUDGET = [100.0] * 12


def test_year_to_date():
    assert control_rules.year_to_date(BUDGET, 1) == 100.0
    assert control_rules.year_to_date(BUDGET, 12) == 1200.0
    with pytest.raises(ValueError):
        control_rules.year_to_date(BUDGET, 13)


def test_unspent_budget_carries_forward_within_the_year():
    actual = [40.0, 0.0, 0.0] + [0.0] * 9
    # 60 left in January plus March's own 100 and February's 100.
    assert control_rules.available(BUDGET, actual, 3) == 260.0


def test_overspending_reduces_later_months():
    actual = [150.0] + [0.0] * 11
    assert control_rules.available(BUDGET, actual, 1) == -50.0
    assert control_rules.available(BUDGET, actual, 2) == 50.0


def test_consumption():
    assert control_rules.consumption(50.0, 200.0) == 25.0
    assert control_rules.consumption(10.0, 0.0) is None


@pytest.mark.parametrize(
    ("mode", "ytd_budget", "ytd_actual", "amount", "expected"),
    [
        ("rigid", 300.0, 250.0, 50.0, ("pass", 0.0)),
        ("rigid", 300.0, 250.0, 50.01, ("block", 0.01)),
        ("flexible", 300.0, 250.0, 80.0, ("warn", 30.0)),
        ("none", 300.0, 250.0, 500.0, ("pass", 0.0)),
        ("rigid", 300.0, 400.0, -20.0, ("pass", 80.0)),
    ],
)
def test_posting_decision(mode, ytd_budget, ytd_actual, amount, expected):
    assert control_rules.posting_decision(mode, ytd_budget, ytd_actual, amount) == expected


def _months(**amounts):
    """Twelve months, ``jan=…``, ``feb=…`` set, the others 0."""
    names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    return [float(amounts.get(name, 0.0)) for name in names]


def _lines(months):
    return [1 if amount else 0 for amount in months]


def test_running_totals():
    assert control_rules.running_totals([1.0, 2.0, 3.0]) == [1.0, 3.0, 6.0]
    assert control_rules.running_totals([0.1] * 3) == [0.1, 0.2, 0.3]


def test_net_change():
    assert control_rules.net_change(None, _months(mar=5)) == _months(mar=5)
    assert control_rules.net_change(_months(mar=5), None) == _months(mar=-5)
    assert control_rules.net_change(_months(mar=5), _months(mar=8)) == _months(mar=3)


def test_months_to_check_are_own_months_and_later_months_with_actuals():
    posting = _months(mar=10)
    lines = [1, 1, 1, 0, 2, 0, 0, 0, 0, 0, 0, 1]
    assert control_rules.months_to_check(posting, lines) == [3, 5, 12]
    assert control_rules.months_to_check(_months(), lines) == []
    # Two months of the batch, the later one without other actuals.
    assert control_rules.months_to_check(_months(feb=1, jun=2), [0] * 12) == [2, 6]


def test_a_posting_into_an_earlier_month_overflows_a_later_one():
    # The example: rent 100 a month, nothing in January, 200 in
    # February; a January posting of 50 takes February to 250 against 200.
    actual = _months(jan=50, feb=200)
    result = control_rules.check_year("rigid", BUDGET, actual, _months(jan=50), _lines(actual))
    assert result["decision"] == "block"
    assert (result["month"], result["first_month"]) == (2, 2)
    assert (result["ytd_budget"], result["consumed"], result["posting"]) == (200.0, 200.0, 50.0)
    assert result["shortfall"] == 50.0
    # Flexible: the same overrun is only a warning.
    assert (
        control_rules.check_year("flexible", BUDGET, actual, _months(jan=50), _lines(actual))[
            "decision"
        ]
        == "warn"
    )


def test_later_months_without_actuals_are_not_checked():
    # 50 in January against a budget that falls in December: December has no
    # actuals, so only January is checked.
    budget = [100.0] * 11 + [-1200.0]
    actual = _months(jan=50)
    result = control_rules.check_year("rigid", budget, actual, actual, _lines(actual))
    assert result["decision"] == "pass"
    assert result["month"] == 1


def test_the_largest_shortfall_is_reported_from_the_first_overflowing_month():
    # March overflows by 30, May by 50: an addition of 50 from March on
    # covers both.
    actual = _months(mar=330, may=220)
    result = control_rules.check_year("rigid", BUDGET, actual, _months(mar=30), _lines(actual))
    assert (result["month"], result["first_month"], result["shortfall"]) == (5, 3, 50.0)
    assert (result["ytd_budget"], result["consumed"], result["posting"]) == (500.0, 520.0, 30.0)


def test_moving_spending_away_always_passes():
    actual = _months(mar=500)
    result = control_rules.check_year("rigid", BUDGET, actual, _months(mar=-20), _lines(actual))
    assert result["decision"] == "pass"


def test_within_budget_passes_with_the_own_month():
    actual = _months(feb=150, mar=100)
    result = control_rules.check_year("rigid", BUDGET, actual, _months(feb=50), _lines(actual))
    assert result["decision"] == "pass"
    assert (result["month"], result["shortfall"]) == (2, 0.0)


def test_check_batch_decides_every_key():
    rows = {
        ("b", "rent"): {
            "control_mode": "rigid",
            "budget_months": BUDGET,
            "actual_months": _months(mar=350),
            "posting_months": _months(mar=120),
            "actual_lines": _lines(_months(mar=350)),
        },
        ("b", "travel"): {
            "control_mode": "none",
            "budget_months": BUDGET,
            "actual_months": _months(mar=5000),
            "posting_months": _months(mar=5000),
            "actual_lines": _lines(_months(mar=1)),
        },
    }
    result = control_rules.check_batch(rows)
    assert result[("b", "rent")]["decision"] == "block"
    assert (result[("b", "rent")]["consumed"], result[("b", "rent")]["shortfall"]) == (230.0, 50.0)
    assert result[("b", "travel")]["decision"] == "pass"


# ----------------------------------------------------------------------
# Availability while an entry is entered
# ----------------------------------------------------------------------
RENT, TRAVEL = ("b", "rent"), ("b", "travel")


def _figures(budget=None, consumed=None, lines=None):
    """A budget of 10,000.00 in March (``budget`` says otherwise)."""
    consumed = consumed or _months()
    return {
        "budget": budget or _months(mar=10_000),
        "consumed": consumed,
        "lines": lines if lines is not None else _lines(consumed),
    }


def _available(figures, *lines):
    """:func:`entry_availability` of lines of one share each, ``(key,
    month, amount)`` on the whole line, or a list of shares."""
    return control_rules.entry_availability(
        figures,
        [line if isinstance(line, list) else [(*line, 1.0)] for line in lines],
    )


@pytest.mark.parametrize(
    ("amount", "exceeds"), [(9_999.99, False), (10_000.00, False), (10_000.01, True)]
)
def test_a_line_up_to_the_budget_to_date_fits_a_cent_more_exceeds(amount, exceeds):
    [line] = _available({RENT: _figures()}, (RENT, 3, amount))
    assert line == {"available": 10_000.00, "exceeds": exceeds}


def test_consumption_to_date_reduces_what_is_available():
    figures = {RENT: _figures(consumed=_months(jan=2_500.00, mar=1_000.00))}
    [line] = _available(figures, (RENT, 3, 6_500.01))
    assert line == {"available": 6_500.00, "exceeds": True}
    # A month without budget to date still has the year's unspent budget.
    figures = {RENT: _figures(budget=_months(jan=10_000))}
    assert _available(figures, (RENT, 3, 10_000.00))[0]["available"] == 10_000.00


def test_lines_above_on_the_same_key_take_their_share():
    figures = {RENT: _figures(), TRAVEL: _figures()}
    first, other, second, third = _available(
        figures,
        (RENT, 3, 6_000.00),
        (TRAVEL, 3, 9_000.00),
        (RENT, 3, 4_000.00),
        (RENT, 3, 0.01),
    )
    assert first == {"available": 10_000.00, "exceeds": False}
    # Another key does not count.
    assert other == {"available": 10_000.00, "exceeds": False}
    assert second == {"available": 4_000.00, "exceeds": False}
    assert third == {"available": 0.00, "exceeds": True}


def test_lines_above_count_in_their_own_month_and_the_later_ones():
    figures = {RENT: _figures(budget=_months(feb=5_000, mar=5_000))}
    february, march = _available(figures, (RENT, 2, 3_000.00), (RENT, 3, 7_000.01))
    assert february == {"available": 5_000.00, "exceeds": False}
    assert march == {"available": 7_000.00, "exceeds": True}
    # A line above in April leaves March's year to date alone, but control
    # checks April too, whose year to date the March line also counts in.
    april, march = _available(figures, (RENT, 4, 6_000.00), (RENT, 3, 4_000.01))
    assert april == {"available": 10_000.00, "exceeds": False}
    assert march == {"available": 4_000.00, "exceeds": True}


def test_a_later_month_with_consumption_can_leave_less():
    # June already consumed 8,000 of the 10,000 to date: a March line may
    # only take 2,000, or June would overflow.
    figures = {RENT: _figures(consumed=_months(jun=8_000))}
    [line] = _available(figures, (RENT, 3, 2_000.01))
    assert line == {"available": 2_000.00, "exceeds": True}
    # Without items consumed in June, only March counts (as control does).
    figures[RENT]["lines"] = [0] * 12
    assert _available(figures, (RENT, 3, 2_000.01))[0]["exceeds"] is False


def test_a_line_shared_by_percentage_shows_the_most_it_can_be():
    a, b = ("a", "rent"), ("b", "rent")
    figures = {a: _figures(), b: _figures(consumed=_months(mar=7_000))}
    # 60 % of 7,500 = 4,500 fits a's 10,000; 40 % = 3,000 fits b's 3,000.
    [fits] = _available(figures, [(a, 3, 4_500.00, 0.6), (b, 3, 3_000.00, 0.4)])
    assert fits == {"available": 7_500.00, "exceeds": False}
    [over] = _available(figures, [(a, 3, 4_500.01, 0.6), (b, 3, 3_000.01, 0.4)])
    assert over == {"available": 7_500.00, "exceeds": True}


def test_uncontrolled_lines_have_no_figure():
    [line] = _available({RENT: _figures()}, (TRAVEL, 3, 50_000.00))
    assert line == {"available": None, "exceeds": False}
    assert _available({}, [])[0] == {"available": None, "exceeds": False}


def test_what_reduces_consumption_never_exceeds_and_frees_budget_below():
    figures = {RENT: _figures(consumed=_months(mar=10_000.01))}
    credit, debit, cent = _available(
        figures, (RENT, 3, -1_000.00), (RENT, 3, 1_000.00), (RENT, 3, 0.01)
    )
    assert credit == {"available": -0.01, "exceeds": False}
    assert debit == {"available": 999.99, "exceeds": True}
    assert cent == {"available": -0.01, "exceeds": True}
