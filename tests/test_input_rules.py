import math

import pytest
from group_budget_logic import input_rules


@pytest.mark.parametrize(
    "value",
    [
        0,
        0.0,
        False,
        None,
        10_000.0,
        "10000.00",
        -12_345.67,
        1e15,  # the limit itself is accepted
        -1e15,
        10**15,  # as an integer too
        -(10**15),
        "1000000000000000",
        "999999999999999.99",  # a float cannot tell it from 10^15
        math.nextafter(1e15, 0.0),  # the float just below
    ],
)
def test_numbers_within_the_limit_are_accepted(value):
    assert input_rules.number_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [
        math.nextafter(1e15, math.inf),  # 10^15 + 0.125, the float just above
        -math.nextafter(1e15, math.inf),
        10**15 + 1,
        1_000_000_000_000_000.2,
        1e16,
        1e300,
        "1e300",
        -1e300,
        math.inf,
        -math.inf,
        "inf",
        "-Infinity",
        10**400,  # too large for a float
        -(10**400),
    ],
)
def test_numbers_beyond_the_limit_are_refused(value):
    assert input_rules.number_problem(value) == input_rules.OUT_OF_RANGE


@pytest.mark.parametrize("value", [math.nan, "nan", "NaN", -math.nan])
def test_nan_is_refused(value):
    assert input_rules.number_problem(value) == input_rules.NOT_A_NUMBER


def test_the_limit_is_ten_to_the_fifteen():
    assert input_rules.MAX_NUMBER == 10**15
    # 999,999,999,999,999.99 is the same float as 10^15: both are accepted.
    assert float("999999999999999.99") == input_rules.MAX_NUMBER
    assert math.nextafter(1e15, math.inf) == 1e15 + 0.125


@pytest.mark.parametrize("value", ["ten thousand", [1], {"a": 1}])
def test_what_is_no_number_is_left_to_odoo(value):
    assert input_rules.as_number(value) is None
    assert input_rules.number_problem(value) is None


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (1e300, "1e+300"),
        (-2.5e19, "-2.5e+19"),
        (math.inf, "∞"),
        (-math.inf, "-∞"),
        (math.nan, "NaN"),
        (1e18, "1e+18"),
        # Written out in full, in the user's language, by the caller:
        (1.5e15, None),
        (math.nextafter(1e18, 0.0), None),
    ],
)
def test_display_of_refused_numbers(number, shown):
    assert input_rules.display(number) == shown


@pytest.mark.parametrize(
    ("field_type", "limit"), [("char", 1_000), ("text", 10_000), ("html", 100_000)]
)
def test_text_limits_at_and_beyond(field_type, limit):
    assert input_rules.MAX_LENGTH[field_type] == limit
    assert not input_rules.text_too_long("x" * limit, field_type)
    assert input_rules.text_too_long("x" * (limit + 1), field_type)


def test_text_length_counts_characters_not_bytes():
    reason = "预算" * 5_000  # 10,000 characters, 30,000 bytes in UTF-8
    assert input_rules.text_length(reason) == 10_000
    assert not input_rules.text_too_long(reason, "text")
    assert input_rules.text_too_long(reason + "。", "text")


@pytest.mark.parametrize("value", [False, None, 12])
def test_what_is_no_text_has_no_length(value):
    assert input_rules.text_length(value) == 0
    assert not input_rules.text_too_long(value, "char")


def test_fifteen_megabytes_are_refused_everywhere():
    reason = "x" * (15 * 1024 * 1024)
    assert all(input_rules.text_too_long(reason, kind) for kind in input_rules.MAX_LENGTH)
