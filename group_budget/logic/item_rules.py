"""Rules on budget items (manual §三 4.1–4.2)."""


def scopes_overlap(company_a, company_b):
    """Two items apply to a common company when either is group-wide
    (``None``/``False``) or both name the same company."""
    return not company_a or not company_b or company_a == company_b


def find_account_conflicts(mappings):
    """Find accounts that would feed more than one item in a company.

    ``mappings`` is an iterable of ``(item_key, company_key, account_key)``;
    a falsy ``company_key`` means the item applies to every company. Returns
    a sorted list of ``(account_key, item_a, item_b)`` with ``item_a <
    item_b``, one per conflicting pair.
    """
    by_account = {}
    for item, company, account in mappings:
        by_account.setdefault(account, []).append((item, company))
    conflicts = set()
    for account, users in by_account.items():
        for index, (item_a, company_a) in enumerate(users):
            for item_b, company_b in users[index + 1 :]:
                if item_a == item_b:
                    continue
                if scopes_overlap(company_a, company_b):
                    pair = tuple(sorted((item_a, item_b), key=str))
                    conflicts.add((account, *pair))
    return sorted(conflicts, key=lambda c: tuple(str(x) for x in c))


def find_code_clashes(codes):
    """Return the codes that two items would share in a company.

    ``codes`` is an iterable of ``(company_key, code)``; a falsy
    ``company_key`` is a group-wide item, whose code may repeat no other
    item's, group-wide or of a company. Codes compare case-insensitively and
    without surrounding blanks. The result is the sorted list of the
    normalised codes that clash.
    """
    scopes = {}
    clashes = set()
    for company, code in codes:
        if not code:
            continue
        key = code.strip().upper()
        if any(scopes_overlap(company, other) for other in scopes.get(key, ())):
            clashes.add(key)
        scopes.setdefault(key, []).append(company)
    return sorted(clashes)
