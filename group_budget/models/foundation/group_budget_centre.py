import contextlib

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ...logic import centre_rules
from . import unique_codes

CENTRE_TYPES = [
    ("investment", "Investment centre"),
    ("profit", "Profit centre"),
    ("cost", "Cost centre"),
    ("expense", "Expense centre"),
]

# Fields that shape the hierarchy and who answers for it: only the Budget
# Office changes them; budget officers may edit the rest of their centres.
STRUCTURE_FIELDS = {
    "code",
    "centre_type",
    "parent_id",
    "company_id",
    "manager_id",
    "officer_ids",
    "analytic_account_id",
    "active",
}
# Fields whose change alters what the record rules let officers see.
RULE_FIELDS = {"parent_id", "manager_id", "officer_ids", "company_id", "active"}


class GroupBudgetCentre(models.Model):
    _name = "group.budget.centre"
    _description = "Responsibility Centre"
    _inherit = ["mail.thread", "group.budget.input.mixin"]
    _parent_store = True
    _parent_name = "parent_id"
    _order = "complete_code, id"
    _rec_names_search = ["name", "code"]
    # Codes are unique per company in the database, compared without case
    # or surrounding blanks: two transactions cannot both create one.
    _sql_constraints = [
        (
            "code_company_unique",
            "EXCLUDE USING btree (company_id WITH =, upper(btrim(code)) WITH =)",
            "The code of a responsibility centre is already used by another centre of its company.",
        )
    ]

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True, index=True)
    complete_code = fields.Char(
        compute="_compute_complete_code",
        store=True,
        recursive=True,
        help="Codes of the centre's ancestors and its own, used for ordering.",
    )
    centre_type = fields.Selection(CENTRE_TYPES, required=True, tracking=True)
    parent_id = fields.Many2one(
        "group.budget.centre",
        string="Parent Centre",
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("group.budget.centre", "parent_id", string="Child Centres")
    child_count = fields.Integer(compute="_compute_child_count")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    manager_id = fields.Many2one(
        "res.users",
        tracking=True,
        help="Answers for the centre's budget and signs its responsibility letter.",
    )
    officer_ids = fields.Many2many(
        "res.users",
        "group_budget_centre_officer_rel",
        "centre_id",
        "user_id",
        string="Budget Officers",
        help="Budget officers who prepare and follow this centre's budget.",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        ondelete="restrict",
        copy=False,
        help="Postings on this analytic account are the centre's actuals. "
        "Left empty, one is created in the 'Responsibility Centres' plan.",
    )
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Text()

    def _responsible_users(self):
        """Who answers for the centres: their managers and budget officers,
        active users only (the to-dos and digests of their warnings, the
        applicants of their arbitrations). Read for all of ``self`` at
        once."""
        centres = self.sudo()
        return (centres.manager_id | centres.officer_ids).filtered("active").with_env(self.env)

    @api.depends("code", "parent_id.complete_code")
    def _compute_complete_code(self):
        for centre in self:
            if centre.parent_id:
                centre.complete_code = f"{centre.parent_id.complete_code}/{centre.code}"
            else:
                centre.complete_code = centre.code

    def _compute_child_count(self):
        counts = dict(
            self.env["group.budget.centre"]._read_group(
                [("parent_id", "in", self.ids)], ["parent_id"], ["__count"]
            )
        )
        for centre in self:
            centre.child_count = counts.get(centre, 0)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for centre in self:
            centre.display_name = f"[{centre.code}] {centre.name}" if centre.code else centre.name

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("code", "company_id")
    def _check_code_unique(self):
        # The database refuses a code used twice; write it now, to name the code.
        with self._code_conflicts([(centre.company_id.id, centre.code) for centre in self]):
            self.flush_recordset(["code", "company_id"])

    def _code_conflicts_on_write(self, vals):
        if not {"code", "company_id"}.intersection(vals):
            return contextlib.nullcontext()
        return self._code_conflicts(
            [
                (vals.get("company_id", centre.company_id.id), vals.get("code", centre.code))
                for centre in self
            ]
        )

    def _code_conflicts(self, codes):
        """Turn the database's refusal of a code used twice in a company
        into a clear message; ``codes`` lists the ``(company_id, code)`` being
        saved."""
        return unique_codes.code_conflicts(
            self,
            f"{self._table}_code_company_unique",
            lambda: self._code_conflict_error(codes),
        )

    def _code_conflict_error(self, codes):
        taken = unique_codes.codes_in_use(self, [code for _company, code in codes], self.ids)
        duplicates = centre_rules.find_duplicate_codes(list(codes) + taken) or [
            (company_id, (code or "").strip()) for company_id, code in codes[:1]
        ]
        company_id, code = duplicates[0]
        return ValidationError(
            _(
                "The code %(code)s is already used by another "
                "responsibility centre of %(company)s.",
                code=code,
                company=self.env["res.company"].browse(company_id).name,
            )
        )

    def _check_no_cycle_before_move(self, new_parent):
        """Refuse a move under the centre itself or one of its descendants,
        before the hierarchy's paths are rewritten."""
        looping = self.filtered(
            lambda c: centre_rules.would_create_cycle(c.parent_path, new_parent.parent_path)
        )
        if looping:
            raise ValidationError(
                _(
                    "%(centre)s cannot move under %(parent)s: a responsibility centre "
                    "cannot be its own ancestor, the hierarchy would form a cycle.",
                    centre=looping[0].display_name,
                    parent=new_parent.display_name,
                )
            )

    @api.constrains("parent_id")
    def _check_no_cycle(self):
        if self._has_cycle():
            raise ValidationError(
                _(
                    "A responsibility centre cannot be its own ancestor: "
                    "%(centres)s would form a cycle.",
                    centres=", ".join(self.mapped("display_name")),
                )
            )

    @api.constrains("parent_id", "centre_type")
    def _check_type_rank(self):
        # Check the centres themselves against their parents, and their
        # children against them.
        pairs = [
            (centre, centre.centre_type, centre.parent_id.centre_type)
            for centre in self
            if centre.parent_id
        ]
        pairs += [
            (child, child.centre_type, centre.centre_type)
            for centre in self
            for child in centre.child_ids
        ]
        violations = centre_rules.find_rank_violations(pairs)
        if violations:
            child, child_type, parent_type = violations[0]
            types = dict(self._fields["centre_type"]._description_selection(self.env))
            raise ValidationError(
                _(
                    "%(child)s is an %(child_type)s and may not sit under "
                    "%(parent)s, an %(parent_type)s: a child centre may not "
                    "rank above its parent (investment > profit > cost / "
                    "expense).",
                    child=child.display_name,
                    child_type=types[child_type],
                    parent=child.parent_id.display_name,
                    parent_type=types[parent_type],
                )
            )

    @api.constrains("analytic_account_id", "company_id")
    def _check_analytic_company(self):
        for centre in self:
            account = centre.analytic_account_id
            if account.company_id and account.company_id != centre.company_id:
                raise ValidationError(
                    _(
                        "The analytic account %(account)s belongs to "
                        "%(account_company)s, not to %(company)s of the "
                        "centre %(centre)s.",
                        account=account.display_name,
                        account_company=account.company_id.name,
                        company=centre.company_id.name,
                        centre=centre.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._check_structure_access()
        self._prepare_analytic_accounts(vals_list)
        codes = [
            (vals.get("company_id") or self.env.company.id, vals.get("code")) for vals in vals_list
        ]
        with self._code_conflicts(codes):
            centres = super().create(vals_list)
        self.env.registry.clear_cache()
        return centres

    def write(self, vals):
        if STRUCTURE_FIELDS.intersection(vals):
            self._check_structure_access(vals)
        if vals.get("parent_id"):
            self._check_no_cycle_before_move(self.browse(vals["parent_id"]))
        # Changing the analytic account re-attributes posted journal items:
        # refused while they count for a budget in execution.
        remap = {"analytic_account_id", "company_id"}.intersection(vals)
        before = {
            centre.id: (centre.analytic_account_id, centre.company_id)
            for centre in (self if remap else self.browse())
        }
        with self._code_conflicts_on_write(vals):
            res = super().write(vals)
        if remap:
            self.env["group.budget.control"]._check_centre_remapping(self, before)
        if RULE_FIELDS.intersection(vals):
            # The officers' record rule depends on these fields.
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        self._check_structure_access()
        # Its letters would go with it: not the signed ones.
        self.env["group.budget.letter"].sudo().search(
            [("centre_id", "in", self.ids)]
        )._unlink_except_signed()
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    def _check_structure_access(self, vals=None):
        """Only the Budget Office changes the centre structure."""
        if self.env.su or self.env.user.has_group("group_budget.group_budget_office"):
            return
        if vals is None:
            raise AccessError(
                _("Only the Budget Office may create or delete responsibility centres.")
            )
        labels = sorted(
            self._fields[name]._description_string(self.env)
            for name in STRUCTURE_FIELDS.intersection(vals)
        )
        raise AccessError(
            _(
                "Only the Budget Office may change these fields of a responsibility "
                "centre: %(fields)s.",
                fields=", ".join(labels),
            )
        )

    @api.model
    def _prepare_analytic_account_vals(self, vals):
        company_id = vals.get("company_id") or self.env.company.id
        plan = self.env.ref("group_budget.analytic_plan_centres")
        return {
            "name": vals.get("name"),
            "code": vals.get("code"),
            "plan_id": plan.id,
            "company_id": company_id,
        }

    @api.model
    def _prepare_analytic_accounts(self, vals_list):
        """Create, in one batch, the analytic accounts of the centres that
        name none, and set them in ``vals_list``."""
        missing = [vals for vals in vals_list if not vals.get("analytic_account_id")]
        if not missing:
            return
        accounts = (
            self.env["account.analytic.account"]
            .sudo()
            .create([self._prepare_analytic_account_vals(vals) for vals in missing])
        )
        for vals, account in zip(missing, accounts, strict=True):
            vals["analytic_account_id"] = account.id

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_children(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_budget.group_budget_centre_action"
        )
        action["domain"] = [("parent_id", "=", self.id)]
        action["context"] = {
            "default_parent_id": self.id,
            "default_company_id": self.company_id.id,
        }
        action["display_name"] = _("Child centres of %s", self.display_name)
        return action
