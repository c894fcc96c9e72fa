from odoo import api, models

# Aliases of the extra aggregates read with every group.
ITEM_COUNT = "__group_budget_items"
ITEM_FIRST = "__group_budget_item"
ROW_COUNT = "__group_budget_rows"


class GroupBudgetItemTotalMixin(models.AbstractModel):
    """Figures of different items are never added up.

    Revenue, vehicles and a return on equity have no common unit, and a ratio
    (average or last value) does not add up even within one item. Grouped
    reads (grouped lists, pivot, graph, RPC ``read_group``) therefore leave out
    the amounts of a group that mixes items, or that holds several figures of
    a ratio item: the group shows its count, not a meaningless total. A group
    of one item that adds up shows its total as usual. Internal ``_read_group``
    calls, which always group by item, are untouched.

    The inheriting model declares ``item_id``; its amounts are its float and
    monetary fields.
    """

    _name = "group.budget.item.total.mixin"
    _description = "Totals Within One Item"

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        amount_keys = self._item_total_amount_keys(fields)
        if not amount_keys:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        extra = [
            f"{ITEM_COUNT}:count_distinct(item_id)",
            f"{ITEM_FIRST}:min(item_id)",
            f"{ROW_COUNT}:count(id)",
        ]
        groups = super().read_group(
            domain, [*fields, *extra], groupby, offset, limit, orderby, lazy
        )
        first_items = {group.get(ITEM_FIRST) for group in groups} - {None, False}
        # Only the items' aggregation is read, whatever the reader may open.
        items = self.env["group.budget.item"].sudo().browse(first_items)
        sum_items = set(items.filtered(lambda item: item.aggregation == "sum").ids)
        for group in groups:
            one_item = (group.get(ITEM_COUNT) or 0) <= 1
            one_figure = (group.get(ROW_COUNT) or 0) <= 1
            if not (one_item and (one_figure or group.get(ITEM_FIRST) in sum_items)):
                for key in amount_keys:
                    group.pop(key, None)
            for key in (ITEM_COUNT, ITEM_FIRST, ROW_COUNT):
                group.pop(key, None)
        return groups

    @api.model
    def _item_total_amount_keys(self, fields):
        """The result keys of the float and monetary aggregates asked for."""
        keys = []
        for spec in fields or ():
            name, _sep, rest = spec.partition(":")
            fname = rest[rest.find("(") + 1 : -1] if "(" in rest else name
            field = self._fields.get(fname)
            if field and field.type in ("float", "monetary"):
                keys.append(name)
        return keys
