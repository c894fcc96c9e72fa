"""Mid-year budget adjustments (预算调整, manual §七).

Pure rules: the three 20% rules of §七 5.1 and 5.2 with the figures they
use, the monthly amounts of an adjusted line and the adjustment window. The
forecast the first rule compares is the ledger's (:mod:`.forecast`).

A rule is met or not on the exact figures (:mod:`.ratios`): a change of
1,999.99 against 10,000.00 is 19.9999 %, short of 20 %. The ratios are
returned exact (fractions), for the texts to show them with the decimals
they need.
"""

import datetime

from . import ratios
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


def elapsed_months(year, today):
    """Months of ``year`` fully past on ``today`` (0 to 12)."""
    if today.year < year:
        return 0
    if today.year > year:
        return MONTHS
    return today.month - 1


def _ratio(part, base, digits):
    """|part| ÷ base, exact; ``None`` for a base that is not positive."""
    return ratios.share(part, base, digits, absolute=True)


def _met(ratio, threshold):
    return ratios.reaches(ratio, threshold)


def forecast_rule(target, forecast, threshold=DEFAULT_THRESHOLD, digits=2):
    """§七 5.1/5.2 (1): the forecast deviates from the set target by
    ``threshold`` or more. ``ratio`` is |forecast − target| / |target|, exact,
    of the figures to ``digits`` decimals."""
    ratio = None
    if forecast is not None and target:
        target_exact = ratios.exact(target, digits)
        if target_exact:
            ratio = abs(ratios.exact(forecast, digits) - target_exact) / abs(target_exact)
    return {
        "rule": RULE_FORECAST,
        "met": _met(ratio, threshold),
        "ratio": ratio,
        "target": target,
        "forecast": forecast,
        "threshold": threshold,
    }


def resources_rule(change, net_assets, threshold=DEFAULT_THRESHOLD, digits=2):
    """§七 5.1/5.2 (2): extra resources or losses reach ``threshold`` of the
    opening net assets. ``ratio`` is |change| / net assets, exact."""
    ratio = _ratio(change, net_assets, digits)
    return {
        "rule": RULE_RESOURCES,
        "met": _met(ratio, threshold),
        "ratio": ratio,
        "change": change,
        "net_assets": net_assets,
        "threshold": threshold,
    }


def reallocation_rule(change, revenue, net_assets, threshold=DEFAULT_THRESHOLD, digits=2):
    """§七 5.2: a reallocation whose impact on revenue, or on the opening net
    assets, is ``threshold`` or more."""
    revenue_ratio = _ratio(change, revenue, digits)
    assets_ratio = _ratio(change, net_assets, digits)
    met = any(_met(r, threshold) for r in (revenue_ratio, assets_ratio))
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


def evaluate(kind, current, proposed, forecast, revenue, net_assets, threshold, digits=2):
    """The rules that apply to a line of ``kind`` (raise, lower, reallocate),
    each with its figures. A line qualifies when any is met."""
    change = float(ratios.exact(proposed, digits) - ratios.exact(current, digits))
    if kind == "reallocate":
        return [reallocation_rule(change, revenue, net_assets, threshold, digits)]
    return [
        forecast_rule(current, forecast, threshold, digits),
        resources_rule(change, net_assets, threshold, digits),
    ]


def ratio_text(ratio, threshold):
    """A rule's ratio (a share, exact) as a percentage for people, with the
    decimals it needs to read differently from ``threshold``: ``19.9999%``
    against 20 %, not ``20.0%``."""
    if ratio is None:
        return ratios.percent_text(None)
    return ratios.percent_text(ratios.as_exact(ratio) * 100, ratios.limit(threshold) * 100)


def threshold_text(threshold):
    """The threshold (a share) as a percentage: ``20%``, ``12.5%``."""
    return ratios.limit_text(ratios.limit(threshold) * 100)


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


def adjusted_target(target_months, adjusted_months, effective_month, aggregation, digits=2):
    """The months and the year value of an agreed target once an adjustment
    of its budget line is approved (manual §七 6.3, §三 5.6), as
    ``(months, year value)``.

    The months before ``effective_month`` stay the target's: what was agreed
    for them, and perhaps appraised, holds. From it on the target follows the
    adjusted budget (``adjusted_months``, the line's twelve new months):

    * averaged and last-value items (ratios, levels) take the adjusted months
      as they are;
    * items that add up take the adjusted year value less the target's own
      earlier months, spread like the adjusted months (so they are the
      adjusted months themselves when the target's earlier months are the
      budget's, as compilation fills them in; even months when those are all
      zero).

    The year value follows the item's aggregation: the sum of the months, their
    average or the last month's, to ``digits`` decimals, never a sum of a
    ratio."""
    kept = list(target_months[: effective_month - 1])
    rest = list(adjusted_months[effective_month - 1 :])
    if not rest:
        raise AdjustmentError("no_month_left", "No month of the year is left to change.")
    half_unit = 0.5 / 10**digits
    if aggregation == "sum" and any(
        abs(mine - budget) >= half_unit
        for mine, budget in zip(kept, adjusted_months[: len(kept)], strict=True)
    ):
        weights = [abs(x) for x in rest]
        if sum(weights) <= 0:
            weights = [1.0] * len(rest)
        left = round(sum(adjusted_months) - sum(kept), digits)
        rest = largest_remainder(left, weights, digits)
    months = kept + rest
    return months, round(year_value(months, aggregation), digits)


def default_window(year):
    """1 September – 31 October of the budget year (§七 3)."""
    return datetime.date(year, 9, 1), datetime.date(year, 10, 31)


def window_open(today, date_from, date_to, exception_until=None):
    """Applications are accepted within the window, or up to the end of an
    exception the Budget Committee opened."""
    if date_from and date_to and date_from <= today <= date_to:
        return True
    return bool(exception_until and today <= exception_until)
