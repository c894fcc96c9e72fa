from group_budget_logic import item_rules


def test_scopes_overlap():
    assert item_rules.scopes_overlap(1, 1)
    assert not item_rules.scopes_overlap(1, 2)
    assert item_rules.scopes_overlap(False, 2)
    assert item_rules.scopes_overlap(1, None)


def test_account_on_two_items_of_one_company_conflicts():
    mappings = [("rent", 1, 600), ("office", 1, 600), ("office", 1, 601)]
    assert item_rules.find_account_conflicts(mappings) == [(600, "office", "rent")]


def test_account_on_items_of_different_companies_is_fine():
    mappings = [("rent", 1, 600), ("office", 2, 600)]
    assert item_rules.find_account_conflicts(mappings) == []


def test_group_wide_item_conflicts_with_every_company():
    mappings = [("rent", False, 600), ("office", 2, 600), ("travel", 3, 700)]
    assert item_rules.find_account_conflicts(mappings) == [(600, "office", "rent")]


def test_same_item_listed_twice_is_not_a_conflict():
    mappings = [("rent", 1, 600), ("rent", 1, 600)]
    assert item_rules.find_account_conflicts(mappings) == []
