from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ...logic import adjustment_rules

NET_ASSET_ACCOUNT_TYPES = (
    "equity",
    "equity_unaffected",
    "income",
    "income_other",
    "expense",
    "expense_depreciation",
    "expense_direct_cost",
)

COMMITTEE_FIELDS = {"adjustment_exception_until", "adjustment_exception_reason"}


class GroupBudgetPeriod(models.Model):
    """What a budget year carries for its adjustments: the adjustment window
    and opening net assets (manual §七 3 and 5)."""

    # Each capability extends the model in its own folder, so that it can
    # move into an add-on of its own (README, "Where things are").
    _inherit = "group.budget.period"  # pylint: disable=consider-merging-classes-inherited

    adjustment_date_from = fields.Date(
        string="Adjustment Window From",
        compute="_compute_adjustment_window",
        store=True,
        readonly=False,
        precompute=True,
        help="Adjustment applications are accepted from this day (manual §七 3).",
    )
    adjustment_date_to = fields.Date(
        string="Adjustment Window To",
        compute="_compute_adjustment_window",
        store=True,
        readonly=False,
        precompute=True,
        help="Adjustment applications are accepted up to this day (manual §七 3).",
    )
    adjustment_exception_until = fields.Date(
        string="Exception Open Until",
        tracking=True,
        help="Outside the window, the Budget Committee may accept applications "
        "up to this day, giving its reason.",
    )
    adjustment_exception_reason = fields.Text(string="Reason for the Exception", tracking=True)
    opening_net_assets_computed = fields.Monetary(
        string="Computed Opening Net Assets",
        compute="_compute_opening_net_assets",
        help="Balance of the equity accounts, with past years' earnings, at 1 January.",
    )
    opening_net_assets_override = fields.Monetary(
        string="Opening Net Assets (Budget Office)",
        tracking=True,
        help="Set by the Budget Office to replace the computed figure; say why in the note.",
    )
    opening_net_assets_note = fields.Text(string="Note on the Opening Net Assets", tracking=True)
    opening_net_assets = fields.Monetary(
        compute="_compute_opening_net_assets",
        help="The net assets at the start of the year the adjustment rules use.",
    )

    @api.depends("year")
    def _compute_adjustment_window(self):
        for period in self:
            if not period.year:
                continue
            date_from, date_to = adjustment_rules.default_window(period.year)
            period.adjustment_date_from = period.adjustment_date_from or date_from
            period.adjustment_date_to = period.adjustment_date_to or date_to

    @api.depends("company_id", "date_from", "opening_net_assets_override")
    def _compute_opening_net_assets(self):
        balances = self._opening_balances()
        for period in self:
            computed = balances.get(period.id, 0.0)
            period.opening_net_assets_computed = computed
            period.opening_net_assets = period.opening_net_assets_override or computed

    def _opening_balances(self):
        """``{period id: net assets at 1 January}``, in one grouped query."""
        periods = self.filtered(lambda p: p.id and p.date_from)
        if not periods:
            return {}
        self.env["account.move.line"].flush_model(["balance", "date", "company_id", "parent_state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, -SUM(aml.balance)
                  FROM group_budget_period p
                  JOIN account_move_line aml
                    ON aml.company_id = p.company_id
                   AND aml.date < p.date_from
                   AND aml.parent_state = 'posted'
                  JOIN account_account a ON a.id = aml.account_id
                 WHERE p.id = ANY(%(ids)s) AND a.account_type = ANY(%(types)s)
                 GROUP BY p.id
                """,
                ids=periods.ids,
                types=list(NET_ASSET_ACCOUNT_TYPES),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.constrains(
        "adjustment_date_from",
        "adjustment_date_to",
        "adjustment_exception_until",
        "adjustment_exception_reason",
        "opening_net_assets_override",
        "opening_net_assets_note",
    )
    def _check_adjustment_settings(self):
        for period in self:
            if (
                period.adjustment_date_from
                and period.adjustment_date_to
                and period.adjustment_date_from > period.adjustment_date_to
            ):
                raise ValidationError(
                    _(
                        "The adjustment window of %(year)s ends before it starts.",
                        year=period.name,
                    )
                )
            if (
                period.adjustment_exception_until
                and not (period.adjustment_exception_reason or "").strip()
            ):
                raise ValidationError(
                    _(
                        "Give the reason for opening an adjustment exception in %(year)s.",
                        year=period.name,
                    )
                )
            if (
                period.opening_net_assets_override
                and not (period.opening_net_assets_note or "").strip()
            ):
                raise ValidationError(
                    _(
                        "Say in a note why the opening net assets of %(year)s are overridden.",
                        year=period.name,
                    )
                )

    def write(self, vals):
        if COMMITTEE_FIELDS.intersection(vals) and not self.env.user.has_group(
            "group_budget.group_budget_committee"
        ):
            raise AccessError(
                _("Only the Budget Committee opens an adjustment exception outside the window.")
            )
        return super().write(vals)

    def _adjustment_window_open(self, day=None):
        self.ensure_one()
        return adjustment_rules.window_open(
            day or fields.Date.context_today(self),
            self.adjustment_date_from,
            self.adjustment_date_to,
            self.adjustment_exception_until,
        )
