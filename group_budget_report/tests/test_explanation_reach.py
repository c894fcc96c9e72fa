"""Variance explanations stay on the officer's centres and hold figures a
person could mean, over real HTTP JSON-RPC (group.budget.input.mixin)."""

import datetime

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.group_budget import guard
from odoo.addons.group_budget.tests.common import GroupBudgetCase
from odoo.addons.group_budget.tests.json_rpc import JsonRpcCase

EXPLANATION = "group.budget.variance.explanation"


@tagged("post_install", "-at_install")
class TestExplanationReach(JsonRpcCase, GroupBudgetCase):
    def _create_as_officer(self):
        """The subsidiary's March rent: 13,000.00 spent of 10,000.00."""
        vals = {
            "centre_id": self.centre_sub.id,
            "item_id": self.item_rent.id,
            "date": "2031-03-01",
            "cause": "Rent increase by the landlord.",
        }
        explanation = self.env[EXPLANATION].browse(
            self.assertRpc("+", EXPLANATION, "create", [[vals]])
        )
        # The ledger's figures, as the analysis writes them.
        guard.grant(explanation.sudo(), guard.LEDGER_FIGURES).write(
            {"actual": 13_000.0, "budget": 10_000.0}
        )
        return explanation

    def _stored(self, explanation):
        row = explanation.sudo().read(["centre_id", "company_id", "actual", "cause"])[0]
        return (row["centre_id"][0], row["company_id"][0], row["actual"], row["cause"])

    @mute_logger("odoo.http")
    def test_officer_cannot_move_an_explanation_to_another_centre(self):
        """Old code: the explanation moved to the sibling centre."""
        self.authenticate("gb_officer", "gb_officer")
        explanation = self._create_as_officer()
        before = self._stored(explanation)
        self.assertEqual(before[:3], (self.centre_sub.id, self.company_a.id, 13_000.0))
        message = self.assertRpc(
            "-", EXPLANATION, "write", [explanation.ids, {"centre_id": self.centre_sibling.id}]
        )
        self.assertIn(
            "You cannot change Centre of [S] Subsidiary / [T-RENT] Rent / 2031-03", message
        )
        self.assertEqual(self._stored(explanation), before)
        # Nor into company B, whose plant the officer manages, while they
        # work in company A only.
        self.assertRpc(
            "-",
            EXPLANATION,
            "write",
            [explanation.ids, {"centre_id": self.centre_other_company.id, "item_id": False}],
        )
        self.assertEqual(self._stored(explanation), before)

    @mute_logger("odoo.http")
    def test_explanation_figures_and_texts_are_bounded(self):
        """Old code: 1e300 and 15 MB of improvement measures were stored."""
        self.authenticate("gb_officer", "gb_officer")
        explanation = self._create_as_officer()
        before = self._stored(explanation)
        # The figures are the ledger's: nobody enters them, in range or not.
        for vals in ({"actual": 1e300}, {"budget": "nan"}, {"actual": 12_000.0}):
            message = self.assertRpc("!", EXPLANATION, "write", [explanation.ids, vals])
            self.assertIn("the ledger's figures", message)
        with self.assertRaisesRegex(ValidationError, "1e\\+300"):
            guard.grant(explanation.sudo(), guard.LEDGER_FIGURES).write({"actual": 1e300})
        message = self.assertRpc(
            "!", EXPLANATION, "write", [explanation.ids, {"measures": "x" * 15 * 1024 * 1024}]
        )
        self.assertIn("Improvement Measures of [S] Subsidiary", message)
        self.assertIn("15,728,640 characters, at most 10,000", message)
        self.assertEqual(self._stored(explanation), before)
        self.assertFalse(explanation.sudo().measures)

    @mute_logger("odoo.http")
    def test_meeting_minutes_keep_their_limit(self):
        """Formatted minutes: 100,000 characters with their formatting."""
        self.authenticate("gb_office", "gb_office")
        vals = {
            "name": "Q1 analysis meeting",
            "date": datetime.date(2031, 4, 15).isoformat(),
            "level": "group",
            "minutes": "<p>" + "会议纪要。" * 20_000 + "</p>",
        }
        message = self.assertRpc("!", "group.budget.analysis.meeting", "create", [[vals]])
        self.assertIn(
            "Minutes of a new Budget Analysis Meeting is too long: 100,007 characters", message
        )
        vals["minutes"] = "<p>" + "会议纪要。" * 2_000 + "</p>"
        self.assertRpc("+", "group.budget.analysis.meeting", "create", [[vals]])
