"""Rules of budget compilation (manual §四): roll-up of centres, the
minimum-target check and the comparison of versions."""

from .breakdown import aggregate

MONTHS = 12

# The states of a budget whose lines are the year's budget in execution:
# what the ledger, control and warnings read.
LEDGER_STATES = ("approved", "executing", "closed")


def rollup(months_by_centre, aggregation, digits=2):
    """Combine the 12 monthly values of several centres into one row.

    Items that aggregate by sum add up; average and last-value items are
    averaged across centres (each centre reports its own ratio or level).
    """
    rows = [list(months) for months in months_by_centre]
    if not rows:
        return [0.0] * MONTHS
    how = "sum" if aggregation == "sum" else "average"
    return [round(aggregate([row[m] for row in rows], how), digits) for m in range(MONTHS)]


def year_value(months, aggregation, digits=2):
    """The annual figure of 12 months, the way the item aggregates."""
    return round(aggregate(months, aggregation), digits)


def shortfalls(rows, digits=2):
    """Items whose budget misses their agreed target (manual §四 3.2.3, 5.4.2).

    ``rows`` is an iterable of ``(key, direction, target, budget)``; a
    ``None`` target means the item has no agreed target and is not checked.
    Higher-is-better items may not fall below their target, lower-is-better
    items may not rise above it. Returns ``(key, target, budget, gap)`` with a
    positive gap, the amount missing.
    """
    half_unit = 0.5 / 10**digits
    result = []
    for key, direction, target, budget in rows:
        if target is None:
            continue
        gap = target - budget if direction == "higher_better" else budget - target
        if gap >= half_unit:
            result.append((key, round(target, digits), round(budget, digits), round(gap, digits)))
    return result


def compare(old, new, digits=2):
    """Differences between two versions' snapshots.

    ``old`` and ``new`` map keys (e.g. ``(centre, item)``) to annual values.
    Returns ``(key, old_value, new_value, difference)`` for every key whose
    value differs, or that only one version has, sorted by key.
    """
    result = []
    for key in sorted(set(old) | set(new), key=lambda k: tuple(str(x) for x in k)):
        before, after = old.get(key, 0.0), new.get(key, 0.0)
        if round(after - before, digits):
            result.append((key, before, after, round(after - before, digits)))
    return result
