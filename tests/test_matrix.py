"""The variance-analysis matrix of group_budget_report (manual §六)."""

from decimal import Decimal

import pytest
from group_budget_report_logic import matrix as m

D = Decimal

# A group (1) with two subsidiaries (2, 3); revenue (10), cost of sales (11),
# period expenses (12) and a non-profit item (13).
CENTRES = [(1, None), (2, 1), (3, 1)]
ITEMS = [
    (10, "revenue", True),
    (11, "cost_of_sales", False),
    (12, "period_expense", False),
    (13, None, True),
]


def fact(centre, item, year, month, budget, actual):
    return (centre, item, year, month, budget, actual)


def build(facts, **kwargs):
    kwargs.setdefault("kind", "month")
    kwargs.setdefault("year", 2031)
    kwargs.setdefault("month", 3)
    return m.build_matrix(facts, CENTRES, ITEMS, **kwargs)


# ----------------------------------------------------------------------
# Periods
# ----------------------------------------------------------------------
def test_periods():
    assert m.period("month", 2031, 5).months == (5,)
    assert m.period("quarter", 2031, 5).months == (4, 5, 6)
    assert m.period("ytd", 2031, 5).months == (1, 2, 3, 4, 5)
    assert m.period("year", 2031, 5).months == tuple(range(1, 13))
    with pytest.raises(ValueError):
        m.period("week", 2031, 5)
    with pytest.raises(ValueError):
        m.period("month", 2031, 13)


def test_previous_and_last_year_periods():
    assert m.previous_period("month", 2031, 1) == m.Period(2030, (12,))
    assert m.previous_period("month", 2031, 5) == m.Period(2031, (4,))
    assert m.previous_period("quarter", 2031, 2) == m.Period(2030, (10, 11, 12))
    assert m.previous_period("quarter", 2031, 8) == m.Period(2031, (4, 5, 6))
    assert m.previous_period("ytd", 2031, 1) is None
    assert m.previous_period("ytd", 2031, 3) == m.Period(2031, (1, 2))
    assert m.previous_period("year", 2031, 3).year == 2030
    assert m.same_period_last_year("quarter", 2031, 5) == m.Period(2030, (4, 5, 6))


# ----------------------------------------------------------------------
# One variance
# ----------------------------------------------------------------------
def test_variance_amount_and_percent():
    v = m.variance(120, 100)
    assert (v.amount, v.percent, v.status) == (D("20.00"), D("20.00"), m.OK)
    assert v.favourable is True
    cost = m.variance(120, 100, higher_better=False)
    assert cost.favourable is False
    negative = m.variance(-50, -100)
    assert negative.amount == D("50.00") and negative.percent == D("50.00")


@pytest.mark.parametrize(
    ("actual", "material"),
    [(110, True), (109.99, False), (90, True), (90.01, False), (100, False), (0, True)],
)
def test_materiality_on_both_sides_of_ten_percent(actual, material):
    assert m.variance(actual, 100).material is material


def test_materiality_threshold_is_a_parameter():
    assert m.variance(105, 100, threshold=0.05).material
    assert not m.variance(105, 100, threshold=D("0.1")).material
    assert not m.variance(115, 100, threshold=0.2).material


def test_zero_reference_is_not_applicable_never_infinite():
    v = m.variance(30, 0)
    assert v.status == m.NOT_APPLICABLE
    assert v.amount == D("30.00") and v.percent is None
    assert v.material
    both_zero = m.variance(0, 0)
    assert both_zero.status == m.NOT_APPLICABLE and not both_zero.material


def test_missing_data_is_no_data_not_zero():
    for v in (m.variance(None, 100), m.variance(100, None)):
        assert v.status == m.NO_DATA
        assert v.amount is None and v.percent is None and not v.material


# ----------------------------------------------------------------------
# The matrix
# ----------------------------------------------------------------------
FACTS = [
    # March 2031: subsidiary 2 sells 1,200 against 1,000; 3 sells 800 against 1,000
    fact(2, 10, 2031, 3, 1000, 1200),
    fact(3, 10, 2031, 3, 1000, 800),
    fact(2, 11, 2031, 3, 600, 700),
    fact(3, 11, 2031, 3, 600, 500),
    fact(2, 12, 2031, 3, 100, 95),
    fact(3, 12, 2031, 3, 100, 130.33),
    # February 2031 (环比) and March 2030 (同比)
    fact(2, 10, 2031, 2, 1000, 1000),
    fact(3, 10, 2031, 2, 1000, 1000),
    fact(2, 10, 2030, 3, 900, 1500),
    # The group's figures as the model gives them: its own budget lines are
    # the consolidated budget, its actual its subsidiaries' rolled up.
    fact(1, 10, 2031, 3, 2000, 2000),
    fact(1, 11, 2031, 3, 1200, 1200),
    fact(1, 12, 2031, 3, 200, 225.33),
    fact(1, 10, 2031, 2, 2000, 2000),
    fact(1, 10, 2030, 3, None, 1500),
    # A non-profit item only in the group's own figures
    fact(1, 13, 2031, 3, 0, 5),
]


def test_rows_follow_the_tree_and_add_nothing_up():
    matrix = build(FACTS, comparisons=("budget",))
    group_revenue = matrix.row(1, 10)
    assert (group_revenue.value, group_revenue.budget) == (D("2000.00"), D("2000.00"))
    assert group_revenue.level == 0 and matrix.row(2, 10).level == 1
    assert matrix.row(2, 10).parent_centre_id == 1
    keys = [row.key for row in matrix.rows]
    assert keys.index((1, 10)) < keys.index((2, 10)) < keys.index((3, 10))
    assert (1, 13) in keys and (2, 13) not in keys
    # A child's figures are never added to its parent's (the model rolls
    # actuals up; a parent's budget is its own consolidated line).
    alone = build([fact(2, 11, 2031, 3, 600, 700)], comparisons=("budget",))
    assert [row.key for row in alone.rows] == [(2, 11), (2, m.PROFIT)]


def test_a_centre_without_a_budget_line_shows_no_budget():
    # The parent's actual rolled up from its child, no line of its own.
    matrix = build(
        [fact(1, 12, 2031, 3, None, 130), fact(2, 12, 2031, 3, 100, 130)],
        comparisons=("budget", "forecast"),
        forecast={(2, 12): 1300},
    )
    parent = matrix.row(1, 12)
    assert (parent.value, parent.budget) == (D("130.00"), None)
    assert parent.comparisons["budget"].status == m.NO_DATA and not parent.material
    assert parent.comparisons["forecast"].status == m.NO_DATA
    assert parent.share is None and matrix.row(2, 12).share.share_budget is None
    profit = matrix.row(1, m.PROFIT)
    assert profit.budget is None and profit.value == D("-130.00")
    # Spending without a line at a centre that has a budget compares with 0.
    zero = build([fact(2, 12, 2031, 3, 0, 130)], comparisons=("budget",)).row(2, 12)
    assert zero.budget == D("0.00") and zero.comparisons["budget"].status == m.NOT_APPLICABLE


def test_comparisons_budget_yoy_mom():
    matrix = build(FACTS, comparisons=("budget", "yoy", "mom"))
    row = matrix.row(2, 10)
    assert row.comparisons["budget"].amount == D("200.00")
    assert row.comparisons["budget"].percent == D("20.00")
    assert row.material
    yoy = row.comparisons["yoy"]
    assert (yoy.reference, yoy.amount, yoy.percent) == (D("1500.00"), D("-300.00"), D("-20.00"))
    mom = row.comparisons["mom"]
    assert (mom.reference, mom.amount, mom.percent) == (D("1000.00"), D("200.00"), D("20.00"))
    # Centre 3 had no revenue in March 2030: no data, not 0 %.
    assert matrix.row(3, 10).comparisons["yoy"].status == m.NO_DATA
    # Group revenue on budget: not material.
    assert not matrix.row(1, 10).material


def test_year_to_date_and_quarter():
    ytd = build(FACTS, kind="ytd", comparisons=("budget", "mom"))
    row = ytd.row(2, 10)
    assert (row.value, row.budget) == (D("2200.00"), D("2000.00"))
    assert row.comparisons["mom"].reference == D("1000.00")  # to February
    january = build(FACTS, kind="ytd", month=1, comparisons=("mom",))
    row = january.row(2, 10)  # a row of the year, with nothing to date
    assert row.value is None and row.comparisons["mom"].status == m.NO_DATA
    quarter = build(FACTS, kind="quarter", comparisons=("budget", "mom"))
    row = quarter.row(2, 10)
    assert (row.value, row.budget) == (D("2200.00"), D("2000.00"))
    assert row.comparisons["mom"].status == m.NO_DATA  # nothing in Q4 2030


def test_forecast_comparison_plugs_in_and_is_no_data_without_it():
    facts = [fact(2, 10, 2031, month, 100, 90) for month in range(1, 13)]
    without = build(facts, comparisons=("forecast",))
    assert without.row(2, 10).comparisons["forecast"].status == m.NO_DATA
    matrix = build(facts, comparisons=("forecast",), forecast={(2, 10): 1080})
    v = matrix.row(2, 10).comparisons["forecast"]
    assert (v.value, v.reference, v.amount, v.percent) == (
        D("1080.00"),
        D("1200.00"),
        D("-120.00"),
        D("-10.00"),
    )
    assert v.material
    # Each centre's own forecast: nothing rolled up into the group.
    assert (1, 10) not in [row.key for row in matrix.rows]


def test_zero_budget_row_is_not_applicable():
    matrix = build(FACTS, comparisons=("budget",))
    v = matrix.row(1, 13).comparisons["budget"]
    assert v.status == m.NOT_APPLICABLE and v.amount == D("5.00") and v.percent is None


def test_profit_decomposition_sums_exactly_to_profit_variance():
    matrix = build(FACTS, comparisons=("budget",))
    assert matrix.row(1, m.PROFIT).comparisons["budget"].amount == D("-25.33")
    for centre in (1, 2, 3):
        profit = matrix.row(centre, m.PROFIT).comparisons["budget"]
        decomposition = matrix.decompositions[centre]
        assert decomposition.total == profit.amount
        assert sum(decomposition.groups.values()) == profit.amount
        for role, items in decomposition.items.items():
            assert sum(effect for _item, effect in items) == decomposition.groups[role]
    decomposition = matrix.decompositions[3]
    # revenue -200, cost of sales +100 (saved), period expenses -30.33
    assert decomposition.groups == {
        "revenue": D("-200.00"),
        "cost_of_sales": D("100.00"),
        "period_expense": D("-30.33"),
    }
    assert matrix.row(3, m.PROFIT).comparisons["budget"].amount == D("-130.33")
    # The non-profit item stays out of the profit.
    assert 13 not in [
        item for items in matrix.decompositions[1].items.values() for item, _ in items
    ]


def test_decomposition_of_awkward_amounts_is_exact():
    lines = [(i, "period_expense", 0.1 * i, 0.3 * i) for i in range(1, 50)]
    lines.append((99, "revenue", 1 / 3, 2 / 3))
    result = m.decompose_profit(lines)
    assert sum(result.groups.values()) == result.total
    assert sum(e for _i, e in result.items["period_expense"]) == result.groups["period_expense"]


def test_structure_shares_and_effects():
    matrix = build(FACTS, comparisons=("budget",))
    share = matrix.row(2, 10).share
    assert (share.share_budget, share.share_actual) == (D("50.00"), D("60.00"))
    # Group revenue on budget: the whole variance is structure.
    assert share.volume_effect == D("0.00") and share.structure_effect == D("200.00")
    assert matrix.row(1, 10).share is None
    shares = [matrix.row(c, 10).share for c in (2, 3)]
    assert sum(s.structure_effect + s.volume_effect for s in shares) == D("0.00")


def test_structure_of_zero_parent_gives_no_share():
    share = m.structure(0, 0, 0, 10)
    assert share.share_budget is None and share.share_actual is None
    assert share.volume_effect is None
    split = m.structure(1000, 1100, 300, 400)
    assert split.volume_effect + split.structure_effect == D("100.00")
    assert split.volume_effect == D("30.00")


def test_no_share_of_a_profit_nor_of_a_whole_that_is_not_positive():
    """A share of the parent reads only as a part of a positive whole: none
    on profit rows (a balance of mixed signs: a department's profit came out
    at 525.97 % of the company's), none of a parent's figure that is zero or
    negative, none for a negative child; a child at zero is 0 %."""
    matrix = build(FACTS, comparisons=("budget",))
    assert matrix.row(2, m.PROFIT).share is None
    assert matrix.row(3, m.PROFIT).share is None
    assert matrix.row(2, 10).share.share_actual == D("60.00")  # items keep theirs
    # A negative parent (a net credit) or a child of the other sign.
    share = m.structure(-500, 1000, -200, -50)
    assert (share.share_budget, share.share_actual) == (None, None)
    assert share.volume_effect is None and share.structure_effect is None
    share = m.structure(1000, -100, 300, -20)
    assert (share.share_budget, share.share_actual) == (D("30.00"), None)
    # The split needs only the budgeted share: it still adds up.
    assert share.volume_effect + share.structure_effect == D("-320.00")
    share = m.structure(1000, 1100, 0, 0)
    assert (share.share_budget, share.share_actual) == (D("0.00"), D("0.00"))
    # Through the flat table: the profit row's share cells are empty.
    cells = {
        (row[0], row[1]): row
        for row in m.table_rows(matrix, lambda centre, _level: centre, lambda item: item)
    }
    assert cells[(2, m.PROFIT)][-3:-1] == [None, None]
    assert cells[(2, 10)][-3:-1] == [60.0, 50.0]


def test_largest_variances_and_material_rows():
    matrix = build(FACTS, comparisons=("budget",))
    largest = matrix.largest_variances(2)
    assert [row.key for row in largest] == [(2, 10), (3, 10)]
    assert (2, 10) in [row.key for row in matrix.material_rows()]


def test_unknown_comparison_refused():
    with pytest.raises(ValueError):
        build(FACTS, comparisons=("budget", "weekly"))


def test_flat_table_for_renderers():
    matrix = build(FACTS, comparisons=("budget", "yoy"))
    columns = m.table_columns(matrix.comparisons)
    rows = list(m.table_rows(matrix, lambda c, level: f"C{c}", str))
    assert len(rows) == len(matrix.rows)
    assert all(len(cells) == len(columns) for cells in rows)
    keys = [key for key, _kind in columns]
    first = dict(zip(keys, rows[[r.key for r in matrix.rows].index((3, 10))], strict=True))
    assert first["actual"] == 800.0 and first["budget_percent"] == -20.0
    assert first["yoy_percent"] == m.NO_DATA
    assert first["material"] is True


def test_flat_table_shows_each_figure_once():
    facts = [fact(2, 10, 2031, month, 100, 90) for month in range(1, 13)]
    matrix = build(facts, comparisons=("budget", "forecast"), forecast={(2, 10): 1080})
    keys = [key for key, _kind in m.table_columns(matrix.comparisons)]
    # The budget comparison's reference is the period's budget column.
    assert "budget_reference" not in keys
    assert keys[:8] == [
        "centre",
        "item",
        "actual",
        "budget",
        "budget_amount",
        "budget_percent",
        "forecast_value",
        "forecast_reference",
    ]
    cells = dict(zip(keys, next(m.table_rows(matrix, lambda c, level: c, str)), strict=True))
    # The forecast, then the year's budget it is compared with.
    assert (cells["forecast_value"], cells["forecast_reference"]) == (1080.0, 1200.0)
    assert (cells["budget"], cells["budget_amount"]) == (100.0, -10.0)


def test_ten_thousand_rows_build():
    centres = [(1, None)] + [(c, 1) for c in range(2, 101)]
    items = [(i, "period_expense", False) for i in range(100)]
    facts = [
        fact(c, i, year, month, 100, 90 + c % 20)
        for c in range(2, 101)
        for i in range(100)
        for year, month in ((2031, 3), (2031, 2), (2030, 3))
    ]
    matrix = m.build_matrix(
        facts, centres, items, "month", 2031, 3, comparisons=("budget", "yoy", "mom", "forecast")
    )
    # The parent has no figures of its own: no rows.
    assert len(matrix.rows) == 99 * (100 + 1)


def test_summary_and_executive_rows():
    matrix = build(FACTS, comparisons=("budget",))
    summary = m.summary_rows(matrix)
    assert all(row.is_profit or row.material for row in summary)
    assert (2, 10) in [row.key for row in summary] and (1, 10) not in [row.key for row in summary]
    executive = m.executive_rows(matrix, limit=2)
    assert [row.key for row in executive if row.level] == [(2, 10), (3, 10)]
    assert (1, m.PROFIT) in [row.key for row in executive]


def test_committed_and_available_at_the_periods_end():
    """Beside the actual, what is committed in the period; available at its
    end: budget less actual, committed and reserved to date. Profit rows
    show neither, a row without a budget no availability."""
    facts = [
        # centre, item, year, month, budget, actual, committed, reserved
        (2, 12, 2031, 1, 100, 80, 0, 0),
        (2, 12, 2031, 2, 100, 90, 5, 10),
        (2, 12, 2031, 3, 100, 95, 20, 0),
        (2, 12, 2031, 4, 100, 0, 30, 0),
        (1, 12, 2031, 3, None, 95, 20, 0),  # the group: no budget of its own
        (2, 10, 2031, 3, 1000, 900),  # no commitments given: none
    ]
    matrix = build(facts)
    row = matrix.row(2, 12)
    assert (row.value, row.committed) == (D("95.00"), D("20.00"))
    # 300 - 265 - 25 - 10.
    assert row.available == D("0.00")
    assert (matrix.row(1, 12).committed, matrix.row(1, 12).available) == (D("20.00"), None)
    assert matrix.row(2, 10).committed == D("0.00")
    assert matrix.row(2, 10).available == D("100.00")
    profit = matrix.row(2, m.PROFIT)
    assert (profit.committed, profit.available) == (None, None)
    # The quarter: what is committed in January to March; the year to date
    # at March's end. The year: April's commitment too, at December.
    quarter = build(facts, kind="quarter").row(2, 12)
    assert (quarter.committed, quarter.available) == (D("25.00"), D("0.00"))
    year = build(facts, kind="year").row(2, 12)
    assert (year.committed, year.available) == (D("55.00"), D("70.00"))
    # Flat table: after the comparisons, before the shares.
    keys = [key for key, _kind in m.table_columns(matrix.comparisons)]
    assert keys[-5:-3] == ["committed", "available"]
    cells = dict(zip(keys, next(m.table_rows(build(facts[:4]), lambda c, lv: c, str)), strict=True))
    assert (cells["committed"], cells["available"]) == (20.0, 0.0)
