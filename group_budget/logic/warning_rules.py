"""Early warnings (预警, manual §五 4.5): windows, periods and levels.

Warnings are raised only inside the manual's windows: the last week of each
month for monthly indicators, the last month of each quarter for quarterly
ones and the last quarter of the year for yearly ones. The lengths of the
windows are settings (:data:`DEFAULT_WINDOWS`).

Items where lower is better (costs) are measured by *consumption*: the actual
of the period to date against the whole period's budget; attention at 80 %,
serious at 100 % for example. Items where higher is better (revenue, volumes)
are measured by *completion* of the budget to date: attention below 90 %,
serious below 80 % for example. A threshold is reached on its edge: 80.0 %
consumption is attention, 90.0 % completion is not.

Levels are decided on the exact figures, never on a rounded percentage:
costs of 7,999.99 against a budget of 10,000.00 are 79.9999 %, short of
attention at 80 %; revenue of 8,999.99 is 89.9999 % of it, attention below
90 %. Percentages are rounded only to be shown.
"""

import calendar
import datetime

from . import ratios

HORIZONS = ("month", "quarter", "year")
LEVELS = ("attention", "serious")

#: Window lengths: days at the end of a month, months at the end of a
#: quarter, months at the end of a year.
DEFAULT_WINDOWS = {"month": 7, "quarter": 1, "year": 3}
WINDOW_LIMITS = {"month": (1, 28), "quarter": (1, 3), "year": (1, 12)}

#: Default rules of a new company: every horizon, for costs and for revenue,
#: as ``(horizon, direction, attention %, serious %)``.
DEFAULT_RULES = tuple(
    (horizon, direction, attention, serious)
    for horizon in HORIZONS
    for direction, attention, serious in (
        ("lower_better", 80.0, 100.0),
        ("higher_better", 90.0, 80.0),
    )
)

THRESHOLD_MIN = 0.0
THRESHOLD_MAX = 1000.0


class WarningRuleError(ValueError):
    """A rule or a setting that cannot be used; ``code`` names what is wrong."""

    def __init__(self, code, message, **details):
        super().__init__(message)
        self.code = code
        self.details = details


def in_window(horizon, day, windows=None):
    """True when ``day`` falls inside the warning window of ``horizon``."""
    windows = dict(DEFAULT_WINDOWS, **(windows or {}))
    length = windows[horizon]
    if horizon == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.day > last - length
    if horizon == "quarter":
        return (day.month - 1) % 3 >= 3 - length
    if horizon == "year":
        return day.month > 12 - length
    raise WarningRuleError("horizon", f"Unknown horizon {horizon!r}")


def window_start(horizon, day, windows=None):
    """First day of the window of ``horizon`` in the period of ``day``."""
    windows = dict(DEFAULT_WINDOWS, **(windows or {}))
    length = windows[horizon]
    if horizon == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return datetime.date(day.year, day.month, last - length + 1)
    first, _last = period_months(horizon, day.month)
    end = first + (3 if horizon == "quarter" else 12) - 1
    return datetime.date(day.year, end - length + 1, 1)


def period_months(horizon, month):
    """``(first month, current month)`` of the period of ``horizon`` that
    holds ``month``."""
    if horizon == "month":
        return month, month
    if horizon == "quarter":
        return (month - 1) // 3 * 3 + 1, month
    return 1, month


def period_end_month(horizon, month):
    if horizon == "month":
        return month
    if horizon == "quarter":
        return (month - 1) // 3 * 3 + 3
    return 12


def period_label(horizon, day):
    """``2031-11``, ``2031-Q4`` or ``2031``."""
    if horizon == "month":
        return f"{day.year}-{day.month:02d}"
    if horizon == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def period_figures(horizon, month, direction, budget_months, actual_months):
    """``(budget, actual)`` of the period of ``horizon`` holding ``month``.

    The actual runs to ``month``. Lower is better: against the whole period's
    budget (consumption). Higher is better: against the budget to date
    (completion of the budget to date).
    """
    first, current = period_months(horizon, month)
    last = period_end_month(horizon, month) if direction == "lower_better" else current
    budget = sum(budget_months[first - 1 : last])
    actual = sum(actual_months[first - 1 : current])
    return budget, actual


#: Amounts are compared to four decimals: cents, and the precision of the
#: indicator actuals.
DIGITS = 4


def exact_ratio(actual, budget, digits=DIGITS):
    """Actual as an exact percentage of budget (a fraction), or ``None``
    without a budget: what levels are decided on."""
    return ratios.percent(actual, budget, digits)


def ratio(actual, budget, digits=DIGITS):
    """Actual as a percentage of budget, not rounded (a float, to show and
    store), or ``None`` without a budget."""
    value = exact_ratio(actual, budget, digits)
    return None if value is None else float(value)


def level(direction, percent, attention, serious):
    """The level reached by ``percent`` (consumption or completion, exact as
    :func:`exact_ratio` gives it, or a float read as the decimal it shows),
    or ``None``. Lower is better: at or above a threshold. Higher is better:
    below it. Compared exactly, without rounding or tolerance."""
    if percent is None:
        return None
    percent = ratios.as_exact(percent)
    attention, serious = ratios.limit(attention), ratios.limit(serious)
    if direction == "lower_better":
        if percent >= serious:
            return "serious"
        if percent >= attention:
            return "attention"
        return None
    if percent < serious:
        return "serious"
    if percent < attention:
        return "attention"
    return None


def check_thresholds(direction, attention, serious):
    """Raise :class:`WarningRuleError` for thresholds outside 0–1000 % or
    levels out of order (serious must be reached after attention)."""
    for name, value in (("attention", attention), ("serious", serious)):
        if value is None or not THRESHOLD_MIN <= value <= THRESHOLD_MAX:
            raise WarningRuleError("range", "threshold out of range", level=name, value=value)
    if direction == "lower_better" and serious < attention:
        raise WarningRuleError("order", "serious before attention")
    if direction == "higher_better" and serious > attention:
        raise WarningRuleError("order", "serious before attention")


def check_windows(windows):
    """Raise :class:`WarningRuleError` for a window length out of its limits."""
    for horizon, value in windows.items():
        low, high = WINDOW_LIMITS[horizon]
        if not low <= (value or 0) <= high:
            raise WarningRuleError(
                "window", "window out of range", horizon=horizon, low=low, high=high
            )


def matches(rule, item, centre):
    """True when ``rule`` covers ``item`` at ``centre``.

    ``rule``: a mapping with ``direction``, ``item_scope`` (all, category,
    control_mode, code), ``category``, ``control_mode``, ``item_ids``,
    ``centre_scope`` (all, type, subtree), ``centre_type`` and
    ``centre_path`` (the parent path of the subtree's root).
    ``item``: ``id``, ``direction``, ``category``, ``control_mode``.
    ``centre``: ``centre_type``, ``parent_path``.
    """
    if rule["direction"] != item["direction"]:
        return False
    scope = rule["item_scope"]
    if scope == "category" and item["category"] != rule["category"]:
        return False
    if scope == "control_mode" and item["control_mode"] != rule["control_mode"]:
        return False
    if scope == "code" and item["id"] not in rule["item_ids"]:
        return False
    scope = rule["centre_scope"]
    if scope == "type" and centre["centre_type"] != rule["centre_type"]:
        return False
    if scope == "subtree":
        return (centre["parent_path"] or "").startswith(rule["centre_path"] or "\0")
    return True


def scope_is_empty(rule):
    """True when a rule's scope names nothing: a category, control mode,
    list of items, centre type or subtree that is missing."""
    needs = {
        "category": "category",
        "control_mode": "control_mode",
        "code": "item_ids",
    }.get(rule["item_scope"])
    if needs and not rule.get(needs):
        return True
    needs = {"type": "centre_type", "subtree": "centre_path"}.get(rule["centre_scope"])
    return bool(needs and not rule.get(needs))


def worst(levels):
    """The most severe of ``levels`` (``None`` ignored)."""
    found = [lv for lv in levels if lv]
    if not found:
        return None
    return max(found, key=LEVELS.index)
