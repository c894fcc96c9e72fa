from odoo import _, _lt, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ...logic import warning_rules

HORIZONS = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]
DIRECTIONS = [
    ("lower_better", "Costs: consumption of the budget"),
    ("higher_better", "Revenue: completion of the budget to date"),
]
# The names of the default standards, per horizon and direction: written in
# English with a translation in every active language, so that each reader
# reads them in their own.
DEFAULT_NAMES = {
    ("month", "lower_better"): _lt("Monthly costs"),
    ("month", "higher_better"): _lt("Monthly revenue"),
    ("quarter", "lower_better"): _lt("Quarterly costs"),
    ("quarter", "higher_better"): _lt("Quarterly revenue"),
    ("year", "lower_better"): _lt("Yearly costs"),
    ("year", "higher_better"): _lt("Yearly revenue"),
}


class GroupBudgetWarningRule(models.Model):
    """A warning standard (预警标准, manual §五 4.5), set by the Budget Office
    per company: which items and centres, which horizon, and the thresholds
    of its two levels."""

    _name = "group.budget.warning.rule"
    _description = "Warning Standard"
    _inherit = ["group.budget.input.mixin"]
    _order = "sequence, horizon, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    horizon = fields.Selection(HORIZONS, required=True, default="month")
    direction = fields.Selection(
        DIRECTIONS,
        string="Measure",
        required=True,
        default="lower_better",
        help="Costs (lower is better) are measured by the consumption of the "
        "period's budget; revenue and volumes (higher is better) by the "
        "completion of the budget to date.",
    )
    item_scope = fields.Selection(
        [
            ("all", "All items"),
            ("category", "Items of a category"),
            ("control_mode", "Items under a control mode"),
            ("code", "Chosen items"),
        ],
        string="Items",
        required=True,
        default="all",
    )
    category = fields.Selection(
        [
            ("scale", "Scale"),
            ("profitability", "Profitability"),
            ("sustainability", "Sustainability"),
            ("operations", "Operations"),
        ]
    )
    control_mode = fields.Selection(
        [("rigid", "Rigid control"), ("flexible", "Flexible control"), ("none", "No control")]
    )
    item_ids = fields.Many2many(
        "group.budget.item",
        "group_budget_warning_rule_item_rel",
        "rule_id",
        "item_id",
        string="Budget Items",
        check_company=True,
    )
    centre_scope = fields.Selection(
        [
            ("all", "All centres"),
            ("type", "Centres of a type"),
            ("subtree", "A centre and its descendants"),
        ],
        string="Centres",
        required=True,
        default="all",
    )
    centre_type = fields.Selection(
        [
            ("investment", "Investment centre"),
            ("profit", "Profit centre"),
            ("cost", "Cost centre"),
            ("expense", "Expense centre"),
        ]
    )
    centre_id = fields.Many2one("group.budget.centre", check_company=True)
    attention_threshold = fields.Float(
        string="Attention (%)",
        required=True,
        default=80.0,
        help="Costs: consumption at or above this percentage. Revenue: completion below it.",
    )
    serious_threshold = fields.Float(
        string="Serious (%)",
        required=True,
        default=100.0,
        help="Costs: consumption at or above this percentage. Revenue: completion below it.",
    )

    def _rule_dict(self):
        return {
            "id": self.id,
            "direction": self.direction,
            "item_scope": self.item_scope,
            "category": self.category,
            "control_mode": self.control_mode,
            # Read only when the scope needs them (the cron reads every rule).
            "item_ids": set(self.item_ids.ids) if self.item_scope == "code" else set(),
            "centre_scope": self.centre_scope,
            "centre_type": self.centre_type,
            "centre_path": self.centre_id.parent_path if self.centre_scope == "subtree" else False,
            "horizon": self.horizon,
            "attention": self.attention_threshold,
            "serious": self.serious_threshold,
        }

    @api.constrains(
        "direction",
        "attention_threshold",
        "serious_threshold",
        "item_scope",
        "category",
        "control_mode",
        "item_ids",
        "centre_scope",
        "centre_type",
        "centre_id",
    )
    def _check_rule(self):
        for rule in self:
            try:
                warning_rules.check_thresholds(
                    rule.direction, rule.attention_threshold, rule.serious_threshold
                )
            except warning_rules.WarningRuleError as error:
                if error.code == "range":
                    raise ValidationError(
                        _(
                            "Warning standard %(rule)s: the thresholds must lie between "
                            "0 %% and 1000 %%.",
                            rule=rule.name,
                        )
                    ) from error
                if rule.direction == "lower_better":
                    raise ValidationError(
                        _(
                            "Warning standard %(rule)s: for costs the serious level must "
                            "be at or above the attention level.",
                            rule=rule.name,
                        )
                    ) from error
                raise ValidationError(
                    _(
                        "Warning standard %(rule)s: for revenue the serious level must "
                        "be at or below the attention level.",
                        rule=rule.name,
                    )
                ) from error
            data = rule._rule_dict()
            data["centre_path"] = rule.centre_id.id and (rule.centre_id.parent_path or "x")
            if warning_rules.scope_is_empty(data):
                raise ValidationError(
                    _(
                        "Warning standard %(rule)s has an empty scope: choose the "
                        "category, control mode, items, centre type or centre its "
                        "scope names.",
                        rule=rule.name,
                    )
                )

    @api.model
    def _create_default_rules(self, companies):
        """The manual's three horizons, for costs and for revenue, named in
        every active language."""
        with_rules = set(
            self.with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .company_id.ids
        )
        rules = self.with_context(lang="en_US").create(
            [
                {
                    "name": DEFAULT_NAMES[horizon, direction]._translate("en_US"),
                    "company_id": company.id,
                    "horizon": horizon,
                    "direction": direction,
                    "attention_threshold": attention,
                    "serious_threshold": serious,
                }
                for company in companies
                if company.id not in with_rules
                for horizon, direction, attention, serious in warning_rules.DEFAULT_RULES
            ]
        )
        if rules:
            rules._translate_default_names()
        return rules

    def _translate_default_names(self, langs=None):
        """Give the default standards among ``self`` (all of them when empty)
        the translation of their name in ``langs`` (every active language
        but English when none), where they have none yet: a name someone
        translated or changed stays as it is. Run when the standards are
        created and when the suite's translations are loaded, so that a
        language installed later reads them too."""
        sources = {name._translate("en_US"): name for name in DEFAULT_NAMES.values()}
        langs = [
            code
            for code in (langs or [code for code, _name in self.env["res.lang"].get_installed()])
            if code != "en_US"
        ]
        rules = self or self.with_context(active_test=False).search([])
        if not langs or not rules:
            return
        rules.flush_model(["name"])
        self.env.cr.execute(
            SQL("SELECT id, name FROM group_budget_warning_rule WHERE id = ANY(%s)", rules.ids)
        )
        for rule_id, name in self.env.cr.fetchall():
            name = name or {}
            english = name.get("en_US")
            source = sources.get(english)
            if not source:
                continue
            translated = {code: source._translate(code) for code in langs if not name.get(code)}
            missing = {code: text for code, text in translated.items() if text != english}
            if missing:
                self.browse(rule_id).update_field_translations("name", missing)

    @api.model
    def _create_default_rules_all(self):
        """At installation: the default rules of every existing company."""
        self._create_default_rules(self.env["res.company"].sudo().search([]))
