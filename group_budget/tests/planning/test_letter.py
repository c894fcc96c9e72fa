from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..common import GroupBudgetCase
from ..json_rpc import JsonRpcCase

# A 1×1 PNG, as the signature widget sends it.
PIXEL = (
    b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    b"+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestLetter(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()
        cls.target = cls._target(cls.centre_sub, {cls.item_revenue: 5000.0, cls.item_margin: 12.0})
        cls.target.action_issue()
        cls.target.action_agree()

    def _letter(self):
        return self.env["group.budget.letter"]._generate_for_targets(self.target)

    def _signed_letter(self, tasks=()):
        letter = self._letter()
        letter.task_line_ids = [(0, 0, {"name": name, "weight": 2.0}) for name in tasks]
        letter.kpi_line_ids[:1].weight -= 2.0 * len(tasks)  # weights total 100 %
        letter.action_send()
        letter.with_user(self.user_office).action_sign()
        letter.with_user(self.user_officer).action_sign()
        return letter

    def test_generated_from_agreed_targets(self):
        letter = self._letter()
        self.assertEqual(letter.state, "draft")
        self.assertEqual(letter.issuer_id, self.user_office)  # manager of the superior centre
        self.assertEqual(letter.acceptor_id, self.user_officer)  # manager of the centre
        kpis = {kpi.item_id: kpi.target_value for kpi in letter.kpi_line_ids}
        self.assertEqual(kpis, {self.item_revenue: 5000.0, self.item_margin: 12.0})
        # Generating again makes no second letter.
        self.assertFalse(self._letter())

    def test_period_generates_all_letters(self):
        self.period.with_user(self.user_office).action_generate_letters()
        self.assertEqual(self.period.letter_ids.target_id, self.target)
        self.assertEqual(self.period.letter_count, 1)

    def test_letters_need_agreed_targets(self):
        draft = self._target(self.centre_sibling, {self.item_revenue: 1.0})
        with self.assertRefused(UserError, "not agreed"):
            self.env["group.budget.letter"]._generate_for_targets(draft)

    def test_sending_emails_the_accepting_manager(self):
        letter = self._letter()
        letter.action_send()
        self.assertEqual(letter.state, "sent")
        message = letter.message_ids.filtered(lambda m: "ready for your signature" in str(m.body))
        self.assertIn(self.user_officer.partner_id, message.partner_ids)
        self.assertIn("ready for your signature", str(message.body))

    def test_both_parties_sign_and_the_target_locks(self):
        letter = self._letter()
        letter.action_send()
        letter.with_user(self.user_office).action_sign(signature=PIXEL)
        self.assertEqual(letter.issuer_signed_by_id, self.user_office)
        self.assertTrue(letter.issuer_signed_on)
        self.assertEqual(letter.state, "sent")
        self.assertFalse(self.target.locked)
        letter.with_user(self.user_officer).action_sign()
        self.assertEqual(letter.acceptor_signed_by_id, self.user_officer)
        self.assertEqual(letter.state, "signed")
        self.assertTrue(self.target.locked)

    def test_signing_by_a_non_party_is_refused(self):
        letter = self._letter()
        letter.action_send()
        with self.assertRefused(AccessError, "Only the issuing manager"):
            letter.with_user(self.user_committee).action_sign()
        self.assertFalse(letter.issuer_signed_by_id or letter.acceptor_signed_by_id)

    def test_signing_an_unsent_letter_is_refused(self):
        letter = self._letter()
        with self.assertRefused(UserError, "must be sent"):
            letter.with_user(self.user_office).action_sign()

    def test_locked_lines_refuse_writes(self):
        self._signed_letter()
        line = self._line(self.target, self.item_revenue)
        with self.assertRefused(UserError, "locked by its signed responsibility letter"):
            line.write({"estimate_value": 1.0})
        with self.assertRefused(UserError, "locked"):
            line.with_user(self.user_office).write({"issued_value": 1.0})
        with self.assertRefused(UserError, "locked"):
            line.unlink()
        self.assertEqual(line.issued_value, 5000.0)

    def test_signed_letter_is_frozen(self):
        letter = self._signed_letter()
        with self.assertRefused(UserError, "signed and can no longer change"):
            letter.veto_items = "Anything"

    def test_supersede_releases_the_lock(self):
        letter = self._signed_letter(tasks=["Open the Xi'an plant"])
        new = letter._supersede()
        self.assertEqual(letter.state, "superseded")
        self.assertEqual(letter.superseded_by_id, new)
        self.assertEqual((new.version, new.state), (2, "draft"))
        self.assertEqual(new.task_line_ids.name, "Open the Xi'an plant")
        self.assertFalse(self.target.locked)
        line = self._line(self.target, self.item_revenue)
        line.estimate_value = 4800.0
        self.assertEqual(line.estimate_value, 4800.0)

    def test_task_weight_must_be_positive(self):
        letter = self._letter()
        with self.assertRefused(ValidationError, "must be positive"):
            letter.task_line_ids = [(0, 0, {"name": "Cut stock", "weight": 0.0})]

    def test_printable_letter(self):
        letter = self._signed_letter()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("group_budget.group_budget_letter_report", letter.ids)[0]
            .decode()
        )
        self.assertIn("Budget Target Responsibility Letter", html)
        self.assertIn("[T-REV] Revenue", html)
        self.assertIn(self.user_officer.name, html)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["group_budget"], ["zh_CN"], overwrite=True)
        self.user_officer.lang = "zh_CN"
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("group_budget.group_budget_letter_report", letter.ids)[0]
            .decode()
        )
        self.assertIn("预算目标责任书", html)

    def test_officer_sees_the_letters_of_their_centres(self):
        letter = self._letter()
        letters = self.env["group.budget.letter"].with_user(self.user_officer).search([])
        self.assertIn(letter, letters)
        other = self._target(self.centre_sibling, {self.item_revenue: 1.0})
        other.action_issue()
        other.action_agree()
        other_letter = self.env["group.budget.letter"]._generate_for_targets(other)
        self.assertNotIn(
            other_letter, self.env["group.budget.letter"].with_user(self.user_officer).search([])
        )

    def test_each_party_draws_only_their_own_signature(self):
        letter = self._letter()
        letter.action_send()
        letter.with_user(self.user_office).issuer_signature = PIXEL
        self.assertTrue(letter.issuer_signature)
        with self.assertRefused(AccessError, "Only gb_officer"):
            letter.with_user(self.user_committee).acceptor_signature = PIXEL
        with self.assertRefused(AccessError, "may draw this signature"):
            letter.with_user(self.user_officer).issuer_signature = False
        self.assertFalse(letter.acceptor_signature)


@tagged("post_install", "-at_install")
class TestLetterParties(GroupBudgetCase):
    """The parties follow from the centres and only the Budget Office changes
    them; nobody is both; a signed letter stays (manual §三 5.6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()
        cls.target = cls._target(cls.centre_sub, {cls.item_revenue: 5000.0})
        cls.target.action_issue()
        cls.target.action_agree()
        cls.letter = cls.env["group.budget.letter"]._generate_for_targets(cls.target)

    def test_officer_cannot_write_themselves_in_as_issuer(self):
        """The accepting manager may not make themselves the issuer over RPC,
        sign twice and lock the target."""
        mine = self.letter.with_user(self.user_officer)
        with self.assertRefused(AccessError, "Only the Budget Office may change Issuing Manager"):
            mine.write({"issuer_id": self.user_officer.id})
        with self.assertRefused(AccessError, "Only the Budget Office may change Accepting"):
            mine.write({"acceptor_id": self.user_committee.id})
        with self.assertRefused(AccessError, "Only the Budget Office"):
            mine.write({"target_id": self.target.id})
        self.assertEqual(self.letter.issuer_id, self.user_office)
        self.letter.action_send()
        mine.action_sign()
        with self.assertRefused(UserError, "already signed"):
            mine.action_sign()
        self.assertEqual(self.letter.state, "sent")
        self.assertFalse(self.target.locked)

    def test_signing_records_are_written_only_by_signing(self):
        self.letter.action_send()
        mine = self.letter.with_user(self.user_officer)
        with self.assertRefused(AccessError, "recorded by signing"):
            mine.write({"issuer_signed_by_id": self.user_office.id})
        with self.assertRefused(AccessError, "recorded by signing"):
            mine.write({"acceptor_signed_on": "2031-01-01 00:00:00"})
        with self.assertRefused(AccessError, "recorded by signing"):
            self.letter.with_user(self.user_office).write({"version": 7})
        self.assertFalse(self.letter.issuer_signed_by_id)

    def test_office_changes_the_parties_before_anyone_signs(self):
        office = self.letter.with_user(self.user_office)
        self.assertTrue(office.may_change_parties)
        self.assertFalse(self.letter.with_user(self.user_officer).may_change_parties)
        office.write({"issuer_id": self.user_committee.id})
        self.assertEqual(self.letter.issuer_id, self.user_committee)
        self.letter.action_send()
        self.letter.with_user(self.user_officer).action_sign()
        with self.assertRefused(UserError, "already been signed by gb_officer"):
            office.write({"issuer_id": self.user_office.id})
        self.assertEqual(self.letter.issuer_id, self.user_committee)
        self.assertFalse(office.may_change_parties)

    def test_issuer_and_acceptor_are_different_people(self):
        office = self.letter.with_user(self.user_office)
        with self.assertRefused(ValidationError, "gb_officer.* cannot be both the issuing and"):
            office.write({"issuer_id": self.user_officer.id})
        with self.assertRefused(ValidationError, "must be different people"):
            office.write({"acceptor_id": self.user_office.id})
        self.assertEqual(
            (self.letter.issuer_id, self.letter.acceptor_id), (self.user_office, self.user_officer)
        )

    def test_one_manager_of_both_centres_is_not_both_parties(self):
        """When the superior centre has the same manager, the issuer stays
        empty for the Budget Office to set; the letter is not sent before."""
        self.centre_sibling.manager_id = self.user_office
        other = self._target(self.centre_sibling, {self.item_revenue: 1.0})
        other.action_issue()
        other.action_agree()
        letter = self.env["group.budget.letter"]._generate_for_targets(other)
        self.assertEqual(letter.acceptor_id, self.user_office)
        self.assertFalse(letter.issuer_id)
        with self.assertRefused(UserError, "needs an issuing and an accepting manager"):
            letter.action_send()
        letter.with_user(self.user_office).issuer_id = self.user_committee
        letter.action_send()
        self.assertEqual(letter.state, "sent")

    def test_signed_letter_cannot_be_deleted(self):
        self.letter.action_send()
        self.letter.with_user(self.user_office).action_sign()
        with self.assertRefused(UserError, "has been signed and cannot be deleted"):
            self.letter.with_user(self.user_office).unlink()
        with self.assertRefused(UserError, "has been signed and cannot be deleted"):
            self.letter.unlink()
        # Nor does it go with its target or its year.
        with self.assertRefused(UserError, "has been signed and cannot be deleted"):
            self.target.unlink()
        with self.assertRefused(UserError, "has been signed and cannot be deleted"):
            self.period.unlink()
        with self.assertRefused(UserError, "has been signed and cannot be deleted"):
            self.letter.centre_id.unlink()
        self.assertTrue(self.letter.exists())

    def test_unsigned_letter_can_be_deleted(self):
        self.letter.with_user(self.user_office).unlink()
        self.assertFalse(self.letter.exists())


@tagged("post_install", "-at_install")
class TestLetterTermsRpc(JsonRpcCase, GroupBudgetCase):
    """What was agreed stays agreed, over real HTTP JSON-RPC: once a letter
    is sent its KPI and work-task lines (weights, targets, measures) and its
    veto items change for nobody; a sent letter returns to draft to change,
    which clears its signatures; a signed one only through an adjustment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()
        cls.target = cls._target(cls.centre_sub, {cls.item_revenue: 5000.0, cls.item_margin: 12.0})
        cls.target.action_issue()
        cls.target.action_agree()
        cls.letter = cls.env["group.budget.letter"]._generate_for_targets(cls.target)
        cls.letter.task_line_ids = [
            Command.create({"name": "Open a dealer", "weight": 2.0, "measure": "Count"})
        ]
        cls.letter.kpi_line_ids[:1].weight -= 2.0  # weights total 100 %
        cls.letter.veto_items = "A major accident."

    def _call(self, model, method, args):
        return self._rpc(model, method, args)

    def _terms(self):
        letter = self.letter
        return (
            [(kpi.item_id.id, kpi.target_value, kpi.weight) for kpi in letter.kpi_line_ids],
            [(task.name, task.weight, task.measure) for task in letter.task_line_ids],
            letter.veto_items,
        )

    def _changes(self):
        """Every way of changing the terms: (model, method, args)."""
        kpi, task = self.letter.kpi_line_ids[:1], self.letter.task_line_ids
        return [
            ("group.budget.letter.kpi", "write", [kpi.ids, {"weight": kpi.weight - 10}]),
            ("group.budget.letter.kpi", "write", [kpi.ids, {"target_value": 1.0}]),
            (
                "group.budget.letter.kpi",
                "create",
                [{"letter_id": self.letter.id, "item_id": self.item_volume.id, "weight": 10}],
            ),
            ("group.budget.letter.kpi", "unlink", [kpi.ids]),
            ("group.budget.letter.task", "write", [task.ids, {"weight": 12.0}]),
            ("group.budget.letter.task", "write", [task.ids, {"measure": "Nothing"}]),
            (
                "group.budget.letter.task",
                "create",
                [{"letter_id": self.letter.id, "name": "More", "weight": 10}],
            ),
            ("group.budget.letter.task", "unlink", [task.ids]),
            (
                "group.budget.letter",
                "write",
                [self.letter.ids, {"kpi_line_ids": [Command.update(kpi.id, {"weight": 50})]}],
            ),
            ("group.budget.letter", "write", [self.letter.ids, {"veto_items": False}]),
        ]

    def _assert_refused(self, login, changes, expected="!"):
        self.authenticate(login, login)
        before = self._terms()
        for model, method, args in changes:
            outcome, message = self._call(model, method, args)
            self.assertIn(outcome, expected, f"{model}.{method}{args}: {message}")
        self.assertEqual(self._terms(), before)

    @mute_logger("odoo.http")
    def test_signed_letter_terms_stay(self):
        self.letter.action_send()
        self.letter.with_user(self.user_office).action_sign()
        self.letter.with_user(self.user_officer).action_sign()
        self.assertEqual(self.letter.state, "signed")
        # The Budget Office, which edits letters, changes nothing of it.
        self._assert_refused("gb_office", self._changes())
        # Nor does the accepting manager, the centre's officer ("-": no
        # right to edit lines at all).
        self._assert_refused("gb_officer", self._changes(), expected="-!")
        self.authenticate("gb_office", "gb_office")
        outcome, message = self._call(
            "group.budget.letter", "action_reset_draft", [self.letter.ids]
        )
        self.assertEqual(outcome, "!", message)
        self.assertEqual(self.letter.state, "signed")

    @mute_logger("odoo.http")
    def test_sent_letter_terms_change_only_back_in_draft(self):
        self.letter.action_send()
        self.letter.with_user(self.user_officer).action_sign()
        self.assertEqual(self.letter.acceptor_signed_by_id, self.user_officer)
        self._assert_refused("gb_office", self._changes())
        self._assert_refused("gb_officer", self._changes(), expected="-!")
        self.assertEqual(self.letter.state, "sent")
        # The officer may not return it to draft; the Budget Office does,
        # which clears the signature given.
        self.authenticate("gb_officer", "gb_officer")
        outcome, message = self._call(
            "group.budget.letter", "action_reset_draft", [self.letter.ids]
        )
        self.assertEqual(outcome, "-", message)
        self.authenticate("gb_office", "gb_office")
        outcome, message = self._call(
            "group.budget.letter", "action_reset_draft", [self.letter.ids]
        )
        self.assertEqual(outcome, "+", message)
        self.assertEqual(self.letter.state, "draft")
        self.assertFalse(self.letter.acceptor_signed_by_id or self.letter.acceptor_signed_on)
        kpi, task = self.letter.kpi_line_ids[:1], self.letter.task_line_ids
        for args in ([kpi.ids, {"weight": kpi.weight - 1}], [task.ids, {"weight": 3.0}]):
            model = "group.budget.letter.kpi" if args[0] == kpi.ids else "group.budget.letter.task"
            outcome, message = self._call(model, "write", args)
            self.assertEqual(outcome, "+", message)
        self.assertEqual(task.weight, 3.0)
        # Sent and signed again, as changed.
        self.letter.action_send()
        self.letter.with_user(self.user_office).action_sign()
        self.letter.with_user(self.user_officer).action_sign()
        self.assertEqual(self.letter.state, "signed")
