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


BUDGET = 10_000.00
EDGES = [
    # Costs: attention at 80 % of the budget, serious at 100 %.
    ("lower_better", 7_999.99, None),
    ("lower_better", 8_000.00, "attention"),
    ("lower_better", 8_000.01, "attention"),
    ("lower_better", 9_999.99, "attention"),
    ("lower_better", 10_000.00, "serious"),
    ("lower_better", 10_000.01, "serious"),
    # Revenue: attention below 90 % of the budget to date, serious below 80 %.
    ("higher_better", 9_000.01, None),
    ("higher_better", 9_000.00, None),
    ("higher_better", 8_999.99, "attention"),
    ("higher_better", 8_000.01, "attention"),
    ("higher_better", 8_000.00, "attention"),
    ("higher_better", 7_999.99, "serious"),
]


def _limits(direction):
    return (80.0, 100.0) if direction == "lower_better" else (90.0, 80.0)


@pytest.mark.parametrize(("direction", "actual", "expected"), EDGES)
def test_levels_a_cent_either_side_of_each_threshold(direction, actual, expected):
    """Decided on the exact ratio: 7,999.99 of 10,000.00 is 79.9999 %, not
    the 80.0 % it rounds to."""
    percent = wr.ratio(actual, BUDGET)
    assert wr.level(direction, percent, *_limits(direction)) == expected


@pytest.mark.parametrize(("direction", "actual", "expected"), EDGES)
def test_exact_ratio_decides_the_level(direction, actual, expected):
    exact = wr.exact_ratio(actual, BUDGET)
    assert wr.level(direction, exact, *_limits(direction)) == expected
    assert float(exact) == pytest.approx(actual / 100.0)


def test_ratio_is_not_rounded_but_sums_carry_no_noise():
    assert wr.ratio(7_999.99, BUDGET) == pytest.approx(79.9999, abs=1e-9)
    assert wr.ratio(8_999.99, BUDGET) != 90.0
    assert wr.ratio(1.0, 0.0) is None
    # Monthly actuals that add up to 8,000.00, summed in floats to
    # 7,999.999999999999: exactly 80 % of 10,000.00, attention.
    months = [529.5, 558.14, 543.43, 1285.99, 5082.94]
    assert sum(months) < 8_000.0
    assert wr.level("lower_better", wr.exact_ratio(sum(months), BUDGET), 80.0, 100.0) == (
        "attention"
    )
    # Budgets of 833.33 and 833.34 a month add up to the year's 10,000.00.
    budget = sum([833.33] * 8 + [833.34] * 4)
    assert wr.level("lower_better", wr.exact_ratio(7_999.99, budget), 80.0, 100.0) is None


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
