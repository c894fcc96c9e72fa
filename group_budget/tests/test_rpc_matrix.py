"""Role isolation, proven per model over JSON-RPC and real HTTP: the cells
and outcomes are in :mod:`.rpc_matrix`."""

from odoo.tests import tagged
from odoo.tools import mute_logger

from .rpc_matrix import RpcMatrixCase


@tagged("post_install", "-at_install")
class TestRpcMatrix(RpcMatrixCase):
    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_matrix_covers_every_model_of_the_suite(self):
        """Every model of the core; each add-on that adds models runs its own
        matrix of them with this machinery."""
        self._assert_matrix_covers_its_models()

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_matrix(self):
        self._assert_matrix()

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_companies_bound_every_role(self):
        """Company B's records: the Committee reads them once company B is
        allowed; the Budget Office, whose only company is A, cannot, even by
        sending company B in its context."""
        both = self.company_a | self.company_b
        foreign = {
            "group.budget": self.budget_b,
            "group.budget.line": self.budget_b.line_ids,
            "group.budget.letter": self.letter_b,
            "group.budget.letter.task": self.letter_b.task_line_ids,
            "group.budget.ledger": self.ledger_b,
            "group.budget.commitment": self.commitment_b,
            "group.budget.addition": self.addition_b,
            "group.budget.adjustment": self.adjustment_b,
            "group.budget.adjustment.line": self.adjustment_b.line_ids,
        }
        self.authenticate("gb_committee", "gb_committee")
        for model, records in foreign.items():
            outcome, message = self._call(model, "read", [records.ids, ["display_name"]], both)
            self.assertEqual(outcome, "+", f"{model}: {message}")
            outcome, message = self._call(model, "read", [records.ids, ["display_name"]])
            self.assertEqual(outcome, "-", model)
        self.authenticate("gb_office", "gb_office")
        outcome, message = self._call("group.budget", "read", [self.budget_b.ids, ["name"]], both)
        self.assertEqual(outcome, "-")
        self.assertIn("unauthorized", message)
        outcome, message = self._call(
            "group.budget", "search_read", [[("id", "=", self.budget_b.id)], ["name"]]
        )
        self.assertEqual((outcome, message), ("+", []))
        # The officer manages company B's centre, but company A only is allowed.
        self.authenticate("gb_officer", "gb_officer")
        outcome, message = self._call("group.budget", "read", [self.budget_b.ids, ["name"]])
        self.assertEqual(outcome, "-")
        outcome, message = self._call("group.budget", "read", [self.budget_b.ids, ["name"]], both)
        self.assertEqual(outcome, "+", message)
