"""Mid-year budget adjustments (预算调整, manual §七).

Pure rules: the three 20% rules of §七 5.1 and 5.2 with the figures they
use, the forecast of the year from the year to date, the monthly amounts of
an adjusted line and the adjustment window.
"""

import datetime

from .breakdown import largest_remainder

MONTHS = 12
DEFAULT_THRESHOLD = 0.2

RULE_FORECAST = "forecast"
RULE_RESOURCES = "resources"
RULE_REALLOCATION = "reallocation"


class AdjustmentError(ValueError):
    """Input an adjustment cannot take; ``code`` names why."""

    def __init__(self, code, message, **details):
        super().__init__(message)
        self.code = code
        self.details = details


def forecast_year(ytd_actual, elapsed_months):
    """The year's forecast from the year to date: YTD ÷ elapsed share of the
    year. ``None`` before the first month has closed."""
    if not elapsed_months or elapsed_months <= 0:
        return None
    elapsed_months = min(elapsed_months, MONTHS)
    return ytd_actual * MONTHS / elapsed_months


def elapsed_months(year, today):
    """Months of ``year`` fully past on ``today`` (0 to 12)."""
    if today.year < year:
        return 0
    if today.year > year:
        return MONTHS
    return today.month - 1


def _ratio(part, base):
    if not base or base <= 0:
        return None
    return abs(part) / base


def forecast_rule(target, forecast, threshold=DEFAULT_THRESHOLD):
    """§七 5.1/5.2 (1): the forecast deviates from the set target by
    ``threshold`` or more. ``ratio`` is |forecast − target| / |target|."""
    ratio = None
    if forecast is not None and target:
        ratio = abs(forecast - target) / abs(target)
    return {
        "rule": RULE_FORECAST,
        "met": ratio is not None and ratio >= threshold - 1e-12,
        "ratio": ratio,
        "target": target,
        "forecast": forecast,
        "threshold": threshold,
    }


def resources_rule(change, net_assets, threshold=DEFAULT_THRESHOLD):
    """§七 5.1/5.2 (2): extra resources or losses reach ``threshold`` of the
    opening net assets. ``ratio`` is |change| / net assets."""
    ratio = _ratio(change, net_assets)
    return {
        "rule": RULE_RESOURCES,
        "met": ratio is not None and ratio >= threshold - 1e-12,
        "ratio": ratio,
        "change": change,
        "net_assets": net_assets,
        "threshold": threshold,
    }


def reallocation_rule(change, revenue, net_assets, threshold=DEFAULT_THRESHOLD):
    """§七 5.2: a reallocation whose impact on revenue, or on the opening net
    assets, is ``threshold`` or more."""
    revenue_ratio = _ratio(change, revenue)
    assets_ratio = _ratio(change, net_assets)
    met = any(r is not None and r >= threshold - 1e-12 for r in (revenue_ratio, assets_ratio))
    return {
        "rule": RULE_REALLOCATION,
        "met": met,
        "revenue_ratio": revenue_ratio,
        "assets_ratio": assets_ratio,
        "change": change,
        "revenue": revenue,
        "net_assets": net_assets,
        "threshold": threshold,
    }


def evaluate(kind, current, proposed, forecast, revenue, net_assets, threshold):
    """The rules that apply to a line of ``kind`` (raise, lower, reallocate),
    each with its figures. A line qualifies when any is met."""
    change = proposed - current
    if kind == "reallocate":
        return [reallocation_rule(change, revenue, net_assets, threshold)]
    return [
        forecast_rule(current, forecast, threshold),
        resources_rule(change, net_assets, threshold),
    ]


def qualifies(results):
    return any(result["met"] for result in results)


def check_direction(kind, current, proposed):
    """A raise must raise, a lowering must lower; a reallocation changes."""
    if kind == "raise" and proposed <= current:
        raise AdjustmentError("not_raised", "A raise must increase the value.")
    if kind == "lower" and proposed >= current:
        raise AdjustmentError("not_lowered", "A lowering must decrease the value.")
    if kind == "reallocate" and proposed == current:
        raise AdjustmentError("unchanged", "The line changes nothing.")


def check_effective_month(effective_month, first_open_month):
    """The adjustment takes effect in an open month: not a closed or past one."""
    if effective_month < first_open_month:
        raise AdjustmentError(
            "closed_month",
            "The effective month is closed or past.",
            effective=effective_month,
            first_open=first_open_month,
        )


def first_open_month(year, today, lock_date=None):
    """The first month of ``year`` that may still change: not past on
    ``today`` nor closed by the accounting lock date. 13 when none is left."""
    month = 1 if today.year < year else (MONTHS + 1 if today.year > year else today.month)
    if lock_date and lock_date.year >= year:
        locked = MONTHS + 1 if lock_date.year > year else lock_date.month + 1
        month = max(month, locked)
    return month


def check_months(current_months, new_months, proposed, effective_month, aggregation, digits=2):
    """The new monthly amounts keep every month before ``effective_month``
    as it was, and add up to the proposed year value (sum items) — or, for
    averaged or last-value items, give that value."""
    half_unit = 0.5 / 10**digits
    changed = [
        month
        for month in range(1, effective_month)
        if abs(new_months[month - 1] - current_months[month - 1]) >= half_unit
    ]
    if changed:
        raise AdjustmentError(
            "past_month_changed", "Months before the effective month changed.", months=changed
        )
    found = year_value(new_months, aggregation)
    if abs(round(found, digits) - round(proposed, digits)) >= half_unit:
        raise AdjustmentError(
            "total_mismatch",
            "The monthly amounts do not add up to the proposed year value.",
            expected=round(proposed, digits),
            found=round(found, digits),
        )


def year_value(months, aggregation):
    if aggregation == "average":
        return sum(months) / len(months)
    if aggregation == "last":
        return months[-1]
    return sum(months)


def propose_months(current_months, proposed, effective_month, aggregation, digits=2):
    """Monthly amounts for a proposed year value: the months before
    ``effective_month`` stay; for sum items the rest of the year gets what is
    left, in proportion to the current months (even months when those are
    all zero); other items hold the proposed value from the effective month."""
    kept = list(current_months[: effective_month - 1])
    remaining = MONTHS - len(kept)
    if remaining <= 0:
        raise AdjustmentError("no_month_left", "No month of the year is left to change.")
    if aggregation != "sum":
        return kept + [proposed] * remaining
    rest = current_months[effective_month - 1 :]
    weights = [abs(x) for x in rest]
    if sum(weights) <= 0:
        weights = [1.0] * remaining
    return kept + largest_remainder(proposed - sum(kept), weights, digits)


def default_window(year):
    """1 September – 31 October of the budget year (§七 3)."""
    return datetime.date(year, 9, 1), datetime.date(year, 10, 31)


def window_open(today, date_from, date_to, exception_until=None):
    """Applications are accepted within the window, or up to the end of an
    exception the Budget Committee opened."""
    if date_from and date_to and date_from <= today <= date_to:
        return True
    return bool(exception_until and today <= exception_until)
