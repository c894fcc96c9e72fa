"""Everyone who signs or reviews a document can print it and open it, whatever
company the other party is in; nobody else can."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_qweb import QWebException

from .common import GroupBudgetCase

REPORT = "group_budget.group_budget_letter_report"


@tagged("post_install", "-at_install")
class TestPrint(HttpCase, GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_print()

    def _render(self, user, letters, companies):
        return (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(allowed_company_ids=companies.ids)
            ._render_qweb_html(REPORT, letters.ids)[0]
            .decode()
        )

    def _opened_from_chatter(self, login, record, cids):
        """Where ``/mail/view`` (the link of notifications and activities)
        sends ``login``, whose browser has company ``cids`` enabled."""
        self.authenticate(login, login)
        self.opener.cookies.set("cids", "-".join(str(c) for c in cids.ids))
        response = self.url_open(
            f"/mail/view?model={record._name}&res_id={record.id}", allow_redirects=False
        )
        self.assertIn(response.status_code, (302, 303))
        return response.headers["Location"]

    def test_accepting_manager_prints_the_letter(self):
        """Company B's manager prints the letter whose issuing party is the
        group's centre in company A, which they may not open."""
        manager = self.user_b_manager
        html = self._render(manager, self.letter_b_sub, self.company_b)
        self.assertIn("[G] Group", html)
        self.assertIn(self.user_committee.name, html)
        self.assertIn("[FS] Foreign Subsidiary", html)
        self.assertIn("Open two dealers", html)
        # The letter shows the issuing centre's name, no more: the centre
        # itself stays closed to them.
        with self.assertRaises(AccessError):
            self.centre_group.with_user(manager).read(["name"])

    def test_accepting_manager_opens_the_letter(self):
        letter = self.letter_b_sub.with_user(self.user_b_manager).with_context(
            allowed_company_ids=self.company_b.ids
        )
        values = letter.read(["name", "centre_id", "issuer_id", "acceptor_id", "target_id"])[0]
        self.assertEqual(values["issuer_id"][0], self.user_committee.id)
        self.assertTrue(letter.kpi_line_ids.read(["item_id", "target_value"]))
        self.assertTrue(letter.task_line_ids.read(["name"]))
        location = self._opened_from_chatter("gb_b_manager", self.letter_b_sub, self.company_b)
        self.assertIn(str(self.letter_b_sub.id), location)
        self.assertNotIn("discuss", location)

    def test_issuing_manager_prints_from_another_company(self):
        """The issuer works in company A; the web client adds company B,
        the letter's, when they open it from the chatter."""
        html = self._render(self.user_committee, self.letter_b_sub, self.company_a | self.company_b)
        self.assertIn("[FS] Foreign Subsidiary", html)
        location = self._opened_from_chatter("gb_committee", self.letter_b_sub, self.company_a)
        self.assertIn(str(self.letter_b_sub.id), location)
        self.assertNotIn("discuss", location)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_others_cannot_print_nor_open(self):
        stranger = self.user_stranger
        # Rendering stops at the first field the stranger may not read.
        with self.assertRaises(QWebException) as caught:
            self._render(stranger, self.letter_b_sub, self.company_b)
        self.assertIn("Responsibility Letter (group.budget.letter)", str(caught.exception))
        with self.assertRaises(AccessError):
            self.letter_b_sub.with_user(stranger).read(["name"])
        with self.assertRaises(AccessError):
            self.letter_b_sub.kpi_line_ids.with_user(stranger).read(["target_value"])
        with self.assertRaises(AccessError):
            self.letter_b_sub.task_line_ids.with_user(stranger).read(["name"])
        location = self._opened_from_chatter("gb_stranger", self.letter_b_sub, self.company_b)
        self.assertIn("discuss", location)
        # Over HTTP, as the Print button does.
        self.authenticate("gb_stranger", "gb_stranger")
        response = self.url_open(
            f"/report/html/group_budget.report_group_budget_letter/{self.letter_b_sub.id}"
        )
        self.assertNotIn("Open two dealers", response.text)

    def test_print_over_http(self):
        self.authenticate("gb_b_manager", "gb_b_manager")
        self.opener.cookies.set("cids", str(self.company_b.id))
        response = self.url_open(
            f"/report/html/group_budget.report_group_budget_letter/{self.letter_b_sub.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("[G] Group", response.text)
        self.assertIn("Open two dealers", response.text)

    def test_reviewer_of_another_company_opens_the_budget(self):
        """A reviewer named on a review step, who answers for no centre,
        opens the budget of company B's subsidiary from their activity,
        with company A enabled."""
        reviewer = new_test_user(
            self.env,
            login="gb_reviewer",
            groups="group_budget.group_budget_officer",
            company_id=self.company_a.id,
            company_ids=[Command.set((self.company_a | self.company_b).ids)],
        )
        self.env["tier.definition"].create(
            {
                "name": "Group controller review",
                "model_id": self.env.ref("group_budget.model_group_budget").id,
                "review_type": "individual",
                "reviewer_id": reviewer.id,
                "definition_domain": f"[('centre_id', '=', {self.centre_b_sub.id})]",
                "sequence": 90,
                "approve_sequence": True,
                "company_id": False,
            }
        )
        budget = self.env["group.budget"].create(
            {
                "centre_id": self.centre_b_sub.id,
                "period_id": self.period_b.id,
                "line_ids": [Command.create({"item_id": self.item_volume.id, "month_01": 1.0})],
            }
        )
        budget.with_user(self.user_b_manager).with_context(
            allowed_company_ids=self.company_b.ids
        ).action_submit()
        activity = budget.activity_ids.filtered(lambda a: a.user_id == reviewer)
        self.assertTrue(activity)
        location = self._opened_from_chatter("gb_reviewer", budget, self.company_a)
        self.assertIn(str(budget.id), location)
        self.assertNotIn("discuss", location)
        as_reviewer = budget.with_user(reviewer).with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids
        )
        self.assertEqual(as_reviewer.read(["name"])[0]["name"], budget.name)
        self.assertTrue(as_reviewer.line_ids.read(["total"]))
        self.assertIn(budget, as_reviewer.search([("can_review", "=", True)]))
        # Still nothing of company B's centres.
        with self.assertRaises(AccessError):
            self.centre_b_sub.with_user(reviewer).read(["name"])
        # They review their step.
        as_reviewer.validate_tier()
        review = budget.review_ids.filtered(lambda r: reviewer in r.reviewer_ids)
        self.assertEqual(review.status, "approved")
