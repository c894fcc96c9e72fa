from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..logic import scoring


class GroupBudgetLetter(models.Model):
    """Weights at the source (manual §九 6.1, 6.2): a letter is sent only
    when its KPI and work-task weights, percentages, follow the rules."""

    _inherit = "group.budget.letter"

    weight_total = fields.Float(
        string="Total Weight (%)",
        compute="_compute_weight_totals",
        help="KPI and work-task weights together: exactly 100 % to send the letter.",
    )
    weight_financial = fields.Float(string="Financial KPIs (%)", compute="_compute_weight_totals")
    weight_non_financial = fields.Float(
        string="Non-financial KPIs (%)", compute="_compute_weight_totals"
    )
    weight_gs = fields.Float(string="Work Tasks (%)", compute="_compute_weight_totals")

    @api.depends(
        "kpi_line_ids.weight",
        "kpi_line_ids.item_id.item_type",
        "kpi_line_ids.item_id.is_core",
        "task_line_ids.weight",
    )
    def _compute_weight_totals(self):
        for letter in self:
            totals = letter._weight_totals()
            letter.weight_total = totals["all"]
            letter.weight_financial = totals["financial"]
            letter.weight_non_financial = totals["non_financial"]
            letter.weight_gs = totals["gs"]

    def _appraisal_weights(self):
        self.ensure_one()
        kpis = [
            scoring.KpiWeight(
                kpi.weight, kpi.item_id.item_type == "financial", bool(kpi.item_id.is_core)
            )
            for kpi in self.kpi_line_ids
        ]
        return kpis, self.task_line_ids.mapped("weight")

    def _weight_totals(self):
        return scoring.weight_totals(*self._appraisal_weights())

    def _check_appraisal_weights(self):
        """Refuse weights that break the manual's rules, naming the totals."""
        for letter in self:
            breaches = scoring.weight_breaches(*letter._appraisal_weights())
            if breaches:
                raise ValidationError(
                    _(
                        "The weights of %(letter)s do not follow the appraisal rules "
                        "(manual §九 6):\n%(breaches)s",
                        letter=letter.display_name,
                        breaches="\n".join(
                            f"- {self._weight_breach_message(rule, totals)}"
                            for rule, totals in breaches
                        ),
                    )
                )

    @api.model
    def _weight_breach_message(self, rule, totals):
        if rule == "negative":
            return _("a weight is negative.")
        if rule == "total":
            return _(
                "KPI and work-task weights total %(all)s %% (KPIs %(kpi)s %%, work tasks "
                "%(gs)s %%), not exactly 100 %%;",
                **totals,
            )
        if rule == "financial":
            return _(
                "financial KPIs weigh %(financial)s %%, not more than the non-financial "
                "ones (%(non_financial)s %%);",
                **totals,
            )
        if rule == "core_financial":
            return _(
                "core financial KPIs weigh %(financial_core)s %%, not more than the general "
                "ones (%(financial_general)s %%);",
                **totals,
            )
        return _(
            "core non-financial KPIs weigh %(non_financial_core)s %%, not more than the "
            "general ones (%(non_financial_general)s %%);",
            **totals,
        )

    @api.model
    def _prepare_letter_vals(self, target, version=1):
        """Propose KPI weights that follow the rules (financial 70 %, core
        70 % within a class); the Budget Office adjusts them and makes room
        for the work tasks. A new version after an adjustment proposes
        nothing: it keeps the weights the old one was sent with
        (``_prepare_new_version_vals``)."""
        vals = super()._prepare_letter_vals(target, version)
        commands = vals.get("kpi_line_ids", [])
        items = self.env["group.budget.item"].browse(
            [command[2]["item_id"] for command in commands]
        )
        weights = scoring.propose_weights(
            [(item.item_type == "financial", bool(item.is_core)) for item in items]
        )
        for command, weight in zip(commands, weights, strict=True):
            command[2]["weight"] = weight
        return vals

    def action_send(self):
        self._check_appraisal_weights()
        return super().action_send()


class GroupBudgetLetterKpi(models.Model):
    _inherit = "group.budget.letter.kpi"

    weight = fields.Float(string="Weight (%)", help="Percentage of the appraisal score.")


class GroupBudgetLetterTask(models.Model):
    _inherit = "group.budget.letter.task"

    weight = fields.Float(string="Weight (%)", help="Percentage of the appraisal score.")
