"""Purchase commitments (manual §五 2.4, 3.3 and 4.4): what a confirmed order
line still commits, its split among centres and what a refresh changes in
the stored commitments. What a draft order's lines leave available follows
the rule of a draft journal entry's lines (``group_budget.logic.control_rules``).

A commitment is what a line will still be billed: its untaxed amount per
unit times the quantity not yet billed by posted bills, in company currency,
in the month of the line's planned date, shared among the centres its
analytic distribution names as journal items are.
"""

from collections import defaultdict

MONTHS = 12


def open_quantity(ordered, received, billed, closed=False, billed_on_receipt=False):
    """The quantity of a line still to be billed, which the line commits.

    ``billed``: the quantity of posted bills less posted refunds. An open
    order commits what is ordered and not billed. A ``closed`` order (locked
    as done) will not be billed for what it will never receive: a product
    billed on received quantities (``billed_on_receipt``) then commits only
    what was received and not billed; one billed on ordered quantities still
    commits what is ordered and not billed. Never below zero: a line billed
    beyond its quantity commits nothing."""
    base = received if closed and billed_on_receipt else ordered
    return max(base - billed, 0.0)


def line_amount(subtotal, ordered, quantity, rate=1.0):
    """The untaxed amount of ``quantity`` of a line whose ``ordered``
    quantity has the untaxed ``subtotal`` (after discount), converted by
    ``rate`` into company currency. Not rounded."""
    if not ordered or not quantity:
        return 0.0
    return subtotal * rate * quantity / ordered


def split(amount, percents, digits=2):
    """``{key: share}`` of ``amount`` among ``percents`` (``{key: percent}``),
    each share rounded to ``digits`` as a journal item's share of a centre
    is counted (60 % and 40 % of 10,000.00: 6,000.00 and 4,000.00)."""
    return {key: round(amount * percent / 100, digits) for key, percent in percents.items()}


def plan(existing, wanted, digits=2):
    """What a refresh writes, from the commitments ``existing`` (``{key:
    (row_id, month, amount)}``) and those ``wanted`` (``{key: (month,
    amount)}``), ``key`` being ``(line_id, budget_id, item_id)`` and
    ``month`` the first day of a month.

    Returns a dict: ``create`` (``[(key, month, amount)]``), ``update``
    (``[(row_id, month, amount)]``), ``delete`` (``[row_id]``) and
    ``changes``, what the refresh adds to each budget and item by month
    (``{(budget_id, item_id): {month: amount}}``, negative where it
    releases), without the months it leaves unchanged."""
    result = {"create": [], "update": [], "delete": [], "changes": defaultdict(dict)}

    def add(key, month, amount):
        budget_item = key[1:]
        months = result["changes"][budget_item]
        months[month] = round(months.get(month, 0.0) + amount, digits)
        if not months[month]:
            del months[month]

    for key in sorted(existing.keys() | wanted.keys()):
        old, new = existing.get(key), wanted.get(key)
        if old and not new:
            result["delete"].append(old[0])
            add(key, old[1], -old[2])
        elif new and not old:
            result["create"].append((key, new[0], round(new[1], digits)))
            add(key, new[0], new[1])
        elif old[1] != new[0] or round(old[2] - new[1], digits):
            result["update"].append((old[0], new[0], round(new[1], digits)))
            add(key, old[1], -old[2])
            add(key, new[0], new[1])
    result["changes"] = {key: months for key, months in result["changes"].items() if months}
    return result


def year_months(changes, year):
    """The twelve monthly amounts of ``changes`` (``{month: amount}``) dated
    in ``year``."""
    months = [0.0] * MONTHS
    for month, amount in changes.items():
        if month.year == year:
            months[month.month - 1] += amount
    return months


def commits_more(months, digits=2):
    """Whether ``months`` add to a year to date: control checks only what
    commits more; what releases budget always passes."""
    total = 0.0
    for amount in months:
        total += amount
        if round(total, digits) > 0:
            return True
    return False
