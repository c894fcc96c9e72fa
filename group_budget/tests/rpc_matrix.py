"""Role isolation, proven per model over JSON-RPC and real HTTP.

Every model of the suite × every role × read / write / create / unlink / each
action button. Each cell is one call to ``/web/dataset/call_kw``, run in a
savepoint that is rolled back afterwards, so that cells do not depend on each
other. The records come from :meth:`GroupBudgetCase._setup_matrix`:

* ``own``: the officer's centre (the subsidiary, "centre A") or, for models
  without a centre, company A's record;
* ``other``: the sibling centre ("centre B") of the same company;
* ``foreign``: company B's record, called with company A only allowed
  (``allowed_company_ids``, as the web client sends it);
* wizards: a wizard another user created.

An add-on that adds models runs its own matrix with this machinery: a
subclass of :class:`RpcMatrixCase` with its ``MATRIX_MODULES``, its
``EXPECTED`` rows and its ``_cells``.

Outcomes, one character per role in ``ROLES`` order:
``+`` allowed; ``-`` refused with an access error (AccessError);
``!`` refused by a business rule (UserError), for everyone alike.
"""

import logging

from odoo import Command

from .common import GroupBudgetCase
from .json_rpc import JsonRpcCase

_logger = logging.getLogger(__name__)

ROLES = ("plain", "accountant", "officer", "office", "committee")

NONE = "-----"
BUDGET_ROLES = "--+++"  # every budget role, no one else
OFFICE = "---++"  # the Budget Office and the Committee

# Plain documents of a centre: the officer reads and writes their own centre's.
_CENTRE_DOCUMENT = {
    "read": BUDGET_ROLES,
    "read_other": OFFICE,
    "read_foreign": NONE,
    "write": BUDGET_ROLES,
    "write_other": OFFICE,
    "create": OFFICE,
    "unlink": OFFICE,
    "unlink_other": OFFICE,
}
# Lines of a document the officer reads but only the Budget Office edits.
_OFFICE_LINES = dict(_CENTRE_DOCUMENT, write=OFFICE)
# Records of the past or computed ones: read only, for every budget role.
_READ_ONLY = {
    "read": BUDGET_ROLES,
    "read_other": OFFICE,
    "read_foreign": NONE,
    "write": NONE,
    "write_other": NONE,
    "create": NONE,
    "unlink": NONE,
    "unlink_other": NONE,
}
# Company configuration: every budget role reads it, the Budget Office keeps it.
_CONFIGURATION = {
    "read": BUDGET_ROLES,
    "read_foreign": NONE,
    "write": OFFICE,
    "create": OFFICE,
    "unlink": OFFICE,
}
# Someone else's wizard: nobody reads or changes it.
_WIZARD_OF_OTHERS = {"read": NONE, "write": NONE, "unlink": NONE}

EXPECTED = {
    "group.budget.centre": dict(_CENTRE_DOCUMENT, action_view_children=BUDGET_ROLES),
    "group.budget.item": _CONFIGURATION,
    "group.budget.profile": _CONFIGURATION,
    "group.budget.period": dict(
        _CONFIGURATION,
        action_view_budgets=BUDGET_ROLES,
        action_prepare_targets=OFFICE,
        action_issue_targets=OFFICE,
        action_start_compilation=OFFICE,
        action_close=OFFICE,
        action_open_budget_workbook=BUDGET_ROLES,
        action_open_target_workbook=BUDGET_ROLES,
        action_open_indicator_workbook=BUDGET_ROLES,
    ),
    "group.budget.target": dict(
        _CENTRE_DOCUMENT,
        action_issue=OFFICE,
        action_reset_draft=OFFICE,
        action_agree=BUDGET_ROLES,
        action_propose_revision=BUDGET_ROLES,
        action_accept_revision=OFFICE,
        action_reject_revision=OFFICE,
    ),
    "group.budget.target.line": _CENTRE_DOCUMENT,
    "group.budget.letter": dict(
        _CENTRE_DOCUMENT,
        action_send=OFFICE,
        # Only the parties sign: the officer accepts, the Committee user issues.
        action_sign="--+-+",
    ),
    "group.budget.letter.kpi": _OFFICE_LINES,
    "group.budget.letter.task": _OFFICE_LINES,
    "group.budget": dict(
        _CENTRE_DOCUMENT,
        action_submit=BUDGET_ROLES,
        action_view_consolidated=BUDGET_ROLES,
        action_view_versions=BUDGET_ROLES,
        action_open_return_wizard=BUDGET_ROLES,
        action_open_workbook=BUDGET_ROLES,
        # Review steps: the Budget Office reviews first; the officer, who
        # submitted, is refused by the steps themselves.
        validate_tier="--!++",
        reject_tier="--!++",
        action_return="--!++",
    ),
    "group.budget.line": dict(_CENTRE_DOCUMENT, create=BUDGET_ROLES, unlink=BUDGET_ROLES),
    # A version is a record of the past: its own guard refuses every change.
    "group.budget.version": dict(_READ_ONLY, write="!!!!!", write_other="!!!!!"),
    "group.budget.version.line": dict(_READ_ONLY, write="!!!!!", write_other="!!!!!"),
    "group.budget.ledger": dict(
        _READ_ONLY,
        # Journal items need accounting rights, which none of the matrix's
        # budget users has (test_ledger covers an officer who has them).
        action_open_move_lines=NONE,
        action_open_ytd_move_lines=NONE,
        action_open_budget=BUDGET_ROLES,
        action_open_overruns=BUDGET_ROLES,
        action_open_commitments=BUDGET_ROLES,
        action_open_warnings=BUDGET_ROLES,
    ),
    "group.budget.overrun": _READ_ONLY,
    # Filled by bridge add-ons through their own private methods: no role
    # writes a commitment.
    "group.budget.commitment": _READ_ONLY,
    # The monthly actual totals: the Budget Office reads them (it checks and
    # rebuilds them); only the journal's triggers write them.
    "group.budget.actual.month": {
        "read": OFFICE,
        "read_foreign": NONE,
        "write": NONE,
        "create": NONE,
        "unlink": NONE,
    },
    "group.budget.addition": dict(
        _CENTRE_DOCUMENT,
        create=BUDGET_ROLES,
        unlink=BUDGET_ROLES,
        action_submit=BUDGET_ROLES,
    ),
    # Mid-year adjustments: the officer applies for their centres.
    "group.budget.adjustment": dict(
        _CENTRE_DOCUMENT,
        create=BUDGET_ROLES,
        unlink=BUDGET_ROLES,
        action_submit=BUDGET_ROLES,
    ),
    "group.budget.adjustment.line": dict(
        _CENTRE_DOCUMENT, create=BUDGET_ROLES, unlink=BUDGET_ROLES
    ),
    "group.budget.warning.rule": _CONFIGURATION,
    "group.budget.execution": _READ_ONLY,
    # Raised by the scheduled action: users write a comment and acknowledge.
    "group.budget.warning": dict(
        _CENTRE_DOCUMENT,
        create=NONE,
        unlink=NONE,
        unlink_other=NONE,
        action_acknowledge=BUDGET_ROLES,
    ),
    "group.budget.indicator.actual": dict(
        _CENTRE_DOCUMENT,
        create=BUDGET_ROLES,
        unlink=BUDGET_ROLES,
        action_lock_month="--!++",
    ),
    # Arbitration (manual §八): the applicant's officer submits and withdraws;
    # the Budget Office receives and coordinates; the Committee alone rules.
    "group.budget.arbitration": dict(
        _CENTRE_DOCUMENT,
        create=BUDGET_ROLES,
        unlink=BUDGET_ROLES,
        action_submit=BUDGET_ROLES,
        action_receive=OFFICE,
        action_refer=OFFICE,
        action_rule="----+",
        action_withdraw="--+--",
        action_open_corrective=OFFICE,
    ),
    # Wizards: each role creates its own, over what it may read.
    "group.budget.consolidation": dict(_WIZARD_OF_OTHERS, create=BUDGET_ROLES),
    "group.budget.consolidation.line": _WIZARD_OF_OTHERS,
    "group.budget.version.compare": dict(
        _WIZARD_OF_OTHERS, create=BUDGET_ROLES, create_other=OFFICE
    ),
    "group.budget.version.compare.line": _WIZARD_OF_OTHERS,
    "group.budget.return": dict(_WIZARD_OF_OTHERS, create=BUDGET_ROLES, action_return=NONE),
    "group.budget.target.split": dict(_WIZARD_OF_OTHERS, create=OFFICE, action_apply=NONE),
    "group.budget.target.split.line": _WIZARD_OF_OTHERS,
    "group.budget.workbook": dict(
        _WIZARD_OF_OTHERS,
        create=BUDGET_ROLES,
        action_download_template=NONE,
        action_import=NONE,
    ),
    "group.budget.workbook.error": _WIZARD_OF_OTHERS,
}
# Cells that behave otherwise today, in areas outside the access rules:
# (model, operation, role) → (outcome today, why). The matrix accepts either.
# Empty: every defect the matrix found is fixed.
FOUND = {}


class RpcMatrixCase(JsonRpcCase, GroupBudgetCase):
    """The matrix's records, cells and calls; the tests subclass it.

    ``MATRIX_MODULES`` are the add-ons whose models the matrix covers,
    ``EXPECTED`` their rows and :meth:`_cells` their cells: an add-on's own
    matrix overrides the three."""

    MATRIX_MODULES = ("group_budget",)
    EXPECTED = EXPECTED

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_matrix()
        cls._setup_matrix_arbitration()
        cls._setup_warning_matrix()
        cls._setup_adjustment_matrix()
        # A monthly actual total of each company, of nothing: what a posting
        # and its reversal leave until the daily merge. No figure reads it.
        cls.totals_a, cls.totals_b = cls.env["group.budget.actual.month"].create(
            [
                {
                    "company_id": centre.company_id.id,
                    "analytic_account_id": centre.analytic_account_id.id,
                    "account_id": cls.item_rent.account_ids[:1].id,
                    "date": "2031-01-01",
                    "balance": 0.0,
                    "item_count": 0,
                }
                for centre in (cls.centre_sub, cls.centre_other_company)
            ]
        )
        cls.users = {
            "plain": cls.user_plain,
            "accountant": cls.user_accountant,
            "officer": cls.user_officer,
            "office": cls.user_office,
            "committee": cls.user_committee,
        }
        # Wizards another user made (here the superuser).
        cls.consolidation = cls.env["group.budget.consolidation"].create(
            {
                "budget_id": cls.budget_sub.id,
                "line_ids": [Command.create({"item_id": cls.item_rent.id, "month_01": 1.0})],
            }
        )
        versions = cls.budget_sub.version_ids.sorted("number")
        cls.compare = cls.env["group.budget.version.compare"].create(
            {"version_a_id": versions[0].id, "version_b_id": versions[1].id}
        )
        cls.compare.line_ids = [Command.create({"item_id": cls.item_rent.id, "value_a": 1.0})]
        cls.return_wizard = cls.env["group.budget.return"].create(
            {"budget_ids": [Command.set(cls.budget_sub_next.ids)], "reason": "Too high."}
        )
        cls.split = cls.env["group.budget.target.split"].create(
            {
                "target_id": cls.target_sub.id,
                "line_ids": [Command.create({"centre_id": cls.centre_dept.id})],
            }
        )
        cls.workbook = cls.env["group.budget.workbook"].create(
            {"kind": "budget", "period_id": cls.period.id}
        )
        cls.workbook.error_ids = [Command.create({"sheet": "S", "cell": "F6", "message": "Bad."})]

    # ------------------------------------------------------------------
    # The cells: (model, operation) → (method, args)
    # ------------------------------------------------------------------
    def _cells(self):
        c = self
        versions = c.budget_sub.version_ids.sorted("number")
        other_versions = c.budget_sibling.version_ids.sorted("number")

        rud, action = self._rud, self._action

        sub_line = c.budget_sub_next.line_ids[:1]
        sibling_line = c.budget_sibling_next.line_ids[:1]
        cells = {
            "group.budget.centre": dict(
                rud(
                    c.centre_sub,
                    c.centre_sibling,
                    c.centre_other_company,
                    {"description": "Checked"},
                    unlink=c.centre_leaf,
                    unlink_other=c.centre_leaf_other,
                ),
                create=(
                    "create",
                    [
                        {
                            "name": "New",
                            "code": "NEW",
                            "centre_type": "cost",
                            "parent_id": c.centre_sub.id,
                            "company_id": c.company_a.id,
                        }
                    ],
                ),
                action_view_children=action(c.centre_sub, "action_view_children"),
            ),
            "group.budget.item": dict(
                rud(
                    c.item_rent,
                    foreign=c.item_b,
                    vals={"description": "Checked"},
                    unlink=c.item_spare,
                ),
                create=(
                    "create",
                    [
                        {
                            "name": "New",
                            "code": "T-NEW",
                            "category": "operations",
                            "company_id": c.company_a.id,
                        }
                    ],
                ),
            ),
            "group.budget.profile": dict(
                rud(c.profile_a, foreign=c.profile_b, vals={"name": "Checked"}),
                create=("create", [{"name": "New", "company_id": c.company_a.id}]),
            ),
            "group.budget.period": dict(
                rud(
                    c.period,
                    foreign=c.period_b,
                    vals={"outline": "<p>Checked</p>"},
                    unlink=c.period_spare,
                ),
                create=("create", [{"year": 2035, "company_id": c.company_a.id}]),
                action_view_budgets=action(c.period, "action_view_budgets"),
                action_prepare_targets=action(c.period_next, "action_prepare_targets"),
                action_issue_targets=action(c.period_next, "action_issue_targets"),
                action_start_compilation=action(c.period_next, "action_start_compilation"),
                action_close=action(c.period, "action_close"),
                action_open_budget_workbook=action(c.period, "action_open_budget_workbook"),
                action_open_target_workbook=action(c.period, "action_open_target_workbook"),
                action_open_indicator_workbook=action(c.period, "action_open_indicator_workbook"),
            ),
            "group.budget.target": dict(
                rud(c.target_sub, c.target_sibling, c.target_b, {"revision_reason": "Checked"}),
                create=(
                    "create",
                    [{"centre_id": c.centre_leaf.id, "period_id": c.period_next.id}],
                ),
                action_issue=action(c.target_sub, "action_issue"),
                action_reset_draft=action(c.target_sub_issued, "action_reset_draft"),
                action_agree=action(c.target_sub_issued, "action_agree"),
                action_propose_revision=action(c.target_sub_issued, "action_propose_revision"),
                action_accept_revision=action(c.target_dept, "action_accept_revision"),
                action_reject_revision=action(c.target_dept, "action_reject_revision"),
            ),
            "group.budget.target.line": dict(
                rud(
                    c.target_sub.line_ids,
                    c.target_sibling.line_ids,
                    c.target_b.line_ids,
                    {"estimate_value": 12.0},
                ),
                create=(
                    "create",
                    [{"target_id": c.target_sub.id, "item_id": c.item_rent.id}],
                ),
            ),
            "group.budget.letter": dict(
                rud(c.letter_sub, c.letter_sibling, c.letter_b, {"veto_items": "Checked"}),
                create=(
                    "create",
                    [
                        {
                            "centre_id": c.centre_dept.id,
                            "period_id": c.period.id,
                            "target_id": c.target_dept.id,
                        }
                    ],
                ),
                action_send=action(c.letter_sub, "action_send"),
                action_sign=action(c.letter_sent, "action_sign"),
            ),
            "group.budget.letter.kpi": dict(
                rud(
                    c.letter_sub.kpi_line_ids,
                    c.letter_sibling.kpi_line_ids,
                    c.letter_b.kpi_line_ids,
                    {"weight": 2.0},
                ),
                create=(
                    "create",
                    [{"letter_id": c.letter_sub.id, "item_id": c.item_rent.id}],
                ),
            ),
            "group.budget.letter.task": dict(
                rud(
                    c.letter_sub.task_line_ids,
                    c.letter_sibling.task_line_ids,
                    c.letter_b.task_line_ids,
                    {"weight": 2.0},
                ),
                create=("create", [{"letter_id": c.letter_sub.id, "name": "New task"}]),
            ),
            "group.budget": dict(
                rud(
                    c.budget_sub_next,
                    c.budget_sibling_next,
                    c.budget_b,
                    {"line_ids": [Command.update(sub_line.id, {"month_02": 7.0})]},
                ),
                write_other=(
                    "write",
                    [
                        c.budget_sibling_next.ids,
                        {"line_ids": [Command.update(sibling_line.id, {"month_02": 7.0})]},
                    ],
                ),
                create=(
                    "create",
                    [{"centre_id": c.centre_leaf.id, "period_id": c.period_next.id}],
                ),
                action_submit=action(c.budget_sub_next, "action_submit"),
                action_view_consolidated=action(c.budget_sub_next, "action_view_consolidated"),
                action_view_versions=action(c.budget_sub, "action_view_versions"),
                action_open_return_wizard=action(c.budget_sub_next, "action_open_return_wizard"),
                action_open_workbook=action(c.budget_sub, "action_open_workbook"),
                validate_tier=action(c.budget_dept_next, "validate_tier"),
                reject_tier=action(c.budget_dept_next, "reject_tier"),
                action_return=action(c.budget_dept_next, "action_return", "Too high."),
            ),
            "group.budget.line": dict(
                rud(sub_line, sibling_line, c.budget_b.line_ids, {"month_02": 7.0}),
                create=(
                    "create",
                    [{"budget_id": c.budget_sub_next.id, "item_id": c.item_office.id}],
                ),
            ),
            "group.budget.version": dict(
                rud(
                    versions[-1], other_versions[-1], c.budget_b.version_ids, {"kind": "adjustment"}
                ),
                create=(
                    "create",
                    [{"budget_id": c.budget_sub.id, "number": 9, "kind": "adjustment"}],
                ),
            ),
            "group.budget.version.line": dict(
                rud(
                    versions[-1].line_ids[:1],
                    other_versions[-1].line_ids[:1],
                    c.budget_b.version_ids.line_ids,
                    {"month_01": 1.0},
                ),
                create=(
                    "create",
                    [{"version_id": versions[-1].id, "item_id": c.item_spare.id}],
                ),
            ),
            "group.budget.ledger": dict(
                rud(c.ledger_sub, c.ledger_sibling, c.ledger_b, {"budget": 1.0}),
                create=(
                    "create",
                    [{"centre_id": c.centre_sub.id, "item_id": c.item_rent.id}],
                ),
                action_open_move_lines=action(c.ledger_sub, "action_open_move_lines"),
                action_open_ytd_move_lines=action(c.ledger_sub, "action_open_ytd_move_lines"),
                action_open_budget=action(c.ledger_sub, "action_open_budget"),
                action_open_overruns=action(c.ledger_sub, "action_open_overruns"),
                action_open_commitments=action(c.ledger_sub, "action_open_commitments"),
                action_open_warnings=action(c.ledger_sub, "action_open_warnings"),
            ),
            "group.budget.commitment": dict(
                rud(c.commitment_sub, c.commitment_sibling, c.commitment_b, {"amount": 1.0}),
                create=(
                    "create",
                    [
                        {
                            "budget_id": c.budget_sub.id,
                            "item_id": c.item_rent.id,
                            "date": "2031-02-01",
                            "amount": 1.0,
                        }
                    ],
                ),
            ),
            "group.budget.overrun": dict(
                rud(c.overrun_sub, c.overrun_sibling, c.overrun_b, {"shortfall": 1.0}),
                create=(
                    "create",
                    [
                        {
                            "move_id": c.overrun_sub.move_id.id,
                            "budget_id": c.budget_sub.id,
                            "item_id": c.item_rent.id,
                            "date": "2031-02-01",
                        }
                    ],
                ),
            ),
            "group.budget.actual.month": dict(
                rud(c.totals_a, foreign=c.totals_b, vals={"balance": 1.0}),
                create=(
                    "create",
                    [
                        {
                            "company_id": c.company_a.id,
                            "analytic_account_id": c.centre_sub.analytic_account_id.id,
                            "account_id": c.item_rent.account_ids[:1].id,
                            "date": "2031-02-01",
                            "balance": 1.0,
                            "item_count": 1,
                        }
                    ],
                ),
            ),
            "group.budget.addition": dict(
                rud(c.addition_sub, c.addition_sibling, c.addition_b, {"reason": "Checked"}),
                create=(
                    "create",
                    [c._matrix_addition_vals(c.centre_sub, c.item_office, c.period)],
                ),
                action_submit=action(c.addition_sub, "action_submit"),
            ),
            "group.budget.adjustment": dict(
                rud(c.adjustment_sub, c.adjustment_sibling, c.adjustment_b, {"reason": "Checked"}),
                create=(
                    "create",
                    [c._matrix_adjustment_vals(c.centre_sub, c.item_office, c.period)],
                ),
                action_submit=action(c.adjustment_sub, "action_submit"),
            ),
            "group.budget.adjustment.line": dict(
                rud(
                    c.adjustment_sub.line_ids,
                    c.adjustment_sibling.line_ids,
                    c.adjustment_b.line_ids,
                    {"proposed_value": 1300.0},
                ),
                create=(
                    "create",
                    [
                        {
                            "adjustment_id": c.adjustment_sub.id,
                            "centre_id": c.centre_sub.id,
                            "item_id": c.item_travel.id,
                            "proposed_value": 1200.0,
                        }
                    ],
                ),
            ),
            "group.budget.warning.rule": dict(
                rud(
                    c.warning_rule_a,
                    foreign=c.warning_rule_b,
                    vals={"serious_threshold": 110.0},
                    unlink=c.warning_rule_spare,
                ),
                create=("create", [{"name": "New", "company_id": c.company_a.id}]),
            ),
            "group.budget.warning": dict(
                rud(c.warning_sub, c.warning_sibling, c.warning_b, {"comment": "Checked"}),
                create=(
                    "create",
                    [
                        {
                            "company_id": c.company_a.id,
                            "period_id": c.period.id,
                            "centre_id": c.centre_sub.id,
                            "item_id": c.item_office.id,
                            "horizon": "month",
                            "period_label": "2031-10",
                            "date": "2031-10-25",
                            "level": "serious",
                        }
                    ],
                ),
                action_acknowledge=action(c.warning_sub, "action_acknowledge"),
            ),
            "group.budget.execution": dict(
                # A row per budget line: the ledger's id of its first month.
                rud(
                    *(
                        c.env["group.budget.execution"].browse(budget.line_ids[:1].id * 12)
                        for budget in (c.budget_sub, c.budget_sibling, c.budget_b)
                    ),
                    {"budget": 1.0},
                ),
                create=("create", [{"centre_id": c.centre_sub.id}]),
            ),
            "group.budget.indicator.actual": dict(
                rud(c.indicator_sub, c.indicator_sibling, c.indicator_b, {"value": 12.0}),
                create=(
                    "create",
                    [
                        {
                            "period_id": c.period.id,
                            "centre_id": c.centre_sub.id,
                            "item_id": c.item_volume.id,
                            "date": "2031-04-01",
                            "value": 3.0,
                        }
                    ],
                ),
                action_lock_month=action(c.indicator_sub, "action_lock_month"),
            ),
            "group.budget.arbitration": dict(
                rud(
                    c.arbitration_sub,
                    c.arbitration_sibling,
                    c.arbitration_b,
                    {"matter_description": "Checked"},
                ),
                create=(
                    "create",
                    [{"centre_id": c.centre_sub.id, "reasons": "New.", "matter": "other"}],
                ),
                action_submit=action(c.arbitration_sub, "action_submit"),
                action_receive=action(c.arbitration_submitted, "action_receive"),
                action_refer=action(c.arbitration_coordinating, "action_refer"),
                action_rule=action(c.arbitration_referred, "action_rule"),
                action_withdraw=action(c.arbitration_submitted, "action_withdraw"),
                action_open_corrective=action(c.arbitration_ruled, "action_open_corrective"),
            ),
            "group.budget.consolidation": dict(
                self._wizard_cells(c.consolidation, {"budget_id": c.budget_sub.id}),
                create=("create", [{"budget_id": c.budget_sub_next.id}]),
            ),
            "group.budget.consolidation.line": self._wizard_cells(
                c.consolidation.line_ids, {"month_01": 2.0}
            ),
            "group.budget.version.compare": dict(
                self._wizard_cells(c.compare, {"version_a_id": versions[-1].id}),
                create=(
                    "create",
                    [{"version_a_id": versions[0].id, "version_b_id": versions[1].id}],
                ),
                create_other=(
                    "create",
                    [
                        {
                            "version_a_id": other_versions[0].id,
                            "version_b_id": other_versions[1].id,
                        }
                    ],
                ),
            ),
            "group.budget.version.compare.line": self._wizard_cells(
                c.compare.line_ids, {"value_a": 2.0}
            ),
            "group.budget.return": dict(
                self._wizard_cells(c.return_wizard, {"reason": "Checked"}),
                action_return=action(c.return_wizard, "action_return"),
                create=(
                    "create",
                    [
                        {
                            "budget_ids": [Command.set(c.budget_sub_next.ids)],
                            "reason": "Too high.",
                        }
                    ],
                ),
            ),
            "group.budget.target.split": dict(
                self._wizard_cells(c.split, {"item_ids": [Command.set(c.item_volume.ids)]}),
                action_apply=action(c.split, "action_apply"),
                create=("create", [{"target_id": c.target_sub.id}]),
            ),
            "group.budget.target.split.line": self._wizard_cells(c.split.line_ids, {"weight": 2.0}),
            "group.budget.workbook": dict(
                self._wizard_cells(c.workbook, {"month": "2"}),
                create=("create", [{"kind": "budget", "period_id": c.period.id}]),
                action_download_template=action(c.workbook, "action_download_template"),
                action_import=action(c.workbook, "action_import"),
            ),
            "group.budget.workbook.error": self._wizard_cells(
                c.workbook.error_ids, {"message": "Checked"}
            ),
        }
        return cells

    def _matrix_cells(self):
        """:meth:`_cells`, whose reads ask for a stored field of the record
        itself: a display name may read the parent, which would hide a
        missing rule of the child."""
        cells = self._cells()
        for model, model_cells in cells.items():
            field = (
                "budget"
                if model in ("group.budget.ledger", "group.budget.execution")
                else "balance"
                if model == "group.budget.actual.month"
                else "write_date"
            )
            for method, args in model_cells.values():
                if method == "read":
                    args[1] = [field]
        return cells

    @staticmethod
    def _rud(own, other=None, foreign=None, vals=None, unlink=None, unlink_other=None):
        """Read, write and unlink cells of ``own``, ``other`` (another centre
        of the company) and ``foreign`` (company B's) records."""
        cells = {"read": ("read", [own.ids, ["display_name"]])}
        if other is not None:
            cells["read_other"] = ("read", [other.ids, ["display_name"]])
            cells["write_other"] = ("write", [other.ids, vals])
            cells["unlink_other"] = ("unlink", [(unlink_other or other).ids])
        if foreign is not None:
            cells["read_foreign"] = ("read", [foreign.ids, ["display_name"]])
        cells["write"] = ("write", [own.ids, vals])
        cells["unlink"] = ("unlink", [(unlink or own).ids])
        return cells

    @staticmethod
    def _action(record, method, *args):
        return (method, [record.ids, *args])

    @staticmethod
    def _wizard_cells(wizard, vals):
        return {
            "read": ("read", [wizard.ids, ["display_name"]]),
            "write": ("write", [wizard.ids, vals]),
            "unlink": ("unlink", [wizard.ids]),
        }

    # ------------------------------------------------------------------
    # Calls
    # ------------------------------------------------------------------
    def _call(self, model, method, args, companies=None, context=None):
        """One JSON-RPC call as the web client makes it (see
        :meth:`.json_rpc.JsonRpcCase._rpc`)."""
        return self._rpc(model, method, args, companies=companies, context=context)

    def _call_rolled_back(self, model, method, args, companies=None, context=None):
        """The call, in a savepoint rolled back afterwards: every cell starts
        from the same records."""
        self.env.flush_all()
        self.env.cr.execute("SAVEPOINT gb_matrix_cell")
        try:
            return self._call(model, method, args, companies, context)
        finally:
            self.env.cr.execute("ROLLBACK TO SAVEPOINT gb_matrix_cell")
            self.env.invalidate_all()
            self.env.registry.clear_cache()

    # ------------------------------------------------------------------
    # The checks, for the matrix of each add-on
    # ------------------------------------------------------------------
    def _assert_matrix_covers_its_models(self):
        """Every model of ``MATRIX_MODULES`` has its row, each row a cell per
        operation and an outcome per role; returns the number of cells."""
        models = {
            name
            for name, model in self.env.registry.items()
            if name.startswith("group.budget")
            and not model._abstract
            and model._original_module in self.MATRIX_MODULES
        }
        self.assertEqual(models - set(self.EXPECTED), set(), "models missing from the matrix")
        cells = self._matrix_cells()
        self.assertEqual(set(cells), set(self.EXPECTED), "cells of models without a row")
        count = 0
        for model, expected in self.EXPECTED.items():
            self.assertEqual(set(expected), set(cells[model]), model)
            for row in expected.values():
                self.assertEqual(len(row), len(ROLES), model)
                count += len(row)
        _logger.info("%s: %d cells of the role matrix", ", ".join(self.MATRIX_MODULES), count)
        return count

    def _assert_matrix(self):
        """Each cell as each role: the outcome its row expects."""
        cells = self._matrix_cells()
        wrong = []
        for role_index, role in enumerate(ROLES):
            login = self.users[role].login
            self.authenticate(login, login)
            for model, expected in self.EXPECTED.items():
                for operation, row in expected.items():
                    method, args = cells[model][operation]
                    outcome, message = self._call_rolled_back(model, method, args)
                    found = FOUND.get((model, operation, role), (None,))[0]
                    if outcome not in (row[role_index], found):
                        wrong.append(
                            f"{model} {operation} as {role}: expected {row[role_index]}, "
                            f"got {outcome} {str(message)[:160]!r}"
                        )
        self.assertFalse(wrong, "\n" + "\n".join(wrong))
