"""The corrective adjustment a ruling opens (manual §八 4.3, §七): prefilled
from the matter, with nothing decided for the applicant."""

from odoo import Command
from odoo.tests import Form, tagged

from ..common import ADJUSTMENT_MONTH, GroupBudgetCase


@tagged("post_install", "-at_install")
class TestCorrectiveAdjustment(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_arbitration()
        cls._setup_adjustment()

    def setUp(self):
        super().setUp()
        self._enter_adjustment_window()

    def _ruled(self, **vals):
        """An arbitration of the subsidiary, received and referred by the
        second office user and ruled by the second Committee member."""
        arbitration = self._arbitration(**vals)
        arbitration.action_submit()
        office = arbitration.with_user(self.user_office_2)
        office.action_receive()
        office.office_opinion = "The travel budget was cut on a wrong base."
        office.action_refer()
        committee = arbitration.with_user(self.user_committee_2)
        committee.ruling = "Raise the travel budget to 1,500.00 from October."
        committee.action_rule()
        return office

    def _corrective_form(self, arbitration):
        action = arbitration.action_open_corrective()
        self.assertEqual(action["res_model"], "group.budget.adjustment")
        Adjustment = self.env["group.budget.adjustment"].with_user(self.user_office_2)
        return Form(Adjustment.with_context(**action["context"]))

    def test_prefilled_from_the_disputed_adjustment(self):
        """The year, centre and lines of the rejected adjustment in dispute,
        at the figure it proposed, from the first open month; no condition
        is chosen for the applicant."""
        disputed = (
            self.env["group.budget.adjustment"]
            .with_user(self.user_officer)
            .create(
                {
                    "period_id": self.period.id,
                    "centre_id": self.centre_sub.id,
                    "condition": "other",
                    "kind": "raise",
                    "date_effective": "2031-10-01",
                    "reason": "Visits to the new southern dealers.",
                    "execution_status": "Travel at 90% of the budget to date.",
                    "factors": "A new sales region opened in August.",
                    "internal_measures": "Video calls replace visits where possible.",
                    "line_ids": [
                        Command.create(
                            {
                                "centre_id": self.centre_sub.id,
                                "item_id": self.item_travel.id,
                                "proposed_value": 1500.0,
                            }
                        )
                    ],
                }
            )
        )
        disputed.action_submit()
        disputed.with_user(self.user_office).reject_tier()
        self.assertEqual(disputed.state, "rejected")
        arbitration = self._ruled(disputed_ref=f"group.budget.adjustment,{disputed.id}")

        form = self._corrective_form(arbitration)
        self.assertEqual(form.period_id, self.period)
        self.assertEqual(form.centre_id, self.centre_sub)
        self.assertEqual(form.date_effective, ADJUSTMENT_MONTH)
        self.assertFalse(form.condition, "the applicant chooses the condition")
        self.assertIn("1,500.00", form.reason)
        self.assertEqual(len(form.line_ids), 1)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.centre_id, self.centre_sub)
            self.assertEqual(line.item_id, self.item_travel)
            self.assertAlmostEqual(line.current_value, 1200.0)
            self.assertAlmostEqual(line.proposed_value, 1500.0)
            # The closed months stay; October to December take the change.
            self.assertEqual(
                [line[f"month_{m:02d}"] for m in range(1, 13)], [100.0] * 9 + [200.0] * 3
            )

        form.condition = "other"
        form.execution_status = "Travel at 90% of the budget to date."
        form.factors = "The ruling of the Budget Committee."
        form.internal_measures = "Video calls replace visits where possible."
        corrective = form.save()
        corrective.action_submit()
        self.assertEqual(corrective.state, "submitted")
        self.assertEqual(
            corrective.line_ids.mapped(lambda line: (line.current_value, line.proposed_value)),
            [(1200.0, 1500.0)],
        )

    def test_without_disputed_record_nothing_is_ticked(self):
        """With no disputed record: the applicant centre and the company's
        year in execution; no line, so the rules are not met, and no
        condition."""
        arbitration = self._ruled()
        form = self._corrective_form(arbitration)
        self.assertEqual(form.period_id, self.period)
        self.assertEqual(form.centre_id, self.centre_sub)
        self.assertEqual(form.date_effective, ADJUSTMENT_MONTH)
        self.assertFalse(form.condition)
        self.assertEqual(len(form.line_ids), 0)
        self.assertFalse(form.rules_met, "an application without lines meets no rule")
