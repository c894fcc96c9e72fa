"""The appraisal engine (预算考评, manual §九 6): weights, completion, clamp,
veto and exceptions, in plain Python.

Weights are percentages: the KPI and work-task (GS) weights of a letter total
100. A line's score is on a 100-point scale; its weighted score is
``score / 100 × weight / 100``, so that the appraisal score, the sum over
the lines, is a coefficient: 1.0 means exactly on target.

Zero targets and actuals (completion has no ratio there), documented
results:

* target and actual both zero: on target, completion 1.0;
* higher is better, target zero, actual above it: the line's cap, or
  :data:`ZERO_BASE_COMPLETION` (1.5, the manual's ceiling) without a cap;
  actual below a zero target: 0;
* lower is better, actual zero (or negative), target above it: nothing was
  spent of a positive allowance, the cap or :data:`ZERO_BASE_COMPLETION`;
  target zero (or negative), actual above it: 0;
* otherwise, for a negative target (a planned loss), completion is
  ``1 + (actual − target) / |target|`` where higher is better and
  ``1 − (actual − target) / |target|`` where lower is better, which equals
  the plain ratio for positive targets.

Completion is never below 0, and never above the line's cap when it has one.

Scores are decided on exact figures (manual §九 6.2 (4)): the engine takes
each figure as the decimal it reads as (:func:`exact`), computes completions,
weighted scores and totals as fractions, and clamps the exact total: a total
of 0.60001 stands, 0.6 gives 0, whatever the binary noise of floats or the
two decimals a line's score is stored with. Figures are rounded only to be
shown or stored (:data:`SCORE_DIGITS`), after the clamp.
"""

import math
from dataclasses import dataclass, field
from fractions import Fraction

#: Weighted totals at or below this give 0 (manual §九 6.2 (4)).
FLOOR = 0.6
#: Weighted totals at or above this give 1.5.
CEILING = 1.5
#: Completion of a line whose base is zero and which did better than it.
ZERO_BASE_COMPLETION = 1.5
#: The total of the weights, in percent.
WEIGHT_TOTAL = 100.0
#: Weights and totals compare at this many decimals.
WEIGHT_DIGITS = 2
SCORE_DIGITS = 4

#: Appraisal periods (manual §九 3): the group appraises each subsidiary at
#: the end of the year; a subsidiary its own centres monthly, quarterly and
#: yearly.
PERIOD_TYPES = ("month", "quarter", "year")
GROUP_PERIOD_TYPES = ("year",)


class ScoringError(ValueError):
    """A rule of the appraisal is broken; ``code`` names which one."""

    def __init__(self, code, message, **details):
        super().__init__(message)
        self.code = code
        self.details = details


def exact(value):
    """``value`` as the exact decimal it reads as (a
    :class:`~fractions.Fraction`): a float by its shortest representation,
    so that 0.1 is 1/10, not the binary number nearest to it. ``None`` and
    ``False`` (an empty field) are 0."""
    if value is None or value is False:
        return Fraction(0)
    if isinstance(value, int | Fraction):
        return Fraction(value)
    return Fraction(repr(float(value)))


def rounded(value, digits=SCORE_DIGITS):
    """An exact figure rounded to ``digits`` decimals, halves away from zero
    (as figures are rounded for people), as a float: for display and
    storage only, never for a decision."""
    value = exact(value)
    scale = 10**digits
    units = math.floor(abs(value) * scale + Fraction(1, 2))
    return float(Fraction(units if value >= 0 else -units, scale))


# ----------------------------------------------------------------------
# Weights (manual §九 6.1, 6.2 (2))
# ----------------------------------------------------------------------
@dataclass(frozen=True)
class KpiWeight:
    """A KPI line's weight (percent) and class; ``key`` names the line to
    the caller (any hashable), so that a broken rule can say which lines
    it concerns (:func:`breach_keys`)."""

    weight: float
    financial: bool
    core: bool
    key: object = None


def weight_totals(kpis, tasks):
    """Totals by class: ``kpis`` are :class:`KpiWeight`, ``tasks`` the GS
    weights. Returns a dict of rounded totals."""
    totals = {
        "kpi": 0.0,
        "gs": 0.0,
        "financial": 0.0,
        "non_financial": 0.0,
        "financial_core": 0.0,
        "financial_general": 0.0,
        "non_financial_core": 0.0,
        "non_financial_general": 0.0,
    }
    for kpi in kpis:
        klass = "financial" if kpi.financial else "non_financial"
        totals["kpi"] += kpi.weight
        totals[klass] += kpi.weight
        totals[f"{klass}_{'core' if kpi.core else 'general'}"] += kpi.weight
    totals["gs"] = float(sum(tasks))
    totals["all"] = totals["kpi"] + totals["gs"]
    return {key: round(value, WEIGHT_DIGITS) for key, value in totals.items()}


def weight_breaches(kpis, tasks):
    """The weight rules a letter breaks, as a list of ``(rule, totals)``:

    * ``negative``: a weight below zero;
    * ``total``: KPI and GS weights together are not exactly 100 %;
    * ``financial``: financial KPIs weigh no more than non-financial ones —
      checked when the letter has KPIs of both classes;
    * ``core_financial`` / ``core_non_financial``: within a class, core
      indicators weigh no more than general ones — checked when the class
      has both core and general indicators and carries weight.

    An empty list means the weights may be sent."""
    kpis = list(kpis)
    tasks = list(tasks)
    totals = weight_totals(kpis, tasks)
    breaches = []
    if any(kpi.weight < 0 for kpi in kpis) or any(weight < 0 for weight in tasks):
        breaches.append(("negative", totals))
    if totals["all"] != WEIGHT_TOTAL:
        breaches.append(("total", totals))
    classes = {kpi.financial for kpi in kpis}
    if len(classes) == 2 and totals["financial"] <= totals["non_financial"]:
        breaches.append(("financial", totals))
    for klass, financial in (("financial", True), ("non_financial", False)):
        kinds = {kpi.core for kpi in kpis if kpi.financial == financial}
        if (
            len(kinds) == 2
            and totals[klass] > 0
            and totals[f"{klass}_core"] <= totals[f"{klass}_general"]
        ):
            breaches.append((f"core_{klass}", totals))
    return breaches


def breach_keys(rule, kpis):
    """The keys of the KPI lines a broken ``rule`` (as
    :func:`weight_breaches` names it) concerns, in their order: the lines
    of negative weight; every line for the total and for the balance of
    the classes; the lines of the class whose core and general indicators
    are out of balance."""
    kpis = list(kpis)
    if rule == "negative":
        return [kpi.key for kpi in kpis if kpi.weight < 0]
    if rule == "core_financial":
        return [kpi.key for kpi in kpis if kpi.financial]
    if rule == "core_non_financial":
        return [kpi.key for kpi in kpis if not kpi.financial]
    return [kpi.key for kpi in kpis]


#: Shares a proposal gives the first of two classes (financial over
#: non-financial, core over general): more than half, easy to compute.
PROPOSED_SHARE = 0.7


def propose_weights(kpis, total=WEIGHT_TOTAL):
    """Weights that follow the rules, for ``kpis`` given as ``(financial,
    core)`` pairs, totalling ``total``: financial 70 % and non-financial 30 %
    when both are present, within each class core 70 % and general 30 %, equal
    within a group; rounded to 2 decimals, the first line taking the rest."""
    kpis = list(kpis)
    if not kpis:
        return []
    weights = [0.0] * len(kpis)
    classes = {financial for financial, _core in kpis}
    for financial in classes:
        class_total = (
            total
            if len(classes) == 1
            else (total * (PROPOSED_SHARE if financial else 1 - PROPOSED_SHARE))
        )
        kinds = {core for fin, core in kpis if fin == financial}
        for core in kinds:
            group_total = (
                class_total
                if len(kinds) == 1
                else (class_total * (PROPOSED_SHARE if core else 1 - PROPOSED_SHARE))
            )
            members = [i for i, kpi in enumerate(kpis) if kpi == (financial, core)]
            for i in members:
                weights[i] = round(group_total / len(members), WEIGHT_DIGITS)
    weights[0] = round(weights[0] + total - sum(weights), WEIGHT_DIGITS)
    return weights


def redistribute(weights, excepted):
    """Weights after exceptions (manual §九 2 (4)): an exceptional line
    weighs 0 and its weight goes to the other lines in proportion to their
    own. ``weights`` maps a key to its weight; ``excepted`` is a set of keys.
    The total stays the same. When every weighted line is exceptional there
    is nothing to give the weight to: all weigh 0."""
    total = sum(weights.values())
    kept = {key: weight for key, weight in weights.items() if key not in excepted}
    kept_total = sum(kept.values())
    if kept_total <= 0:
        return dict.fromkeys(weights, 0.0)
    factor = total / kept_total
    return {key: (kept[key] * factor if key in kept else 0.0) for key in weights}


# ----------------------------------------------------------------------
# Completion and scores (manual §九 6.2 (1), (3))
# ----------------------------------------------------------------------
def completion(target, actual, direction="higher_better", cap=None):
    """Completion of a KPI line as a coefficient (1.0 = on target), as a
    float: :func:`exact_completion` for people."""
    return float(exact_completion(target, actual, direction, cap))


def exact_completion(target, actual, direction="higher_better", cap=None):
    """Completion of a KPI line as a coefficient (1.0 = on target), exact:
    actual ÷ target where higher is better, target ÷ actual where lower is
    better; zero targets and actuals as documented in the module; never
    below 0, never above ``cap`` (a coefficient, e.g. 1.2) when one is
    given."""
    if direction not in ("higher_better", "lower_better"):
        raise ScoringError("direction", f"Unknown direction {direction!r}.")
    if cap is not None and cap <= 0:
        raise ScoringError("cap", "A cap must be positive.", cap=cap)
    target = exact(target)
    actual = exact(actual)
    cap = exact(cap) if cap else None
    better = exact(ZERO_BASE_COMPLETION) if not cap else cap
    if direction == "higher_better":
        if target == 0:
            value = 1.0 if actual == 0 else (better if actual > 0 else 0.0)
        elif target > 0:
            value = actual / target
        else:
            value = 1 + (actual - target) / abs(target)
    else:
        if target > 0 and actual > 0:
            value = target / actual
        elif target > 0:
            value = better
        elif target == 0:
            value = 1.0 if actual == 0 else (0.0 if actual > 0 else better)
        else:
            value = 1 - (actual - target) / abs(target)
    value = max(exact(value), Fraction(0))
    if cap:
        value = min(value, cap)
    return value


def kpi_score(target, actual, direction="higher_better", cap=None):
    """The KPI line's score on the 100-point scale: completion × 100, rounded
    to :data:`SCORE_DIGITS` decimals to be shown (:func:`exact_kpi_score`
    for the engine)."""
    return rounded(exact_kpi_score(target, actual, direction, cap))


def exact_kpi_score(target, actual, direction="higher_better", cap=None):
    """The KPI line's score on the 100-point scale, exact: completion × 100."""
    return exact_completion(target, actual, direction, cap) * 100


def check_gs_score(score):
    """A GS score is given by the evaluator on 0–100."""
    if score is None or not 0 <= score <= 100:
        raise ScoringError("gs_score", "A work-task score lies between 0 and 100.", score=score)
    return score


def clamp(total):
    """The manual's clamp (§九 6.2 (4)) of the exact weighted total: ≤ 0.6
    gives 0, ≥ 1.5 gives 1.5; in between it stands. Nothing is rounded
    first: 0.60001 stands, 1.49999 stays below the ceiling. Returns the
    exact score (a :class:`~fractions.Fraction`)."""
    total = exact(total)
    if total <= exact(FLOOR):
        return Fraction(0)
    if total >= exact(CEILING):
        return exact(CEILING)
    return total


@dataclass
class Line:
    """A scored line: ``key`` any hashable, ``weight`` in percent, ``score``
    on the 100-point scale, ``excepted`` when the Committee took it out."""

    key: object
    weight: float
    score: float
    excepted: bool = False


@dataclass
class Result:
    """Both scores of a scorecard (before and after exceptions) and each
    line's effective weight and weighted score, rounded to
    :data:`SCORE_DIGITS` decimals to be shown and stored (floats); the
    ``exact_`` figures are what the clamp decided on (fractions).
    ``vetoed``: a veto item occurred; ``veto_lifted``: the board lifted
    it, and the scores stand."""

    total_raw: float = 0.0
    total: float = 0.0
    score_raw: float = 0.0
    score: float = 0.0
    vetoed: bool = False
    weights: dict = field(default_factory=dict)
    weighted: dict = field(default_factory=dict)
    exact_total_raw: Fraction = Fraction(0)
    exact_total: Fraction = Fraction(0)
    exact_score_raw: Fraction = Fraction(0)
    exact_score: Fraction = Fraction(0)
    veto_lifted: bool = False


def weighted_score(score, weight):
    """Weighted score of a line, exact: score ÷ 100 × weight (a
    percentage)."""
    return exact(score) / 100 * exact(weight) / 100


def score(lines, vetoed=False, veto_lifted=False):
    """Score a scorecard on the exact figures of its lines (a line's
    ``score`` may be given exact, a :class:`~fractions.Fraction`, or as a
    float read as the decimal it shows). ``total_raw`` sums the lines at
    their own weights, ``total`` after exceptions redistributed theirs; the
    scores are the clamped exact totals, 0 for both when a veto item
    occurred (§九 6.2 (6)), unless the board, which decides such a
    scorecard, lifted the veto (``veto_lifted``): the scores then stand as
    without it. Only the result is rounded."""
    lines = list(lines)
    own = {line.key: exact(line.weight) for line in lines}
    excepted = {line.key for line in lines if line.excepted}
    weights = redistribute(own, excepted) if excepted else dict(own)
    weighted = {line.key: weighted_score(line.score, weights[line.key]) for line in lines}
    result = Result(
        vetoed=bool(vetoed),
        veto_lifted=bool(vetoed and veto_lifted),
        weights={key: float(weight) for key, weight in weights.items()},
        weighted={key: float(value) for key, value in weighted.items()},
    )
    result.exact_total_raw = sum(
        (weighted_score(line.score, own[line.key]) for line in lines), Fraction(0)
    )
    result.exact_total = sum(weighted.values(), Fraction(0))
    if not vetoed or veto_lifted:
        result.exact_score_raw = clamp(result.exact_total_raw)
        result.exact_score = clamp(result.exact_total)
    result.total_raw = rounded(result.exact_total_raw)
    result.total = rounded(result.exact_total)
    result.score_raw = rounded(result.exact_score_raw)
    result.score = rounded(result.exact_score)
    return result


# ----------------------------------------------------------------------
# Periods (manual §九 3)
# ----------------------------------------------------------------------
def period_months(period_type, index=1):
    """The months (1–12) of an appraisal period: a month, a quarter (1–4)
    or the year."""
    if period_type == "year":
        return list(range(1, 13))
    if period_type == "quarter":
        if not 1 <= index <= 4:
            raise ScoringError("period", "A quarter is numbered 1 to 4.", index=index)
        return list(range(3 * index - 2, 3 * index + 1))
    if period_type == "month":
        if not 1 <= index <= 12:
            raise ScoringError("period", "A month is numbered 1 to 12.", index=index)
        return [index]
    raise ScoringError("period", f"Unknown period {period_type!r}.", period_type=period_type)


def allowed_period_types(appraised_by_group):
    """The group appraises its subsidiaries yearly only; a subsidiary
    appraises its own centres monthly, quarterly and yearly."""
    return GROUP_PERIOD_TYPES if appraised_by_group else PERIOD_TYPES


def period_value(months, aggregation="sum"):
    """A target or actual over a period from its monthly values: summed,
    averaged or the last month's, as the item aggregates."""
    months = list(months)
    if not months:
        return 0.0
    if aggregation == "sum":
        return sum(months)
    if aggregation == "average":
        return sum(months) / len(months)
    if aggregation == "last":
        return months[-1]
    raise ScoringError("aggregation", f"Unknown aggregation {aggregation!r}.")


def veto_lines(text):
    """The veto items of a letter, one per non-empty line of its text."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
