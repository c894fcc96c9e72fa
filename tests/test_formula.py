import pytest
from group_budget_logic import formula


def test_evaluate():
    values = {"NP": 120.0, "EQ": 1000.0, "T-REV": 50.0}
    assert formula.evaluate("NP / EQ * 100", values) == pytest.approx(12.0)
    assert formula.evaluate("(NP + [T-REV]) / 2", values) == pytest.approx(85.0)
    assert formula.evaluate("-NP + 2 * 3", values) == pytest.approx(-114.0)
    assert formula.evaluate("1 - 2 - 3", {}) == pytest.approx(-4.0)
    assert formula.evaluate("8 / 4 / 2", {}) == pytest.approx(1.0)
    assert formula.references("NP / EQ + NP") == ["NP", "EQ"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("NP / 0", "division"),
        ("NP / (EQ - EQ)", "division"),
        ("NP / XX", "unknown"),
        ("__import__('os')", "syntax"),
        ("NP +", "syntax"),
        ("(NP", "syntax"),
        ("", "syntax"),
        ("NP ** 2", "syntax"),
    ],
)
def test_not_computable(text, code):
    value, error = formula.try_evaluate(text, {"NP": 1.0, "EQ": 2.0})
    assert value is None
    assert error == code


def test_check_names_unknown_codes():
    formula.check("NP / EQ", {"NP", "EQ"})
    with pytest.raises(formula.FormulaError) as caught:
        formula.check("NP / ROA", {"NP", "EQ"})
    assert caught.value.details["codes"] == ["ROA"]


def test_aggregate():
    assert formula.aggregate([1.0, None, 3.0], "sum") == 4.0
    assert formula.aggregate([1.0, None, 3.0], "average") == 2.0
    assert formula.aggregate([1.0, 3.0, None], "last") == 3.0
    assert formula.aggregate([None], "sum") is None
