"""The variance-analysis matrix (manual §六), in the spirit of mis_builder's
KPI matrix: rows (centres, with their tree, × budget items, plus a profit row
per centre) × columns (the period's actual and budget, then one comparison per
requested reference: budget, same period last year 同比, previous period 环比,
year-end forecast).

It is computed once from the facts of a few grouped queries and rendered by
every output (screen, xlsx, PDF); no output recomputes a figure. Amounts are
``Decimal`` rounded to cents, so decompositions add up exactly. The facts
are each centre's figures as the hierarchy's rule has them (a parent's own
budget is the consolidated one, its actual includes its descendants'): the
matrix never adds a parent's figures to its children's.

A child centre's row carries its share of its parent's row of the same
item (结构分析, :func:`structure`); profit rows carry none (profit is a
balance of either sign), nor does a share of a parent's figure that is not
positive, or of a negative child's (:func:`share_of`).

Missing data and zero references are explicit: a comparison whose reference
has no fact behind it has the status :data:`NO_DATA` (never 0 %), and one
whose reference is zero has an amount but the status :data:`NOT_APPLICABLE`
for its percentage (never infinity).

Beside the period's actual, a row shows what confirmed documents commit in
the period (purchase orders not yet billed, say), and what is *available* at
the period's end: the budget to date less the actual, the committed and the
reserved to date, as the budget ledger has it (a parent's actual and
commitments with its descendants', what pending additions reserve of its own
budget). Profit rows show neither: what is committed and available are
figures of one item's budget.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

PERIOD_KINDS = ("month", "quarter", "ytd", "year")
COMPARISONS = ("budget", "yoy", "mom", "forecast")
DEFAULT_THRESHOLD = Decimal("0.10")

OK = "ok"
NO_DATA = "no_data"
NOT_APPLICABLE = "n/a"

# How an item's variance moves profit: revenue adds, costs subtract.
PROFIT_ROLES = {"revenue": 1, "cost_of_sales": -1, "period_expense": -1}
PROFIT = "profit"  # the item key of a centre's profit row

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value):
    """``value`` as a Decimal rounded to cents (``None`` stays ``None``)."""
    if value is None:
        return None
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ----------------------------------------------------------------------
# Periods
# ----------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """A year and the months of it that a figure adds up."""

    year: int
    months: tuple

    def month_keys(self):
        return [(self.year, month) for month in self.months]


def period(kind, year, month):
    """The period of ``kind`` that ends with (or contains) ``month``:
    the month, its quarter, the year to date, or the whole year."""
    if kind not in PERIOD_KINDS:
        raise ValueError(f"unknown period kind {kind!r}")
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not between 1 and 12")
    if kind == "month":
        months = (month,)
    elif kind == "quarter":
        first = (month - 1) // 3 * 3 + 1
        months = (first, first + 1, first + 2)
    elif kind == "ytd":
        months = tuple(range(1, month + 1))
    else:
        months = tuple(range(1, 13))
    return Period(year, months)


def same_period_last_year(kind, year, month):
    """The reference of a year-on-year comparison (同比)."""
    return period(kind, year - 1, month)


def previous_period(kind, year, month):
    """The reference of a period-on-period comparison (环比): the month or
    quarter before (across the new year), last year for a year, the year to
    date of the month before for a year to date (none in January)."""
    if kind == "month":
        return period("month", year - 1, 12) if month == 1 else period("month", year, month - 1)
    if kind == "quarter":
        first = (month - 1) // 3 * 3 + 1
        return period("quarter", year - 1, 12) if first == 1 else period("quarter", year, first - 1)
    if kind == "ytd":
        return None if month == 1 else period("ytd", year, month - 1)
    return period("year", year - 1, 12)


# ----------------------------------------------------------------------
# One comparison
# ----------------------------------------------------------------------
@dataclass(frozen=True)
class Variance:
    """``value`` against ``reference``: amount, % of the reference, status,
    materiality and whether it is favourable for the item's direction."""

    value: Decimal = None
    reference: Decimal = None
    amount: Decimal = None
    percent: Decimal = None
    status: str = NO_DATA
    material: bool = False
    favourable: bool = None


def variance(value, reference, threshold=DEFAULT_THRESHOLD, higher_better=True):
    """Compare ``value`` with ``reference``.

    - either missing (``None``): status :data:`NO_DATA`, no amount, no %;
    - a zero reference: the amount, but status :data:`NOT_APPLICABLE` and no %
      (never infinity); a non-zero amount against nothing is material;
    - otherwise the amount, the % of the reference's size, and material when
      the amount is ``threshold`` (10 %) of the reference or more, either way.
    """
    value, reference = money(value), money(reference)
    if value is None or reference is None:
        return Variance(value=value, reference=reference)
    threshold = Decimal(str(threshold))
    amount = value - reference
    favourable = None if not amount else (amount > 0) == bool(higher_better)
    if not reference:
        return Variance(value, reference, amount, None, NOT_APPLICABLE, bool(amount), favourable)
    percent = (amount / abs(reference) * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    material = abs(amount) >= threshold * abs(reference)
    return Variance(value, reference, amount, percent, OK, material, favourable)


# ----------------------------------------------------------------------
# Structure analysis (结构分析)
# ----------------------------------------------------------------------
@dataclass(frozen=True)
class Share:
    """A child's share of its parent, and its variance split into the part
    its budgeted share of the parent's variance explains (volume) and the
    part the structure moving explains (structure): they add up exactly."""

    share_budget: Decimal = None
    share_actual: Decimal = None
    volume_effect: Decimal = None
    structure_effect: Decimal = None


def share_of(child, parent):
    """``child`` as a % of ``parent``, or ``None`` where a share reads
    nothing: a parent that is missing, zero or negative (no whole to divide,
    or a net credit whose "parts" would read as negative or above 100 %), or
    a negative child (a reversal is no part of the whole). A child at zero
    is 0 %."""
    if parent is None or parent <= 0 or child < 0:
        return None
    return (child / parent * 100).quantize(CENT, ROUND_HALF_UP)


def structure(parent_budget, parent_actual, child_budget, child_actual):
    """A child's shares (in %) of its parent's budget and actual (each
    ``None`` where :func:`share_of` gives none; a child's missing figure
    counts as zero).

    ``volume_effect`` is the budgeted share times the parent's variance;
    ``structure_effect`` is the rest of the child's variance, i.e. the
    parent's actual times the change of share. Without a budgeted share or
    a parent's actual there is no split (``None``), never a division by zero.
    """
    pb, pa = money(parent_budget), money(parent_actual)
    cb, ca = money(child_budget) or ZERO, money(child_actual) or ZERO
    share_budget, share_actual = share_of(cb, pb), share_of(ca, pa)
    if share_budget is None or pa is None:
        return Share(share_budget, share_actual)
    volume = money(cb / pb * (pa - pb))
    return Share(share_budget, share_actual, volume, (ca - cb) - volume)


# ----------------------------------------------------------------------
# Profit variance decomposition (差异分析)
# ----------------------------------------------------------------------
@dataclass
class Decomposition:
    """A centre's profit variance, from profit down to revenue, cost of sales
    and period expenses, then item by item: ``groups[role]`` is the role's
    effect on profit and ``items[role]`` its ``[(item_id, effect)]``. The
    groups add up exactly to ``total``, the items to their group."""

    total: Decimal = ZERO
    groups: dict = field(default_factory=dict)
    items: dict = field(default_factory=dict)


def decompose_profit(lines):
    """Decompose the profit variance of ``lines``: ``[(item_id, role, budget,
    actual)]``; lines whose role is not a profit role are left out."""
    result = Decomposition(
        groups=dict.fromkeys(PROFIT_ROLES, ZERO), items={role: [] for role in PROFIT_ROLES}
    )
    for item_id, role, budget, actual in lines:
        if role not in PROFIT_ROLES:
            continue
        effect = PROFIT_ROLES[role] * ((money(actual) or ZERO) - (money(budget) or ZERO))
        result.items[role].append((item_id, effect))
        result.groups[role] += effect
        result.total += effect
    return result


# ----------------------------------------------------------------------
# The matrix
# ----------------------------------------------------------------------
@dataclass
class Row:
    centre_id: int
    item_id: object  # an item id, or PROFIT
    level: int
    parent_centre_id: int = None
    value: Decimal = None  # the period's actual (None: no data)
    budget: Decimal = None
    committed: Decimal = None  # committed in the period's months (None: no data)
    available: Decimal = None  # at the period's end (None: no budget to date)
    comparisons: dict = field(default_factory=dict)
    share: Share = None  # of the parent's row of the item; None on profit rows
    higher_better: bool = True

    @property
    def key(self):
        return (self.centre_id, self.item_id)

    @property
    def is_profit(self):
        return self.item_id == PROFIT

    @property
    def material(self):
        """Flagged for detailed analysis: material against the budget."""
        budget = self.comparisons.get("budget")
        return bool(budget and budget.material)


@dataclass
class Matrix:
    kind: str
    period: Period
    comparisons: tuple
    threshold: Decimal
    rows: list = field(default_factory=list)
    decompositions: dict = field(default_factory=dict)  # centre_id -> Decomposition

    def row(self, centre_id, item_id):
        return self._index()[(centre_id, item_id)]

    def _index(self):
        if getattr(self, "_by_key", None) is None or len(self._by_key) != len(self.rows):
            self._by_key = {row.key: row for row in self.rows}
        return self._by_key

    def material_rows(self):
        return [row for row in self.rows if row.material]

    def largest_variances(self, limit=10, comparison="budget"):
        """The rows with the largest variances (by size) against ``comparison``
        — for the executive summary."""
        rows = [
            row
            for row in self.rows
            if not row.is_profit
            and row.comparisons.get(comparison)
            and row.comparisons[comparison].amount
        ]
        rows.sort(key=lambda row: abs(row.comparisons[comparison].amount), reverse=True)
        return rows[:limit]


def _tree(centres):
    """Parents restricted to the listed centres, and depth."""
    listed = {centre_id for centre_id, _parent in centres}
    parent = {c: (p if p in listed else None) for c, p in centres}
    level = {}
    for centre_id, _parent in centres:
        depth, node = 0, parent[centre_id]
        while node is not None:
            depth, node = depth + 1, parent[node]
        level[centre_id] = depth
    return parent, level


# A period slot of a row: budget and actual in cents, then how many facts
# are behind it (any: the actual has data) and how many carry a budget, then
# what is committed and reserved in cents.
BUDGET, ACTUAL, FACTS, BUDGETS, COMMITTED, RESERVED = range(6)


def _new_vector(width):
    return [[0, 0, 0, 0, 0, 0] for _slot in range(width)]


def _cents(value):
    """``value`` in integer cents: sums of cents are exact and fast."""
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return int((value * 100).to_integral_value(rounding=ROUND_HALF_UP))
    return round(value * 100)


def _from_cents(cents):
    return Decimal(cents).scaleb(-2)


def _sum_facts(facts, index, width):
    """Sum the facts into each period slot: ``[budget, actual, facts,
    budgets, committed, reserved]``, amounts in cents."""
    sums = {}
    for centre_id, item_id, fact_year, fact_month, budget, actual, *more in facts:
        targets = index.get((fact_year, fact_month))
        if not targets:
            continue
        vector = sums.get((centre_id, item_id))
        if vector is None:
            vector = sums[(centre_id, item_id)] = _new_vector(width)
        has_budget = budget is not None
        budget, actual = _cents(budget), _cents(actual)
        committed = _cents(more[0]) if more else 0
        reserved = _cents(more[1]) if len(more) > 1 else 0
        for slot in targets:
            cell = vector[slot]
            cell[BUDGET] += budget
            cell[ACTUAL] += actual
            cell[FACTS] += 1
            cell[BUDGETS] += has_budget
            cell[COMMITTED] += committed
            cell[RESERVED] += reserved
    return sums


def _add_signed(total, vector, sign, width):
    # Profit rows show no commitments: they are left out.
    for slot in range(width):
        total[slot][BUDGET] += sign * vector[slot][BUDGET]
        total[slot][ACTUAL] += sign * vector[slot][ACTUAL]
        total[slot][FACTS] += vector[slot][FACTS]
        total[slot][BUDGETS] += vector[slot][BUDGETS]


class _Filler:
    """Fills a row's figures and comparisons from its period vector."""

    def __init__(self, slot_of, comparisons, threshold):
        self.slot_of, self.comparisons, self.threshold = slot_of, comparisons, threshold

    def cell(self, vector, name, position):
        """The slot's budget, actual or committed; ``None`` (no data) without
        a fact, or for a budget, without a fact that carries one."""
        slot = self.slot_of.get(name)
        count = BUDGETS if position == BUDGET else FACTS
        if slot is None or vector is None or not vector[slot][count]:
            return None
        return _from_cents(vector[slot][position])

    def fill_availability(self, row, vector):
        """What the row's item has committed in the period, and available at
        its end: budget to date less actual, committed and reserved to date
        (``None`` without a budget to date)."""
        row.committed = self.cell(vector, "current", COMMITTED)
        slot = self.slot_of["to_date"]
        if vector is None or not vector[slot][BUDGETS]:
            return
        cell = vector[slot]
        row.available = _from_cents(cell[BUDGET] - cell[ACTUAL] - cell[COMMITTED] - cell[RESERVED])

    def fill(self, row, vector, forecast_value):
        row.value = self.cell(vector, "current", ACTUAL)
        row.budget = self.cell(vector, "current", BUDGET)
        references = {
            "budget": (row.value, row.budget),
            "yoy": (row.value, self.cell(vector, "yoy", ACTUAL)),
            "mom": (row.value, self.cell(vector, "mom", ACTUAL)),
            "forecast": (forecast_value, self.cell(vector, "year", BUDGET)),
        }
        for name in self.comparisons:
            value, reference = references[name]
            row.comparisons[name] = variance(value, reference, self.threshold, row.higher_better)


def build_matrix(
    facts,
    centres,
    items,
    kind,
    year,
    month,
    comparisons=("budget",),
    threshold=DEFAULT_THRESHOLD,
    forecast=None,
):
    """Build the matrix of a period.

    :param facts: ``(centre_id, item_id, year, month, budget, actual[,
        committed[, reserved]])`` rows —
        each centre's figures by month as the hierarchy's rule has them (its
        own budget line, which for a parent is already the consolidated
        budget of its subtree, and its actual with all its descendants'): the
        matrix adds nothing up across centres. A fact present means data,
        even when its amounts are zero; a budget of ``None`` means no budget
        (a centre without a line of its own shows no budget, not 0).
        ``committed``: what confirmed documents commit in the month (rolled
        up as the actual); ``reserved``: what pending budget additions
        reserve of the centre's own budget in the month. Both 0 when left
        out.
    :param centres: ``[(centre_id, parent_id)]`` in display order (a parent
        before its children), for the rows' levels and shares of the parent.
    :param items: ``[(item_id, role, higher_better)]`` in display order; a
        role of :data:`PROFIT_ROLES` puts the item into the centre's profit.
    :param kind, year, month: the period (see :func:`period`).
    :param comparisons: a subset of :data:`COMPARISONS`.
    :param threshold: the materiality threshold (0.10 for ±10 %).
    :param forecast: ``{(centre_id, item_id): year-end forecast}`` of each
        centre's figures, for the ``forecast`` comparison (compared with
        the year's budget); ``None`` shows that comparison as no data.
    """
    unknown = set(comparisons) - set(COMPARISONS)
    if unknown:
        raise ValueError(f"unknown comparisons {sorted(unknown)}")
    threshold = Decimal(str(threshold))
    current = period(kind, year, month)
    references = {
        "current": current,
        "yoy": same_period_last_year(kind, year, month),
        "mom": previous_period(kind, year, month),
        "year": period("year", year, 12),
        # The year to the period's end: what is available then.
        "to_date": period("ytd", year, current.months[-1]),
    }
    slots = [(name, p) for name, p in references.items() if p is not None]
    index = {}
    for slot, (_name, p) in enumerate(slots):
        for key in p.month_keys():
            index.setdefault(key, []).append(slot)
    width = len(slots)

    sums = _sum_facts(facts, index, width)
    rolled_forecast = {key: _cents(value) for key, value in (forecast or {}).items()}
    parent, level = _tree(centres)
    by_centre = {}
    for centre_id, item_id in list(sums) + list(rolled_forecast):
        by_centre.setdefault(centre_id, set()).add(item_id)

    filler = _Filler({name: slot for slot, (name, _p) in enumerate(slots)}, comparisons, threshold)
    matrix = Matrix(kind, current, tuple(comparisons), threshold)
    for centre_id, _parent in centres:
        present = by_centre.get(centre_id, set())
        profit_vector, profit_forecast, profit_lines = _new_vector(width), None, []
        for item_id, role, higher_better in items:
            if item_id not in present:
                continue
            key = (centre_id, item_id)
            row = Row(centre_id, item_id, level[centre_id], parent[centre_id])
            row.higher_better = higher_better
            row_forecast = rolled_forecast.get(key)
            filler.fill(
                row, sums.get(key), None if row_forecast is None else _from_cents(row_forecast)
            )
            filler.fill_availability(row, sums.get(key))
            matrix.rows.append(row)
            sign = PROFIT_ROLES.get(role)
            if sign is None:
                continue
            if key in sums:
                _add_signed(profit_vector, sums[key], sign, width)
            if key in rolled_forecast:
                profit_forecast = (profit_forecast or 0) + sign * rolled_forecast[key]
            profit_lines.append((item_id, role, row.budget, row.value))
        if profit_lines:
            row = Row(centre_id, PROFIT, level[centre_id], parent[centre_id])
            filler.fill(
                row,
                profit_vector,
                None if profit_forecast is None else _from_cents(profit_forecast),
            )
            matrix.rows.append(row)
            matrix.decompositions[centre_id] = decompose_profit(profit_lines)

    # Structure: each child's share of its parent, item by item. Profit rows
    # have none: profit is a balance of revenue less costs, of either sign,
    # and a centre's "share" of its parent's profit reads nothing (a
    # department earning while the company loses would show hundreds of %).
    rows = matrix._index()
    for row in matrix.rows:
        if row.is_profit:
            continue
        up = rows.get((row.parent_centre_id, row.item_id))
        if up is not None:
            row.share = structure(up.budget, up.value, row.budget, row.value)
    return matrix


# ----------------------------------------------------------------------
# Flat table for renderers (xlsx, PDF, screen)
# ----------------------------------------------------------------------
def table_columns(comparisons):
    """``[(key, kind)]`` of the flat table: kind is text, amount, percent or
    flag. Renderers map keys to headers in the reader's language.

    Each comparison gives its reference, variance and %, except that the
    budget comparison's reference is the period's budget column itself (not
    repeated), and the forecast comparison first gives the forecast (its
    reference being the year's budget). After the comparisons, what is
    committed in the period and available at its end."""
    columns = [
        ("centre", "text"),
        ("item", "text"),
        ("actual", "amount"),
        ("budget", "amount"),
    ]
    for name in comparisons:
        if name == "forecast":
            columns.append(("forecast_value", "amount"))
        if name != "budget":
            columns.append((f"{name}_reference", "amount"))
        columns += [(f"{name}_amount", "amount"), (f"{name}_percent", "percent")]
    columns += [("committed", "amount"), ("available", "amount")]
    columns += [("share_actual", "percent"), ("share_budget", "percent"), ("material", "flag")]
    return columns


def summary_rows(matrix):
    """The summary by centre (预算汇总分析报告, for middle management): each
    centre's profit row and its material rows."""
    return [row for row in matrix.rows if row.is_profit or row.material]


def executive_rows(matrix, limit=10):
    """The executive summary (预算执行情况摘要, for top management): the key
    indicators of the top centres, then the ``limit`` largest variances."""
    top = [row for row in matrix.rows if row.level == 0]
    return top + [row for row in matrix.largest_variances(limit) if row.level]


def table_rows(matrix, centre_label, item_label, rows=None):
    """The matrix as flat rows of cells, in :func:`table_columns` order.

    Amounts are floats, or ``None`` for no data; a percentage is a float, or
    :data:`NO_DATA` / :data:`NOT_APPLICABLE` for the renderer to translate.
    ``centre_label`` / ``item_label`` map ids (and :data:`PROFIT`) to text.
    """

    def number(value):
        return None if value is None else float(value)

    for row in matrix.rows if rows is None else rows:
        cells = [
            centre_label(row.centre_id, row.level),
            item_label(row.item_id),
            number(row.value),
            number(row.budget),
        ]
        for name in matrix.comparisons:
            comparison = row.comparisons[name]
            percent = number(comparison.percent) if comparison.status == OK else comparison.status
            if name == "forecast":
                cells.append(number(comparison.value))
            if name != "budget":
                cells.append(number(comparison.reference))
            cells += [number(comparison.amount), percent]
        cells += [number(row.committed), number(row.available)]
        share = row.share or Share()
        cells += [number(share.share_actual), number(share.share_budget), row.material]
        yield cells
