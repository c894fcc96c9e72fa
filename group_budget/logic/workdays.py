"""Working-day arithmetic for deadlines (manual §八 4.2, 4.3).

Plain Python, no Odoo: the model reads the company's working calendar once
(its working weekdays, its public holidays and its make-up working days) and
passes them in as sets.

* ``weekdays``: the weekdays worked, Monday 0 … Sunday 6 (``date.weekday()``);
* ``holidays``: dates not worked although their weekday is (public holidays);
* ``extra_days``: dates worked although their weekday is not (make-up working
  days, 调休上班). A make-up day wins over a holiday on the same date.

A deadline "within N working days of receipt" is the N-th working day after
the day of receipt; the day of receipt itself does not count.
"""

import datetime

# A calendar that offers no working day within this many days is refused,
# rather than looped over forever.
MAX_SEARCH_DAYS = 3660


class WorkdayError(ValueError):
    """The calendar offers no working day."""


def is_working_day(day, weekdays, holidays=frozenset(), extra_days=frozenset()):
    """Whether ``day`` is worked."""
    if day in extra_days:
        return True
    if day in holidays:
        return False
    return day.weekday() in weekdays


def _check(weekdays, extra_days):
    if not weekdays and not extra_days:
        raise WorkdayError("The calendar has no working day.")


def add_working_days(start, count, weekdays, holidays=frozenset(), extra_days=frozenset()):
    """The ``count``-th working day after ``start`` (``start`` not counted).

    ``count`` 0 gives ``start`` itself when it is worked, else the next
    working day.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    _check(weekdays, extra_days)
    day = start
    if count == 0:
        return next_working_day(start, weekdays, holidays, extra_days)
    found = 0
    for _step in range(MAX_SEARCH_DAYS):
        day += datetime.timedelta(days=1)
        if is_working_day(day, weekdays, holidays, extra_days):
            found += 1
            if found == count:
                return day
    raise WorkdayError("The calendar has no working day within ten years.")


def next_working_day(day, weekdays, holidays=frozenset(), extra_days=frozenset()):
    """``day`` when it is worked, else the first working day after it."""
    _check(weekdays, extra_days)
    for _step in range(MAX_SEARCH_DAYS):
        if is_working_day(day, weekdays, holidays, extra_days):
            return day
        day += datetime.timedelta(days=1)
    raise WorkdayError("The calendar has no working day within ten years.")


def add_days_rolled(start, days, weekdays, holidays=frozenset(), extra_days=frozenset()):
    """``days`` calendar days after ``start``; a deadline that falls on a day
    not worked moves to the next working day (期限届满日为节假日的,顺延)."""
    return next_working_day(start + datetime.timedelta(days=days), weekdays, holidays, extra_days)


def working_days_between(start, end, weekdays, holidays=frozenset(), extra_days=frozenset()):
    """How many working days lie after ``start`` up to and including ``end``
    (0 when ``end`` is not after ``start``)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, weekdays, holidays, extra_days):
            count += 1
    return count


def leave_days(start, end):
    """The dates a leave from ``start`` to ``end`` covers (datetimes in the
    calendar's time zone, naive): every date it runs into, but not the date
    of an end at midnight (00:00) — a leave up to 8 October 00:00 ends with
    7 October. None for a leave that does not run forward."""
    if end <= start:
        return []
    last = end.date()
    if end.time() == datetime.time.min:
        last -= datetime.timedelta(days=1)
    return list(days_in_range(start.date(), last))


def days_in_range(date_from, date_to):
    """Every date from ``date_from`` to ``date_to`` inclusive."""
    day = date_from
    while day <= date_to:
        yield day
        day += datetime.timedelta(days=1)
