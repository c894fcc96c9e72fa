from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..logic import scoring

#: Fields the Budget Committee alone sets: exceptions (manual §九 2 (4)).
COMMITTEE_FIELDS = ("excepted", "exception_reason")
#: Fields that come from the letter and the period, set at generation.
SOURCE_FIELDS = ("scorecard_id", "kind", "item_id", "weight")


class GroupBudgetScorecardLine(models.Model):
    """A line of a scorecard: a KPI, a work task (GS) or a veto item."""

    _name = "group.budget.scorecard.line"
    _description = "Scorecard Line"
    _inherit = ["group.budget.input.mixin", "group.budget.figure.mixin"]
    _order = "scorecard_id, sequence, id"
    _check_company_auto = True

    scorecard_id = fields.Many2one(
        "group.budget.scorecard", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="scorecard_id.company_id", store=True, index=True)
    centre_id = fields.Many2one(related="scorecard_id.centre_id", store=True, index=True)
    state = fields.Selection(related="scorecard_id.state")
    sequence = fields.Integer(default=10, aggregator=None)
    kind = fields.Selection(
        [("kpi", "KPI"), ("gs", "Work Task (GS)"), ("veto", "Veto Item")],
        required=True,
        default="kpi",
    )
    name = fields.Char(string="Description", required=True)
    measure = fields.Char(help="How a work task's completion is measured.")
    item_id = fields.Many2one("group.budget.item", string="Budget Item", check_company=True)
    item_type = fields.Selection(related="item_id.item_type")
    is_core = fields.Boolean(related="item_id.is_core")
    direction = fields.Selection(
        selection="_selection_direction",
        compute="_compute_direction",
        store=True,
        help="Higher is better for revenue and profit; lower is better for costs and expenses.",
    )
    uom_label = fields.Char(related="item_id.uom_label")
    actual_source = fields.Selection(
        [("ledger", "Ledger"), ("manual", "Entered")],
        compute="_compute_actual_source",
        store=True,
        help="Financial amounts come from the budget ledger; other indicators are entered.",
    )
    weight = fields.Float(string="Weight (%)")
    target = fields.Float(digits="Account")
    actual = fields.Float(digits="Account")
    cap = fields.Float(
        string="Cap (points)",
        help="Highest score of the line, e.g. 120; empty for no cap.",
    )
    score = fields.Float(
        compute="_compute_score",
        store=True,
        readonly=False,
        digits=(16, 2),
        help="KPI: completion × 100 (actual ÷ target, or target ÷ actual where lower is "
        "better). Work task: the evaluator's score, 0 to 100.",
    )
    comment = fields.Text()
    occurred = fields.Boolean(help="The veto item occurred: the score is 0 (一票否决).")
    excepted = fields.Boolean(
        string="Exception",
        help="Taken out by the Budget Committee (manual §九 2 (4)): its weight goes to the "
        "other lines in proportion.",
    )
    exception_reason = fields.Text()
    weight_effective = fields.Float(
        string="Weight after Exceptions (%)", compute="_compute_weighted", digits=(16, 2)
    )
    weighted_score = fields.Float(compute="_compute_weighted", digits=(16, 4))

    @api.depends("kind", "name", "item_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """A KPI reads as its budget item, in the reader's language; a work
        task and a veto item as the letter wrote them."""
        for line in self:
            line.display_name = (
                line.item_id.name if line.kind == "kpi" and line.item_id else line.name
            )

    @api.model
    def _selection_direction(self):
        return self.env["group.budget.item"]._fields["direction"]._description_selection(self.env)

    def _is_decided(self):
        """A decided scorecard keeps its figures: what the lines score and
        why (direction, weight, target, actual) stay as they were decided,
        whatever later happens to the budget item (manual §九 7: the
        decided results set pay)."""
        self.ensure_one()
        return self.scorecard_id.state == "decided"

    @api.depends("item_id.direction")
    def _compute_direction(self):
        for line in self:
            if line.id and line._is_decided():
                # Stored when decided: the item's direction may change since.
                line.direction = line.direction
            else:
                line.direction = line.item_id.direction

    @api.depends("kind", "item_id.item_type", "item_id.aggregation")
    def _compute_actual_source(self):
        for line in self:
            line.actual_source = (
                "ledger"
                if line.kind == "kpi"
                and line.item_id.item_type == "financial"
                and line.item_id.aggregation == "sum"
                else "manual"
            )

    @api.depends("kind", "target", "actual", "cap", "direction")
    def _compute_score(self):
        for line in self:
            if line.id and line._is_decided():
                # The score as decided: nothing recomputes it.
                line.score = line.score
            elif line.kind == "kpi":
                # Shown with two decimals; the scorecard counts the exact one.
                line.score = scoring.rounded(line._exact_score(), 2)
            elif line.kind == "veto":
                line.score = 0.0
            else:
                line.score = line.score or 0.0

    def _exact_score(self):
        """The line's score as the engine counts it, exact: a KPI's from its
        target and actual (``score`` shows it with two decimals: 60.001
        reads 60.00), a work task's as the evaluator gave it."""
        self.ensure_one()
        if self.kind == "kpi":
            return scoring.exact_kpi_score(
                self.target,
                self.actual,
                self.direction or "higher_better",
                self.cap / 100 if self.cap > 0 else None,
            )
        if self.kind == "veto":
            return 0
        return scoring.exact(self.score)

    @api.depends(
        "scorecard_id.line_ids.weight",
        "scorecard_id.line_ids.score",
        "scorecard_id.line_ids.target",
        "scorecard_id.line_ids.actual",
        "scorecard_id.line_ids.cap",
        "scorecard_id.line_ids.direction",
        "scorecard_id.line_ids.excepted",
    )
    def _compute_weighted(self):
        results = {}
        for line in self:
            card = line.scorecard_id
            if not card or not line.id or line.kind == "veto":
                line.weight_effective = line.weighted_score = 0.0
                continue
            if card.id not in results:
                results[card.id] = card._engine_result()
            result = results[card.id]
            line.weight_effective = result.weights.get(line.id, 0.0)
            line.weighted_score = result.weighted.get(line.id, 0.0)

    @api.constrains("score", "kind")
    def _check_gs_score(self):
        for line in self.filtered(lambda line: line.kind == "gs"):
            try:
                scoring.check_gs_score(line.score)
            except scoring.ScoringError as error:
                raise ValidationError(
                    _(
                        "The score of the work task %(task)s must lie between 0 and 100, "
                        "not %(score)s.",
                        task=line.name,
                        score=line.score,
                    )
                ) from error

    @api.constrains("excepted", "exception_reason")
    def _check_exception_reason(self):
        for line in self:
            if line.excepted and not (line.exception_reason or "").strip():
                raise ValidationError(
                    _(
                        "Give the reason for the exception on %(line)s (for example a market "
                        "change or a major disaster).",
                        line=line.name,
                    )
                )
            if line.excepted and line.kind == "veto":
                raise ValidationError(
                    _("A veto item cannot be an exception: %(line)s.", line=line.name)
                )

    @api.constrains("cap")
    def _check_cap(self):
        for line in self:
            if line.cap < 0:
                raise ValidationError(_("The cap of %(line)s cannot be negative.", line=line.name))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.scorecard_id._check_not_decided()
        if not self.env.su and any(vals.get("excepted") for vals in vals_list):
            lines.scorecard_id._check_role("group_budget.group_budget_committee")
        return lines

    def write(self, vals):
        cards = self.scorecard_id
        if vals.get("scorecard_id"):
            cards |= cards.browse(vals["scorecard_id"])
        cards._check_not_decided()
        # Direction, source and the other computed fields follow from the
        # item and the scorecard (the score of a work task is given by hand).
        cards._check_not_computed(vals, self)
        if not self.env.su:
            if set(COMMITTEE_FIELDS) & set(vals):
                self.scorecard_id._check_role("group_budget.group_budget_committee")
            source = [name for name in SOURCE_FIELDS if name in vals]
            if source:
                raise AccessError(
                    _(
                        "%(field)s of a scorecard line comes from the responsibility letter: "
                        "it cannot be changed.",
                        field=self._fields[source[0]]._description_string(self.env),
                    )
                )
            if "actual" in vals and any(line.actual_source == "ledger" for line in self):
                raise ValidationError(
                    _(
                        "The actual of %(line)s comes from the budget ledger: it cannot be "
                        "entered.",
                        line=self.filtered(lambda line: line.actual_source == "ledger")[0].name,
                    )
                )
            if "score" in vals and any(line.kind != "gs" for line in self):
                raise ValidationError(
                    _("Only work tasks are scored by hand; KPI scores follow from the actuals.")
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        self.scorecard_id._check_not_decided()
