from group_budget_logic import figures


def test_amounts_show_the_currency_decimals():
    assert figures.figure_format("financial", "sum") == (2, False)
    assert figures.figure_format("financial", "sum", 0) == (0, False)
    assert figures.figure_format("financial", False) == (2, False)


def test_volumes_and_ratios_show_the_decimals_they_have():
    for item_type, aggregation in (
        ("non_financial", "sum"),
        ("financial", "average"),
        ("non_financial", "average"),
        ("non_financial", "last"),
    ):
        assert figures.figure_format(item_type, aggregation) == (figures.MAX_DECIMALS, True)
