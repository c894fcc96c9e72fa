"""Rules on responsibility centres (manual §一 1.3, §二 1.4 and 4)."""

#: How high each centre type ranks. A child centre may not rank above its
#: parent: investment > profit > cost / expense.
TYPE_RANK = {
    "investment": 3,
    "profit": 2,
    "cost": 1,
    "expense": 1,
}


def type_rank(centre_type):
    """Return the rank of ``centre_type``; unknown types raise ``KeyError``."""
    return TYPE_RANK[centre_type]


def child_outranks_parent(child_type, parent_type):
    """True when a child of ``child_type`` would rank above a parent of
    ``parent_type``. A missing type on either side never outranks."""
    if not child_type or not parent_type:
        return False
    return type_rank(child_type) > type_rank(parent_type)


def find_rank_violations(centres):
    """Return the centres that rank above their parent.

    ``centres`` is an iterable of ``(key, centre_type, parent_type)``; the
    result lists ``(key, centre_type, parent_type)`` for each violation, in
    input order.
    """
    return [
        (key, ctype, ptype) for key, ctype, ptype in centres if child_outranks_parent(ctype, ptype)
    ]


def find_duplicate_codes(codes):
    """Return the codes used more than once within the same company.

    ``codes`` is an iterable of ``(company_key, code)``. Codes compare
    case-insensitively and without surrounding blanks. The result is a sorted
    list of ``(company_key, normalised_code)``.
    """
    seen = set()
    duplicates = set()
    for company, code in codes:
        if not code:
            continue
        key = (company, code.strip().upper())
        if key in seen:
            duplicates.add(key)
        seen.add(key)
    return sorted(duplicates, key=lambda k: (str(k[0]), k[1]))


def would_create_cycle(centre_path, new_parent_path):
    """True when moving a centre under a new parent would make it its own
    ancestor.

    Both arguments are materialised paths of ids such as ``"1/5/9/"``
    (Odoo's ``parent_path``): the new parent must not be the centre itself
    nor one of its descendants, that is, its path must not start with the
    centre's.
    """
    if not centre_path or not new_parent_path:
        return False
    return new_parent_path.startswith(centre_path)
