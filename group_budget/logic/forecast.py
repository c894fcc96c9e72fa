"""Forecast of the year end (manual §六 4.2, "predict its trend").

Two methods, for every centre and item with a budget:

* the run rate on the budget's own monthly profile:
  year-to-date actual ÷ year-to-date budget × year budget — the one
  forecast of the ledger, the warnings and the adjustments' 20 % rule
  (:func:`profile`, :func:`run_rate`);
* a linear extrapolation: a least-squares line through the months' actuals,
  continued to December.

A forecast above the year's budget is an overrun for items where lower is
better (costs); one under it a shortfall where higher is better (revenue).

What confirmed documents commit before their postings (purchase orders, say)
is consumed budget, as the ledger, control and the warnings count it: both
methods run on the actual plus what is committed month by month
(:func:`consumed`), and a forecast never falls below the actual to date plus
everything committed in the year, later months included
(:func:`at_least_committed`): those orders will be billed.
"""

METHODS = ("run_rate", "linear")


AGGREGATIONS = ("sum", "average", "last")


def run_rate(ytd_actual, ytd_budget, year_budget):
    """YTD actual ÷ YTD budget × year budget; ``None`` without a budget to date."""
    if not ytd_budget:
        return None
    return ytd_actual / ytd_budget * year_budget


def year_value(months, aggregation="sum"):
    """The year's value of its months, combined as the item says: their sum,
    their average or the last month's."""
    months = list(months)
    if not months:
        return 0.0
    if aggregation == "average":
        return sum(months) / len(months)
    if aggregation == "last":
        return months[-1]
    return sum(months)


def profile(budget_months, actual_months, month, aggregation="sum"):
    """The year-end forecast after ``month`` months on the budget's monthly
    profile: the :func:`run_rate` of the months to date, scaled to the
    year's budget, months combined as the item says.

    * sum: actual to date ÷ budget to date × the year's budget;
    * average: the same ratio (of the averages of the same months) × the
      average of the year's budget;
    * last: the last actual to date ÷ the budget of its month × the budget
      of December.

    Months without an actual (``None``: no indicator value entered) are left
    out, with their budget. ``None`` before the first month, without any
    actual, or without a budget to date.
    """
    if month < 1:
        return None
    pairs = [
        (budget or 0.0, actual)
        for budget, actual in zip(budget_months[:month], actual_months[:month], strict=True)
        if actual is not None
    ]
    if not pairs:
        return None
    year = year_value(budget_months, aggregation)
    if aggregation == "last":
        budget, actual = pairs[-1]
        return run_rate(actual, budget, year)
    return run_rate(sum(a for _b, a in pairs), sum(b for b, _a in pairs), year)


def linear(actual_months, month):
    """Actual to ``month`` plus the least-squares line through months
    1..``month`` continued to December; ``None`` before the first month."""
    if month < 1:
        return None
    ys = list(actual_months[:month])
    done = sum(ys)
    if month == 12:
        return done
    if month == 1:
        return ys[0] * 12
    n = month
    mean_x = (n + 1) / 2
    mean_y = done / n
    sxx = sum((x - mean_x) ** 2 for x in range(1, n + 1))
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(range(1, n + 1), ys, strict=True))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    rest = sum(intercept + slope * x for x in range(n + 1, 13))
    return done + rest


def straight_line(ytd_actual, month):
    """The actual to date continued at its average monthly pace to December:
    the straight line through the cumulative actual."""
    if month < 1:
        return None
    return ytd_actual * 12 / month


def consumed(actual_months, committed_months):
    """The twelve months' actual plus what is committed in each: consumed
    budget. A month without an actual (``None``) and without a commitment
    stays ``None``."""
    if not committed_months:
        return list(actual_months)
    return [
        actual if not committed else (actual or 0.0) + committed
        for actual, committed in zip(actual_months, committed_months, strict=True)
    ]


def at_least_committed(value, ytd_actual, year_committed):
    """``value``, a year-end forecast, never below the actual to date plus
    ``year_committed`` (what confirmed documents commit over the whole year):
    that much is consumed or promised already, whatever the pace. Without a
    forecast (``None``) but with commitments, that floor is the forecast."""
    if not year_committed:
        return value
    floor = (ytd_actual or 0.0) + year_committed
    return floor if value is None else max(value, floor)


def forecast(
    budget_months,
    actual_months,
    month,
    method="run_rate",
    aggregation="sum",
    committed_months=None,
):
    """The year-end forecast by ``method`` after ``month`` months, on the
    consumed budget (the actual plus ``committed_months``, twelve amounts
    committed by confirmed documents) and never below the actual to date
    plus everything committed in the year (:func:`at_least_committed`)."""
    months = consumed(actual_months, committed_months)
    if method == "linear":
        value = linear(months, month)
    else:
        value = profile(budget_months, months, month, aggregation)
    if not committed_months or month < 1:
        return value
    ytd_actual = sum(actual or 0.0 for actual in actual_months[:month])
    return at_least_committed(value, ytd_actual, sum(committed_months))


def is_off_track(direction, forecast_value, year_budget, digits=2):
    """True for a forecast overrun (lower is better) or shortfall (higher is
    better) against the year's budget."""
    if forecast_value is None:
        return False
    gap = round(forecast_value - year_budget, digits)
    return gap > 0 if direction == "lower_better" else gap < 0


def forecast_rows(rows, month, method="run_rate", digits=2):
    """Forecast many rows at once: ``rows`` maps a key to
    ``(direction, budget_months, actual_months[, committed_months])``;
    returns ``{key: (forecast or None, off_track)}``."""
    result = {}
    for key, (direction, budgets, actuals, *committed) in rows.items():
        value = forecast(
            budgets, actuals, month, method, committed_months=committed[0] if committed else None
        )
        if value is not None:
            value = round(value, digits)
        result[key] = (value, is_off_track(direction, value, sum(budgets), digits))
    return result
