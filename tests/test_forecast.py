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


SEASONAL = [500.0] * 9 + [2_500.0] * 3  # 12,000.00, three quarters in Q4


def test_profile_follows_the_season_not_a_straight_line():
    """Spent exactly to plan to September: the year's budget, not the
    straight line's 6,000.00."""
    actual = SEASONAL[:9] + [0.0] * 3
    assert forecast.profile(SEASONAL, actual, 9) == pytest.approx(12_000.0)
    assert forecast.forecast(SEASONAL, actual, 9) == pytest.approx(12_000.0)
    assert forecast.straight_line(sum(actual), 9) == pytest.approx(6_000.0)
    assert forecast.profile(SEASONAL, actual, 0) is None


def test_profile_by_aggregation_skips_months_not_entered():
    budget = [10.0] * 12
    # Average (a market share of 10 %): 8 and 9 entered, February missing.
    actual = [8.0, None, 9.0] + [None] * 9
    assert forecast.profile(budget, actual, 3, "average") == pytest.approx(8.5)
    # Sum (vehicles): the months entered against their own budget.
    assert forecast.profile(budget, actual, 3, "sum") == pytest.approx(102.0)
    # Last value (headcount): the last actual against its month's budget,
    # scaled to December's.
    rising = [100.0 + 10 * m for m in range(12)]  # 100 … 210
    assert forecast.profile(rising, [90.0, 110.0] + [None] * 10, 3, "last") == (
        pytest.approx(210.0)
    )
    assert forecast.profile(budget, [None] * 12, 9, "sum") is None
    assert forecast.year_value(rising, "average") == pytest.approx(155.0)
    assert forecast.year_value(rising, "last") == 210.0


def test_commitments_are_consumed_and_a_floor():
    """What confirmed documents commit counts with the actual of its month,
    and the forecast never falls below the actual to date plus everything
    committed in the year, later months included."""
    budget = [100.0] * 12
    actual = [50.0] * 6 + [0.0] * 6
    committed = [0.0] * 5 + [100.0] + [0.0] * 5 + [900.0]
    assert forecast.consumed(actual, committed)[5] == 150.0
    assert forecast.consumed([None, 1.0], [2.0, 0.0]) == [2.0, 1.0]
    assert forecast.consumed([None, 1.0], None) == [None, 1.0]
    # Pace: (300 + 100) / 600 × 1,200 = 800; floor: 300 + 1,000.
    assert forecast.forecast(budget, actual, 6, committed_months=committed) == 1300.0
    december = [0.0] * 11 + [1_000.0]
    assert forecast.forecast(budget, actual, 6, "linear", committed_months=december) == 1300.0
    # June's order lifts the trend of the consumed months above the floor.
    assert forecast.forecast(
        budget, actual, 6, "linear", committed_months=committed
    ) == pytest.approx(1314.29, abs=0.01)
    # Without December's order, the pace is above the floor of 400.
    june = [0.0] * 5 + [100.0] + [0.0] * 6
    assert forecast.forecast(budget, actual, 6, committed_months=june) == pytest.approx(800.0)
    # Nothing committed: the forecast of the actual alone.
    assert forecast.forecast(budget, actual, 6, committed_months=[0.0] * 12) == 600.0
    assert forecast.at_least_committed(None, 0.0, 0.0) is None
    assert forecast.at_least_committed(None, 10.0, 5.0) == 15.0
    assert forecast.at_least_committed(700.0, 300.0, 100.0) == 700.0
    rows = {"cost": ("lower_better", budget, actual, committed)}
    assert forecast.forecast_rows(rows, 6) == {"cost": (1300.0, True)}
    # The floor a cent either side of the year's budget.
    for amount, off_track in ((900.0, False), (900.01, True)):
        rows = {0: ("lower_better", budget, actual, [0.0] * 11 + [amount])}
        assert forecast.forecast_rows(rows, 6)[0] == (round(300.0 + amount, 2), off_track)
