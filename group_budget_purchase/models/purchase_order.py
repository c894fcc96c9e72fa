from odoo import _, api, fields, models

# Fields of a confirmed order whose change changes what its lines commit.
COMMITTING_FIELDS = {"currency_id", "date_order", "fiscal_position_id"}


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    group_budget_commitment_ids = fields.One2many(
        "group.budget.commitment",
        "purchase_order_id",
        string="Budget Commitments",
        readonly=True,
        groups="group_budget.group_budget_officer",
    )
    group_budget_commitment_count = fields.Integer(
        string="Budget Commitment Count",
        compute="_compute_group_budget_commitment_count",
        groups="group_budget.group_budget_officer",
    )

    @api.depends("group_budget_commitment_ids")
    def _compute_group_budget_commitment_count(self):
        for order in self:
            order.group_budget_commitment_count = len(order.group_budget_commitment_ids)

    def write(self, vals):
        """Confirming, approving, locking, unlocking or cancelling an order
        (whatever the path: the buttons, Odoo's flows or RPC) refreshes its
        commitments; what it commits more is checked as a posting is."""
        watched = ("state" in vals) or bool(COMMITTING_FIELDS & vals.keys())
        if not watched:
            return super().write(vals)
        Purchase = self.env["group.budget.purchase"]
        before = {order.id: Purchase._stage(order) for order in self}
        res = super().write(vals)
        refreshed = self.filtered(
            lambda order: (
                before[order.id] != Purchase._stage(order)
                or (Purchase._stage(order) and COMMITTING_FIELDS & vals.keys())
            )
        )
        if refreshed:
            # Refused as a confirmation when an order starts committing.
            confirmed = any(before[order.id] is None for order in refreshed)
            Purchase._refresh(refreshed.order_line, check=True, change=not confirmed)
        return res

    def action_view_group_budget_ledger(self):
        """The ledger rows of the centres and items the order commits, in
        their budget years."""
        self.ensure_one()
        commitments = self.group_budget_commitment_ids
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_budget.group_budget_ledger_action"
        )
        action.update(
            {
                "name": _("Budget: %(order)s", order=self.name),
                "domain": [
                    ("centre_id", "in", commitments.centre_id.ids),
                    ("item_id", "in", commitments.item_id.ids),
                    ("period_id", "in", commitments.period_id.ids),
                ],
                "context": {"search_default_group_centre": 1},
            }
        )
        return action
