"""Workbook layout shared by the xlsx exports, in plain Python: rows split by
centre, one sheet each, with names Excel accepts.

Excel refuses a sheet name longer than 31 characters, with one of
``[ ] : * ? / \\``, starting or ending with an apostrophe, empty, or equal to
another sheet's name ignoring case.
"""

import re

MAX_SHEET_NAME = 31
INVALID_CHARACTERS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def clean_sheet_name(label, fallback="Sheet"):
    """``label`` as a valid sheet name: invalid characters become spaces,
    blanks are collapsed, apostrophes trimmed at both ends, at most 31
    characters; ``fallback`` when nothing is left."""
    name = " ".join(INVALID_CHARACTERS.sub(" ", label or "").split())
    name = name.strip("'").strip()[:MAX_SHEET_NAME].rstrip().rstrip("'").rstrip()
    return name or fallback[:MAX_SHEET_NAME]


def unique_sheet_names(labels, taken=(), fallback="Sheet"):
    """Valid, distinct sheet names for ``labels``, in their order.

    A name already used (ignoring case) by an earlier label or by one of
    ``taken`` gets a suffix `` (2)``, `` (3)``… that still fits in 31
    characters.
    """
    used = {name.casefold() for name in taken}
    names = []
    for label in labels:
        base = clean_sheet_name(label, fallback)
        name, number = base, 1
        while name.casefold() in used:
            number += 1
            suffix = f" ({number})"
            name = base[: MAX_SHEET_NAME - len(suffix)].rstrip().rstrip("'") + suffix
        used.add(name.casefold())
        names.append(name)
    return names


def split_by(rows, key):
    """``[(key, rows)]`` of ``rows`` grouped by ``key(row)``, groups in the
    order their first row comes, rows in their order."""
    groups = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return list(groups.items())
