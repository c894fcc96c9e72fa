"""The role matrix of the analysis' models (variance explanations, analysis
meetings and their measures, the analysis wizard and its lines), run with the
core's machinery (:mod:`odoo.addons.group_budget.tests.rpc_matrix`), and
their refusals against every context key of the suite."""

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.group_budget.tests.rpc_matrix import (
    _CENTRE_DOCUMENT,
    _WIZARD_OF_OTHERS,
    BUDGET_ROLES,
    NONE,
    OFFICE,
)
from odoo.addons.group_budget.tests.test_guards_rpc import GuardsRpcCase

EXPECTED = {
    # Analysis (group_budget_report): officers explain their centres' material
    # variances, the Budget Office confirms; meetings are kept by the Office,
    # read by their participants, and a measure's owner marks it done.
    "group.budget.variance.explanation": dict(
        _CENTRE_DOCUMENT,
        create=BUDGET_ROLES,
        action_submit=BUDGET_ROLES,
        action_confirm=OFFICE,
        action_reset_draft=OFFICE,
    ),
    "group.budget.analysis.meeting": dict(_CENTRE_DOCUMENT, write=OFFICE),
    "group.budget.analysis.meeting.measure": dict(
        _CENTRE_DOCUMENT, write=OFFICE, action_done=BUDGET_ROLES
    ),
    "group.budget.analysis.wizard": dict(
        _WIZARD_OF_OTHERS,
        create=BUDGET_ROLES,
        action_analyse=NONE,
        action_export_xlsx=NONE,
        action_export_ledger_xlsx=NONE,
        action_print_pdf=NONE,
    ),
    "group.budget.analysis.line": dict(
        _WIZARD_OF_OTHERS, action_explain=NONE, action_open_ledger=NONE
    ),
}


@tagged("post_install", "-at_install")
class TestAnalysisRpcMatrix(GuardsRpcCase):
    MATRIX_MODULES = ("group_budget_report",)
    EXPECTED = EXPECTED

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_matrix_analysis()

    @classmethod
    def _setup_matrix_analysis(cls):
        """Variance explanations of centre A (a draft and a submitted one),
        centre B and company B; analysis meetings of the same three, each with
        a measure (centre A's owned by the officer); an analysis of the
        superuser with one line."""
        Explanation = cls.env["group.budget.variance.explanation"]
        filled = {
            "date": "2031-03-01",
            "cause_type": "internal",
            "cause": "Late deliveries.",
            "responsible_id": cls.user_officer.id,
            "measures": "New supplier.",
        }
        (
            cls.explanation_sub,
            cls.explanation_submitted,
            cls.explanation_sibling,
            cls.explanation_b,
        ) = Explanation.create(
            [
                dict(filled, centre_id=centre.id)
                for centre in (
                    cls.centre_sub,
                    cls.centre_sub,
                    cls.centre_sibling,
                    cls.centre_other_company,
                )
            ]
        )
        cls.explanation_submitted._set_state({"state": "submitted"})
        Meeting = cls.env["group.budget.analysis.meeting"]
        cls.meeting_sub, cls.meeting_sibling, cls.meeting_b = Meeting.create(
            [
                {
                    "name": f"Meeting {centre.code}",
                    "company_id": centre.company_id.id,
                    "centre_id": centre.id,
                    "measure_ids": [
                        Command.create(
                            {
                                "name": "Measure",
                                "owner_id": owner.id,
                                "date_deadline": "2031-05-31",
                            }
                        )
                    ],
                }
                for centre, owner in (
                    (cls.centre_sub, cls.user_officer),
                    (cls.centre_sibling, cls.user_office),
                    (cls.centre_other_company, cls.user_committee),
                )
            ]
        )
        cls.analysis_wizard = cls.env["group.budget.analysis.wizard"].create(
            {"company_id": cls.company_a.id, "date": "2031-03-15"}
        )
        cls.analysis_line = cls.env["group.budget.analysis.line"].create(
            {"wizard_id": cls.analysis_wizard.id, "centre_id": cls.centre_sub.id, "name": "Line"}
        )

    def _cells(self):
        c, rud, action = self, self._rud, self._action
        return {
            "group.budget.variance.explanation": dict(
                rud(
                    c.explanation_sub,
                    c.explanation_sibling,
                    c.explanation_b,
                    {"cause": "Checked"},
                ),
                create=("create", [{"centre_id": c.centre_sub.id, "date": "2031-03-01"}]),
                action_submit=action(c.explanation_sub, "action_submit"),
                action_confirm=action(c.explanation_submitted, "action_confirm"),
                action_reset_draft=action(c.explanation_submitted, "action_reset_draft"),
            ),
            "group.budget.analysis.meeting": dict(
                rud(c.meeting_sub, c.meeting_sibling, c.meeting_b, {"name": "Checked"}),
                create=("create", [{"name": "New", "company_id": c.company_a.id}]),
            ),
            "group.budget.analysis.meeting.measure": dict(
                rud(
                    c.meeting_sub.measure_ids,
                    c.meeting_sibling.measure_ids,
                    c.meeting_b.measure_ids,
                    {"name": "Checked"},
                ),
                create=(
                    "create",
                    [
                        {
                            "meeting_id": c.meeting_sub.id,
                            "name": "New",
                            "owner_id": c.user_officer.id,
                            "date_deadline": "2031-05-31",
                        }
                    ],
                ),
                action_done=action(c.meeting_sub.measure_ids, "action_done"),
            ),
            "group.budget.analysis.wizard": dict(
                self._wizard_cells(c.analysis_wizard, {"threshold": 20.0}),
                create=("create", [{"company_id": c.company_a.id, "date": "2031-03-15"}]),
                action_analyse=action(c.analysis_wizard, "action_analyse"),
                action_export_xlsx=action(c.analysis_wizard, "action_export_xlsx"),
                action_export_ledger_xlsx=action(c.analysis_wizard, "action_export_ledger_xlsx"),
                action_print_pdf=action(c.analysis_wizard, "action_print_pdf"),
            ),
            "group.budget.analysis.line": dict(
                self._wizard_cells(c.analysis_line, {"name": "Checked"}),
                action_explain=action(c.analysis_line, "action_explain"),
                action_open_ledger=action(c.analysis_line, "action_open_ledger"),
            ),
        }

    def _guard_cases(self):
        # The core's guard cases are the core's test; here the analysis'
        # refused cells only.
        return {}

    def test_matrix_covers_every_model_of_the_analysis(self):
        self._assert_matrix_covers_its_models()

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_matrix(self):
        self._assert_matrix()

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_no_context_key_relaxes_a_refusal(self):
        self.assertGreater(self._check_no_context_key_relaxes_a_refusal(), 0)
