import pytest
from group_budget_logic import breakdown
from group_budget_logic.breakdown import BreakdownError


def test_even_split_of_100000_over_12_months_adds_up_exactly():
    months = breakdown.largest_remainder(100000.00, [1] * 12)
    assert round(sum(months), 2) == 100000.00
    assert sorted(set(months)) == [8333.33, 8333.34]
    # Four cents left over after rounding down go to the first four months.
    assert months[:4] == [8333.34] * 4
    assert months[4:] == [8333.33] * 8


def test_five_cents_over_three():
    assert breakdown.largest_remainder(0.05, [1, 1, 1]) == [0.02, 0.02, 0.01]


def test_negative_total():
    parts = breakdown.largest_remainder(-0.05, [1, 1, 1])
    assert parts == [-0.02, -0.02, -0.01]


def test_largest_remainders_win():
    # Quotas 33.333…, 66.666…: the second has the larger remainder.
    assert breakdown.largest_remainder(1.00, [1, 2]) == [0.33, 0.67]


def test_zero_decimals():
    assert breakdown.largest_remainder(10, [1, 1, 1], digits=0) == [4, 3, 3]


@pytest.mark.parametrize(
    ("weights", "code"),
    [([], "no_weights"), ([1, -1], "negative_weight"), ([0, 0], "zero_total")],
)
def test_bad_weights(weights, code):
    with pytest.raises(BreakdownError) as caught:
        breakdown.largest_remainder(10, weights)
    assert caught.value.code == code


def test_seasonal_profile_checks():
    with pytest.raises(BreakdownError) as caught:
        breakdown.check_profile([1] * 11)
    assert caught.value.code == "profile_length"
    with pytest.raises(BreakdownError) as caught:
        breakdown.check_profile([0] * 12)
    assert caught.value.code == "zero_total"
    with pytest.raises(BreakdownError):
        breakdown.check_profile([2] + [-1] + [0] * 10)
    assert breakdown.check_profile([0] * 11 + [1]) == [0] * 11 + [1]


def test_centre_weights_must_be_positive():
    assert breakdown.check_centre_weights({"a": 1, "b": 0.5})
    with pytest.raises(BreakdownError) as caught:
        breakdown.check_centre_weights({"a": 1, "b": 0, "c": -2})
    assert caught.value.details["keys"] == ["b", "c"]


def test_profiles():
    assert breakdown.monthly_profile("even") == [1.0] * 12
    season = [1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 2, 2]
    assert breakdown.monthly_profile("seasonal", seasonal=season) == season
    last_year = [-10.0] * 6 + [30.0] * 6
    assert breakdown.monthly_profile("last_year", last_year=last_year) == [10.0] * 6 + [30.0] * 6
    assert breakdown.monthly_profile("last_year", last_year=[0.0] * 12) == [1.0] * 12
    with pytest.raises(BreakdownError):
        breakdown.monthly_profile("weekly")


def test_split_months_by_last_year_pattern():
    months = breakdown.split_months(
        1200.0, "sum", breakdown.monthly_profile("last_year", last_year=[1] * 6 + [3] * 6)
    )
    assert months == [50.0] * 6 + [150.0] * 6


def test_ratios_hold_their_value_every_month():
    assert breakdown.split_months(15.5, "average", [1] * 12) == [15.5] * 12
    assert breakdown.split_months(60.0, "last", [1] * 12) == [60.0] * 12


def test_derived_periods_follow_aggregation():
    months = breakdown.largest_remainder(100000.00, [1] * 12)
    periods = breakdown.derive_periods(months, "sum")
    assert periods["q1"] == 25000.02
    assert periods["q2"] == 25000.00
    assert periods["q3"] == periods["q4"] == 24999.99
    assert periods["h1"] + periods["h2"] == 100000.00
    assert periods["year"] == 100000.00
    ratios = [10.0] * 6 + [20.0] * 6
    assert breakdown.derive_periods(ratios, "average")["h2"] == 20.0
    assert breakdown.derive_periods(ratios, "average")["year"] == 15.0
    assert breakdown.derive_periods(list(range(12)), "last")["q1"] == 2


def test_find_mismatches_only_for_sum_items():
    rows = [
        ("group", "revenue", "sum", 1000.0, [600.0, 400.0]),
        ("group", "cost", "sum", 500.0, [200.0, 200.0]),
        ("group", "roe", "average", 12.0, [10.0, 20.0]),
        ("group", "rent", "sum", 0.05, [0.02, 0.02, 0.01]),
        ("group", "leaf", "sum", 10.0, []),
    ]
    assert breakdown.find_mismatches(rows) == [("group", "cost", 500.0, 400.0)]
