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


def check_postings(rows, digits=2):
    """Decide on every budget key a batch of postings hits.

    ``rows`` maps a key (e.g. budget, item, month) to a dict with
    ``control_mode``, ``ytd_budget`` (January to the key's month),
    ``ytd_actual`` (posted actual to the end of that month, the batch
    included) and ``posting`` (what the batch adds to that year-to-date).

    Returns ``{key: (decision, consumed, shortfall)}``, where ``consumed`` is
    the year-to-date actual before the batch.
    """
    result = {}
    for key, row in rows.items():
        consumed = round(row["ytd_actual"] - row["posting"], digits)
        decision, shortfall = posting_decision(
            row["control_mode"], row["ytd_budget"], consumed, row["posting"], digits
        )
        result[key] = (decision, consumed, shortfall)
    return result
