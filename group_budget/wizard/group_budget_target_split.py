from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..logic import breakdown


class GroupBudgetTargetSplit(models.TransientModel):
    """Share a parent centre's targets among its children (横向/纵向分解)."""

    _name = "group.budget.target.split"
    _description = "Share Targets Among Child Centres"
    _inherit = ["group.budget.input.mixin"]

    target_id = fields.Many2one("group.budget.target", required=True)
    item_ids = fields.Many2many(
        "group.budget.item",
        string="Budget Items",
        help="Items to share; leave empty for all the target's items.",
    )
    line_ids = fields.One2many("group.budget.target.split.line", "split_id", string="Children")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        target = self.env["group.budget.target"].browse(
            res.get("target_id") or self.env.context.get("active_id")
        )
        if target:
            res["target_id"] = target.id
            res["line_ids"] = [
                fields.Command.create({"centre_id": child.id, "weight": 1.0})
                for child in target.centre_id.child_ids
            ]
        return res

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group("group_budget.group_budget_office"):
            raise AccessError(_("Only the Budget Office shares targets among centres."))
        if not self.line_ids:
            raise UserError(
                _(
                    "The centre %(centre)s has no child centre.",
                    centre=self.target_id.centre_id.display_name,
                )
            )
        try:
            breakdown.check_centre_weights({line.id: line.weight for line in self.line_ids})
        except breakdown.BreakdownError as exc:
            bad = self.line_ids.browse(exc.details["keys"])
            raise ValidationError(
                _(
                    "Every weight must be positive; not so for: %(centres)s.",
                    centres=", ".join(bad.centre_id.mapped("display_name")),
                )
            ) from exc
        parent_lines = self.target_id.line_ids
        if self.item_ids:
            parent_lines = parent_lines.filtered(lambda line: line.item_id in self.item_ids)
        children = self.line_ids.centre_id
        Target = self.env["group.budget.target"]
        existing = Target.search(
            [
                ("centre_id", "in", children.ids),
                ("period_id.year", "=", self.target_id.period_id.year),
            ]
        )
        missing = children - existing.centre_id
        if missing:
            periods = self.env["group.budget.period"].search(
                [
                    ("year", "=", self.target_id.period_id.year),
                    ("company_id", "in", missing.company_id.ids),
                ]
            )
            period_by_company = {p.company_id: p for p in periods}
            lacking = missing.filtered(lambda c: c.company_id not in period_by_company)
            if lacking:
                raise UserError(
                    _(
                        "%(company)s has no budget year %(year)s for %(centre)s.",
                        company=lacking[0].company_id.name,
                        year=self.target_id.period_id.year,
                        centre=lacking[0].display_name,
                    )
                )
            existing |= Target.create(
                [
                    {"centre_id": c.id, "period_id": period_by_company[c.company_id].id}
                    for c in missing
                ]
            )
        target_by_centre = {t.centre_id: t for t in existing}
        weights = [line.weight for line in self.line_ids]
        digits = self.target_id.currency_id.decimal_places or 2
        TargetLine = self.env["group.budget.target.line"]
        to_create = []
        for parent_line in parent_lines:
            if parent_line.item_id.aggregation == "sum":
                values = breakdown.largest_remainder(parent_line.value, weights, digits)
            else:
                values = [parent_line.value] * len(weights)
            for split_line, value in zip(self.line_ids, values, strict=True):
                target = target_by_centre[split_line.centre_id]
                child_line = target.line_ids.filtered(
                    lambda line, p=parent_line: line.item_id == p.item_id
                )
                if child_line:
                    child_line.issued_value = value
                else:
                    to_create.append(
                        {
                            "target_id": target.id,
                            "item_id": parent_line.item_id.id,
                            "issued_value": value,
                        }
                    )
        TargetLine.create(to_create)
        return {"type": "ir.actions.act_window_close"}


class GroupBudgetTargetSplitLine(models.TransientModel):
    _name = "group.budget.target.split.line"
    _description = "Share of a Child Centre"
    _inherit = ["group.budget.input.mixin"]

    split_id = fields.Many2one("group.budget.target.split", required=True, ondelete="cascade")
    centre_id = fields.Many2one("group.budget.centre", required=True)
    weight = fields.Float(default=1.0, required=True)
