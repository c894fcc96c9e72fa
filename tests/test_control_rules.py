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


def test_check_postings_reports_consumed_and_shortfall():
    rows = {
        ("b", "rent", 3): {
            "control_mode": "rigid",
            "ytd_budget": 300.0,
            "ytd_actual": 350.0,
            "posting": 120.0,
        },
        ("b", "travel", 3): {
            "control_mode": "flexible",
            "ytd_budget": 100.0,
            "ytd_actual": 130.0,
            "posting": 40.0,
        },
        ("b", "misc", 3): {
            "control_mode": "rigid",
            "ytd_budget": 100.0,
            "ytd_actual": 90.0,
            "posting": 40.0,
        },
    }
    result = control_rules.check_postings(rows)
    assert result[("b", "rent", 3)] == ("block", 230.0, 50.0)
    assert result[("b", "travel", 3)] == ("warn", 90.0, 30.0)
    assert result[("b", "misc", 3)] == ("pass", 50.0, 0.0)
