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
