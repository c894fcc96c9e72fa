import pytest
from group_budget_logic import centre_rules


@pytest.mark.parametrize(
    ("child", "parent", "outranks"),
    [
        ("investment", "investment", False),
        ("profit", "investment", False),
        ("cost", "investment", False),
        ("expense", "profit", False),
        ("cost", "expense", False),
        ("expense", "cost", False),
        ("investment", "profit", True),
        ("profit", "cost", True),
        ("profit", "expense", True),
        ("investment", "expense", True),
    ],
)
def test_child_outranks_parent(child, parent, outranks):
    assert centre_rules.child_outranks_parent(child, parent) is outranks


def test_missing_type_never_outranks():
    assert centre_rules.child_outranks_parent(False, "cost") is False
    assert centre_rules.child_outranks_parent("investment", None) is False


def test_unknown_type_is_an_error():
    with pytest.raises(KeyError):
        centre_rules.type_rank("department")


def test_find_rank_violations_keeps_input_order():
    rows = [
        ("a", "cost", "profit"),
        ("b", "profit", "cost"),
        ("c", "expense", "investment"),
        ("d", "investment", "expense"),
    ]
    assert centre_rules.find_rank_violations(rows) == [
        ("b", "profit", "cost"),
        ("d", "investment", "expense"),
    ]


def test_duplicate_codes_are_per_company_and_case_insensitive():
    codes = [(1, "HT"), (2, "HT"), (1, " ht "), (1, "HX"), (2, False), (2, None)]
    assert centre_rules.find_duplicate_codes(codes) == [(1, "HT")]


def test_no_duplicate_codes():
    assert centre_rules.find_duplicate_codes([(1, "A"), (1, "B"), (2, "A")]) == []


@pytest.mark.parametrize(
    ("centre", "parent", "cycle"),
    [
        ("1/5/", "1/5/", True),  # under itself
        ("1/5/", "1/5/9/", True),  # under its child
        ("1/5/", "1/5/9/12/", True),  # under a grandchild
        ("1/5/", "1/", False),  # under its parent
        ("1/5/", "1/6/", False),  # under a sibling
        ("1/5/", "1/50/", False),  # id 50 is not a child of 5
        ("1/5/", False, False),
    ],
)
def test_would_create_cycle(centre, parent, cycle):
    assert centre_rules.would_create_cycle(centre, parent) is cycle
