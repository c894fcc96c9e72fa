import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_analysis import AnalysisCase


@tagged("post_install", "-at_install")
class TestExplanation(AnalysisCase):
    """Explanations of material variances and analysis meetings (manual §六 2.4, 4.2, 5)."""

    def _rent_line(self, wizard):
        action = wizard.action_analyse()
        lines = self.env[action["res_model"]].search(action["domain"])
        return lines.filtered(
            lambda line: line.centre_id == self.centre_sub and line.item_id == self.item_rent
        )

    def test_explanation_flow_and_follow_up_next_period(self):
        self._post_march()
        wizard = self._wizard().with_user(self.user_officer)
        line = self._rent_line(wizard)
        self.assertTrue(line.material)
        explanation = self.env["group.budget.variance.explanation"].browse(
            line.action_explain()["res_id"]
        )
        self.assertEqual(
            (explanation.actual, explanation.budget, explanation.variance), (130.0, 100.0, 30.0)
        )
        # Same line again: the same explanation.
        self.assertEqual(line.action_explain()["res_id"], explanation.id)
        explanation = explanation.with_user(self.user_officer)
        with self.assertRaisesRegex(UserError, "fill in Cause, Explanation, Person Responsible"):
            explanation.action_submit()
        explanation.write(
            {
                "cause_type": "external",
                "cause": "Rent increase by the landlord.",
                "responsible_id": self.user_officer.id,
                "measures": "Negotiate a longer lease.",
            }
        )
        explanation.action_submit()
        with self.assertRaisesRegex(AccessError, "Only the Budget Office confirms"):
            explanation.action_confirm()
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            explanation.write({"state": "confirmed"})
        explanation.with_user(self.user_office).action_confirm()
        self.assertEqual(explanation.state, "confirmed")
        self.assertEqual(explanation.confirmed_by_id, self.user_office)
        with self.assertRaisesRegex(UserError, "read-only"):
            explanation.write({"cause": "Something else"})
        explanation.write({"measure_status": "progress", "follow_up": "Lease under negotiation."})
        # April's report shows how March's measures are carried out.
        april = self._wizard(date=datetime.date(2031, 4, 15)).with_user(self.user_officer)
        self.assertEqual(self._rent_line(april).previous_measures, "In progress")

    def test_explanation_starts_as_draft_and_stays_in_own_centres(self):
        Explanation = self.env["group.budget.variance.explanation"].with_user(self.user_officer)
        with self.assertRaisesRegex(UserError, "starts as a draft"):
            Explanation.create(
                {"centre_id": self.centre_sub.id, "date": "2031-03-01", "state": "confirmed"}
            )
        sibling = self.env["group.budget.variance.explanation"].create(
            {"centre_id": self.centre_sibling.id, "date": "2031-03-01"}
        )
        self.assertFalse(Explanation.search([("id", "=", sibling.id)]))

    def test_meeting_measures_are_activities(self):
        meeting = (
            self.env["group.budget.analysis.meeting"]
            .with_user(self.user_office)
            .create(
                {
                    "name": "Q1 analysis meeting",
                    "date": datetime.date(2031, 4, 15),
                    "level": "group",
                    "participant_ids": [Command.set([self.user_officer.id])],
                    "agenda": "<p>Q1 results</p>",
                    "minutes": "<p>Rent over budget.</p>",
                    "measure_ids": [
                        Command.create(
                            {
                                "name": "Renegotiate the lease",
                                "owner_id": self.user_officer.id,
                                "date_deadline": datetime.date(2031, 5, 31),
                            }
                        )
                    ],
                }
            )
        )
        measure = meeting.measure_ids
        self.assertEqual(meeting.open_measure_count, 1)
        activity = meeting.activity_ids
        self.assertEqual(
            (activity.user_id, activity.date_deadline, activity.summary),
            (self.user_officer, datetime.date(2031, 5, 31), "Renegotiate the lease"),
        )
        # The officer reads the meeting they attend, but writes none of it.
        as_officer = meeting.with_user(self.user_officer)
        self.assertEqual(as_officer.name, "Q1 analysis meeting")
        with self.assertRaises(AccessError):
            as_officer.minutes = "<p>Changed</p>"
        other_officer = new_test_user(
            self.env,
            login="gb_other_officer",
            groups="group_budget.group_budget_officer",
            company_id=self.company_a.id,
        )
        meeting.participant_ids = [Command.link(other_officer.id)]
        with self.assertRaisesRegex(AccessError, "Only the owner"):
            measure.with_user(other_officer).action_done()
        measure.with_user(self.user_officer).action_done()
        self.assertEqual(measure.state, "done")
        self.assertFalse(meeting.activity_ids)
        self.assertEqual(meeting.open_measure_count, 0)
