"""Early warnings (预警, manual §五 4.5): windows, periods and levels.

Warnings are raised only inside the manual's windows: the last week of each
month for monthly indicators, the last month of each quarter for quarterly
ones and the last quarter of the year for yearly ones. The lengths of the
windows are settings (:data:`DEFAULT_WINDOWS`).

Items where lower is better (costs) are measured by *consumption*: the actual
of the period to date against the whole period's budget; attention at 80 %,
serious at 100 % for example. What confirmed documents commit before their
postings (purchase orders, say) is consumed budget: it counts with the actual
of the same months, as in the ledger and at control, so a centre whose actual
is 70 % of the budget and whose actual and commitments are 95 % is warned at
95 %. Items where higher is better (revenue, volumes)
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

from . import forecast as forecast_logic
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

#: What makes a warning: one per centre, item, horizon, period and kind.
KEY = ("centre_id", "item_id", "horizon", "period_label", "kind")
#: The figures a run keeps up to date; a rerun writes only those that changed.
FIGURES = ("level", "budget", "actual", "committed", "percent", "forecast", "rule_id")

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
    (completion of the budget to date). (Committed amounts run over the same
    months as the actual: ``period_figures(…, committed_months)[1]``.)
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


# ----------------------------------------------------------------------
# A day's run: what the figures call for, and what changes
# ----------------------------------------------------------------------


def day_scope(day, windows=None):
    """What a run on ``day`` evaluates: ``(horizons, forecast_open,
    labels)``, the horizons whose window is open, whether forecast overruns
    are still raised (before the year's window) and each horizon's period
    label."""
    windows = dict(DEFAULT_WINDOWS, **(windows or {}))
    horizons = [horizon for horizon in HORIZONS if in_window(horizon, day, windows)]
    forecast_open = day.month <= 12 - windows["year"]
    labels = {horizon: period_label(horizon, day) for horizon in HORIZONS}
    return horizons, forecast_open, labels


def evaluated_periods(day, windows=None):
    """``{(horizon, label, kind)}``: the periods a run on ``day`` evaluates,
    whose warnings it may resolve."""
    horizons, forecast_open, labels = day_scope(day, windows)
    evaluated = {(horizon, labels[horizon], "threshold") for horizon in horizons}
    if forecast_open:
        evaluated.add(("year", labels["year"], "forecast"))
    return evaluated


def evaluate(figures, items, centres, rules, day, windows=None):
    """The warnings the figures call for on ``day``: ``{key: figures}``,
    ``key`` as :data:`KEY`, ``figures`` as :data:`FIGURES`.

    ``figures``: ``{(centre_id, item_id): (12 budgets, 12 actuals[, 12
    committed])}``, what confirmed documents commit counting as consumed
    with the actual of its month (the figures' ``actual`` is the posted
    actual alone, ``committed`` the commitments of the same months, the
    percentage and the level count both);
    ``items``: ``{item_id: {"id", "direction", "category",
    "control_mode"}}``; ``centres``: ``{centre_id: {"centre_type",
    "parent_path"}}``; ``rules``: mappings as :func:`matches` reads them,
    with ``id``, ``horizon``, ``attention`` and ``serious``.

    For each horizon whose window is open, the most severe level reached
    under the matching rules of that horizon (the first rule reaching it);
    before the year's window, a forecast overrun (or shortfall) under the
    first matching yearly rule."""
    horizons, forecast_open, labels = day_scope(day, windows)
    month = day.month
    wanted = {}
    for (centre_id, item_id), (budgets, actuals, *rest) in figures.items():
        item, centre = items[item_id], centres[centre_id]
        matching = [rule for rule in rules if matches(rule, item, centre)]
        if not matching:
            continue
        committed = rest[0] if rest and rest[0] else [0.0] * 12
        direction = item["direction"]
        year_forecast, off_track = forecast_logic.forecast_rows(
            {0: (direction, budgets, actuals, committed)}, month
        )[0]
        for horizon in horizons:
            found = None
            for rule in matching:
                if rule["horizon"] != horizon:
                    continue
                budget, actual = period_figures(horizon, month, direction, budgets, actuals)
                _budget, period_committed = period_figures(
                    horizon, month, direction, budgets, committed
                )
                exact = exact_ratio(actual + period_committed, budget)
                reached = level(direction, exact, rule["attention"], rule["serious"])
                if reached and (found is None or LEVELS.index(reached) > found[0]):
                    percent = None if exact is None else float(exact)
                    found = (LEVELS.index(reached), rule, budget, actual, period_committed, percent)
            if found:
                rank, rule, budget, actual, period_committed, percent = found
                wanted[centre_id, item_id, horizon, labels[horizon], "threshold"] = {
                    "level": LEVELS[rank],
                    "budget": budget,
                    "actual": actual,
                    "committed": period_committed,
                    "percent": percent or 0.0,
                    "forecast": year_forecast or 0.0,
                    "rule_id": rule["id"],
                }
        if forecast_open and off_track:
            year_rules = [rule for rule in matching if rule["horizon"] == "year"]
            if year_rules:
                year_budget = sum(budgets)
                wanted[centre_id, item_id, "year", labels["year"], "forecast"] = {
                    "level": "attention",
                    "budget": year_budget,
                    "actual": sum(actuals[:month]),
                    # Everything committed in the year: the forecast's floor.
                    "committed": sum(committed),
                    "percent": ratio(year_forecast, year_budget) or 0.0,
                    "forecast": year_forecast,
                    "rule_id": year_rules[0]["id"],
                }
    return wanted


def plan(wanted, existing, evaluated, day):
    """What a run changes: ``(create, update, resolve)``.

    ``wanted``: as :func:`evaluate` gives it, each figure as the field stores
    it (rounded). ``existing``: ``{key: {"id", "state", *FIGURES}}``, the
    warnings already raised. ``evaluated``: as :func:`evaluated_periods`.

    ``create``: the values of the new warnings (open, raised on ``day``).
    ``update``: ``{id: changes}``, only the figures that changed; a resolved
    warning that is wanted again reopens, raised again on ``day`` and owed a
    digest, as one that becomes serious. ``resolve``: the ids of the open
    warnings of an evaluated period that are no longer wanted. A second plan
    on the same figures, once the first is written, changes nothing."""
    create, update, resolve = [], {}, []
    for key, figures in wanted.items():
        warning = existing.get(key)
        if warning is None:
            create.append(
                dict(
                    figures,
                    **dict(zip(KEY, key, strict=True)),
                    date=day,
                    state="open",
                    digest_sent=False,
                )
            )
            continue
        changes = {name: value for name, value in figures.items() if warning[name] != value}
        if warning["state"] == "resolved":
            changes.update(state="open", resolved_date=False, digest_sent=False, date=day)
        elif changes.get("level") == "serious":
            changes["digest_sent"] = False
        if changes:
            update[warning["id"]] = changes
    for key, warning in existing.items():
        if key not in wanted and key[2:] in evaluated and warning["state"] != "resolved":
            update[warning["id"]] = {"state": "resolved", "resolved_date": day}
            resolve.append(warning["id"])
    return create, update, resolve


def batches(centre_ids, size):
    """The centres in batches of ``size``, in the order of their ids."""
    ordered = sorted(centre_ids)
    return [set(ordered[start : start + size]) for start in range(0, len(ordered), size)]
