import datetime

import pytest
from group_budget_logic import adjustment_rules as rules

CURRENT = [100.0] * 12


def test_elapsed_months():
    assert rules.elapsed_months(2031, datetime.date(2030, 12, 31)) == 0
    assert rules.elapsed_months(2031, datetime.date(2031, 10, 5)) == 9
    assert rules.elapsed_months(2031, datetime.date(2032, 1, 5)) == 12


@pytest.mark.parametrize(
    "forecast, met", [(1440.0, True), (1439.0, False), (960.0, True), (961.0, False)]
)
def test_forecast_rule_on_both_sides_of_20_percent(forecast, met):
    result = rules.forecast_rule(1200.0, forecast, 0.2)
    assert result["met"] is met
    assert result["target"] == 1200.0 and result["forecast"] == forecast


def test_forecast_rule_without_forecast_or_target():
    assert not rules.forecast_rule(1200.0, None)["met"]
    assert not rules.forecast_rule(0.0, 50.0)["met"]


@pytest.mark.parametrize("change, met", [(200.0, True), (-200.0, True), (199.99, False)])
def test_resources_rule_on_both_sides(change, met):
    result = rules.resources_rule(change, 1000.0, 0.2)
    assert result["met"] is met
    assert result["ratio"] == pytest.approx(abs(change) / 1000.0)


@pytest.mark.parametrize(
    "base, change, met",
    [
        (10_000.00, 2_000.00, True),
        (10_000.00, 1_999.99, False),
        (10_000.00, 2_000.01, True),
        (10_000.00, -1_999.99, False),
        # A cent short of 20 % of ten billion is short: no tolerance.
        (10_000_000_000.00, 2_000_000_000.00, True),
        (10_000_000_000.00, 1_999_999_999.99, False),
        (10_000_000_000.00, -1_999_999_999.99, False),
    ],
)
def test_resources_rule_is_exact_to_the_cent(base, change, met):
    assert rules.resources_rule(change, base, 0.2)["met"] is met
    assert rules.reallocation_rule(change, base, 0.0, 0.2)["met"] is met
    assert rules.reallocation_rule(change, 0.0, base, 0.2)["met"] is met


@pytest.mark.parametrize(
    "target, forecast, met",
    [
        (10_000.00, 12_000.00, True),
        (10_000.00, 11_999.99, False),
        (10_000.00, 8_000.00, True),
        (10_000.00, 8_000.01, False),
        # A cent short of 20 % of twenty billion is short: no tolerance.
        (20_000_000_000.00, 23_999_999_999.99, False),
        (20_000_000_000.00, 16_000_000_000.01, False),
        (20_000_000_000.00, 24_000_000_000.00, True),
    ],
)
def test_forecast_rule_is_exact_to_the_cent(target, forecast, met):
    assert rules.forecast_rule(target, forecast, 0.2)["met"] is met


@pytest.mark.parametrize(
    "change, text",
    [
        (2_000.00, "20.0%"),
        (1_999.00, "19.99%"),  # 19.99 % reads 20.0 % to one decimal
        (1_999.99, "19.9999%"),
        (2_000.01, "20.0001%"),
        (1_500.00, "15.0%"),
        (1_996.00, "19.96%"),
        (1_994.99, "19.9%"),
    ],
)
def test_ratio_text_shows_why_a_limit_is_missed(change, text):
    ratio = rules.resources_rule(change, 10_000.00, 0.2)["ratio"]
    assert rules.ratio_text(ratio, 0.2) == text
    assert rules.threshold_text(0.2) == "20%"


def test_ratio_text_without_ratio_and_odd_thresholds():
    assert rules.ratio_text(None, 0.2) == "—"
    assert rules.threshold_text(0.125) == "12.5%"
    ratio = rules.resources_rule(1_249.99, 10_000.00, 0.125)["ratio"]
    assert rules.ratio_text(ratio, 0.125) == "12.4999%"


def test_resources_rule_without_net_assets():
    assert not rules.resources_rule(500.0, 0.0)["met"]
    assert not rules.resources_rule(500.0, -10.0)["met"]


@pytest.mark.parametrize(
    "change, revenue, assets, met",
    [
        (100.0, 500.0, 10000.0, True),  # 20% of revenue
        (99.0, 500.0, 10000.0, False),
        (100.0, 10000.0, 500.0, True),  # 20% of net assets
        (99.0, 10000.0, 500.0, False),
        (100.0, 0.0, 0.0, False),
    ],
)
def test_reallocation_rule_on_both_sides(change, revenue, assets, met):
    assert rules.reallocation_rule(change, revenue, assets, 0.2)["met"] is met


def test_threshold_is_a_setting():
    assert rules.resources_rule(100.0, 1000.0, 0.1)["met"]
    assert not rules.resources_rule(100.0, 1000.0, 0.2)["met"]


def test_evaluate_picks_the_rules_of_the_kind():
    raised = rules.evaluate("raise", 1200.0, 1300.0, 1500.0, 0.0, 0.0, 0.2)
    assert [r["rule"] for r in raised] == ["forecast", "resources"]
    assert rules.qualifies(raised)
    moved = rules.evaluate("reallocate", 1200.0, 1100.0, None, 400.0, 0.0, 0.2)
    assert [r["rule"] for r in moved] == ["reallocation"]
    assert rules.qualifies(moved)
    assert not rules.qualifies(rules.evaluate("lower", 1200.0, 1190.0, 1200.0, 0.0, 1e6, 0.2))


@pytest.mark.parametrize(
    "kind, proposed, code",
    [
        ("raise", 100.0, "not_raised"),
        ("lower", 120.0, "not_lowered"),
        ("reallocate", 100.0, "unchanged"),
    ],
)
def test_direction(kind, proposed, code):
    with pytest.raises(rules.AdjustmentError) as caught:
        rules.check_direction(kind, 100.0, proposed)
    assert caught.value.code == code
    rules.check_direction("raise", 100.0, 101.0)


def test_first_open_month():
    assert rules.first_open_month(2031, datetime.date(2030, 11, 1)) == 1
    assert rules.first_open_month(2031, datetime.date(2031, 9, 15)) == 9
    assert (
        rules.first_open_month(2031, datetime.date(2031, 9, 15), datetime.date(2031, 9, 30)) == 10
    )
    assert rules.first_open_month(2031, datetime.date(2032, 1, 2)) == 13


def test_effective_month_in_a_closed_month():
    rules.check_effective_month(9, 9)
    with pytest.raises(rules.AdjustmentError) as caught:
        rules.check_effective_month(8, 9)
    assert caught.value.code == "closed_month"


def test_propose_months_keeps_the_past_and_adds_up():
    months = rules.propose_months(CURRENT, 1300.0, 10, "sum")
    assert months[:9] == CURRENT[:9]
    assert months[9:] == [133.34, 133.33, 133.33]
    assert sum(months) == pytest.approx(1300.0)
    rules.check_months(CURRENT, months, 1300.0, 10, "sum")
    assert rules.propose_months([0.0] * 12, 30.0, 10, "sum")[9:] == [10.0, 10.0, 10.0]
    assert rules.propose_months([5.0] * 12, 7.0, 11, "average")[10:] == [7.0, 7.0]


def test_months_before_the_effective_month_never_change():
    months = [110.0] + CURRENT[1:9] + [130.0, 130.0, 130.0]
    with pytest.raises(rules.AdjustmentError) as caught:
        rules.check_months(CURRENT, months, 1300.0, 10, "sum")
    assert caught.value.code == "past_month_changed"
    assert caught.value.details["months"] == [1]


def test_months_must_add_up_to_the_proposed_value():
    months = CURRENT[:9] + [130.0, 130.0, 130.0]
    with pytest.raises(rules.AdjustmentError) as caught:
        rules.check_months(CURRENT, months, 1300.0, 10, "sum")
    assert caught.value.code == "total_mismatch"
    assert caught.value.details == {"expected": 1300.0, "found": 1290.0}


def test_no_month_left():
    with pytest.raises(rules.AdjustmentError):
        rules.propose_months(CURRENT, 10.0, 13, "sum")
    with pytest.raises(rules.AdjustmentError):
        rules.adjusted_target([1_000.0] * 12, [1_000.0] * 12, 13, "sum")


def test_adjusted_target_of_the_budgets_months():
    """Travel of 12,000.00 (1,000.00 a month, target and budget alike)
    raised to 14,400.00 from October: the target becomes the adjusted
    budget, and lowered to 9,600.00 likewise."""
    raised = [1_000.0] * 9 + [1_800.0] * 3
    assert rules.adjusted_target([1_000.0] * 12, raised, 10, "sum") == (raised, 14_400.0)
    lowered = [1_000.0] * 9 + [200.0] * 3
    assert rules.adjusted_target([1_000.0] * 12, lowered, 10, "sum") == (lowered, 9_600.0)


def test_adjusted_target_keeps_its_own_past_months():
    """A target agreed front-loaded (1,250.00 a month to June, 750.00
    after) whose budget is even: lowered to 10,000.00 from October, its
    first nine months (9,750.00) stay, and the 250.00 left follow the
    adjusted budget's October to December (its 400.00, 300.00, 300.00)."""
    target = [1_250.0] * 6 + [750.0] * 6
    adjusted = [1_000.0] * 9 + [400.0, 300.0, 300.0]
    months, year = rules.adjusted_target(target, adjusted, 10, "sum")
    assert months == target[:9] + [100.0, 75.0, 75.0]
    assert year == 10_000.0
    # To the cent: 250.01 left, the largest remainders take the odd cents.
    adjusted = [1_000.0] * 9 + [333.34, 333.34, 333.33]
    months, year = rules.adjusted_target(target, adjusted, 10, "sum")
    assert months[9:] == [83.34, 83.34, 83.33] and year == 10_000.01
    # Adjusted months all zero: what is left goes evenly.
    months, year = rules.adjusted_target([500.0] * 12, [1_000.0] * 9 + [0.0] * 3, 10, "sum")
    assert months == [500.0] * 9 + [1_500.0] * 3 and year == 9_000.0


@pytest.mark.parametrize(
    "aggregation, year",
    [("average", 9.5), ("last", 8.0)],
)
def test_adjusted_target_of_a_ratio_is_its_year_value(aggregation, year):
    """A market share of 10 % lowered to 8 % from October: the target
    holds 8 in the last three months and its year value is the item's, the
    average (9.5) or the last month's (8), never their sum (114)."""
    adjusted = [10.0] * 9 + [8.0] * 3
    months, value = rules.adjusted_target([10.0] * 12, adjusted, 10, aggregation)
    assert months == adjusted
    assert value == year
    # A target of its own (12 % agreed) keeps its first nine months.
    months, value = rules.adjusted_target([12.0] * 12, adjusted, 10, "average")
    assert months == [12.0] * 9 + [8.0] * 3 and value == 11.0


def test_window():
    start, end = rules.default_window(2031)
    assert (start, end) == (datetime.date(2031, 9, 1), datetime.date(2031, 10, 31))
    assert rules.window_open(datetime.date(2031, 9, 1), start, end)
    assert rules.window_open(datetime.date(2031, 10, 31), start, end)
    assert not rules.window_open(datetime.date(2031, 8, 31), start, end)
    assert not rules.window_open(datetime.date(2031, 11, 1), start, end)
    assert rules.window_open(
        datetime.date(2031, 11, 1), start, end, exception_until=datetime.date(2031, 11, 15)
    )
    assert not rules.window_open(
        datetime.date(2031, 11, 16), start, end, exception_until=datetime.date(2031, 11, 15)
    )
