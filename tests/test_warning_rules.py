import datetime

import pytest
from group_budget_logic import warning_rules as wr

D = datetime.date


@pytest.mark.parametrize(
    ("horizon", "before", "first"),
    [
        ("month", D(2031, 11, 23), D(2031, 11, 24)),  # 30 days: last week from the 24th
        ("month", D(2031, 2, 21), D(2031, 2, 22)),
        ("quarter", D(2031, 5, 31), D(2031, 6, 1)),
        ("quarter", D(2031, 11, 30), D(2031, 12, 1)),
        ("year", D(2031, 9, 30), D(2031, 10, 1)),
    ],
)
def test_window_edges(horizon, before, first):
    assert not wr.in_window(horizon, before)
    assert wr.in_window(horizon, first)
    assert wr.window_start(horizon, first) == first


def test_window_lengths_are_settings():
    windows = {"month": 10, "quarter": 2, "year": 6}
    assert wr.in_window("month", D(2031, 11, 21), windows)
    assert not wr.in_window("month", D(2031, 11, 20), windows)
    assert wr.in_window("quarter", D(2031, 5, 1), windows)
    assert wr.in_window("year", D(2031, 7, 1), windows)
    assert not wr.in_window("year", D(2031, 6, 30), windows)
    with pytest.raises(wr.WarningRuleError):
        wr.check_windows({"month": 0})
    with pytest.raises(wr.WarningRuleError):
        wr.check_windows({"year": 13})


def test_period_labels_and_figures():
    assert wr.period_label("month", D(2031, 11, 5)) == "2031-11"
    assert wr.period_label("quarter", D(2031, 11, 5)) == "2031-Q4"
    assert wr.period_label("year", D(2031, 11, 5)) == "2031"
    budget = [100.0] * 12
    actual = [90.0] * 12
    # Costs: whole quarter's budget; revenue: budget to date.
    assert wr.period_figures("quarter", 11, "lower_better", budget, actual) == (300.0, 180.0)
    assert wr.period_figures("quarter", 11, "higher_better", budget, actual) == (200.0, 180.0)
    assert wr.period_figures("year", 10, "lower_better", budget, actual) == (1200.0, 900.0)
    assert wr.period_figures("month", 3, "lower_better", budget, actual) == (100.0, 90.0)


@pytest.mark.parametrize(
    ("direction", "percent", "expected"),
    [
        ("lower_better", 79.99, None),
        ("lower_better", 80.0, "attention"),
        ("lower_better", 99.99, "attention"),
        ("lower_better", 100.0, "serious"),
        ("higher_better", 90.0, None),
        ("higher_better", 89.99, "attention"),
        ("higher_better", 80.0, "attention"),
        ("higher_better", 79.99, "serious"),
        ("lower_better", None, None),
    ],
)
def test_threshold_edges(direction, percent, expected):
    attention, serious = (80.0, 100.0) if direction == "lower_better" else (90.0, 80.0)
    assert wr.level(direction, percent, attention, serious) == expected


def test_bad_thresholds():
    with pytest.raises(wr.WarningRuleError) as caught:
        wr.check_thresholds("lower_better", 80.0, 1000.01)
    assert caught.value.code == "range"
    with pytest.raises(wr.WarningRuleError):
        wr.check_thresholds("lower_better", -1, 100)
    with pytest.raises(wr.WarningRuleError) as caught:
        wr.check_thresholds("lower_better", 100.0, 80.0)
    assert caught.value.code == "order"
    with pytest.raises(wr.WarningRuleError):
        wr.check_thresholds("higher_better", 80.0, 90.0)
    wr.check_thresholds("lower_better", 0.0, 1000.0)
    wr.check_thresholds("higher_better", 90.0, 80.0)


def _rule(**kw):
    rule = {
        "direction": "lower_better",
        "item_scope": "all",
        "category": False,
        "control_mode": False,
        "item_ids": [],
        "centre_scope": "all",
        "centre_type": False,
        "centre_path": False,
    }
    rule.update(kw)
    return rule


def test_scope():
    item = {"id": 7, "direction": "lower_better", "category": "operations", "control_mode": "rigid"}
    centre = {"centre_type": "cost", "parent_path": "1/4/9/"}
    assert wr.matches(_rule(), item, centre)
    assert not wr.matches(_rule(direction="higher_better"), item, centre)
    assert wr.matches(_rule(item_scope="category", category="operations"), item, centre)
    assert not wr.matches(_rule(item_scope="category", category="scale"), item, centre)
    assert wr.matches(_rule(item_scope="control_mode", control_mode="rigid"), item, centre)
    assert not wr.matches(_rule(item_scope="code", item_ids=[8]), item, centre)
    assert wr.matches(_rule(centre_scope="type", centre_type="cost"), item, centre)
    assert wr.matches(_rule(centre_scope="subtree", centre_path="1/4/"), item, centre)
    assert not wr.matches(_rule(centre_scope="subtree", centre_path="1/5/"), item, centre)
    assert wr.scope_is_empty(_rule(item_scope="code"))
    assert wr.scope_is_empty(_rule(centre_scope="subtree"))
    assert not wr.scope_is_empty(_rule())


def test_default_rules_cover_three_horizons():
    assert {rule[0] for rule in wr.DEFAULT_RULES} == set(wr.HORIZONS)
    for _horizon, direction, attention, serious in wr.DEFAULT_RULES:
        wr.check_thresholds(direction, attention, serious)


def test_worst():
    assert wr.worst([None, "attention", "serious"]) == "serious"
    assert wr.worst([None]) is None
