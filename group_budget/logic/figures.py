"""How a budget item's figures read on screen: an amount with the
currency's decimals (1,200.50), any other figure (a volume, a ratio, a
rank) with the decimals it has, up to four (800 vehicles, 12.5 %, 7.6),
never padded with zeros (800.0000)."""

#: The decimals a figure other than an amount shows at most.
MAX_DECIMALS = 4


def is_amount(item_type, aggregation):
    """A financial item that adds up (revenue, costs) counts money; other
    items count vehicles, percentages, turnovers."""
    return item_type == "financial" and (aggregation or "sum") == "sum"


def figure_format(item_type, aggregation, currency_digits=2):
    """``(digits, trim)`` of an item's figures: an amount shows the
    currency's decimals, trailing zeros included; any other figure shows
    at most :data:`MAX_DECIMALS` decimals, without trailing zeros."""
    if is_amount(item_type, aggregation):
        digits = 2 if currency_digits is None else currency_digits
        return int(digits), False
    return MAX_DECIMALS, True
