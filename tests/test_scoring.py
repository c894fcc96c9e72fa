"""The appraisal engine (manual §九 6), on both sides of each edge."""

from fractions import Fraction

import pytest
from group_budget_appraisal_logic import scoring
from group_budget_appraisal_logic.scoring import KpiWeight, Line


def fin(weight, core=True):
    return KpiWeight(weight, True, core)


def nonfin(weight, core=True):
    return KpiWeight(weight, False, core)


# ---------------------------------------------------------------- weights
@pytest.mark.parametrize(
    ("kpis", "tasks", "rules"),
    [
        ([fin(40), fin(20, False), nonfin(15)], [25], []),  # exactly 100 %
        ([fin(40), fin(20, False), nonfin(15)], [24.99], ["total"]),
        ([fin(40), fin(20, False), nonfin(15)], [25.01], ["total"]),
        ([fin(40), fin(20, False), nonfin(15)], [25, 0.004], []),  # rounds to 100.00
        ([fin(30), nonfin(30)], [40], ["financial"]),  # equal: not more
        ([fin(30.01), nonfin(29.99)], [40], []),
        ([fin(20), fin(20, False), nonfin(10)], [50], ["core_financial"]),
        ([fin(20.01), fin(19.99, False), nonfin(10)], [50], []),
        ([fin(50), nonfin(10), nonfin(10, False)], [30], ["core_non_financial"]),
        ([fin(50), nonfin(10.5), nonfin(9.5, False)], [30], []),
        # One class only: nothing to compare it with.
        ([nonfin(60)], [40], []),
        ([fin(60, False)], [40], []),
        # A class without weight has no core/general rule.
        ([fin(60), nonfin(0), nonfin(0, False)], [40], []),
        ([fin(-10), fin(5, False)], [105], ["negative"]),
        ([], [100], []),
        ([], [], ["total"]),
    ],
)
def test_weight_rules(kpis, tasks, rules):
    assert [rule for rule, _totals in scoring.weight_breaches(kpis, tasks)] == rules


def test_weight_totals_name_each_class():
    totals = scoring.weight_totals([fin(40), fin(20, False), nonfin(15)], [20, 5])
    assert totals["all"] == 100
    assert totals["kpi"] == 75 and totals["gs"] == 25
    assert totals["financial"] == 60 and totals["non_financial"] == 15
    assert totals["financial_core"] == 40 and totals["financial_general"] == 20


@pytest.mark.parametrize(
    "kpis",
    [
        [(True, True)],
        [(False, False)],
        [(True, True), (True, False)],
        [(True, True), (False, True)],
        [(True, True), (True, True), (True, True)],
        [(True, False), (True, True), (False, True), (False, False), (True, True)],
        [(False, True), (True, False), (True, False), (True, False)],
    ],
)
def test_proposed_weights_follow_the_rules(kpis):
    weights = scoring.propose_weights(kpis)
    assert round(sum(weights), 2) == 100
    assert (
        scoring.weight_breaches(
            [KpiWeight(w, fin, core) for w, (fin, core) in zip(weights, kpis, strict=True)], []
        )
        == []
    )


def test_proposed_weights_split_70_30():
    assert scoring.propose_weights([(True, True), (True, False)]) == [70.0, 30.0]
    assert scoring.propose_weights([(True, True), (False, True)]) == [70.0, 30.0]
    assert scoring.propose_weights([(True, True)] * 3) == [33.34, 33.33, 33.33]
    assert scoring.propose_weights([]) == []


# ------------------------------------------------------------- completion
@pytest.mark.parametrize(
    ("target", "actual", "direction", "cap", "expected"),
    [
        (100, 120, "higher_better", None, 1.2),
        (100, 80, "higher_better", None, 0.8),
        (100, 120, "lower_better", None, 100 / 120),  # direction: costs over target
        (100, 80, "lower_better", None, 1.25),
        (100, 130, "higher_better", 1.2, 1.2),  # cap above
        (100, 119, "higher_better", 1.2, 1.19),  # cap below
        (100, -5, "higher_better", None, 0.0),  # never below 0
        (0, 0, "higher_better", None, 1.0),
        (0, 0, "lower_better", None, 1.0),
        (0, 10, "higher_better", None, 1.5),
        (0, 10, "higher_better", 1.2, 1.2),
        (0, -10, "higher_better", None, 0.0),
        (100, 0, "lower_better", None, 1.5),
        (100, 0, "lower_better", 1.1, 1.1),
        (0, 10, "lower_better", None, 0.0),
        (0, -10, "lower_better", None, 1.5),
        (100, 0, "higher_better", None, 0.0),
        (-100, -50, "higher_better", None, 1.5),  # a smaller loss than planned
        (-100, -150, "higher_better", None, 0.5),
        (-100, -50, "lower_better", None, 0.5),
    ],
)
def test_completion(target, actual, direction, cap, expected):
    assert scoring.completion(target, actual, direction, cap) == pytest.approx(expected)


def test_kpi_score_is_completion_times_100():
    assert scoring.kpi_score(200, 150) == 75.0
    assert scoring.kpi_score(150, 200, "lower_better") == 75.0


@pytest.mark.parametrize(("direction", "cap"), [("sideways", None), ("higher_better", 0)])
def test_completion_refuses_bad_input(direction, cap):
    with pytest.raises(scoring.ScoringError):
        scoring.completion(1, 1, direction, cap)


@pytest.mark.parametrize(("value", "ok"), [(-0.01, False), (0, True), (100, True), (100.01, False)])
def test_gs_score_between_0_and_100(value, ok):
    if ok:
        assert scoring.check_gs_score(value) == value
    else:
        with pytest.raises(scoring.ScoringError):
            scoring.check_gs_score(value)


# ------------------------------------------------------------------ clamp
@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("0.5999", "0"),
        ("0.59999", "0"),
        ("0.6", "0"),  # exactly 0.6: at the floor, 0
        ("0.60001", "0.60001"),  # above it, however little: it stands
        ("0.6001", "0.6001"),
        ("1.0", "1.0"),
        ("1.4999", "1.4999"),
        ("1.49999", "1.49999"),  # below the ceiling, however little
        ("1.5", "1.5"),
        ("1.50001", "1.5"),
        ("3.0", "1.5"),
    ],
)
def test_clamp_on_the_exact_total(total, expected):
    """The clamp decides on the exact total, given exact or as a float read
    as the decimal it shows: nothing is rounded before it."""
    assert scoring.clamp(Fraction(total)) == Fraction(expected)
    assert scoring.clamp(float(total)) == Fraction(expected)


# ------------------------------------------------------- weighted scores
def test_weighted_score_sums_to_a_coefficient():
    result = scoring.score([Line("a", 60, 100), Line("b", 40, 100)])
    assert result.total == 1.0 and result.score == 1.0
    assert result.weighted == {"a": 0.6, "b": 0.4}


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((60, 60), 0.0),  # exactly 0.6
        ((61, 60), 0.606),
        ((150, 150), 1.5),  # exactly 1.5
        ((149, 150), 1.494),
        ((200, 200), 1.5),
    ],
)
def test_score_clamps_the_total(scores, expected):
    result = scoring.score([Line("a", 60, scores[0]), Line("b", 40, scores[1])])
    assert result.score == pytest.approx(expected)


@pytest.mark.parametrize(
    ("actual", "total", "expected"),
    [
        (17_999.7, "0.59999", 0.0),
        (18_000, "0.6", 0.0),
        (18_000.3, "0.60001", 0.6),  # stands; shown as 0.6000, not 0
        (44_999.7, "1.49999", 1.5),  # stands below the ceiling; shown as 1.5000
        (45_000, "1.5", 1.5),
        (45_000.3, "1.50001", 1.5),
    ],
)
def test_score_clamps_the_exact_total_of_exact_line_scores(actual, total, expected):
    """Vehicles sold against 30,000 targeted, weight 100 %: 18,000.3 sold is
    a line score of 60.001 (60.00 with two decimals) and a total of 0.60001,
    above the floor: it stands. Only the result is rounded, for display."""
    line_score = scoring.exact_kpi_score(30_000, actual)
    assert line_score == Fraction(total) * 100
    result = scoring.score([Line("volume", 100, line_score)])
    assert result.exact_total == Fraction(total)
    assert result.exact_score == scoring.clamp(Fraction(total))
    assert result.score == expected
    assert result.total == round(float(total), 4)


def test_score_on_exact_weights_has_no_binary_noise():
    """Three lines at 60 points, weighing 70, 20 and 10 %: exactly 0.6, which
    gives 0 (in floats the sum is 0.6000000000000001)."""
    lines = [Line("a", 70, 60), Line("b", 20, 60), Line("c", 10, 60)]
    assert sum(60 / 100 * weight / 100 for weight in (70, 20, 10)) > 0.6  # binary noise
    result = scoring.score(lines)
    assert result.exact_total == Fraction(3, 5)
    assert (result.total, result.score) == (0.6, 0.0)
    # A thousandth of a point more on one line (60.001, stored as 60.00) and
    # the card stands.
    lines[0].score = Fraction("60.001")
    result = scoring.score(lines)
    assert result.exact_total == Fraction("0.600007")
    assert result.exact_score == Fraction("0.600007") and result.score == 0.6


def test_exception_redistributes_exactly():
    """Weights 33.33 / 33.33 / 33.34 with the last excepted: the first two
    weigh 50 % each, exactly, and 60.001 + 59.999 points give 0.6, which
    gives 0."""
    lines = [
        Line("a", 33.33, Fraction("60.001")),
        Line("b", 33.33, Fraction("59.999")),
        Line("c", 33.34, 100, excepted=True),
    ]
    result = scoring.score(lines)
    assert result.weights == {"a": 50.0, "b": 50.0, "c": 0.0}
    assert result.exact_total == Fraction(3, 5) and result.score == 0.0


def test_veto_gives_zero():
    lines = [Line("a", 60, 120), Line("b", 40, 110)]
    assert scoring.score(lines).score == 1.16
    vetoed = scoring.score(lines, vetoed=True)
    assert vetoed.vetoed and vetoed.score == 0.0 and vetoed.score_raw == 0.0
    assert vetoed.total == 1.16  # the weighted total stays visible


def test_exception_redistributes_weight_in_proportion():
    lines = [Line("a", 50, 100), Line("b", 30, 50), Line("c", 20, 100, excepted=True)]
    result = scoring.score(lines)
    assert result.weights == pytest.approx({"a": 62.5, "b": 37.5, "c": 0.0})
    assert result.total_raw == pytest.approx(0.85)  # before the exception
    assert result.total == pytest.approx(0.8125)  # after it
    assert result.score_raw == pytest.approx(0.85) and result.score == pytest.approx(0.8125)


def test_exception_can_lift_a_score_over_the_floor():
    lines = [Line("a", 50, 100), Line("b", 50, 10, excepted=False)]
    assert scoring.score(lines).score == 0.0  # 0.55
    lines[1].excepted = True
    result = scoring.score(lines)
    assert result.score_raw == 0.0 and result.score == 1.0


def test_every_line_excepted_weighs_nothing():
    assert scoring.redistribute({"a": 60, "b": 40}, {"a", "b"}) == {"a": 0.0, "b": 0.0}
    assert scoring.redistribute({"a": 60, "b": 40}, set()) == {"a": 60.0, "b": 40.0}


# ---------------------------------------------------------------- periods
def test_periods():
    assert scoring.period_months("year") == list(range(1, 13))
    assert scoring.period_months("quarter", 2) == [4, 5, 6]
    assert scoring.period_months("month", 12) == [12]
    for period_type, index in (("quarter", 5), ("quarter", 0), ("month", 13), ("week", 1)):
        with pytest.raises(scoring.ScoringError):
            scoring.period_months(period_type, index)
    assert scoring.allowed_period_types(True) == ("year",)
    assert scoring.allowed_period_types(False) == ("month", "quarter", "year")


@pytest.mark.parametrize(
    ("aggregation", "expected"), [("sum", 6.0), ("average", 2.0), ("last", 3.0)]
)
def test_period_value(aggregation, expected):
    assert scoring.period_value([1.0, 2.0, 3.0], aggregation) == expected
    assert scoring.period_value([], aggregation) == 0.0


def test_veto_lines():
    assert scoring.veto_lines("A major accident.\n\n  Fraud. \n") == ["A major accident.", "Fraud."]
    assert scoring.veto_lines(False) == []


def test_veto_lifted_by_the_board_restores_the_score():
    lines = [Line("kpi", 60, 120), Line("gs", 40, 100)]
    lifted = scoring.score(lines, vetoed=True, veto_lifted=True)
    assert lifted.vetoed and lifted.veto_lifted
    assert lifted.score == lifted.total == 1.12
    assert lifted.score_raw == 1.12
    # Nothing to lift without a veto; a veto that stands gives 0.
    assert not scoring.score(lines, veto_lifted=True).veto_lifted
    assert scoring.score(lines, vetoed=True).score == 0.0


def test_breach_keys_name_the_lines_of_a_broken_rule():
    kpis = [
        KpiWeight(1, True, True, "cogs"),
        KpiWeight(-5, True, False, "rent"),
        KpiWeight(30, False, True, "share"),
        KpiWeight(10, False, False, "volume"),
    ]
    assert scoring.breach_keys("negative", kpis) == ["rent"]
    assert scoring.breach_keys("total", kpis) == ["cogs", "rent", "share", "volume"]
    assert scoring.breach_keys("financial", kpis) == ["cogs", "rent", "share", "volume"]
    assert scoring.breach_keys("core_financial", kpis) == ["cogs", "rent"]
    assert scoring.breach_keys("core_non_financial", kpis) == ["share", "volume"]
