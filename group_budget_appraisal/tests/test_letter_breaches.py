from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.group_budget.tests.common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestLetterBreaches(GroupBudgetCase):
    """A letter is never sent with weights that break the appraisal rules
    (manual §九 6): sending refuses it, naming the KPI lines concerned; the
    version an adjustment brings, which keeps the weights of the one it
    replaces, stays a draft and says why; a letter sent before the rules
    applied returns to draft."""

    @classmethod
    def setUpClass(cls):
        """The executing year 2031; the sales office's agreed target of
        travel (12,000.00) and vehicles (12,000), and a letter that weighs
        travel at 1 % and the vehicles at 99 %: 100 % in all, but the
        financial KPI weighs less than the non-financial one."""
        super().setUpClass()
        cls._setup_execution()
        cls.centre_group.manager_id = cls.user_committee
        cls.centre_sales = cls._sales_office(manager_id=cls.user_officer.id)
        cls._executing_budget(
            cls.centre_sales, {cls.item_travel: 1_000.0, cls.item_volume: 1_000.0}
        )
        cls.target = cls._target(
            cls.centre_sales, {cls.item_travel: 12_000.0, cls.item_volume: 12_000.0}
        )
        cls.target._set_state("issued")
        cls.target.action_agree()
        Letter = cls.env["group.budget.letter"]
        cls.letter = Letter.create(Letter._prepare_letter_vals(cls.target))
        cls.kpi = {kpi.item_id: kpi for kpi in cls.letter.kpi_line_ids}
        cls.kpi[cls.item_travel].weight = 1.0
        cls.kpi[cls.item_volume].weight = 99.0

    def test_sending_names_the_lines_that_break_the_rules(self):
        self.assertIn("[T-TRV] Travel (1.0 %)", self.letter.weight_breach)
        with self.assertRefused(
            ValidationError,
            r"(?s)financial KPIs weigh 1\.0 %.*\(99\.0 %\).*"
            r"KPI lines concerned: \[T-TRV\] Travel \(1\.0 %\); \[T-VOL\] Volume \(99\.0 %\)",
        ):
            self.letter.with_user(self.user_office).action_send()
        self.assertEqual(self.letter.state, "draft")
        self.kpi[self.item_volume].weight = 29.0
        with self.assertRefused(
            ValidationError, r"total 30\.0 %.*KPI lines concerned: \[T-TRV\] Travel \(1\.0 %\)"
        ):
            self.letter.with_user(self.user_office).action_send()
        self.kpi[self.item_travel].weight = 71.0
        self.assertFalse(self.letter.weight_breach)
        self.letter.with_user(self.user_office).action_send()
        self.assertEqual(self.letter.state, "sent")

    def test_the_letter_to_sign_again_keeps_broken_weights_as_a_draft(self):
        """Signed before the appraisal applied its rules, the letter is
        superseded by an approved adjustment: the new version keeps travel
        at 1 % and stays a draft, with a note naming the line; sending it
        is refused until the Budget Office corrects the weights."""
        self.letter._set_state("signed")
        with freeze_time("2031-10-05"):
            adjustment = self._adjustment(14_400.0, centre=self.centre_sales)
            self._set_net_assets(10_000.0)
            adjustment.with_user(self.user_officer).action_submit()
            adjustment.with_user(self.user_office).office_opinion = "Justified."
            adjustment.with_user(self.user_office).validate_tier()
            adjustment.with_user(self.user_committee).validate_tier()
        self.assertEqual(adjustment.state, "approved")
        new = adjustment.letter_ids
        self.assertEqual((self.letter.state, new.version, new.state), ("superseded", 2, "draft"))
        self.assertEqual(
            {kpi.item_id: (kpi.target_value, kpi.weight) for kpi in new.kpi_line_ids},
            {self.item_travel: (14_400.0, 1.0), self.item_volume: (12_000.0, 99.0)},
        )
        notes = new.message_ids.filtered(lambda m: "break the appraisal rules" in (m.body or ""))
        self.assertEqual(len(notes), 1, new.message_ids.mapped("body"))
        self.assertIn("[T-TRV] Travel (1.0 %)", notes.body)
        with self.assertRefused(ValidationError, r"\[T-TRV\] Travel \(1\.0 %\)"):
            new.with_user(self.user_office).action_send()
        self.assertEqual(new.state, "draft")
        kpis = {kpi.item_id: kpi for kpi in new.kpi_line_ids}
        new.with_user(self.user_office).write(
            {
                "kpi_line_ids": [
                    Command.update(kpis[self.item_travel].id, {"weight": 70.0}),
                    Command.update(kpis[self.item_volume].id, {"weight": 30.0}),
                ]
            }
        )
        new.with_user(self.user_office).action_send()
        self.assertEqual(new.state, "sent")

    def test_a_superseding_letter_that_follows_the_rules_says_nothing(self):
        self.kpi[self.item_travel].weight = 70.0
        self.kpi[self.item_volume].weight = 30.0
        self.letter._set_state("signed")
        new = self.letter._supersede()
        self.assertFalse(new.weight_breach)
        self.assertFalse(
            new.message_ids.filtered(lambda m: "break the appraisal rules" in (m.body or ""))
        )

    def test_a_letter_sent_before_the_rules_returns_to_draft(self):
        """Sent while the appraisal was not installed (a signature given),
        the letter returns to draft when it is: the signature is cleared,
        a note names the line; letters that follow the rules stay sent."""
        self.letter._set_state("sent", acceptor_signed_by_id=self.user_officer.id)
        Letter = self.env["group.budget.letter"]
        other = Letter.create(
            Letter._prepare_letter_vals(
                self._target(self.centre_sub, {self.item_volume: 10.0}).sudo()
            )
        )
        other._set_state("sent")
        self.assertEqual(other.weight_total, 100.0)
        drafted = Letter._draft_unsendable_letters()
        self.assertEqual(drafted, self.letter)
        self.assertEqual((self.letter.state, other.state), ("draft", "sent"))
        self.assertFalse(self.letter.acceptor_signed_by_id)
        notes = self.letter.message_ids.filtered(lambda m: "Returned to draft" in (m.body or ""))
        self.assertIn("[T-TRV] Travel (1.0 %)", notes.body)
