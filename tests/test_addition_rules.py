import datetime

import pytest
from group_budget_logic import addition_rules as rules

YEAR = (datetime.date(2031, 1, 1), datetime.date(2031, 12, 31))


def test_months_in_year():
    assert rules.months_in_year(datetime.date(2031, 3, 1), datetime.date(2031, 5, 31), *YEAR) == [
        3,
        4,
        5,
    ]


@pytest.mark.parametrize(
    "date_from, date_to, code",
    [
        (datetime.date(2030, 12, 1), datetime.date(2031, 1, 31), "outside_year"),
        (datetime.date(2031, 12, 1), datetime.date(2032, 1, 31), "outside_year"),
        (datetime.date(2031, 5, 1), datetime.date(2031, 3, 31), "order"),
    ],
)
def test_months_outside_the_year_or_reversed(date_from, date_to, code):
    with pytest.raises(rules.AdditionError) as caught:
        rules.months_in_year(date_from, date_to, *YEAR)
    assert caught.value.code == code


def test_month_bounds():
    assert rules.month_start(datetime.date(2031, 2, 17)) == datetime.date(2031, 2, 1)
    assert rules.month_end(datetime.date(2031, 2, 17)) == datetime.date(2031, 2, 28)
    assert rules.month_end(datetime.date(2031, 12, 5)) == datetime.date(2031, 12, 31)


def test_spread_adds_up_to_the_cent():
    months = rules.spread(100.0, [3, 4, 5])
    assert months[2:5] == [33.34, 33.33, 33.33]
    assert sum(months) == pytest.approx(100.0)
    assert months[0] == months[11] == 0.0


@pytest.mark.parametrize("amount", [0.0, -5.0])
def test_spread_refuses_zero_or_negative(amount):
    with pytest.raises(rules.AdditionError) as caught:
        rules.spread(amount, [1])
    assert caught.value.code == "amount"


def test_savings_available_is_year_to_date_and_never_negative():
    budget = [100.0] * 12
    assert rules.savings_available(budget, [50.0, 50.0] + [0.0] * 10, 3) == 200.0
    assert rules.savings_available(budget, [500.0] + [0.0] * 11, 3) == 0.0


def test_take_savings_from_the_last_month_backwards():
    months = rules.take_savings([100.0] * 12, 150.0, 6)
    assert months[5] == 0.0
    assert months[4] == 50.0
    assert months[6] == 100.0
    assert sum(months) == pytest.approx(1050.0)


def test_take_savings_refuses_more_than_the_months_hold():
    with pytest.raises(rules.AdditionError) as caught:
        rules.take_savings([10.0] * 12, 50.0, 2)
    assert caught.value.code == "savings"
    assert caught.value.details["missing"] == 30.0


def test_reserve_and_missing():
    assert rules.reserve_left(1000.0, 400.0) == 600.0
    assert rules.missing(700.0, 600.0) == 100.0
    assert rules.missing(500.0, 600.0) == 0.0


def test_reservations_never_count_the_same_savings():
    budget = [100.0] * 12
    # A first pending addition of 250 up to March reserves March, February
    # and half of January.
    first = rules.reserve_savings(budget, 250.0, 3)
    assert first[:4] == [50.0, 100.0, 100.0, 0.0]
    # What is left to date in March is 50: a second one of 60 cannot have it.
    assert rules.savings_available(budget, [0.0] * 12, 3, [first]) == 50.0
    with pytest.raises(rules.AdditionError) as caught:
        rules.reserve_savings(budget, 60.0, 3, [first])
    assert caught.value.code == "savings"
    # Up to April it can: it reserves April's.
    second = rules.reserve_savings(budget, 60.0, 4, [first])
    assert second[:4] == [0.0, 0.0, 0.0, 60.0]
    assert rules.add_months([first, second])[:4] == [50.0, 100.0, 100.0, 60.0]
    assert rules.savings_available(budget, [0.0] * 12, 4, [first, second]) == 90.0


def test_savings_available_counts_actuals_and_reservations():
    budget = [100.0] * 12
    reserved = [0.0, 0.0, 80.0] + [0.0] * 9
    assert rules.savings_available(budget, [150.0] + [0.0] * 11, 3, [reserved]) == 70.0
    assert rules.savings_available(budget, [250.0] + [0.0] * 11, 3, [reserved]) == 0.0


def test_take_reserved_takes_exactly_what_was_reserved():
    budget = [100.0] * 12
    reserved = rules.reserve_savings(budget, 150.0, 6)
    assert rules.take_reserved(budget, reserved) == rules.take_savings(budget, 150.0, 6)
    # A month that no longer holds its reservation is refused.
    with pytest.raises(rules.AdditionError) as caught:
        rules.take_reserved([100.0] * 4 + [20.0] + [100.0] * 7, reserved)
    assert caught.value.details == {"month": 5, "missing": 30.0}


def test_reserve_left_counts_pending_draws():
    assert rules.reserve_left(1000.0, 400.0, 250.0) == 350.0


def test_commitments_are_no_savings():
    """Committed to date counts as spent; a commitment after the last month
    does not (it consumes that month's budget to date)."""
    budget = [100.0] * 12
    actual = [50.0, 50.0] + [0.0] * 10
    committed = [0.0, 0.0, 80.0, 0.0, 500.0] + [0.0] * 7
    assert rules.savings_available(budget, actual, 3, committed_months=committed) == 120.0
    assert rules.savings_available(budget, actual, 5, committed_months=committed) == 0.0
    reserved = [0.0, 0.0, 20.0] + [0.0] * 9
    assert rules.savings_available(budget, actual, 3, [reserved], committed) == 100.0
