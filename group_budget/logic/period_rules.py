"""Rules on budget years (manual §一 1.4, §四 1.2 and 5)."""

import datetime

#: Allowed moves of a budget year's state.
STATE_FLOW = {
    "draft": ("compiling",),
    "compiling": ("draft", "executing"),
    "executing": ("closed",),
    "closed": ("executing",),
}


def can_move(state_from, state_to):
    """True when a budget year may go from ``state_from`` to ``state_to``."""
    return state_to in STATE_FLOW.get(state_from, ())


def year_bounds(year):
    """A budget year runs from 1 January to 31 December (manual §一 1.4)."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def calendar_year_mismatch(year, date_from, date_to):
    """True unless ``[date_from, date_to]`` is the calendar year ``year``.

    A budget year is a calendar year (预算年度, 1 January – 31 December): the
    month arithmetic of additions, the ledger and control relies on it.
    """
    return (date_from, date_to) != year_bounds(year)


def default_calendar(year):
    """The compilation calendar of budget year ``year``.

    Targets are issued in October of the year before, budgets are compiled in
    November and approved in December (manual §三 5.2, §四 1.2 and 5.3–5.4).
    """
    prior = year - 1
    return {
        "date_targets_issue": datetime.date(prior, 10, 1),
        "date_compilation_start": datetime.date(prior, 11, 1),
        "date_compilation_end": datetime.date(prior, 11, 30),
        "date_approval_deadline": datetime.date(prior, 12, 31),
    }


#: The calendar's dates, in the order they must follow.
CALENDAR_ORDER = (
    "date_targets_issue",
    "date_compilation_start",
    "date_compilation_end",
    "date_approval_deadline",
)


def calendar_disorder(dates):
    """Return the pairs of calendar steps that are out of order.

    ``dates`` maps the names of :data:`CALENDAR_ORDER` to dates or ``None``;
    missing dates are not compared. Each result is ``(earlier, later)``: the
    step that should come first, and the step that comes before it.
    """
    present = [(name, dates.get(name)) for name in CALENDAR_ORDER]
    present = [(name, value) for name, value in present if value]
    wrong = []
    for index, (name_a, date_a) in enumerate(present):
        for name_b, date_b in present[index + 1 :]:
            if date_b < date_a:
                wrong.append((name_a, name_b))
    return wrong


def ranges_overlap(start_a, end_a, start_b, end_b):
    """True when the closed date ranges ``[start_a, end_a]`` and
    ``[start_b, end_b]`` share at least one day."""
    return start_a <= end_b and start_b <= end_a
