import contextlib

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ...logic import item_rules
from . import unique_codes

# A range of one code, so that a GiST exclusion constraint compares codes
# with ``=`` while it compares companies with ``&&``.
CODE_RANGE_TYPE = "group_budget_code_range"


class GroupBudgetItem(models.Model):
    _name = "group.budget.item"
    _description = "Budget Item"
    _inherit = ["mail.thread", "group.budget.input.mixin"]
    _order = "sequence, code, id"
    _rec_names_search = ["name", "code"]
    # No two items that a company uses share a code, in the database: a
    # company's items among themselves, and a group-wide item (no company,
    # whose company range is unbounded) with any other. Codes compare without
    # case or surrounding blanks.
    _sql_constraints = [
        (
            "code_scope_unique",
            f"""EXCLUDE USING gist (
                {CODE_RANGE_TYPE}(upper(btrim(code)), upper(btrim(code)), '[]') WITH =,
                int4range(company_id, company_id, '[]') WITH &&
            )""",
            (
                "The code of a budget item is already used by another item of its "
                "company or by a group-wide item."
            ),
        )
    ]

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, index=True, tracking=True)
    sequence = fields.Integer(default=10, aggregator=None)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty for an item that every company of the group uses.",
    )
    item_type = fields.Selection(
        [("financial", "Financial"), ("non_financial", "Non-financial")],
        required=True,
        default="financial",
        tracking=True,
    )
    category = fields.Selection(
        [
            ("scale", "Scale"),
            ("profitability", "Profitability"),
            ("sustainability", "Sustainability"),
            ("operations", "Operations"),
        ],
        required=True,
        tracking=True,
        help="Scale: growth (volumes, revenue). Profitability: current "
        "earnings. Sustainability: future earning power. Operations: "
        "management capability (manual §三 4.1).",
    )
    is_core = fields.Boolean(
        string="Core Indicator",
        tracking=True,
        help="Core indicators are the ones the group sets and appraises; "
        "the others are general indicators (manual §三 4.2).",
    )
    direction = fields.Selection(
        [("higher_better", "Higher is better"), ("lower_better", "Lower is better")],
        required=True,
        default="higher_better",
        tracking=True,
        help="Higher is better for revenue and profit; lower is better for costs and expenses.",
    )
    aggregation = fields.Selection(
        [("sum", "Sum"), ("average", "Average"), ("last", "Last value")],
        required=True,
        default="sum",
        tracking=True,
        help="How months and child centres combine: amounts add up, ratios "
        "are averaged or taken at the last period.",
    )
    account_ids = fields.Many2many(
        "account.account",
        "group_budget_item_account_rel",
        "item_id",
        "account_id",
        string="Accounts",
        help="General-ledger accounts whose postings are this item's actuals. "
        "An account feeds at most one item per company.",
    )
    allow_negative = fields.Boolean(
        string="Allow Negative Values",
        help="Targets and budgets of this item may be negative (e.g. a loss).",
    )
    uom_label = fields.Char(
        string="Unit",
        translate=True,
        help="Unit of a non-financial item, e.g. vehicles, %, days.",
    )
    control_mode = fields.Selection(
        [
            ("rigid", "Rigid control"),
            ("flexible", "Flexible control"),
            ("none", "No control"),
        ],
        string="Control",
        required=True,
        default="none",
        tracking=True,
        help="Rigid: postings over budget are refused. Flexible: they pass "
        "with a warning (manual §五 3.3).",
    )
    description = fields.Text()

    @api.depends("code", "name")
    def _compute_display_name(self):
        for item in self:
            item.display_name = f"[{item.code}] {item.name}" if item.code else item.name

    @api.onchange("item_type")
    def _onchange_item_type(self):
        if self.item_type == "non_financial":
            self.account_ids = False

    def _auto_init(self):
        # The exclusion constraint needs the range type of codes. A type of
        # the add-on's own rather than the btree_gist extension: creating a
        # type needs no more rights than creating a table.
        self.env.cr.execute(
            SQL(
                """
                DO $$ BEGIN
                    IF to_regtype(%(name)s) IS NULL THEN
                        CREATE TYPE %(type)s AS RANGE (subtype = text, collation = "C");
                    END IF;
                END $$
                """,
                name=CODE_RANGE_TYPE,
                type=SQL.identifier(CODE_RANGE_TYPE),
            )
        )
        return super()._auto_init()

    @api.model_create_multi
    def create(self, vals_list):
        codes = [(vals.get("company_id"), vals.get("code")) for vals in vals_list]
        with self._code_conflicts(codes):
            return super().create(vals_list)

    @api.constrains("code", "company_id")
    def _check_code_unique(self):
        # The database refuses a code used twice; write it now, to name the code.
        with self._code_conflicts([(item.company_id.id, item.code) for item in self]):
            self.flush_recordset(["code", "company_id"])

    def _code_conflicts_on_write(self, vals):
        if not {"code", "company_id"}.intersection(vals):
            return contextlib.nullcontext()
        return self._code_conflicts(
            [
                (vals.get("company_id", item.company_id.id), vals.get("code", item.code))
                for item in self
            ]
        )

    def _code_conflicts(self, codes):
        """Turn the database's refusal of a code an item shares with another
        into a clear message; ``codes`` lists the ``(company_id, code)`` being
        saved."""
        return unique_codes.code_conflicts(
            self,
            f"{self._table}_code_scope_unique",
            lambda: self._code_conflict_error(codes),
        )

    def _code_conflict_error(self, codes):
        taken = unique_codes.codes_in_use(self, [code for _company, code in codes], self.ids)
        clashes = item_rules.find_code_clashes(list(codes) + taken) or [
            (code or "").strip() for _company, code in codes[:1]
        ]
        return ValidationError(
            _("The code %(code)s is already used by another budget item.", code=clashes[0])
        )

    @api.constrains("item_type", "account_ids")
    def _check_accounts_financial(self):
        for item in self:
            if item.item_type == "non_financial" and item.account_ids:
                raise ValidationError(
                    _(
                        "The non-financial item %(item)s cannot have accounts: "
                        "only financial items take their actuals from the "
                        "general ledger.",
                        item=item.display_name,
                    )
                )

    @api.constrains("account_ids", "company_id", "active")
    def _check_account_single_item(self):
        accounts = self.account_ids
        if not accounts:
            return
        others = self.search([("account_ids", "in", accounts.ids)])
        mappings = [
            (item.id, item.company_id.id, account.id)
            for item in others | self.filtered("active")
            for account in item.account_ids & accounts
        ]
        conflicts = item_rules.find_account_conflicts(mappings)
        if conflicts:
            account_id, item_a, item_b = conflicts[0]
            item, other = self.browse(item_a), self.browse(item_b)
            if item not in self:
                item, other = other, item
            raise ValidationError(
                _(
                    "The account %(account)s already feeds the budget item "
                    "%(other)s; it cannot also feed %(item)s in the same "
                    "company.",
                    account=self._account_label(
                        self.env["account.account"].browse(account_id), item.company_id
                    ),
                    other=other.display_name,
                    item=item.display_name,
                )
            )

    def write(self, vals):
        # Changing what counts as the item's actual re-attributes posted
        # journal items: refused while they count for a budget in execution.
        remap = {"account_ids", "direction", "company_id"}.intersection(vals)
        before = {
            item.id: (item.account_ids, item.company_id, item.direction)
            for item in (self if remap else self.browse())
        }
        with self._code_conflicts_on_write(vals):
            res = super().write(vals)
        if remap:
            self.env["group.budget.control"]._check_item_remapping(self, before)
        return res

    @api.model
    def _account_label(self, account, company):
        """Code and name of an account; its code depends on the company."""
        company = company or account.company_ids[:1]
        return f"{account.with_company(company).code} {account.name}"
