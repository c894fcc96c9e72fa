import pytest
from group_budget_logic import workbook_rules as rules
from group_budget_logic.workbook_rules import BLANK, CellError


@pytest.mark.parametrize(
    ("column", "letters"),
    [(1, "A"), (3, "C"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA")],
)
def test_column_letters_as_excel_names_them(column, letters):
    assert rules.column_letter(column) == letters


def test_cell_names():
    assert rules.cell_name(7, 3) == "C7"
    assert rules.cell_name(6, 18) == "R6"
    assert rules.cell_name(*rules.CENTRE_CELL) == "B2"
    with pytest.raises(ValueError):
        rules.column_letter(0)


def test_sheet_names_excel_accepts_and_unique_without_case():
    assert rules.sheet_name("HT-SAL") == "HT-SAL"
    assert rules.sheet_name("A/B:C[1]") == "A_B_C_1_"
    assert len(rules.sheet_name("X" * 40)) == 31
    assert rules.sheet_name("ht-sal", ["HT-SAL"]) == "ht-sal (2)"
    assert rules.sheet_name("S", ["S", "s (2)"]) == "S (3)"
    long = rules.sheet_name("Y" * 40, ["Y" * 31])
    assert long == "Y" * 27 + " (2)" and len(long) == 31


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, (BLANK, None)),
        ("", (BLANK, None)),
        ("   ", (BLANK, None)),
        (0, (0.0, None)),  # an explicit 0 sets 0
        (10_000, (10_000.0, None)),
        (8333.34, (8333.34, None)),
        ("10,000.00", (10_000.0, None)),
        (" 12.5 ", (12.5, None)),
        ("1e15", (1e15, None)),
        (1e15, (1e15, None)),
        (1e15 + 0.125, (None, rules.OUT_OF_RANGE)),
        (10**400, (None, rules.OUT_OF_RANGE)),
        ("nan", (None, rules.NOT_A_NUMBER)),
        ("ten", (None, rules.NOT_A_NUMBER)),
        ("1,00", (None, rules.NOT_A_NUMBER)),
        (True, (None, rules.NOT_A_NUMBER)),
        ("=SUM(F6:Q6)", (None, rules.NOT_A_NUMBER)),
    ],
)
def test_parse_number(value, expected):
    assert rules.parse_number(value) == expected


def test_negative_numbers_only_where_the_item_allows_them():
    assert rules.parse_number(-0.01, allow_negative=False) == (None, rules.NEGATIVE)
    assert rules.parse_number(-0.01, allow_negative=True) == (-0.01, None)
    assert rules.parse_number(0, allow_negative=False) == (0.0, None)


def test_codes_and_years():
    assert rules.parse_code(" t-rev ") == "T-REV"
    assert rules.parse_code(6601.0) == "6601"
    assert rules.parse_code("") is None
    assert rules.parse_year(2031) == 2031
    assert rules.parse_year("2031") == 2031
    assert rules.parse_year(2031.5) is None
    assert rules.parse_year("next year") is None
    assert rules.parse_year(None) is None


def test_formulas_are_recognised():
    assert rules.is_formula("=SUM(F6:Q6)")
    assert not rules.is_formula("12")
    assert not rules.is_formula(12)


def test_blank_cells_keep_the_old_values():
    assert rules.merge([1.0, 2.0, 3.0], [BLANK, 0.0, 4.0]) == [1.0, 0.0, 4.0]


def test_a_typed_total_must_match_the_months():
    months = [8333.34] * 4 + [8333.33] * 8
    assert rules.total_problem(months, 100_000.0, "sum", 2) is None
    assert rules.total_problem(months, 100_000.01, "sum", 2) == 100_000.0
    assert rules.total_problem(months, 99_999.99, "sum", 2) == 100_000.0
    assert rules.total_problem(months, BLANK, "sum", 2) is None
    # Ratios: the year is their average or their last value.
    assert rules.total_problem([10.0] * 6 + [20.0] * 6, 15.0, "average", 2) is None
    assert rules.total_problem([10.0] * 11 + [20.0], 20.0, "last", 2) is None
    assert rules.total_problem([10.0] * 11 + [20.0], 15.0, "last", 2) == 20.0


def test_changes_are_only_what_differs():
    old = {"month_01": 100.0, "month_02": 200.0, "month_03": 0.0}
    new = {"month_01": 100.001, "month_02": BLANK, "month_03": 0.0}
    assert rules.changes(old, new, 2) == {}
    assert rules.changes(old, {"month_01": 0.0}, 2) == {"month_01": 0.0}
    assert rules.changes(old, {"month_01": 100.01}, 2) == {"month_01": 100.01}
    assert rules.changes({}, {"month_01": 5.0}, 2) == {"month_01": 5.0}
    assert rules.changes(old, {"month_02": 200.004}, 2) == {}


def test_errors_sorted_as_the_user_reads_the_workbook():
    errors = [
        CellError("B", 7, 3, "x", {}),
        CellError("A", 9, 1, "x", {}),
        CellError("B", 6, 4, "x", {}),
        CellError("A", 9, 0, "x", {}),
        CellError("B", 6, 2, "x", {}),
    ]
    ordered = rules.sort_errors(errors)
    assert [(e.sheet, e.row, e.column) for e in ordered] == [
        ("B", 6, 2),
        ("B", 6, 4),
        ("B", 7, 3),
        ("A", 9, 0),
        ("A", 9, 1),
    ]
