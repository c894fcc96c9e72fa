"""Execution control (manual §五 3.3, 4.4, 4.6 and 4.8): year-to-date
availability with carry-forward inside the year, and the decision taken when
a posting hits a budgeted centre and item."""

MONTHS = 12


def year_to_date(months, month):
    """The sum of ``months`` from January to ``month`` (1–12) included."""
    if not 1 <= month <= MONTHS:
        raise ValueError(f"month must be 1 to 12, not {month!r}")
    return sum(months[:month])


def available(budget_months, actual_months, month):
    """What is left to spend in ``month``: year-to-date budget minus
    year-to-date actual. Budget unspent in earlier months stays available
    later in the same year (manual §五 4.8); a new year starts from its own
    budget, so nothing carries across years."""
    return year_to_date(budget_months, month) - year_to_date(actual_months, month)


def consumption(actual, budget):
    """Actual as a percentage of budget; ``None`` without a budget."""
    if not budget:
        return None
    return actual / budget * 100


def posting_decision(control_mode, ytd_budget, ytd_actual, amount, digits=2):
    """What happens to a posting of ``amount`` on an item under
    ``control_mode`` (rigid, flexible or none).

    Returns ``(decision, shortfall)``: ``"pass"`` when the posting stays within
    the year-to-date budget or the item is not controlled, ``"warn"`` for a
    flexible item that goes over, ``"block"`` for a rigid one. ``shortfall``
    is how much the year-to-date actual would exceed the budget (0 when it
    does not). Postings that reduce the actual (credit notes, reversals)
    always pass.
    """
    shortfall = round(ytd_actual + amount - ytd_budget, digits)
    if control_mode == "none" or amount <= 0 or shortfall <= 0:
        return "pass", max(shortfall, 0.0) if control_mode != "none" else 0.0
    return ("block" if control_mode == "rigid" else "warn"), shortfall


def running_totals(months, digits=2):
    """The year to date at the end of each month: ``[Jan, Jan+Feb, …]``."""
    totals, total = [], 0.0
    for amount in months:
        total += amount
        totals.append(round(total, digits))
    return totals


def net_change(before, after):
    """What a change adds to each month: ``after - before``, month by month;
    a missing list counts as twelve zeros."""
    before = before or [0.0] * MONTHS
    after = after or [0.0] * MONTHS
    return [new - old for old, new in zip(before, after, strict=True)]


def months_to_check(posting_months, actual_lines):
    """The months whose year to date a batch changes and that control checks.

    A posting in March also counts in April's, May's, … year to date, so
    besides the months the batch posts to, every later month of the year that
    already has actuals is checked (``actual_lines[m - 1]`` is the number of
    posted items in month ``m``). Later months without actuals need no check:
    their year to date only adds budget to the last month checked.
    """
    own = [month for month in range(1, MONTHS + 1) if posting_months[month - 1]]
    if not own:
        return []
    later = [month for month in range(own[0] + 1, MONTHS + 1) if actual_lines[month - 1]]
    return sorted(set(own) | set(later))


def check_year(control_mode, budget_months, actual_months, posting_months, actual_lines, digits=2):
    """Decide on one budget and item that a batch of postings (or a change of
    posted ones) hits.

    ``budget_months``: the twelve monthly budget amounts; ``actual_months``:
    the twelve monthly posted actuals, the batch included; ``posting_months``:
    what the batch adds to each month (negative when it takes away);
    ``actual_lines``: how many posted items each month has.

    Every month of :func:`months_to_check` must keep its year-to-date actual
    within its year-to-date budget. Returns a dict with ``decision``
    (``"pass"``, ``"warn"`` or ``"block"``), and for the month with the
    largest shortfall (the earliest on a tie; the first month checked when
    nothing overflows): ``month``, ``ytd_budget``, ``consumed`` (the year to
    date before the batch), ``posting`` (what the batch adds to that year to
    date) and ``shortfall``; and ``first_month``, the earliest month that
    overflows: a budget addition of ``shortfall`` from that month on covers
    every month.
    """
    ytd_budget = running_totals(budget_months, digits)
    ytd_actual = running_totals(actual_months, digits)
    ytd_posting = running_totals(posting_months, digits)
    result = None
    first_month = None
    for month in months_to_check(posting_months, actual_lines):
        index = month - 1
        consumed = round(ytd_actual[index] - ytd_posting[index], digits)
        decision, shortfall = posting_decision(
            control_mode, ytd_budget[index], consumed, ytd_posting[index], digits
        )
        candidate = {
            "decision": decision,
            "month": month,
            "ytd_budget": ytd_budget[index],
            "consumed": consumed,
            "posting": ytd_posting[index],
            "shortfall": shortfall,
        }
        if decision == "pass":
            result = result or candidate
            continue
        if first_month is None:
            first_month = month
        if result is None or result["decision"] == "pass" or shortfall > result["shortfall"]:
            result = candidate
    if result is None:
        return {"decision": "pass", "month": None, "first_month": None, "shortfall": 0.0}
    result["first_month"] = first_month or result["month"]
    return result


def check_batch(rows, digits=2):
    """:func:`check_year` on every ``{key: row}`` of a batch, ``row`` holding
    ``control_mode``, ``budget_months``, ``actual_months``, ``posting_months``
    and ``actual_lines``. Returns ``{key: decision dict}``."""
    return {
        key: check_year(
            row["control_mode"],
            row["budget_months"],
            row["actual_months"],
            row["posting_months"],
            row["actual_lines"],
            digits,
        )
        for key, row in rows.items()
    }


def _left_to_date(figures, digits):
    """Budget to date − consumed to date at the end of each month."""
    ytd_budget = running_totals(figures["budget"], digits)
    ytd_consumed = running_totals(figures["consumed"], digits)
    return [
        round(budget - consumed, digits)
        for budget, consumed in zip(ytd_budget, ytd_consumed, strict=True)
    ]


def _tightest(left, lines, used, month, digits):
    """What is left to spend from ``month`` on, for one budget and item:
    the smallest of ``left`` (:func:`_left_to_date`) − ``used`` to date (what
    the entry's lines above take), in ``month`` and in every later month
    that control at posting would check too (:func:`months_to_check`: a
    later month with consumption, ``lines``, or one the lines above post to)."""
    ytd_used = running_totals(used, digits)
    months = [month] + [
        later for later in range(month + 1, MONTHS + 1) if lines[later - 1] or used[later - 1]
    ]
    return min(round(left[m - 1] - ytd_used[m - 1], digits) for m in months)


def entry_availability(figures, lines, digits=2):
    """What each line of a draft entry has available, before posting.

    ``figures``: ``{key: {"budget": [12], "consumed": [12], "lines": [12]}}``
    for the budgets and items under control, ``key`` being ``(budget,
    item)``: the monthly budget (less what pending additions reserve), the
    monthly consumption (actuals and commitments) and how many items consumed
    in each month (``lines`` may be left out: none).

    ``lines``: the entry's lines in their order, each a list of its shares
    ``(key, month, amount, fraction)``: the budget and item it hits, the
    month (1–12), the amount signed by the item's direction (costs: a debit
    is positive) and the share of the line it is (0.6 for 60 %). Shares on a
    key outside ``figures`` (no budget in execution, an item without
    control) are left out.

    Returns, per line, ``{"available": amount or None, "exceeds": bool}``.
    A share has available the year to date of its month (budget to date −
    consumed to date − what the lines above take of the same key to that
    month), or less when a later month that control at posting checks too
    leaves less (:func:`_tightest`). The line's figure is in the line's own
    terms: the most the whole line can be, the smallest of its shares'
    figures divided by their fractions (equal to the share's figure for a
    line on a single centre). ``exceeds``: a share that consumes (a positive
    amount) is larger than its figure, by a cent or more. ``available`` is
    ``None`` for a line without a share under control.
    """
    used, left = {}, {}
    result = []
    for shares in lines:
        merged = {}
        for key, month, amount, fraction in shares:
            if key not in figures:
                continue
            total = merged.setdefault((key, month), [0.0, 0.0])
            total[0] += amount
            total[1] += fraction
        available, exceeds = None, False
        for (key, month), (amount, fraction) in merged.items():
            if key not in left:
                left[key] = _left_to_date(figures[key], digits)
            figure = _tightest(
                left[key],
                figures[key].get("lines") or [0] * MONTHS,
                used.get(key, [0.0] * MONTHS),
                month,
                digits,
            )
            if amount > 0 and round(amount - figure, digits) > 0:
                exceeds = True
            if fraction > 0:
                share = round(figure / fraction, digits)
                available = share if available is None else min(available, share)
        for (key, month), (amount, _fraction) in merged.items():
            used.setdefault(key, [0.0] * MONTHS)[month - 1] += amount
        result.append({"available": available, "exceeds": exceeds})
    return result
