from group_budget_logic import centre_rules, item_rules


def test_centre_codes_repeat_only_across_companies():
    codes = [(1, "HT"), (2, "ht"), (1, " ht ")]
    assert centre_rules.find_duplicate_codes(codes) == [(1, "HT")]


def test_item_codes_of_two_companies_do_not_clash():
    assert item_rules.find_code_clashes([(1, "REV"), (2, "rev")]) == []


def test_group_wide_item_code_clashes_with_any_company_item():
    assert item_rules.find_code_clashes([(None, "REV"), (2, " rev")]) == ["REV"]
    assert item_rules.find_code_clashes([(2, "REV"), (False, "rev")]) == ["REV"]
    assert item_rules.find_code_clashes([(None, "A"), (None, "a"), (1, "B")]) == ["A"]
