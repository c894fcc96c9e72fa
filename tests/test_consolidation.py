"""Figures across the centre hierarchy (group_budget/logic/consolidation.py):
the demo's three levels, the group (1) → the heavy-trucks company (3) → its
sales (4), assembly (5) and administration (6) departments, and a second
company (7) under the group."""

import pytest
from group_budget_logic import consolidation as c

PATHS = {1: "1/", 3: "1/3/", 4: "1/3/4/", 5: "1/3/5/", 6: "1/3/6/", 7: "1/7/"}
PARENT_OF = c.parent_map(PATHS)


def test_parent_map_from_materialised_paths():
    assert PARENT_OF == {1: None, 3: 1, 4: 3, 5: 3, 6: 3, 7: 1}
    # A path names every ancestor: the map reaches them without their paths.
    assert c.parent_map({4: "1/3/4/"}) == {1: None, 3: 1, 4: 3}
    assert list(c.ancestors(4, PARENT_OF)) == [3, 1]
    assert list(c.ancestors(1, PARENT_OF)) == []


def test_ancestors_stop_at_a_cycle():
    assert list(c.ancestors(1, {1: 2, 2: 1})) == [2]


def test_topmost_centres_of_a_selection():
    assert c.topmost([3, 4, 5, 6], PARENT_OF) == [3]
    assert c.topmost([4, 5, 6], PARENT_OF) == [4, 5, 6]
    assert c.topmost([4, 6, 7], PARENT_OF) == [4, 6, 7]
    # A grandparent selected hides its grandchildren, the parent unselected.
    assert c.topmost([1, 4, 6], PARENT_OF) == [1]


def test_a_parent_budget_is_never_added_to_its_childrens():
    # HT's revenue budget is the consolidated 98.4 M its sales department holds too.
    revenue = {3: 98_400_000.0, 4: 98_400_000.0}
    assert c.total(revenue, PARENT_OF) == 98_400_000.0
    # Without a line of its own, the children count (nothing is invented).
    rent = {3: None, 4: 216_000.0, 6: 384_000.0}
    assert c.total(rent, PARENT_OF) == 600_000.0
    assert c.total({3: None}, PARENT_OF) is None
    # Ratios combine as told: the average of the top-most centres.
    share = {3: 12.0, 4: 20.0, 7: 8.0}
    assert c.total(share, PARENT_OF, lambda values: sum(values) / len(values)) == 10.0


def test_actuals_roll_up_to_every_ancestor():
    own = {
        (4, "REV", 11): 8_000_000.0,
        (5, "COGS", 11): 5_500_000.0,
        (3, "COGS", 11): 10_000.0,  # posted to the company centre itself
        (7, "REV", 11): 2_500_000.0,
    }
    rolled = c.roll_up(own, PARENT_OF)
    assert rolled[3, "REV", 11] == 8_000_000.0
    assert rolled[3, "COGS", 11] == 5_510_000.0
    assert rolled[1, "REV", 11] == 10_500_000.0
    assert rolled[4, "REV", 11] == 8_000_000.0  # a leaf keeps its own
    assert (6, "REV", 11) not in rolled
    # Only the centres shown, e.g. one company's.
    shown = c.roll_up(own, PARENT_OF, centres=[3, 4])
    assert set(shown) == {(3, "REV", 11), (3, "COGS", 11), (4, "REV", 11)}


@pytest.mark.parametrize("centres", [[], [9]])
def test_nothing_to_roll_up(centres):
    assert c.roll_up({}, PARENT_OF, centres) == {}
    assert c.topmost(centres, PARENT_OF) == centres
