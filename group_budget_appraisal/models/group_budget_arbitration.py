from odoo import api, fields, models


class GroupBudgetArbitration(models.Model):
    """A scorecard may be disputed (a difference over an appraisal, manual
    §八 3.1): a ruling on it opens a corrected scorecard, and who decided it
    (else who reviewed it) is the author of the disputed decision."""

    _inherit = "group.budget.arbitration"

    disputed_ref = fields.Reference(
        selection_add=[("group.budget.scorecard", "Scorecard")],
        ondelete={"group.budget.scorecard": "set null"},
        help="The target, budget, letter, addition, adjustment or scorecard in dispute.",
    )

    @api.model
    def _decider_fields(self):
        # The Committee member who decided a scorecard, else who reviewed it.
        return ("decided_by_id", "reviewed_by_id", *super()._decider_fields())

    @api.model
    def _corrective_models(self):
        # A ruling on a scorecard opens a corrected scorecard.
        return {**super()._corrective_models(), "group.budget.scorecard": "group.budget.scorecard"}
