import datetime

from odoo import _, api, fields, models

from odoo.addons.group_budget import guard

from ..logic import matrix as engine


def on_primary(method):
    """Mark an override of a read that Odoo would send to the replica
    (``@api.readonly``) to read the primary instead: the web client's call
    is read-only when the first mark found in the model's classes says so."""
    method._readonly = False
    return method


class GroupBudgetAnalysisLine(models.TransientModel):
    """One row of the variance analysis on screen: a centre (with its
    descendants) and an item, or the centre's profit.

    *Analyse* writes the rows on the primary, and the web client reads them
    a moment later: on a replica (``--db_replica_host``), which replays the
    primary with a lag, they could be missing still, and the matrix would
    open empty. So every read of the rows stays on the primary."""

    _name = "group.budget.analysis.line"
    _description = "Variance Analysis Line"
    _inherit = ["group.budget.input.mixin"]
    _order = "wizard_id, sequence"

    wizard_id = fields.Many2one(
        "group.budget.analysis.wizard", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer()
    company_id = fields.Many2one(related="wizard_id.company_id")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    centre_id = fields.Many2one("group.budget.centre", readonly=True)
    item_id = fields.Many2one("group.budget.item", string="Budget Item", readonly=True)
    name = fields.Char(readonly=True)
    level = fields.Integer(readonly=True, aggregator=None)
    is_profit = fields.Boolean(string="Profit", readonly=True)
    actual = fields.Monetary(readonly=True, aggregator=None)
    budget = fields.Monetary(readonly=True, aggregator=None)
    committed = fields.Monetary(
        readonly=True,
        aggregator=None,
        help="What confirmed documents (purchase orders, say) commit in the period, "
        "not yet posted: with the descendants' for a parent, as the actual.",
    )
    available = fields.Monetary(
        readonly=True,
        aggregator=None,
        help="At the end of the period: budget to date minus actual, committed and "
        "reserved to date, as the budget ledger has it.",
    )
    budget_variance = fields.Monetary(
        string="Variance against Budget", readonly=True, aggregator=None
    )
    budget_percent = fields.Char(string="Variance against Budget (%)", readonly=True)
    yoy_variance = fields.Monetary(
        string="Variance against Same Period Last Year", readonly=True, aggregator=None
    )
    yoy_percent = fields.Char(string="Variance against Same Period Last Year (%)", readonly=True)
    mom_variance = fields.Monetary(
        string="Variance against Previous Period", readonly=True, aggregator=None
    )
    mom_percent = fields.Char(string="Variance against Previous Period (%)", readonly=True)
    forecast_variance = fields.Monetary(
        string="Variance against Year-end Forecast", readonly=True, aggregator=None
    )
    forecast_percent = fields.Char(string="Variance against Year-end Forecast (%)", readonly=True)
    # Text, as the variance percentages: empty where no share reads anything
    # (profit rows, a parent's figure that is not positive), never "0.00".
    share_actual = fields.Char(string="Share of Parent, Actual (%)", readonly=True)
    share_budget = fields.Char(string="Share of Parent, Budget (%)", readonly=True)
    material = fields.Boolean(
        readonly=True,
        help="The variance against the budget reaches the materiality threshold, "
        "either way: it needs a detailed analysis.",
    )

    previous_measures = fields.Char(
        string="Last Period's Measures",
        readonly=True,
        help="How the improvement measures explained last period were carried out.",
    )

    @api.model
    @on_primary
    def web_search_read(self, *args, **kwargs):
        return super().web_search_read(*args, **kwargs)

    @api.model
    @on_primary
    def web_read_group(self, *args, **kwargs):
        return super().web_read_group(*args, **kwargs)

    @api.model
    @on_primary
    def read_group(self, *args, **kwargs):
        return super().read_group(*args, **kwargs)

    @api.model
    @on_primary
    def search_read(self, *args, **kwargs):
        return super().search_read(*args, **kwargs)

    @api.model
    @on_primary
    def search_count(self, *args, **kwargs):
        return super().search_count(*args, **kwargs)

    @on_primary
    def web_read(self, *args, **kwargs):
        return super().web_read(*args, **kwargs)

    @on_primary
    def read(self, *args, **kwargs):
        return super().read(*args, **kwargs)

    def action_explain(self):
        """The centre's explanation of this variance: the existing one of the
        period, or a new draft with the figures."""
        self.ensure_one()
        wizard = self.wizard_id
        Explanation = self.env["group.budget.variance.explanation"]
        date = wizard.date.replace(day=1)
        explanation = Explanation.search(
            [
                ("centre_id", "=", self.centre_id.id),
                ("item_id", "=", self.item_id.id),
                ("date", "=", date),
                ("period_kind", "=", wizard.period_kind),
            ],
            limit=1,
        )
        if not explanation:
            explanation = guard.grant(Explanation, guard.LEDGER_FIGURES).create(
                {
                    "centre_id": self.centre_id.id,
                    "item_id": self.item_id.id,
                    "date": date,
                    "period_kind": wizard.period_kind,
                    "actual": self.actual,
                    "budget": self.budget,
                }
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("Variance Explanation"),
            "res_model": "group.budget.variance.explanation",
            "res_id": explanation.id,
            "view_mode": "form",
        }

    def action_open_ledger(self):
        """The ledger rows behind this line (each opens its journal items)."""
        self.ensure_one()
        wizard = self.wizard_id
        filters = wizard._prepare_filters()
        months = engine.period(filters["kind"], filters["year"], filters["month"]).months
        domain = [
            ("centre_id", "child_of", self.centre_id.id),
            ("date", ">=", datetime.date(filters["year"], months[0], 1)),
            ("date", "<=", datetime.date(filters["year"], months[-1], 1)),
        ]
        if self.item_id:
            domain.append(("item_id", "=", self.item_id.id))
        return {
            "type": "ir.actions.act_window",
            "name": _("Budget Ledger"),
            "res_model": "group.budget.ledger",
            "view_mode": "list,pivot,graph",
            "domain": domain,
        }
