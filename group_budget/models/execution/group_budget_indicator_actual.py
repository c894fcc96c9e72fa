from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ... import guard, messages
from ...logic import formula


class GroupBudgetIndicatorActual(models.Model):
    """The monthly actual of an indicator the ledger does not add up from
    postings: non-financial items (vehicles sold, market share, ranking) and
    ratios (ROE, debt-to-asset ratio, turnover). Entered by the centre's
    officers, or computed by the item's formula over other items; the Budget
    Office locks a month, after which its values are read-only."""

    _name = "group.budget.indicator.actual"
    _description = "Indicator Actual"
    _inherit = ["group.budget.input.mixin", "group.budget.figure.mixin"]
    _order = "period_id desc, centre_id, item_id, date"
    _rec_name = "item_id"
    _check_company_auto = True
    _sql_constraints = [
        (
            "month_unique",
            "UNIQUE(period_id, centre_id, item_id, date)",
            "A centre's item has one actual value per month.",
        )
    ]

    company_id = fields.Many2one(related="period_id.company_id", store=True, index=True)
    # The company follows from the year: the year is chosen first, among the
    # user's companies (a company check on it would offer none on a new row).
    period_id = fields.Many2one(
        "group.budget.period", string="Budget Year", required=True, index=True
    )
    centre_id = fields.Many2one(
        "group.budget.centre", required=True, index=True, check_company=True
    )
    item_id = fields.Many2one(
        "group.budget.item", string="Budget Item", required=True, index=True, check_company=True
    )
    date = fields.Date(
        string="Month", required=True, help="Any day of the month; kept as its first day."
    )
    month = fields.Integer(
        string="Month Number", compute="_compute_month", store=True, aggregator=None
    )
    value = fields.Float(digits=(16, 4), aggregator="sum")
    uom_label = fields.Char(related="item_id.uom_label")
    aggregation = fields.Selection(related="item_id.aggregation")
    computed = fields.Boolean(readonly=True, help="Computed by the item's formula, not entered.")
    computable = fields.Boolean(
        default=True,
        readonly=True,
        help="Unchecked when the item's formula names an unknown item or "
        "divides by zero: the value is then not computable.",
    )
    entered_by_id = fields.Many2one("res.users", readonly=True)
    entered_date = fields.Datetime(readonly=True)
    locked = fields.Boolean(readonly=True, index=True)
    locked_by_id = fields.Many2one("res.users", readonly=True)
    locked_date = fields.Datetime(readonly=True)
    budget = fields.Float(
        string="Budget Amount",
        digits=(16, 4),
        compute="_compute_budget",
        help="The month's budget of the item at the centre.",
    )

    ytd_value = fields.Float(
        string="Value to Date",
        digits=(16, 4),
        compute="_compute_ytd_value",
        help="The months of the year up to this one, combined as the item "
        "says: summed, averaged or the last value.",
    )

    @api.depends("value", "date", "item_id.aggregation")
    def _compute_ytd_value(self):
        by_period = {}
        for period in self.period_id:
            by_period[period.id] = self._monthly_values(period)
        for actual in self:
            months = by_period.get(actual.period_id.id, {}).get(
                (actual.centre_id.id, actual.item_id.id)
            )
            actual.ytd_value = (
                formula.aggregate(months[: actual.month], actual.item_id.aggregation) or 0.0
                if months and actual.month
                else 0.0
            )

    @api.depends("date")
    def _compute_month(self):
        for actual in self:
            actual.month = actual.date.month if actual.date else 0

    def _compute_budget(self):
        lines = (
            self.env["group.budget.line"]
            .sudo()
            .search(
                [
                    ("budget_id.period_id", "in", self.period_id.ids),
                    ("centre_id", "in", self.centre_id.ids),
                    ("item_id", "in", self.item_id.ids),
                    ("budget_id.state", "in", ("approved", "executing", "closed")),
                ]
            )
        )
        by_key = {
            (line.budget_id.period_id.id, line.centre_id.id, line.item_id.id): line
            for line in lines
        }
        for actual in self:
            line = by_key.get((actual.period_id.id, actual.centre_id.id, actual.item_id.id))
            actual.budget = line[f"month_{actual.month:02d}"] if line and actual.month else 0.0

    # Kept by the server: who entered a value and when, the lock, the formula.
    PROTECTED = frozenset(
        {
            "locked",
            "locked_by_id",
            "locked_date",
            "computed",
            "computable",
            "entered_by_id",
            "entered_date",
        }
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date"):
                vals["date"] = fields.Date.to_date(vals["date"]).replace(day=1)
            if not self.env.su:
                for name in self.PROTECTED & set(vals):
                    del vals[name]
            vals.setdefault("entered_by_id", self.env.uid)
            vals.setdefault("entered_date", fields.Datetime.now())
        records = super().create(vals_list)
        records._check_entry()
        return records

    def write(self, vals):
        if not self.env.su and self.PROTECTED & set(vals):
            raise UserError(
                _(
                    "Who entered an indicator actual and when, its lock and its formula "
                    "are kept by the server; months are locked with the Lock Month button "
                    "of the Budget Office."
                )
            )
        if not self.env.su and "value" in vals and self.filtered("computed"):
            raise UserError(
                _(
                    "The value of %s is computed by its item's formula: it cannot be entered.",
                    self.filtered("computed")[0].item_id.display_name,
                )
            )
        if not guard.holds(self, guard.INDICATOR_UPKEEP):
            self._check_not_locked()
            if vals.get("date"):
                vals["date"] = fields.Date.to_date(vals["date"]).replace(day=1)
            if "value" in vals:
                vals = dict(vals, entered_by_id=self.env.uid, entered_date=fields.Datetime.now())
        result = super().write(vals)
        if not guard.holds(self, guard.INDICATOR_UPKEEP):
            self._check_entry()
        return result

    def unlink(self):
        self._check_not_locked()
        return super().unlink()

    def _check_not_locked(self):
        locked = self.filtered("locked")
        if locked:
            raise UserError(
                _(
                    "The month %(month)s of %(centre)s is locked: its indicator actuals "
                    "can no longer be changed.",
                    month=locked[0].date.strftime("%Y-%m"),
                    centre=locked[0].centre_id.display_name,
                )
            )

    def _check_entry(self):
        """Inside the year, not in a locked month, not negative where the
        item cannot be, not an item the ledger already adds up.

        The Budget Office locks a month for every centre: the locked months
        are read whoever asks (as the superuser, the officer's record rules
        would hide the other centres' locked values), and only which years
        and months they are."""
        locked = self.sudo().search_fetch(
            [
                ("locked", "=", True),
                ("period_id", "in", self.period_id.ids),
                ("date", "in", list(set(self.mapped("date")))),
                ("id", "not in", self.ids),
            ],
            ["period_id", "date"],
        )
        locked_months = {(a.period_id.id, a.date) for a in locked}
        for actual in self:
            period = actual.period_id
            if not period.date_from <= actual.date <= period.date_to:
                raise ValidationError(
                    _(
                        "The month %(month)s lies outside the budget year %(year)s.",
                        month=actual.date.strftime("%Y-%m"),
                        year=period.name,
                    )
                )
            if (period.id, actual.date) in locked_months:
                raise ValidationError(
                    _(
                        "The month %(month)s of %(year)s is locked: no indicator actual "
                        "can be entered in it.",
                        month=actual.date.strftime("%Y-%m"),
                        year=period.name,
                    )
                )
            item = actual.item_id
            if actual.value < 0 and not item.allow_negative:
                raise ValidationError(
                    _(
                        "The item %(item)s cannot be negative: %(value)s given for %(centre)s.",
                        item=item.display_name,
                        value=messages.figure(
                            self.env, actual.value, item, actual.company_id.currency_id
                        ),
                        centre=actual.centre_id.display_name,
                    )
                )
            if item.item_type == "financial" and item.aggregation == "sum":
                raise ValidationError(
                    _(
                        "The item %(item)s takes its actuals from posted accounting "
                        "(the ledger): no indicator actual is entered for it.",
                        item=item.display_name,
                    )
                )

    def action_lock_month(self):
        """Lock the months of the selected actuals, for every centre."""
        self.check_access("write")
        if not self.env.user.has_group("group_budget.group_budget_office"):
            raise UserError(_("Only the Budget Office locks a month of indicator actuals."))
        months = {(a.period_id.id, a.date) for a in self}
        to_lock = self.search(
            expression.AND(
                [
                    [("locked", "=", False)],
                    expression.OR(
                        [
                            [("period_id", "=", period_id), ("date", "=", date)]
                            for period_id, date in months
                        ]
                    ),
                ]
            )
        )
        guard.grant(to_lock.sudo(), guard.INDICATOR_UPKEEP).write(
            {"locked": True, "locked_by_id": self.env.uid, "locked_date": fields.Datetime.now()}
        )
        return True

    # ------------------------------------------------------------------
    # Formulas
    # ------------------------------------------------------------------
    @api.model
    def _compute_formula_actuals(self, period, date):
        """Compute the month ``date`` of every item with a formula, for every
        centre with a value of the items it names: from the ledger's actuals
        and the other indicator actuals. An unknown item or a division by zero
        leaves the value not computable."""
        date = date.replace(day=1)
        items = (
            self.env["group.budget.item"]
            .sudo()
            .search(
                [
                    ("formula", "!=", False),
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "=", period.company_id.id),
                ]
            )
        )
        if not items:
            return self.browse()
        values = defaultdict(dict)
        ledger = (
            self.env["group.budget.ledger"]
            .sudo()
            ._read_group(
                [("period_id", "=", period.id), ("date", "=", date)],
                ["centre_id", "item_id"],
                ["actual:sum"],
            )
        )
        for centre, item, actual in ledger:
            values[centre.id][item.code] = actual
        entered = self.sudo().search(
            [("period_id", "=", period.id), ("date", "=", date), ("item_id", "not in", items.ids)]
        )
        for actual in entered:
            values[actual.centre_id.id][actual.item_id.code] = actual.value
        existing = {
            (a.centre_id.id, a.item_id.id): a
            for a in self.sudo().search(
                [("period_id", "=", period.id), ("date", "=", date), ("item_id", "in", items.ids)]
            )
        }
        to_create = []
        for centre_id, centre_values in values.items():
            for item in items:
                value, error = formula.try_evaluate(item.formula, centre_values)
                vals = {"value": value or 0.0, "computable": error is None, "computed": True}
                record = existing.get((centre_id, item.id))
                if record and record.locked:
                    continue
                if record:
                    guard.grant(record.sudo(), guard.INDICATOR_UPKEEP).write(vals)
                else:
                    to_create.append(
                        dict(
                            vals,
                            period_id=period.id,
                            centre_id=centre_id,
                            item_id=item.id,
                            date=date,
                        )
                    )
        return self.sudo().create(to_create)

    @api.model
    def _monthly_values(self, period):
        """``{(centre_id, item_id): 12 values or None}`` of a year."""
        result = {}
        for centre, item, month, value in self._read_group(
            [("period_id", "=", period.id), ("computable", "=", True)],
            ["centre_id", "item_id", "month"],
            ["value:sum"],
        ):
            result.setdefault((centre.id, item.id), [None] * 12)[month - 1] = value
        return result

    @api.model
    def _year_to_date(self, period, month):
        """``{(centre_id, item_id): value}`` to ``month``, months combined as
        the item says: sum, average or last value."""
        values = self._monthly_values(period)
        items = self.env["group.budget.item"].browse({key[1] for key in values})
        aggregation = {item.id: item.aggregation for item in items}
        return {
            key: formula.aggregate(months[:month], aggregation[key[1]])
            for key, months in values.items()
        }
