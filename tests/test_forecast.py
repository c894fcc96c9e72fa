import pytest
from group_budget_logic import forecast


def test_run_rate_follows_the_budget_profile():
    budget = [50.0] * 6 + [150.0] * 6  # seasonal: heavy second half
    actual = [60.0] * 6 + [0.0] * 6
    # YTD 360 / YTD budget 300 × year 1200.
    assert forecast.run_rate(360.0, 300.0, 1200.0) == pytest.approx(1440.0)
    assert forecast.forecast(budget, actual, 6) == pytest.approx(1440.0)
    assert forecast.run_rate(10.0, 0.0, 100.0) is None


def test_linear_extrapolation():
    actual = [10.0, 20.0, 30.0] + [0.0] * 9
    # Line y = 10 x: months 4..12 add 10 × (4 + ... + 12) = 720.
    assert forecast.linear(actual, 3) == pytest.approx(60.0 + 720.0)
    assert forecast.linear([5.0] + [0.0] * 11, 1) == pytest.approx(60.0)
    assert forecast.linear([1.0] * 12, 12) == pytest.approx(12.0)
    assert forecast.linear([], 0) is None
    assert forecast.forecast([1.0] * 12, actual, 3, "linear") == pytest.approx(780.0)


def test_off_track():
    assert forecast.is_off_track("lower_better", 1200.01, 1200.0)
    assert not forecast.is_off_track("lower_better", 1200.0, 1200.0)
    assert forecast.is_off_track("higher_better", 1199.99, 1200.0)
    assert not forecast.is_off_track("higher_better", 1300.0, 1200.0)
    assert not forecast.is_off_track("lower_better", None, 1200.0)


def test_forecast_rows():
    rows = {
        "cost": ("lower_better", [100.0] * 12, [120.0] * 6 + [0.0] * 6),
        "revenue": ("higher_better", [100.0] * 12, [90.0] * 6 + [0.0] * 6),
        "empty": ("lower_better", [0.0] * 12, [0.0] * 12),
    }
    result = forecast.forecast_rows(rows, 6)
    assert result["cost"] == (1440.0, True)
    assert result["revenue"] == (1080.0, True)
    assert result["empty"] == (None, False)


def test_straight_line():
    assert forecast.straight_line(300.0, 3) == pytest.approx(1200.0)
    assert forecast.straight_line(300.0, 0) is None
