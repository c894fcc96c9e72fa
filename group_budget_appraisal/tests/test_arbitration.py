"""A scorecard in dispute (manual §八 3.1, a difference over an appraisal):
the appraisal adds it to the records an arbitration disputes; who decided it
is a party; a ruling on it opens a corrected scorecard."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AppraisalCase


@tagged("post_install", "-at_install")
class TestScorecardArbitration(AppraisalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_arbitration()
        cls._setup_appraisal()
        _letter, cls.card = cls._appraisal_card(
            cls.centre_sub, cls.period, {cls.item_volume: (10.0, 100)}
        )
        cls.card._set_state("reviewed", reviewed_by_id=cls.user_committee.id)
        cls.card._set_state("decided", decided_by_id=cls.user_committee_2.id)

    def test_a_scorecard_may_be_disputed(self):
        selection = dict(
            self.env["group.budget.arbitration"]
            ._fields["disputed_ref"]
            ._description_selection(self.env)
        )
        self.assertEqual(selection.get("group.budget.scorecard"), "Scorecard")
        # The core's records stay, in front.
        self.assertEqual(
            list(selection)[:5],
            [
                "group.budget.target",
                "group.budget",
                "group.budget.letter",
                "group.budget.addition",
                "group.budget.adjustment",
            ],
        )
        # The scorecard's dispute button opens an arbitration of it.
        action = self.card.with_user(self.user_officer).action_dispute()
        arbitration = (
            self.env["group.budget.arbitration"]
            .with_user(self.user_officer)
            .with_context(**action["context"])
            .create({"reasons": "The veto counted an accident outside our control."})
        )
        self.assertEqual(arbitration.disputed_ref, self.card)
        self.assertEqual(arbitration.matter, "appraisal")

    def test_who_decided_the_scorecard_is_a_party(self):
        """The Committee member who decided it (not who reviewed it) is the
        author of the disputed decision, and no one to rule on it."""
        arbitration = self._arbitration(
            matter="appraisal", disputed_ref=f"group.budget.scorecard,{self.card.id}"
        )
        arbitration.action_submit()
        self.assertEqual(arbitration.decision_author_id, self.user_committee_2)
        self.assertIn(self.user_committee_2, arbitration.party_ids)
        office = arbitration.with_user(self.user_office_2)
        office.action_receive()
        office.office_opinion = "The accident was the supplier's fault."
        office.action_refer()
        with self.assertRefused(UserError, "is a party"):
            arbitration.with_user(self.user_committee_2).ruling = "The veto stands."
        # Reviewed only: who reviewed it.
        self.card._set_state("reviewed", decided_by_id=False)
        other = self._arbitration(
            matter="appraisal", disputed_ref=f"group.budget.scorecard,{self.card.id}"
        )
        self.assertEqual(other.decision_author_id, self.user_committee)

    def test_ruling_opens_a_corrected_scorecard(self):
        arbitration = self._arbitration(
            matter="appraisal", disputed_ref=f"group.budget.scorecard,{self.card.id}"
        )
        arbitration.action_submit()
        office = arbitration.with_user(self.user_office_2)
        office.action_receive()
        office.office_opinion = "Lift the veto."
        office.action_refer()
        committee = arbitration.with_user(self.user_committee)
        committee.ruling = "Lift the veto and score the year again."
        committee.action_rule()
        action = office.action_open_corrective()
        self.assertEqual(action["res_model"], "group.budget.scorecard")
        Scorecard = self.env["group.budget.scorecard"]
        for key in action["context"]:
            self.assertIn(key.removeprefix("default_"), Scorecard._fields)
        self.assertEqual(action["context"]["default_centre_id"], self.centre_sub.id)
        self.assertEqual(action["context"]["default_period_id"], self.period.id)
