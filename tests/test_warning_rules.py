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


# ----------------------------------------------------------------------
# A day's run: evaluate, then plan the writes
# ----------------------------------------------------------------------
COST = {"id": 1, "direction": "lower_better", "category": "operations", "control_mode": "rigid"}
SALES = {"id": 2, "direction": "higher_better", "category": "scale", "control_mode": "none"}
ITEMS = {1: COST, 2: SALES}
CENTRES = {10: {"centre_type": "cost", "parent_path": "1/10/"}}


def _rules():
    return [
        dict(
            _rule(direction=direction), id=n, horizon=horizon, attention=attention, serious=serious
        )
        for n, (horizon, direction, attention, serious) in enumerate(wr.DEFAULT_RULES, start=1)
    ]


def test_day_scope_and_evaluated_periods():
    horizons, forecast_open, labels = wr.day_scope(D(2031, 11, 25))
    assert horizons == ["month", "year"]
    assert not forecast_open
    assert labels == {"month": "2031-11", "quarter": "2031-Q4", "year": "2031"}
    assert wr.evaluated_periods(D(2031, 11, 25)) == {
        ("month", "2031-11", "threshold"),
        ("year", "2031", "threshold"),
    }
    # Before the year's window: forecast overruns are raised, and resolved.
    assert wr.evaluated_periods(D(2031, 6, 30)) == {
        ("month", "2031-06", "threshold"),
        ("quarter", "2031-Q2", "threshold"),
        ("year", "2031", "forecast"),
    }
    assert wr.evaluated_periods(D(2031, 5, 10)) == {("year", "2031", "forecast")}


def test_evaluate_takes_the_most_severe_level_of_the_horizon():
    budgets = [100.0] * 12
    actuals = [85.0] * 10 + [105.0, 0.0]
    figures = {(10, 1): (budgets, actuals)}
    rules = _rules()
    # A stricter monthly rule on the same items: serious at 105 %.
    rules.append(dict(_rule(), id=99, horizon="month", attention=90.0, serious=105.0))
    wanted = wr.evaluate(figures, ITEMS, CENTRES, rules, D(2031, 11, 25))
    month = wanted[10, 1, "month", "2031-11", "threshold"]
    assert month["level"] == "serious"
    assert month["rule_id"] == 1  # the first rule reaching it
    assert (month["budget"], month["actual"]) == (100.0, 105.0)
    # 955 of the year's 1,200: 79.58 %, short of attention.
    assert (10, 1, "year", "2031", "threshold") not in wanted


def test_evaluate_costs_revenue_and_forecast():
    budgets = [100.0] * 12
    figures = {
        (10, 1): (budgets, [110.0] * 6 + [0.0] * 6),  # costs above the pace
        (10, 2): (budgets, [70.0] * 6 + [0.0] * 6),  # revenue at 70 % to date
    }
    day = D(2031, 6, 30)
    wanted = wr.evaluate(figures, ITEMS, CENTRES, _rules(), day)
    assert wanted[10, 1, "month", "2031-06", "threshold"]["level"] == "serious"
    quarter = wanted[10, 1, "quarter", "2031-Q2", "threshold"]
    # Costs against the whole quarter's budget: 330 of 300.
    assert (quarter["budget"], quarter["actual"], quarter["level"]) == (300.0, 330.0, "serious")
    assert quarter["rule_id"] == 3
    # Revenue against the budget to date: 210 of 300, 70 %.
    revenue = wanted[10, 2, "quarter", "2031-Q2", "threshold"]
    assert (revenue["percent"], revenue["level"], revenue["rule_id"]) == (70.0, "serious", 4)
    forecast = wanted[10, 1, "year", "2031", "forecast"]
    assert forecast == {
        "level": "attention",
        "budget": 1200.0,
        "actual": 660.0,
        "committed": 0.0,
        "percent": 110.0,
        "forecast": 1320.0,
        "rule_id": 5,  # the first yearly rule of costs
    }
    assert wanted[10, 2, "year", "2031", "forecast"]["forecast"] == 840.0
    # No rule of the item's direction: nothing.
    only_costs = [rule for rule in _rules() if rule["direction"] == "lower_better"]
    assert {key[1] for key in wr.evaluate(figures, ITEMS, CENTRES, only_costs, day)} == {1}


def test_evaluate_counts_commitments_toward_consumption():
    """Costs: 7,000.00 of a month's 10,000.00 is 70 %, no warning; with
    2,500.00 committed in the month, 95 %: attention. Commitments of other
    months do not count in this month's."""
    budgets = [10_000.0] * 12
    actuals = [0.0] * 10 + [7_000.0, 0.0]
    rules = [rule for rule in _rules() if rule["horizon"] == "month"]
    day = D(2031, 11, 25)
    assert wr.evaluate({(10, 1): (budgets, actuals)}, ITEMS, CENTRES, rules, day) == {}
    committed = [0.0] * 10 + [2_500.0, 4_000.0]
    wanted = wr.evaluate({(10, 1): (budgets, actuals, committed)}, ITEMS, CENTRES, rules, day)
    month = wanted[10, 1, "month", "2031-11", "threshold"]
    assert (month["level"], month["actual"], month["committed"]) == ("attention", 7_000.0, 2_500.0)
    assert month["percent"] == 95.0
    # A cent short of 100 % stays at attention; 100 % is serious.
    for amount, level in ((2_999.99, "attention"), (3_000.0, "serious")):
        committed[10] = amount
        wanted = wr.evaluate({(10, 1): (budgets, actuals, committed)}, ITEMS, CENTRES, rules, day)
        assert wanted[10, 1, "month", "2031-11", "threshold"]["level"] == level


def test_forecast_warning_counts_the_years_commitments():
    budgets = [100.0] * 12
    actuals = [50.0] * 6 + [0.0] * 6
    committed = [0.0] * 11 + [1_000.0]
    year_rules = [rule for rule in _rules() if rule["horizon"] == "year"]
    day = D(2031, 6, 30)
    assert not wr.evaluate({(10, 1): (budgets, actuals)}, ITEMS, CENTRES, year_rules, day)
    wanted = wr.evaluate({(10, 1): (budgets, actuals, committed)}, ITEMS, CENTRES, year_rules, day)
    forecast = wanted[10, 1, "year", "2031", "forecast"]
    assert (forecast["actual"], forecast["committed"], forecast["forecast"]) == (
        300.0,
        1_000.0,
        1_300.0,
    )


def _existing(wanted, **state):
    return {
        key: dict(vals, id=n, state=state.get("state", "open"))
        for n, (key, vals) in enumerate(wanted.items(), start=1)
    }


def test_plan_creates_then_changes_nothing():
    day = D(2031, 11, 25)
    figures = {(10, 1): ([100.0] * 12, [95.0] * 12)}
    wanted = wr.evaluate(figures, ITEMS, CENTRES, _rules(), day)
    evaluated = wr.evaluated_periods(day)
    create, update, resolve = wr.plan(wanted, {}, evaluated, day)
    assert [(vals["horizon"], vals["level"]) for vals in create] == [
        ("month", "attention"),
        ("year", "attention"),
    ]
    assert all(vals["state"] == "open" and vals["date"] == day for vals in create)
    assert all(not vals["digest_sent"] for vals in create)
    assert (update, resolve) == ({}, [])
    # Written: a rerun on the same figures changes nothing.
    assert wr.plan(wanted, _existing(wanted), evaluated, day) == ([], {}, [])


def test_plan_updates_reopens_and_resolves():
    day = D(2031, 11, 26)
    evaluated = wr.evaluated_periods(day)
    key = (10, 1, "month", "2031-11", "threshold")
    other = (10, 1, "year", "2031", "threshold")
    old = {"level": "attention", "budget": 100.0, "actual": 95.0, "percent": 95.0}
    old.update(forecast=1140.0, rule_id=1)
    # Worse: the figures that moved, and a digest again (now serious).
    new = dict(old, level="serious", actual=101.0, percent=101.0)
    existing = {key: dict(old, id=7, state="acknowledged"), other: dict(old, id=8, state="open")}
    create, update, resolve = wr.plan({key: new}, existing, evaluated, day)
    assert create == []
    assert update == {
        7: {"level": "serious", "actual": 101.0, "percent": 101.0, "digest_sent": False},
        8: {"state": "resolved", "resolved_date": day},
    }
    assert resolve == [8]
    # A resolved warning wanted again reopens, raised again today.
    existing = {key: dict(old, id=7, state="resolved")}
    _create, update, _resolve = wr.plan({key: old}, existing, evaluated, day)
    assert update == {
        7: {"state": "open", "resolved_date": False, "digest_sent": False, "date": day}
    }
    # A period not evaluated today (the quarter, out of its window) stays.
    quarter = (10, 1, "quarter", "2031-Q4", "threshold")
    assert wr.plan({}, {quarter: dict(old, id=9, state="open")}, evaluated, day) == ([], {}, [])


def test_batches():
    assert wr.batches({5, 1, 3, 2, 4}, 2) == [{1, 2}, {3, 4}, {5}]
    assert wr.batches(set(), 200) == []
