"""Sheet names and per-centre splits of the xlsx exports (group_budget_report)."""

from group_budget_report_logic import sheets as s


def test_clean_sheet_name_removes_invalid_characters():
    assert s.clean_sheet_name("[S] Sales: North/South*?") == "S Sales North South"
    assert s.clean_sheet_name("a\\b") == "a b"
    assert s.clean_sheet_name("'Quoted'") == "Quoted"


def test_clean_sheet_name_is_at_most_31_characters():
    name = s.clean_sheet_name("x" * 40)
    assert name == "x" * 31
    # Cut before a trailing blank or apostrophe: never ends with one.
    assert s.clean_sheet_name("a" * 30 + " b") == "a" * 30
    assert s.clean_sheet_name("a" * 30 + "'b") == "a" * 30


def test_clean_sheet_name_falls_back_when_empty():
    assert s.clean_sheet_name("[]:*", "Centre") == "Centre"
    assert s.clean_sheet_name("", "Centre") == "Centre"
    assert s.clean_sheet_name(None) == "Sheet"


def test_unique_sheet_names_ignore_case_and_fit():
    long = "Responsibility centre of the north"
    names = s.unique_sheet_names([long, long, "sales", "Sales", long], taken=["SALES (2)"])
    assert names == [
        long[:31],
        long[:27] + " (2)",
        "sales",
        "Sales (3)",
        long[:27] + " (3)",
    ]
    assert all(len(name) <= 31 for name in names)
    assert len({name.casefold() for name in names}) == len(names)


def test_unique_sheet_names_avoid_taken_names():
    assert s.unique_sheet_names(["Total"], taken=["total"]) == ["Total (2)"]


def test_split_by_keeps_first_appearance_order():
    rows = [(2, "a"), (1, "b"), (2, "c"), (3, "d"), (1, "e")]
    assert s.split_by(rows, lambda row: row[0]) == [
        (2, [(2, "a"), (2, "c")]),
        (1, [(1, "b"), (1, "e")]),
        (3, [(3, "d")]),
    ]
    assert s.split_by([], lambda row: row) == []
