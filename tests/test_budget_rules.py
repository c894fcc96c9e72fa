import pytest
from group_budget_logic import budget_rules


def test_rollup_sums_amounts_and_averages_ratios():
    a = [10.0] * 12
    b = [5.0] * 6 + [15.0] * 6
    assert budget_rules.rollup([a, b], "sum") == [15.0] * 6 + [25.0] * 6
    assert budget_rules.rollup([a, b], "average") == [7.5] * 6 + [12.5] * 6
    assert budget_rules.rollup([a, b], "last") == [7.5] * 6 + [12.5] * 6
    assert budget_rules.rollup([], "sum") == [0.0] * 12


def test_year_value():
    months = [1.0] * 11 + [4.0]
    assert budget_rules.year_value(months, "sum") == 15.0
    assert budget_rules.year_value(months, "average") == 1.25
    assert budget_rules.year_value(months, "last") == 4.0


@pytest.mark.parametrize(
    ("direction", "target", "budget", "gap"),
    [
        ("higher_better", 100.0, 99.99, 0.01),
        ("higher_better", 100.0, 100.0, None),
        ("higher_better", 100.0, 120.0, None),
        ("lower_better", 50.0, 50.01, 0.01),
        ("lower_better", 50.0, 50.0, None),
        ("lower_better", 50.0, 10.0, None),
    ],
)
def test_shortfalls_in_both_directions(direction, target, budget, gap):
    found = budget_rules.shortfalls([("item", direction, target, budget)])
    if gap is None:
        assert found == []
    else:
        assert found == [("item", target, budget, gap)]


def test_items_without_target_are_not_checked():
    assert budget_rules.shortfalls([("item", "higher_better", None, 0.0)]) == []


def test_compare_versions():
    old = {("A", "rev"): 100.0, ("A", "cost"): 50.0, ("B", "rev"): 10.0}
    new = {("A", "rev"): 120.0, ("A", "cost"): 50.0, ("C", "rev"): 5.0}
    assert budget_rules.compare(old, new) == [
        (("A", "rev"), 100.0, 120.0, 20.0),
        (("B", "rev"), 10.0, 0.0, -10.0),
        (("C", "rev"), 0.0, 5.0, 5.0),
    ]
