from odoo import api, fields, models

from .group_budget_purchase import UNCOMMITTED_STATES

# Fields of a line whose change changes what it commits: checked, as a
# confirmation is, on a confirmed order.
CHECKED_FIELDS = {
    "product_id",
    "product_qty",
    "product_uom",
    "price_unit",
    "discount",
    "taxes_id",
    "analytic_distribution",
    "date_planned",
}
# Received quantities change what a locked order commits (never more than
# it committed when confirmed): refreshed, not checked.
REFRESHED_FIELDS = {"qty_received", "qty_received_manual"}


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    group_budget_commitment_ids = fields.One2many(
        "group.budget.commitment",
        "purchase_line_id",
        string="Budget Commitments",
        readonly=True,
        groups="group_budget.group_budget_officer",
    )
    group_budget_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    group_budget_available = fields.Monetary(
        string="Available Budget",
        currency_field="group_budget_currency_id",
        compute="_compute_group_budget_available",
        help="What the budget of the line's centre and item leaves available to date in "
        "the month of its planned date (budget less actual, commitments and reserved "
        "savings), less what the lines above take: the largest amount (in company "
        "currency, untaxed) this line can commit.",
    )
    group_budget_exceeds = fields.Boolean(
        string="Exceeds the Budget",
        compute="_compute_group_budget_available",
        help="Confirming the order would take this line's budget over what is available.",
    )
    group_budget_controlled = fields.Boolean(
        string="Under Budget Control",
        compute="_compute_group_budget_available",
    )

    @api.depends(
        "order_id.state",
        "order_id.company_id",
        "order_id.currency_id",
        "order_id.date_order",
        "order_id.fiscal_position_id",
        "order_id.user_id",
        "order_id.order_line.sequence",
        "order_id.order_line.product_id",
        "order_id.order_line.price_subtotal",
        "order_id.order_line.analytic_distribution",
        "order_id.order_line.date_planned",
        "order_id.order_line.display_type",
    )
    def _compute_group_budget_available(self):
        """On orders not yet confirmed: what is available for each line,
        for all lines in one query."""
        self.group_budget_available = 0.0
        self.group_budget_exceeds = False
        self.group_budget_controlled = False
        orders = self.order_id.filtered(lambda order: order.state in UNCOMMITTED_STATES)
        if not orders:
            return
        figures = self.env["group.budget.purchase"]._availability(orders)
        for line in self:
            if line in figures:
                line.group_budget_available, line.group_budget_exceeds = figures[line]
                line.group_budget_controlled = True

    @api.model_create_multi
    def create(self, vals_list):
        """A line added to a confirmed order commits at once, checked as a
        confirmation."""
        lines = super().create(vals_list)
        Purchase = self.env["group.budget.purchase"]
        committing = lines.filtered(
            lambda line: not line.display_type and Purchase._stage(line.order_id)
        )
        if committing:
            Purchase._refresh(committing, check=True, change=True)
        return lines

    def write(self, vals):
        """A change of a confirmed order's line that changes what it
        commits refreshes its commitment; what it commits more is checked."""
        res = super().write(vals)
        checked = bool(CHECKED_FIELDS & vals.keys())
        if checked or REFRESHED_FIELDS & vals.keys():
            Purchase = self.env["group.budget.purchase"]
            committing = self.filtered(
                lambda line: not line.display_type and Purchase._stage(line.order_id)
            )
            if committing:
                Purchase._refresh(committing, check=checked, change=True)
        return res
