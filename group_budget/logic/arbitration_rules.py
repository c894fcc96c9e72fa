"""Budget arbitration (预算仲裁, manual §八): its flow, deadlines and overdue.

Plain Python, no Odoo.
"""

from . import workdays

# Coordination by the Budget Office: within 3 days of receipt (§八 4.2).
COORDINATION_DAYS = 3
# Ruling by the Budget Committee: within 5 working days of receipt for a
# general matter, 10 for a major one (§八 4.3).
RULING_WORKING_DAYS = {"general": 5, "major": 10}

# state → the states it may move to
TRANSITIONS = {
    "draft": {"submitted", "withdrawn"},
    "submitted": {"coordinating", "referred", "withdrawn"},
    "coordinating": {"closed", "referred", "withdrawn"},
    "referred": {"ruled", "withdrawn"},
    "closed": set(),
    "ruled": set(),
    "withdrawn": set(),
}
# States in which the matter is still open (clocks run).
OPEN_STATES = ("submitted", "coordinating", "referred")
FINAL_STATES = ("closed", "ruled", "withdrawn")


class ArbitrationError(ValueError):
    def __init__(self, code, message=""):
        super().__init__(message or code)
        self.code = code


def check_transition(state, new_state):
    """Refuse a move the flow does not allow."""
    if new_state not in TRANSITIONS.get(state, set()):
        raise ArbitrationError("transition", f"{state} → {new_state}")


def deadlines(received, severity, weekdays, holidays=frozenset(), extra_days=frozenset()):
    """(coordination deadline, ruling deadline) of a matter received on
    ``received``.

    Coordination: 3 calendar days after receipt ("3日内"), moved to the next
    working day when that day is not worked. Ruling: the 5th (general) or
    10th (major) working day after receipt ("5个工作日内").
    """
    if severity not in RULING_WORKING_DAYS:
        raise ArbitrationError("severity", severity)
    coordination = workdays.add_days_rolled(
        received, COORDINATION_DAYS, weekdays, holidays, extra_days
    )
    ruling = workdays.add_working_days(
        received, RULING_WORKING_DAYS[severity], weekdays, holidays, extra_days
    )
    return coordination, ruling


def overdue_stage(state, today, coordination_deadline, ruling_deadline):
    """Which step is late today: ``"coordination"`` (the Budget Office),
    ``"ruling"`` (the Committee) or None.

    Coordination is late while the matter awaits it after its deadline; the
    ruling is late while the matter is open after the ruling deadline (late
    ruling takes precedence: the Committee is then responsible).
    """
    if state not in OPEN_STATES:
        return None
    if ruling_deadline and today > ruling_deadline:
        return "ruling"
    late = coordination_deadline and today > coordination_deadline
    if state in ("submitted", "coordinating") and late:
        return "coordination"
    return None


def needs_reminder(stage, last_reminded, today):
    """Remind at most once per day, and only of a late step."""
    return bool(stage) and last_reminded != today


def corrective_kind(disputed_model, corrective_models, default="group.budget.adjustment"):
    """The corrective record a ruling on ``disputed_model`` opens: the one
    ``corrective_models`` (``{disputed model: corrective model}``) names for
    it, an adjustment otherwise."""
    return corrective_models.get(disputed_model, default)


def corrective_lines(named, current, pending=frozenset()):
    """The lines a corrective adjustment starts from: one for each centre and
    item the disputed record names, in its order, once.

    ``named`` holds ``(centre, item, figure, added)``: ``figure`` is the year
    value the disputed record proposed (None when it proposed none), ``added``
    what it added to the budget (an addition's amount). ``current`` is
    ``{(centre, item): year value}`` of the approved budgets, ``pending`` the
    ``(centre, item)`` another pending adjustment already changes.

    A line is proposed only where the approved budget holds the item and no
    other adjustment is pending on it (the adjustment could not be saved
    otherwise). Its proposed value is the figure named, else the current
    value plus what was added: the applicant decides the rest. Returns
    ``[(centre, item, proposed)]``.
    """
    lines, seen = [], set()
    for centre, item, figure, added in named:
        key = (centre, item)
        if key in seen or key not in current or key in pending:
            continue
        seen.add(key)
        proposed = figure if figure is not None else current[key] + (added or 0.0)
        lines.append((centre, item, proposed))
    return lines
