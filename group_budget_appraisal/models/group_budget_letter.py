from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..logic import scoring
from .group_budget_scorecard import in_message_lang


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
    weight_breach = fields.Text(
        string="Weight Rules Broken",
        compute="_compute_weight_totals",
        help="The weight rules the letter breaks, with the KPI lines concerned: it is not "
        "sent before they are corrected.",
    )

    @api.depends(
        "kpi_line_ids.weight",
        "kpi_line_ids.item_id.item_type",
        "kpi_line_ids.item_id.is_core",
        "task_line_ids.weight",
    )
    @api.depends_context("lang")
    def _compute_weight_totals(self):
        for letter in self:
            totals = letter._weight_totals()
            letter.weight_total = totals["all"]
            letter.weight_financial = totals["financial"]
            letter.weight_non_financial = totals["non_financial"]
            letter.weight_gs = totals["gs"]
            letter.weight_breach = "\n".join(letter._weight_breaches()) or False

    def _appraisal_weights(self):
        self.ensure_one()
        kpis = [
            scoring.KpiWeight(
                kpi.weight, kpi.item_id.item_type == "financial", bool(kpi.item_id.is_core), kpi
            )
            for kpi in self.kpi_line_ids
        ]
        return kpis, self.task_line_ids.mapped("weight")

    def _weight_totals(self):
        return scoring.weight_totals(*self._appraisal_weights())

    def _weight_breaches(self):
        """The weight rules this letter breaks, in the language of
        ``self.env``: a sentence each, naming the totals and the KPI lines
        concerned (their item and weight). Empty when it may be sent."""
        self.ensure_one()
        kpis, tasks = self._appraisal_weights()
        texts = []
        for rule, totals in scoring.weight_breaches(kpis, tasks):
            text = self._weight_breach_message(rule, totals)
            lines = scoring.breach_keys(rule, kpis)
            if lines:
                text = _(
                    "%(breach)s KPI lines concerned: %(lines)s.",
                    breach=text,
                    lines="; ".join(
                        f"{kpi.item_id.display_name} ({round(kpi.weight, scoring.WEIGHT_DIGITS)} %)"
                        for kpi in lines
                    ),
                )
            texts.append(text)
        return texts

    def _check_appraisal_weights(self):
        """Refuse weights that break the manual's rules, naming the totals
        and the KPI lines concerned."""
        for letter in self:
            breaches = letter._weight_breaches()
            if breaches:
                raise ValidationError(
                    _(
                        "The weights of %(letter)s do not follow the appraisal rules "
                        "(manual §九 6):\n%(breaches)s",
                        letter=letter.display_name,
                        breaches="\n".join(f"- {breach}" for breach in breaches),
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

    def _supersede(self):
        """The version an adjustment brings says what the signed one said
        (its weights among it), and stays a draft until the Budget Office
        sends it: when those weights break the rules, it says so, naming the
        lines, and sending refuses it until they are corrected."""
        new_letters = super()._supersede()
        for letter in new_letters:
            letter._note_weight_breaches(
                lambda local: local.env._(
                    "This version keeps the weights of the one it replaces, which break the "
                    "appraisal rules (manual §九 6): it stays a draft, and is sent once the "
                    "Budget Office has corrected them."
                )
            )
        return new_letters

    def _note_weight_breaches(self, intro):
        """Post ``intro(local)`` and the broken weight rules on the letter,
        ``local`` being the letter in the language of the message; nothing
        when its weights follow the rules."""
        self.ensure_one()
        local = in_message_lang(self)
        breaches = local._weight_breaches()
        if breaches:
            local.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (intro(local), Markup().join(Markup("<li>%s</li>") % b for b in breaches))
            )
        return bool(breaches)

    @api.model
    def _draft_unsendable_letters(self):
        """Letters sent before the appraisal add-on was installed were sent
        without its weight rules: those that break them return to draft
        (their signatures, if any, are cleared), with a note naming the
        lines, so that nobody signs weights the appraisal cannot use."""
        letters = self.sudo().search([("state", "=", "sent")])
        unsendable = letters.filtered(lambda letter: letter._weight_breaches())
        if not unsendable:
            return unsendable
        unsendable._return_to_draft()
        for letter in unsendable:
            letter._note_weight_breaches(
                lambda local: local.env._(
                    "Returned to draft: the weights of this letter break the appraisal rules "
                    "(manual §九 6), and a letter is sent only when they follow them."
                )
            )
        return unsendable


class GroupBudgetLetterKpi(models.Model):
    _inherit = "group.budget.letter.kpi"

    weight = fields.Float(string="Weight (%)", help="Percentage of the appraisal score.")


class GroupBudgetLetterTask(models.Model):
    _inherit = "group.budget.letter.task"

    weight = fields.Float(string="Weight (%)", help="Percentage of the appraisal score.")
