"""Breaking targets down by time and across centres (manual §三 5.5).

Amounts are split with the largest-remainder method in integer units of the
currency's precision, so that the parts add up exactly to the whole.
"""

MONTHS = 12

#: Quarters and half-years as month indexes (0 = January).
PERIODS = {
    "q1": (0, 1, 2),
    "q2": (3, 4, 5),
    "q3": (6, 7, 8),
    "q4": (9, 10, 11),
    "h1": (0, 1, 2, 3, 4, 5),
    "h2": (6, 7, 8, 9, 10, 11),
}


class BreakdownError(ValueError):
    """Weights or values that cannot be broken down; ``code`` names why."""

    def __init__(self, code, message, **details):
        super().__init__(message)
        self.code = code
        self.details = details


def largest_remainder(total, weights, digits=2):
    """Split ``total`` in proportion to ``weights``, rounded to ``digits``
    decimals, so that the parts add up exactly to ``total``.

    The units left over after rounding every part down go, one each, to the
    parts with the largest remainders (ties to the earlier part). A negative
    total is split like its absolute value and negated.
    """
    weights = [float(w) for w in weights]
    if not weights:
        raise BreakdownError("no_weights", "There is nothing to split the amount over.")
    if any(w < 0 for w in weights):
        raise BreakdownError("negative_weight", "Weights may not be negative.")
    weight_total = sum(weights)
    if weight_total <= 0:
        raise BreakdownError("zero_total", "The weights must add up to a positive total.")
    scale = 10**digits
    units = round(abs(total) * scale)
    sign = -1 if total < 0 else 1
    quotas = [units * w / weight_total for w in weights]
    parts = [int(q) for q in quotas]
    left = units - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for index in order[:left]:
        parts[index] += 1
    return [sign * part / scale for part in parts]


def check_profile(weights):
    """A seasonal profile: 12 weights, none negative, with a positive total."""
    if len(weights) != MONTHS:
        raise BreakdownError(
            "profile_length", "A seasonal profile needs 12 monthly weights.", found=len(weights)
        )
    if any(w < 0 for w in weights):
        raise BreakdownError("negative_weight", "Profile weights may not be negative.")
    if sum(weights) <= 0:
        raise BreakdownError("zero_total", "Profile weights must add up to a positive total.")
    return list(weights)


def check_centre_weights(weights):
    """Weights that share a target across centres must each be positive."""
    bad = [key for key, weight in weights.items() if not weight or weight <= 0]
    if bad:
        raise BreakdownError("weight_not_positive", "Every weight must be positive.", keys=bad)
    return weights


def monthly_profile(method, seasonal=None, last_year=None):
    """The 12 weights of a breakdown method.

    ``even``: equal months. ``seasonal``: the given profile. ``last_year``:
    the pattern of last year's monthly actuals, or even months when last year
    had none (all zero).
    """
    if method == "even":
        return [1.0] * MONTHS
    if method == "seasonal":
        return check_profile(list(seasonal or []))
    if method == "last_year":
        actuals = [abs(x) for x in (last_year or [0.0] * MONTHS)]
        if len(actuals) != MONTHS:
            raise BreakdownError("profile_length", "Last year's actuals need 12 months.")
        return actuals if sum(actuals) > 0 else [1.0] * MONTHS
    raise BreakdownError("unknown_method", f"Unknown breakdown method {method!r}.")


def split_months(annual, aggregation, profile, digits=2):
    """The 12 monthly values of an annual value.

    Amounts that aggregate by sum are split by the profile. Ratios and
    levels (average, last value) hold the annual value in every month.
    """
    if aggregation == "sum":
        return largest_remainder(annual, profile, digits)
    return [annual] * MONTHS


def aggregate(values, aggregation):
    """Combine values (months or child centres) the way an item aggregates."""
    values = list(values)
    if not values:
        return 0.0
    if aggregation == "sum":
        return sum(values)
    if aggregation == "average":
        return sum(values) / len(values)
    if aggregation == "last":
        return values[-1]
    raise BreakdownError("unknown_aggregation", f"Unknown aggregation {aggregation!r}.")


def derive_periods(months, aggregation, digits=2):
    """Quarters and half-years derived from the 12 months, plus the year."""
    result = {
        name: round(aggregate([months[i] for i in index], aggregation), digits)
        for name, index in PERIODS.items()
    }
    result["year"] = round(aggregate(months, aggregation), digits)
    return result


def find_mismatches(rows, digits=2):
    """Where children's targets do not add up to their parent's.

    ``rows`` is an iterable of ``(parent_key, item_key, aggregation,
    parent_value, child_values)``. Only items that aggregate by sum must add
    up; average and last-value items give each child its own value. Returns
    ``(parent_key, item_key, expected, found)`` for each mismatch.
    """
    half_unit = 0.5 / 10**digits
    mismatches = []
    for parent, item, aggregation, expected, children in rows:
        if aggregation != "sum" or not children:
            continue
        found = round(sum(children), digits)
        if abs(found - expected) >= half_unit:
            mismatches.append((parent, item, round(expected, digits), found))
    return mismatches
