"""What a person could mean: the bounds of the numbers and texts users enter.

Amounts and indicator values lie within ±10^15 (a thousand trillion: more
than any group's budget, in yuan or in any unit an indicator counts), and
are finite: NaN and infinity are no values. 10^15 itself is accepted; so is
999,999,999,999,999.99, which a binary float cannot tell from 10^15 (the
floats around 10^15 are 0.125 apart); the next float above, 10^15 + 0.125,
is refused.

Free texts have a length limit by kind, counted in characters (a Chinese
character counts one): a one-line text (a name, a code, a measure) 1,000; a
multi-line text (reasons, opinions, rulings, comments) 10,000, some six
pages; a formatted text (an outline, minutes) 100,000, its formatting
included, since pasted tables carry much markup. Longer documents belong in
attachments.
"""

import math

#: The largest amount or value accepted, either way: 10^15.
MAX_NUMBER = 1e15

#: The longest text accepted, in characters, by Odoo field type.
MAX_LENGTH = {"char": 1_000, "text": 10_000, "html": 100_000}

#: What :func:`number_problem` finds.
NOT_A_NUMBER = "not_a_number"
OUT_OF_RANGE = "out_of_range"

#: Up to this size a number reads well written out in full (with thousands
#: separators); beyond it, in scientific notation.
PLAIN_DISPLAY_LIMIT = 1e18


def as_number(value):
    """``value`` as a float, the way Odoo converts it for a number field
    (``float(value or 0.0)``): an integer too large for a float becomes an
    infinity of its sign; None when ``value`` is no number at all (Odoo then
    refuses it on its own)."""
    try:
        return float(value or 0.0)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
    except (TypeError, ValueError):
        return None


def number_problem(value):
    """None when ``value`` is an acceptable amount or value; otherwise
    :data:`NOT_A_NUMBER` (NaN) or :data:`OUT_OF_RANGE` (beyond
    ±:data:`MAX_NUMBER`, infinities included). ``value`` is what a client
    sends: a number, a numeric string ("1e300", "nan", "inf"), False or
    None."""
    number = as_number(value)
    if number is None:
        return None
    if math.isnan(number):
        return NOT_A_NUMBER
    if abs(number) > MAX_NUMBER:
        return OUT_OF_RANGE
    return None


def display(number):
    """How a refused ``number`` reads in a message when it is too large to
    write out in full: short scientific notation (1e+300, -2.5e+19), "∞",
    "-∞" or "NaN"; None when it reads well written out (the caller formats
    it in the user's language)."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    if abs(number) < PLAIN_DISPLAY_LIMIT:
        return None
    return f"{number:.6g}"


def text_length(value):
    """The length in characters of a text value, or 0 for anything that is
    no text (False, None)."""
    return len(value) if isinstance(value, str) else 0


def text_too_long(value, field_type):
    """Whether ``value`` exceeds the limit of a text field of
    ``field_type`` (``char``, ``text`` or ``html``)."""
    return text_length(value) > MAX_LENGTH[field_type]
