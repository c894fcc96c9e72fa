"""The revision rule of issued targets (manual §三 5.4, §一 3.1.3).

A centre compares the issued target with its own estimate. When they differ
by at least the revision threshold (20% by default) it may propose a
revision; below it, the issued target is agreed as it stands.
"""

DEFAULT_THRESHOLD = 0.20


def relative_gap(issued, estimate):
    """How far the estimate is from the issued value, relative to it.

    An issued value of zero makes any non-zero estimate an infinite gap.
    """
    if issued == 0:
        return 0.0 if estimate == 0 else float("inf")
    return abs(estimate - issued) / abs(issued)


def may_propose_revision(issued, estimate, threshold=DEFAULT_THRESHOLD):
    """True when the gap reaches the threshold (at least, not only above)."""
    if estimate is None:
        return False
    # Round away binary noise: 100 vs 120 is a gap of exactly 20%.
    return round(relative_gap(issued, estimate), 9) >= threshold


def agreed_values(lines, accepted):
    """The agreed value of each line once the superior decides.

    ``lines`` maps keys to ``(issued, proposed)``. Accepting takes the
    proposed values (the issued one where nothing was proposed); rejecting
    keeps the issued ones.
    """
    return {
        key: (proposed if accepted and proposed is not None else issued)
        for key, (issued, proposed) in lines.items()
    }
