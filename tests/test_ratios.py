from fractions import Fraction

import pytest
from group_budget_logic import ratios


def test_exact_reads_amounts_as_the_decimals_they_stand_for():
    assert ratios.exact(7_999.99) == Fraction(799_999, 100)
    assert ratios.exact(sum([529.5, 558.14, 543.43, 1285.99, 5082.94])) == 8_000
    assert ratios.exact(0.1234, 4) == Fraction(1234, 10_000)
    assert ratios.exact(None) is None
    assert ratios.limit(80.0) == 80 and ratios.limit(0.2) == Fraction(1, 5)


def test_percent_and_share():
    assert ratios.percent(7_999.99, 10_000.00) == Fraction(799_999, 10_000)
    assert ratios.percent(1.0, 0.0) is None
    assert ratios.share(-2_000.0, 10_000.0, absolute=True) == Fraction(1, 5)
    assert ratios.share(1.0, -10.0, absolute=True) is None


@pytest.mark.parametrize(
    "value, limit, text",
    [
        (Fraction(799_999, 10_000), 80, "79.9999%"),
        (Fraction(7_999, 100), 80, "79.99%"),
        (Fraction(80), 80, "80.0%"),
        (Fraction(8_005, 100), 80, "80.1%"),  # halves rounded up, not to even
        (Fraction(85), 80, "85.0%"),
        (Fraction(85), None, "85.0%"),
        (None, 80, "—"),
        (79.9999, 80.0, "79.9999%"),
    ],
)
def test_percent_text_reads_differently_from_the_limit(value, limit, text):
    assert ratios.percent_text(value, limit) == text


def test_limit_text():
    assert ratios.limit_text(20.0) == "20%"
    assert ratios.limit_text(12.5) == "12.5%"
    assert ratios.limit_text(Fraction(1, 3) * 100).startswith("33.333333")


def test_reaches_is_exact():
    assert ratios.reaches(Fraction(1, 5), 0.2)
    assert not ratios.reaches(Fraction(1_999_999_999_99, 10**12), 0.2)
    assert not ratios.reaches(None, 0.2)
