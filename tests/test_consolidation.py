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


# Carry-up: the assembly plant's (5) cost of sales raised by 12 M in December.
SUMS = {"COGS": "sum", "REV": "sum", "RENT": "sum", "SHARE": "average", "ROE": "last"}
DECEMBER = [0.0] * 11 + [12_000_000.0]


def test_a_change_moves_every_ancestor_line_of_the_item():
    lines = {(3, "COGS"), (1, "COGS"), (3, "REV")}
    moved = c.carry_up([(5, "COGS", DECEMBER)], PARENT_OF, lines, SUMS)
    assert moved == {(3, "COGS"): DECEMBER, (1, "COGS"): DECEMBER}


def test_an_ancestor_without_the_line_is_passed_over():
    # The company (3) has no rent line: the group's (1) still follows.
    moved = c.carry_up([(6, "RENT", [1_000.0] * 12)], PARENT_OF, {(1, "RENT")}, SUMS)
    assert moved == {(1, "RENT"): [1_000.0] * 12}
    assert c.carry_up([(6, "RENT", [1_000.0] * 12)], PARENT_OF, set(), SUMS) == {}


@pytest.mark.parametrize("item", ["SHARE", "ROE", "UNKNOWN"])
def test_items_that_do_not_add_up_are_not_carried(item):
    lines = {(3, item), (1, item)}
    assert c.carry_up([(4, item, [2.0] * 12)], PARENT_OF, lines, SUMS) == {}


def test_top_down_the_change_stops_below_the_line_set():
    lines = {(3, "COGS"), (1, "COGS")}
    # A breakdown of the company's adjustment: the company's line (3) holds
    # the change already, and so does the group's (1) it was carried to.
    assert c.carry_up([(5, "COGS", DECEMBER)], PARENT_OF, lines, SUMS, stop={(3, "COGS")}) == {}
    # Another item of the breakdown goes on up.
    moved = c.carry_up(
        [(5, "COGS", DECEMBER), (5, "REV", DECEMBER)],
        PARENT_OF,
        lines | {(3, "REV")},
        SUMS,
        stop={(3, "COGS")},
    )
    assert moved == {(3, "REV"): DECEMBER}
    # Set at the group only: the company's line in between follows.
    moved = c.carry_up([(5, "COGS", DECEMBER)], PARENT_OF, lines, SUMS, stop={(1, "COGS")})
    assert moved == {(3, "COGS"): DECEMBER}


def test_savings_moved_within_a_subtree_come_to_nothing_above_it():
    added = [0.0, 0.0, 30_000.0] + [0.0] * 9
    taken = [-10_000.0, -10_000.0, -10_000.0] + [0.0] * 9
    lines = {(3, "RENT"), (1, "RENT"), (3, "COGS"), (1, "COGS")}
    # Rent of sales (4) funded by rent savings of administration (6): the
    # company's months move, the year does not; the group's likewise.
    moved = c.carry_up([(4, "RENT", added), (6, "RENT", taken)], PARENT_OF, lines, SUMS)
    expected = [-10_000.0, -10_000.0, 20_000.0] + [0.0] * 9
    assert moved == {(3, "RENT"): expected, (1, "RENT"): expected}
    # The same months: nothing moves at all.
    back = [-amount for amount in added]
    assert c.carry_up([(4, "RENT", added), (6, "RENT", back)], PARENT_OF, lines, SUMS) == {}
    # Funded by another item: both items move.
    moved = c.carry_up([(4, "RENT", added), (4, "COGS", back)], PARENT_OF, lines, SUMS)
    assert moved[1, "RENT"] == added
    assert moved[1, "COGS"] == back


def test_changes_add_up_and_round_to_the_cent():
    third = [0.0] * 11 + [0.1]
    moved = c.carry_up(
        [(4, "REV", third), (5, "REV", third), (6, "REV", third)],
        PARENT_OF,
        {(3, "REV")},
        SUMS,
    )
    assert moved == {(3, "REV"): [0.0] * 11 + [0.3]}
