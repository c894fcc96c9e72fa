"""Figures across the centre hierarchy: one rule for every screen.

Targets require a parent's sum items to equal the sum of its children's
(issuing is refused otherwise), so a parent centre's own budget line is the
**consolidated** budget of its subtree, never an addition to its children's.
Actuals are posted where they happen, mostly to the leaves, so a parent's
actual is its own postings plus all its descendants' (the roll-up). Hence:

- a centre's budget is its own budget line, as it is; a centre without a
  line of its own for an item has no budget for it (nothing is invented by
  adding up its children's);
- a centre's actual is its own plus every descendant's (:func:`roll_up`);
- a total of several centres adds up only the top-most centres of the
  selection, those none of whose ancestors is selected (:func:`topmost`,
  :func:`total`): a parent already holds its children's figures;
- an approved change of a centre's line of an item that adds up moves its
  ancestors' lines of that item by as much (:func:`carry_up`), so that
  they stay consolidated.

Centres are plain keys (ids); ``parent_of`` maps a centre to its parent
(``None`` or missing at the root, or where the known hierarchy stops).
"""


def parent_map(paths):
    """``{centre: parent}`` from ``{centre: parent_path}``, the ``"1/3/4/"``
    paths of a tree stored as materialised paths. A path gives every
    ancestor, so the map also covers ancestors not in ``paths``."""
    result = {}
    for centre, path in paths.items():
        chain = [int(part) for part in (path or "").split("/") if part]
        if not chain or chain[-1] != centre:
            chain.append(centre)
        for parent, child in zip([None, *chain], chain, strict=False):
            result.setdefault(child, parent)
    return result


def ancestors(centre, parent_of):
    """The ancestors of ``centre``, nearest first, as far as ``parent_of``
    knows them. A cycle ends the walk."""
    seen = {centre}
    node = parent_of.get(centre)
    while node is not None and node not in seen:
        yield node
        seen.add(node)
        node = parent_of.get(node)


def topmost(centres, parent_of):
    """The centres of the selection ``centres`` none of whose ancestors is
    selected, in their order: what a total of the selection adds up."""
    selected = set(centres)
    return [
        centre
        for centre in dict.fromkeys(centres)
        if not any(up in selected for up in ancestors(centre, parent_of))
    ]


def total(values, parent_of, combine=sum):
    """The total of ``{centre: value}`` over the top-most centres of its
    keys; values that are ``None`` (no figure) are left out first, so a
    parent without a figure lets its children count. ``combine`` turns the
    top-most values into one (``sum`` by default; an average for ratios).
    ``None`` when no centre has a value."""
    present = {centre: value for centre, value in values.items() if value is not None}
    if not present:
        return None
    return combine([present[centre] for centre in topmost(list(present), parent_of)])


def roll_up(values, parent_of, centres=None):
    """Roll actuals up the hierarchy.

    ``values`` maps ``(centre, *key)`` (e.g. ``(centre, item, month)``) to
    an amount: each centre's own. Returns the same keys with each amount
    added to the centre itself and to every ancestor ``parent_of`` knows, so
    that a centre holds its own plus all its descendants'. ``centres``, when
    given, keeps only the results of those centres (e.g. the rows shown)."""
    keep = None if centres is None else set(centres)
    result = {}
    for (centre, *key), amount in values.items():
        for target in (centre, *ancestors(centre, parent_of)):
            if keep is not None and target not in keep:
                continue
            full_key = (target, *key)
            result[full_key] = result.get(full_key, 0) + amount
    return result


def carry_up(changes, parent_of, lines, aggregation_of, stop=(), digits=2):
    """Carry changes of centres' own lines up to their ancestors' lines.

    A parent's line is the consolidated budget of its subtree: when an
    approved document changes a centre's line of an item that adds up, every
    ancestor's line of that item changes by as much, month by month.

    - ``changes``: ``(centre, item, months)``, the twelve monthly changes
      the document made to the centre's own line;
    - ``lines``: the ``(centre, item)`` of the ancestors' lines that take a
      change (a budget of the year that may change, in the same currency).
      An ancestor without one is passed over, and the walk goes on above
      it: no line is invented;
    - ``aggregation_of``: ``{item: aggregation}``; only items that add up
      (``"sum"``) are carried, never averages, ratios or last values;
    - ``stop``: the ``(centre, item)`` whose lines the document itself sets,
      or the document it breaks down (top-down): they already hold the
      change, so it stops below them and goes no higher.

    Returns ``{(ancestor, item): months}``, the changes of several centres
    added up and rounded to ``digits``; those that come to nothing (savings
    moved within one subtree) are left out.
    """
    stop = set(stop)
    result = {}
    for centre, item, months in changes:
        if aggregation_of.get(item) != "sum":
            continue
        for ancestor in ancestors(centre, parent_of):
            key = (ancestor, item)
            if key in stop:
                break
            if key in lines:
                total_months = result.setdefault(key, [0.0] * len(months))
                for index, amount in enumerate(months):
                    total_months[index] += amount
    rounded = {
        key: [round(amount, digits) + 0.0 for amount in months] for key, months in result.items()
    }
    return {key: months for key, months in rounded.items() if any(months)}
