"""The role matrix of the appraisal's models (scorecards, their lines and the
generation wizard), run with the core's machinery
(:mod:`odoo.addons.group_budget.tests.rpc_matrix`), and the guard of a
decided scorecard against every context key of the suite."""

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.group_budget.tests.rpc_matrix import (
    _CENTRE_DOCUMENT,
    _OFFICE_LINES,
    _WIZARD_OF_OTHERS,
    NONE,
    OFFICE,
)
from odoo.addons.group_budget.tests.test_guards_rpc import GuardsRpcCase

from .common import AppraisalCase

EXPECTED = {
    # Appraisal (group_budget_appraisal): officers read their centres'
    # scorecards; the Budget Office computes, the Committee reviews and decides.
    "group.budget.scorecard": dict(
        _CENTRE_DOCUMENT,
        write=OFFICE,
        action_compute=OFFICE,
        action_review="----+",
        action_decide="----+",
        action_reset_draft=OFFICE,
    ),
    "group.budget.scorecard.line": _OFFICE_LINES,
    "group.budget.scorecard.generate": dict(_WIZARD_OF_OTHERS, create=OFFICE, action_generate=NONE),
}


@tagged("post_install", "-at_install")
class TestAppraisalRpcMatrix(GuardsRpcCase, AppraisalCase):
    MATRIX_MODULES = ("group_budget_appraisal",)
    EXPECTED = EXPECTED

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_matrix_appraisal()
        Scorecard = cls.env["group.budget.scorecard"]
        cls.card_decided = Scorecard.create(
            Scorecard._prepare_scorecard_vals(cls.letter_appraisal, "quarter", 3, True)
        )
        cls.card_decided._set_state(
            "decided", board_decision="Approved by the board.", board_decision_date="2034-03-01"
        )

    def _cells(self):
        c, rud, action = self, self._rud, self._action
        return {
            "group.budget.scorecard": dict(
                rud(c.card_sub, c.card_sibling, c.card_b, {"provisional": True}),
                create=(
                    "create",
                    [
                        {
                            "centre_id": c.centre_sub.id,
                            "period_id": c.period_appraisal.id,
                            "letter_id": c.letter_appraisal.id,
                            "period_type": "month",
                            "period_index": 5,
                            "provisional": True,
                        }
                    ],
                ),
                action_compute=action(c.card_sub, "action_compute"),
                action_review=action(c.card_computed, "action_review"),
                action_decide=action(c.card_reviewed, "action_decide"),
                action_reset_draft=action(c.card_computed, "action_reset_draft"),
            ),
            "group.budget.scorecard.line": dict(
                rud(
                    c.card_sub.line_ids,
                    c.card_sibling.line_ids,
                    c.card_b.line_ids,
                    {"comment": "Checked"},
                ),
                create=(
                    "create",
                    [{"scorecard_id": c.card_sub.id, "kind": "veto", "name": "New"}],
                ),
            ),
            "group.budget.scorecard.generate": dict(
                self._wizard_cells(c.scorecard_wizard, {"provisional": True}),
                create=("create", [{"period_id": c.period_appraisal.id, "period_type": "year"}]),
                action_generate=action(c.scorecard_wizard, "action_generate"),
            ),
        }

    def _guard_cases(self):
        return {
            "a decided scorecard back to draft": (
                "office",
                "group.budget.scorecard",
                "write",
                [
                    self.card_decided.ids,
                    {"state": "draft", "board_decision": "Rejected by the board."},
                ],
                "group_budget_state_move",
            )
        }

    def _snapshot(self):
        snapshot = super()._snapshot()
        snapshot["scorecard"] = (self.card_decided.state, self.card_decided.board_decision)
        return snapshot

    def test_matrix_covers_every_model_of_the_appraisal(self):
        self._assert_matrix_covers_its_models()

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_matrix(self):
        self._assert_matrix()

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_context_keys_the_server_used_are_refused(self):
        self._check_guard_cases()

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_no_context_key_relaxes_a_refusal(self):
        self.assertGreater(self._check_no_context_key_relaxes_a_refusal(), 0)
