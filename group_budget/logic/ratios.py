"""Ratios decided on exact figures, rounded only for display (issue 22).

A limit is reached or not on the exact figures: 7,999.99 of 10,000.00 is
79.9999 %, short of an 80 % limit, however it is shown. Amounts read from
the database are floats, with noise in their last bits (7,999.99 is stored
as 7,999.98999999999978…) and more after additions, so each amount is taken
as the decimal it stands for, to ``digits`` decimals (cents for money, four
decimals for indicators), and compared as a fraction, without a tolerance:
1,999,999,999.99 of 10,000,000,000.00 is short of 20 % too.

Shown, a ratio near its limit gets the decimals it needs to read
differently from the limit: 19.9999% rather than 20.0% against 20%.
"""

import math
from fractions import Fraction

#: Decimals shown by default, and at most (a ratio of cent amounts below a
#: trillion differs from its limit within twelve decimals).
DECIMALS = 1
MAX_DECIMALS = 12


def exact(value, digits=2):
    """``value`` as the exact decimal it stands for, to ``digits`` decimals
    (a :class:`~fractions.Fraction`). ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, int | Fraction):
        return Fraction(value)
    scale = 10**digits
    return Fraction(round(value * scale), scale)


def limit(value):
    """A limit as it reads (a setting such as 80.0 or 0.2): the exact decimal
    of its shortest representation."""
    if isinstance(value, int | Fraction):
        return Fraction(value)
    return Fraction(repr(float(value)))


def share(part, base, digits=2, absolute=False):
    """``part`` ÷ ``base``, exact, of the amounts to ``digits`` decimals;
    ``None`` without a base. ``absolute``: |part| ÷ base, and ``None`` for a
    base that is not positive."""
    base = exact(base, digits)
    if not base or (absolute and base < 0):
        return None
    part = exact(part, digits)
    return (abs(part) if absolute else part) / base


def percent(part, base, digits=2):
    """``part`` as an exact percentage of ``base``, or ``None`` without a base."""
    value = share(part, base, digits)
    return None if value is None else value * 100


def reaches(value, threshold):
    """``value`` (exact or a float) is at or above ``threshold``, exactly."""
    return value is not None and as_exact(value) >= limit(threshold)


def as_exact(value):
    """A ratio given exact (a Fraction) stays; a float is read as the decimal
    of its shortest representation."""
    if isinstance(value, int | Fraction):
        return Fraction(value)
    return Fraction(repr(float(value)))


def round_half_up(value, places):
    """``value`` rounded to ``places`` decimals, halves away from zero (as
    figures are rounded for people, not to even)."""
    value = as_exact(value)
    scale = 10**places
    rounded = math.floor(abs(value) * scale + Fraction(1, 2))
    return Fraction(rounded if value >= 0 else -rounded, scale)


def decimals_for(value, limit_value=None, decimals=DECIMALS, max_decimals=MAX_DECIMALS):
    """The decimals to show ``value`` with: ``decimals``, or more when the
    value rounded would read as ``limit_value`` although it differs from it."""
    if value is None or limit_value is None:
        return decimals
    value, limit_value = as_exact(value), limit(limit_value)
    if value == limit_value:
        return decimals
    for places in range(decimals, max_decimals + 1):
        if round_half_up(value, places) != limit_value:
            return places
    return max_decimals


def percent_text(value, limit_value=None, decimals=DECIMALS):
    """A percentage for people: ``19.9999%`` near a limit of 20, ``80.0%``
    elsewhere; ``—`` for none."""
    if value is None:
        return "—"
    places = decimals_for(value, limit_value, decimals)
    return f"{float(round_half_up(value, places)):.{places}f}%"


def limit_text(value):
    """A limit with the decimals it has and no more: ``20%``, ``12.5%``."""
    text = f"{float(round_half_up(limit(value), MAX_DECIMALS)):.{MAX_DECIMALS}f}"
    return text.rstrip("0").rstrip(".") + "%"
