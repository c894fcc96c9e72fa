import datetime

import pytest
from group_budget_logic import adjustment_rules as rules

CURRENT = [100.0] * 12


def test_forecast_is_ytd_over_elapsed_share():
    assert rules.forecast_year(450.0, 9) == pytest.approx(600.0)
    assert rules.forecast_year(450.0, 0) is None
    assert rules.forecast_year(1200.0, 15) == pytest.approx(1200.0)


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
