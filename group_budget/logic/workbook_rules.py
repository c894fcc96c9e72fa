"""Budgets compiled in Excel: the rules of the workbooks that go out and come
back in, free of Odoo and of any spreadsheet library.

A workbook has one sheet per responsibility centre. Its head names the
centre (its code in :data:`CENTRE_CELL`) and the budget year (the year in
:data:`YEAR_CELL`; for indicator actuals, the month in :data:`MONTH_CELL`);
its rows, from :data:`FIRST_ROW` on, one budget item each, the item's code in
column A. Rows and columns are counted from 1, as Excel names them: the
cell of row 7, column 3 is ``C7``.

What a cell the user filled in means (:func:`parse_number`): a blank cell
leaves the value as it is; a number (or a text that reads as one, with
thousands separators) sets it, an explicit 0 included; anything else is
no number. Numbers obey the suite's bounds (``input_rules``). What an
import changes is what differs (:func:`changes`), to the precision the value
is kept at. Errors are sorted as the user reads the workbook: sheet by
sheet, row by row, column by column (:func:`sort_errors`).
"""

import math
import re
from collections import namedtuple

from . import budget_rules, input_rules

#: Where the head of a sheet says which centre and year (and month) it is.
CENTRE_CELL = (2, 2)  # B2
YEAR_CELL = (3, 2)  # B3
MONTH_CELL = (3, 4)  # D3
#: The header row, and the first row of items.
HEADER_ROW = 5
FIRST_ROW = 6

#: What a blank cell means: leave the value as it is.
BLANK = object()

#: What :func:`parse_number` finds wrong with a cell.
NOT_A_NUMBER = "not_a_number"
OUT_OF_RANGE = "out_of_range"
NEGATIVE = "negative"

#: Excel's sheet names: at most 31 characters, none of these.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31

#: An error of a workbook: the sheet, the cell (row, column, from 1), what
#: is wrong (a code the caller words in the user's language) and its details.
CellError = namedtuple("CellError", "sheet row column code params")

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def column_letter(column):
    """Excel's letters of ``column`` (from 1): 1 → A, 26 → Z, 27 → AA."""
    if column < 1:
        raise ValueError(column)
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(row, column):
    """Excel's name of the cell at ``row`` and ``column`` (from 1): ``C7``."""
    return f"{column_letter(column)}{row}"


def sheet_name(code, taken=()):
    """A sheet name for a centre of code ``code``: what Excel accepts (at
    most 31 characters, no ``[]:*?/\\``), unique among ``taken`` (compared
    without case, as Excel does) by a number at its end."""
    base = SHEET_NAME_FORBIDDEN.sub("_", (code or "").strip()).strip("'") or "Sheet"
    base = base[:SHEET_NAME_LENGTH]
    used = {name.lower() for name in taken}
    name, number = base, 1
    while name.lower() in used:
        number += 1
        suffix = f" ({number})"
        name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
    return name


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def is_formula(value):
    """Whether a cell read without its cached values holds a formula."""
    return isinstance(value, str) and value.startswith("=")


def parse_number(value, allow_negative=True):
    """``(number, problem)`` of a cell's value: :data:`BLANK` and None for a
    blank cell, the number and None for a good one, or None and
    :data:`NOT_A_NUMBER`, :data:`OUT_OF_RANGE` or :data:`NEGATIVE`."""
    if is_blank(value):
        return BLANK, None
    if isinstance(value, bool):
        return None, NOT_A_NUMBER
    if isinstance(value, int | float):
        number = float(value) if not isinstance(value, int) or abs(value) < 1e300 else math.inf
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return None, NOT_A_NUMBER
    else:
        return None, NOT_A_NUMBER
    problem = input_rules.number_problem(number)
    if problem == input_rules.NOT_A_NUMBER:
        return None, NOT_A_NUMBER
    if problem:
        return None, OUT_OF_RANGE
    if number < 0 and not allow_negative:
        return None, NEGATIVE
    return number, None


def parse_code(value):
    """A code cell's text, trimmed and compared without case; None when
    blank. Numbers read as Excel shows them (12, not 12.0)."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().upper()


def parse_year(value):
    """The year of a head cell, or None when it is no year."""
    number, problem = parse_number(value)
    if problem or number is BLANK or not float(number).is_integer():
        return None
    return int(number)


def merge(old, new):
    """The values after an import: ``new``'s, except where blank."""
    return [o if n is BLANK else n for o, n in zip(old, new, strict=True)]


def total_problem(months, total, aggregation, digits):
    """Whether a year total the user typed disagrees with the months (taken
    the way the item aggregates them): None when it agrees, or the months'
    total when it does not. A blank total or a formula is not checked."""
    if total is BLANK or total is None:
        return None
    expected = round(budget_rules.year_value(months, aggregation), digits)
    if round(total - expected, digits):
        return expected
    return None


def changes(old, new, digits):
    """``{field: value}`` of ``new`` (``{field: value or BLANK}``) that
    differ from ``old`` (``{field: value}``) once rounded to ``digits``: a
    blank leaves a value as it is, an explicit 0 sets it to 0."""
    result = {}
    for name, value in new.items():
        if value is BLANK:
            continue
        value = round(value, digits) + 0.0
        if round(value - (old.get(name) or 0.0), digits):
            result[name] = value
    return result


def sort_errors(errors):
    """Errors in the order the user reads the workbook: by sheet (in
    ``errors``' order of sheets), row, column."""
    order = {}
    for error in errors:
        order.setdefault(error.sheet, len(order))
    return sorted(errors, key=lambda e: (order[e.sheet], e.row, e.column, e.code))
