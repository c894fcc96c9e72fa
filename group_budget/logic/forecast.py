"""Forecast of the year end (manual §六 4.2, "predict its trend").

Two methods, for every centre and item with a budget:

* the run rate on the budget's own monthly profile:
  year-to-date actual ÷ year-to-date budget × year budget;
* a linear extrapolation: a least-squares line through the months' actuals,
  continued to December.

A forecast above the year's budget is an overrun for items where lower is
better (costs); one under it a shortfall where higher is better (revenue).
"""

METHODS = ("run_rate", "linear")


def run_rate(ytd_actual, ytd_budget, year_budget):
    """YTD actual ÷ YTD budget × year budget; ``None`` without a budget to date."""
    if not ytd_budget:
        return None
    return ytd_actual / ytd_budget * year_budget


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


def forecast(budget_months, actual_months, month, method="run_rate"):
    """The year-end forecast by ``method`` after ``month`` months."""
    if method == "linear":
        return linear(actual_months, month)
    return run_rate(sum(actual_months[:month]), sum(budget_months[:month]), sum(budget_months))


def is_off_track(direction, forecast_value, year_budget, digits=2):
    """True for a forecast overrun (lower is better) or shortfall (higher is
    better) against the year's budget."""
    if forecast_value is None:
        return False
    gap = round(forecast_value - year_budget, digits)
    return gap > 0 if direction == "lower_better" else gap < 0


def forecast_rows(rows, month, method="run_rate", digits=2):
    """Forecast many rows at once: ``rows`` maps a key to
    ``(direction, budget_months, actual_months)``; returns
    ``{key: (forecast or None, off_track)}``."""
    result = {}
    for key, (direction, budgets, actuals) in rows.items():
        value = forecast(budgets, actuals, month, method)
        if value is not None:
            value = round(value, digits)
        result[key] = (value, is_off_track(direction, value, sum(budgets), digits))
    return result
