from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ...amount_field import Amount
from ...logic import budget_rules


class GroupBudgetVersion(models.Model):
    """An immutable snapshot of a budget, stored at each approval, addition
    and adjustment."""

    _name = "group.budget.version"
    _description = "Budget Version"
    _inherit = ["group.budget.input.mixin"]
    _order = "budget_id, number desc"
    _check_company_auto = True
    # The stored name is written once, in the creator's language; the
    # display name follows the reader's, and a search by name also finds
    # the budget's centre in any language.
    _rec_names_search = ["name", "budget_id"]

    name = fields.Char(compute="_compute_name", store=True)
    budget_id = fields.Many2one(
        "group.budget", required=True, index=True, ondelete="cascade", check_company=True
    )
    centre_id = fields.Many2one(related="budget_id.centre_id", store=True)
    period_id = fields.Many2one(related="budget_id.period_id", store=True)
    company_id = fields.Many2one(related="budget_id.company_id", store=True, index=True)
    number = fields.Integer(required=True, aggregator=None)
    kind = fields.Selection(
        [("approval", "Approval"), ("addition", "Addition"), ("adjustment", "Adjustment")],
        required=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    approver_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    line_ids = fields.One2many("group.budget.version.line", "version_id", string="Lines")

    @api.depends("budget_id.name", "number")
    def _compute_name(self):
        for version in self:
            version.name = f"{version.budget_id.name} v{version.number}"

    @api.depends("budget_id.display_name", "number")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for version in self:
            if not version.budget_id:
                version.display_name = version.name or ""
                continue
            version.display_name = self.env._(
                "%(budget)s v%(number)s",
                budget=version.budget_id.display_name,
                number=version.number,
            )

    @api.model
    def _create_snapshots(self, budgets, kind):
        """One new version per budget, numbered after the last, with a copy of
        its lines. Batched."""
        last = dict(
            self._read_group([("budget_id", "in", budgets.ids)], ["budget_id"], ["number:max"])
        )
        return self.sudo().create(
            [
                {
                    "budget_id": budget.id,
                    "number": (last.get(budget) or 0) + 1,
                    "kind": kind,
                    "approver_id": self.env.uid,
                    "line_ids": [
                        fields.Command.create(
                            {
                                "item_id": line.item_id.id,
                                "part": line.part,
                                **line._months_vals(line._months()),
                            }
                        )
                        for line in budget.line_ids
                    ],
                }
                for budget in budgets
            ]
        )

    def write(self, vals):
        if vals:
            raise UserError(_("A budget version is a record of the past: it cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("A budget version is a record of the past: it cannot be deleted."))

    def _snapshot(self):
        self.ensure_one()
        return {(line.item_id.id,): line.total for line in self.line_ids}


class GroupBudgetVersionLine(models.Model):
    _name = "group.budget.version.line"
    _description = "Budget Version Line"
    _inherit = ["group.budget.months.mixin", "group.budget.input.mixin"]
    _order = "version_id, id"
    _check_company_auto = True

    version_id = fields.Many2one(
        "group.budget.version", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="version_id.company_id", store=True)
    item_id = fields.Many2one(
        "group.budget.item", string="Budget Item", required=True, check_company=True
    )
    part = fields.Char(string="Budget Part")
    total = Amount(compute="_compute_total", store=True, digits="Account")

    def write(self, vals):
        if vals:
            raise UserError(_("A budget version is a record of the past: it cannot be changed."))
        return super().write(vals)


class GroupBudgetVersionCompare(models.TransientModel):
    _name = "group.budget.version.compare"
    _description = "Compare Budget Versions"
    _inherit = ["group.budget.input.mixin"]

    version_a_id = fields.Many2one("group.budget.version", string="From Version", required=True)
    version_b_id = fields.Many2one("group.budget.version", string="To Version", required=True)
    line_ids = fields.One2many("group.budget.version.compare.line", "compare_id")

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard._compute_lines()
        return wizards

    def _compute_lines(self):
        self.ensure_one()
        diffs = budget_rules.compare(self.version_a_id._snapshot(), self.version_b_id._snapshot())
        self.line_ids = [
            fields.Command.create(
                {"item_id": key[0], "value_a": old, "value_b": new, "difference": diff}
            )
            for key, old, new, diff in diffs
        ]


class GroupBudgetVersionCompareLine(models.TransientModel):
    _name = "group.budget.version.compare.line"
    _description = "Budget Version Difference"
    _inherit = ["group.budget.input.mixin"]

    compare_id = fields.Many2one("group.budget.version.compare", required=True, ondelete="cascade")
    item_id = fields.Many2one("group.budget.item", string="Budget Item")
    value_a = fields.Float(string="From", digits="Account")
    value_b = fields.Float(string="To", digits="Account")
    difference = fields.Float(digits="Account")
