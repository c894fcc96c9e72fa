"""Budget additions (预算追加, manual §五 4.7): which months they touch, how
their amount spreads over those months, and what funds them: savings of
another item or centre, or the company's reserve."""

import datetime

from .breakdown import largest_remainder
from .control_rules import available

MONTHS = 12


class AdditionError(ValueError):
    """An addition that cannot be made; ``code`` names why."""

    def __init__(self, code, message, **details):
        super().__init__(message)
        self.code = code
        self.details = details


def months_in_year(date_from, date_to, year_start, year_end):
    """The months (1–12) from ``date_from`` to ``date_to``, which must lie in
    the budget year that runs from ``year_start`` to ``year_end``."""
    if date_to < date_from:
        raise AdditionError("order", "The last month comes before the first.")
    if date_from < year_start or date_to > year_end:
        raise AdditionError(
            "outside_year", "The months lie outside the budget year.", year=year_start.year
        )
    return list(range(date_from.month, date_to.month + 1))


def month_start(date):
    return datetime.date(date.year, date.month, 1)


def month_end(date):
    following = datetime.date(date.year + date.month // 12, date.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def spread(amount, months, digits=2):
    """Twelve monthly amounts: ``amount`` spread evenly over ``months``, to
    the cent, the parts adding up exactly."""
    if amount <= 0:
        raise AdditionError("amount", "The amount must be positive.", amount=amount)
    if not months:
        raise AdditionError("no_months", "Choose at least one month.")
    parts = largest_remainder(amount, [1] * len(months), digits)
    result = [0.0] * MONTHS
    for month, part in zip(months, parts, strict=True):
        result[month - 1] = part
    return result


def savings_available(
    budget_months, actual_months, last_month, reserved_months=None, committed_months=None
):
    """What the source can give up: its year-to-date availability at the
    addition's last month, less what pending additions reserve of it, never
    less than zero. What confirmed documents commit (``committed_months``,
    twelve amounts) is consumed as the actual is: it is no saving."""
    net = net_of_reservations(budget_months, reserved_months or [])
    consumed = add_months([actual_months, committed_months or [0.0] * MONTHS])
    return max(available(net, consumed, last_month), 0.0)


def net_of_reservations(budget_months, reservations, digits=2):
    """The twelve budget months of a savings source less what pending
    additions reserve of each (``reservations``: twelve amounts each)."""
    months = list(budget_months)
    for reserved in reservations:
        months = [
            round(month - (amount or 0.0), digits)
            for month, amount in zip(months, reserved, strict=True)
        ]
    return months


def add_months(reservations, digits=2):
    """Twelve amounts: the sum month by month of ``reservations``."""
    total = [0.0] * MONTHS
    for reserved in reservations:
        total = [
            round(month + (amount or 0.0), digits)
            for month, amount in zip(total, reserved, strict=True)
        ]
    return total


def reserve_savings(budget_months, amount, last_month, reservations=(), digits=2):
    """What a pending addition reserves of its savings source, month by
    month: what approval will take, from ``last_month`` back to January,
    out of the months that other pending ``reservations`` leave free.

    Two pending additions thus never count the same savings. Raises like
    :func:`take_savings` when the free months hold less than ``amount``.
    """
    free = net_of_reservations(budget_months, reservations, digits)
    left = take_savings(free, amount, last_month, digits)
    return [round(before - after, digits) for before, after in zip(free, left, strict=True)]


def take_reserved(budget_months, reserved_months, digits=2):
    """The source's months once the reserved amounts are taken from them.

    Raises when a month no longer holds what was reserved of it.
    """
    months = []
    for month, (budget, reserved) in enumerate(
        zip(budget_months, reserved_months, strict=True), start=1
    ):
        if round(budget - reserved, digits) < 0:
            raise AdditionError(
                "savings",
                "The source has too little budget.",
                month=month,
                missing=round(reserved - budget, digits),
            )
        months.append(round(budget - reserved, digits))
    return months


def take_savings(budget_months, amount, last_month, digits=2):
    """The source's months once ``amount`` is taken from them: from
    ``last_month`` back to January, each month down to zero at most.

    Raises when the months up to ``last_month`` hold less than ``amount``.
    """
    months = list(budget_months)
    left = round(amount, digits)
    for index in range(last_month - 1, -1, -1):
        if left <= 0:
            break
        taken = min(max(months[index], 0.0), left)
        months[index] = round(months[index] - taken, digits)
        left = round(left - taken, digits)
    if left > 0:
        raise AdditionError("savings", "The source has too little budget.", missing=left)
    return months


def reserve_left(reserve, drawn, pending=0.0, digits=2):
    """The reserve of a budget year minus what approved additions drew and
    what pending ones reserve."""
    return round(reserve - drawn - pending, digits)


def missing(amount, available_amount, digits=2):
    """How much of ``amount`` the funding source cannot cover (0 when it
    can)."""
    return max(round(amount - available_amount, digits), 0.0)
