from odoo import api, fields, models
from odoo.tools import SQL

from ...logic import forecast as forecast_logic
from ..mixins.group_budget_months_mixin import MONTH_FIELDS


class GroupBudgetLedger(models.Model):
    """The ledger's rows with their year-end forecast and open warnings (the
    early warnings' columns of the ledger, manual §五 4.5),
    computed when read from the row's own figures to date, the year's budget
    of its budget line and a grouped count of warnings: two queries per
    batch of rows, whatever their number."""

    _inherit = "group.budget.ledger"

    forecast = fields.Float(
        string="Year-end Forecast",
        compute="_compute_forecast",
        help="Run rate on the budget's monthly profile: actual and committed to "
        "date ÷ budget to date × year budget, as of the row's month; never below "
        "the actual to date plus what is committed in the year.",
    )
    forecast_linear = fields.Float(
        string="Linear Forecast",
        compute="_compute_forecast",
        help="The actual and committed to date continued in a straight line, at "
        "their average monthly pace, to December; never below the actual to date "
        "plus what is committed in the year.",
    )
    forecast_off_track = fields.Boolean(
        compute="_compute_forecast",
        help="Costs forecast above the year's budget, or revenue below it.",
    )
    open_warning_count = fields.Integer(
        string="Open Warnings", compute="_compute_open_warning_count"
    )

    @api.depends("ytd_actual", "ytd_committed", "year_committed", "ytd_budget", "month", "item_id")
    def _compute_forecast(self):
        # Commitments are consumed budget (logic/forecast.py): the pace counts
        # them with the actual, and the year's commitments, later months
        # included, are a floor of the forecast.
        # A row's id is 12 × its budget line's id + the month (rows without
        # a budget line have negative ids and a year budget of 0). Values
        # are read and written for the whole batch at once: per-record
        # assignment costs more than the forecast itself.
        ids = self._ids
        line_ids = list({row_id // 12 for row_id in ids if row_id and row_id > 0})
        year_budget = {}
        if line_ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id, %s FROM group_budget_line WHERE id = ANY(%s)",
                    SQL(" + ").join(SQL.identifier(name) for name in MONTH_FIELDS),
                    line_ids,
                )
            )
            year_budget = dict(self.env.cr.fetchall())
        cache = self.env.cache
        items = self.mapped("item_id")  # loads the rows' items into the cache
        direction = {item.id: item.direction for item in items}
        directions = [direction.get(i) for i in cache.get_values(self, self._fields["item_id"])]
        ytd_actuals = self.mapped("ytd_actual")
        ytd_committeds = self.mapped("ytd_committed")
        year_committeds = self.mapped("year_committed")
        ytd_budgets = self.mapped("ytd_budget")
        months = self.mapped("month")
        at_least = forecast_logic.at_least_committed
        forecasts, linears, off_tracks = [], [], []
        for row_id, direction, ytd_actual, ytd_committed, committed, ytd_budget, month in zip(
            ids,
            directions,
            ytd_actuals,
            ytd_committeds,
            year_committeds,
            ytd_budgets,
            months,
            strict=True,
        ):
            year = year_budget.get(row_id // 12, 0.0) if row_id and row_id > 0 else 0.0
            consumed = ytd_actual + ytd_committed
            run_rate = at_least(
                forecast_logic.run_rate(consumed, ytd_budget, year), ytd_actual, committed
            )
            linear = at_least(forecast_logic.straight_line(consumed, month), ytd_actual, committed)
            forecasts.append(run_rate or 0.0)
            linears.append(linear or 0.0)
            off_tracks.append(forecast_logic.is_off_track(direction, run_rate, year))
        cache.update(self, self._fields["forecast"], forecasts)
        cache.update(self, self._fields["forecast_linear"], linears)
        cache.update(self, self._fields["forecast_off_track"], off_tracks)

    @api.depends("period_id", "centre_id", "item_id")
    def _compute_open_warning_count(self):
        counts = {}
        cache = self.env.cache
        names = ("period_id", "centre_id", "item_id")
        periods, centres, items = (self.mapped(name) for name in names)
        if self:
            for period, centre, item, count in self.env["group.budget.warning"]._read_group(
                [
                    ("state", "=", "open"),
                    ("period_id", "in", periods.ids),
                    ("centre_id", "in", centres.ids),
                    ("item_id", "in", items.ids),
                ],
                ["period_id", "centre_id", "item_id"],
                ["__count"],
            ):
                counts[period.id, centre.id, item.id] = count
        columns = (cache.get_values(self, self._fields[name]) for name in names)
        keys = zip(*columns, strict=True)
        cache.update(self, self._fields["open_warning_count"], [counts.get(key, 0) for key in keys])

    def action_open_warnings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_budget.group_budget_warning_action"
        )
        action["domain"] = [
            ("period_id", "=", self.period_id.id),
            ("centre_id", "=", self.centre_id.id),
            ("item_id", "=", self.item_id.id),
        ]
        action["context"] = {}
        return action
