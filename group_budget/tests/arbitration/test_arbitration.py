"""Budget arbitration (issue 12, manual §八): the procedure, its deadlines in
working days, recusal, the final ruling, overdue reminders and the form."""

import datetime

import pytz
from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..common import GroupBudgetCase
from ..json_rpc import JsonRpcCase

D = datetime.date
REPORT = "group_budget.group_budget_arbitration_report"


@tagged("post_install", "-at_install")
class TestArbitration(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_arbitration()
        cls.centre_group.manager_id = cls.user_committee
        cls.centre_sub.manager_id = cls.user_officer

    def _received(self, day, **vals):
        """An arbitration submitted by the officer and received by the
        second office user on ``day``."""
        with freeze_time(day):
            arbitration = self._arbitration(**vals)
            arbitration.action_submit()
            arbitration.with_user(self.user_office_2).action_receive()
        return arbitration

    # ------------------------------------------------------------------
    # The flow
    # ------------------------------------------------------------------
    def test_coordinated_matter_closes_with_the_agreed_outcome(self):
        with freeze_time("2031-09-04"):  # a Thursday
            arbitration = self._arbitration()
            self.assertEqual(arbitration.state, "draft")
            self.assertEqual(arbitration.date_submitted, D(2031, 9, 4))
            arbitration.action_submit()
            self.assertEqual(arbitration.state, "submitted")
            self.assertFalse(arbitration.coordination_deadline)
            office = arbitration.with_user(self.user_office_2)
            office.action_receive()
        self.assertEqual(arbitration.state, "coordinating")
        self.assertEqual(arbitration.date_received, D(2031, 9, 4))
        self.assertEqual(arbitration.received_by_id, self.user_office_2)
        # 3 days: Sunday 7 → Monday 8; 5 working days: Fri, Mon–Thu.
        self.assertEqual(arbitration.coordination_deadline, D(2031, 9, 8))
        self.assertEqual(arbitration.ruling_deadline, D(2031, 9, 11))
        with freeze_time("2031-09-05"):
            office.coordination_outcome = "Margin recalculated on net sales."
            office.action_close()
        self.assertEqual(arbitration.state, "closed")
        self.assertEqual(arbitration.date_closed, D(2031, 9, 5))
        self.assertEqual(arbitration.coordinator_id, self.user_office_2)
        self.assertEqual(arbitration.outcome, "Margin recalculated on net sales.")
        with self.assertRaises(UserError):
            office.action_refer()

    def test_referred_major_matter_is_ruled_across_a_holiday(self):
        # Friday 26 September 2031, before National Day; major: 10 working
        # days, counting the make-up Saturday 11 October.
        arbitration = self._received("2031-09-26", severity="major")
        self.assertEqual(arbitration.coordination_deadline, D(2031, 9, 29))
        self.assertEqual(arbitration.ruling_deadline, D(2031, 10, 16))
        office = arbitration.with_user(self.user_office_2)
        with freeze_time("2031-09-29"):
            office.office_opinion = "Keep the target; the base is the group's."
            office.action_refer()
        self.assertEqual(arbitration.state, "referred")
        self.assertEqual(arbitration.office_opinion_date, D(2031, 9, 29))
        committee = arbitration.with_user(self.user_committee_2)
        with freeze_time("2031-10-09"):
            committee.ruling = "The target stands."
            committee.action_rule()
        self.assertEqual(arbitration.state, "ruled")
        self.assertEqual(arbitration.ruling_date, D(2031, 10, 9))
        self.assertEqual(arbitration.ruled_by_id, self.user_committee_2)
        self.assertEqual(arbitration.outcome, "The target stands.")

    def test_general_deadline_across_a_holiday(self):
        arbitration = self._received("2031-09-26")
        self.assertEqual(arbitration.ruling_deadline, D(2031, 10, 10))
        # Received Monday 29 September: + 3 days is 2 October, a holiday →
        # Wednesday 8 October; 5 working days: Tue 30, Wed 8, Thu 9, Fri 10,
        # Sat 11 (make-up day).
        arbitration = self._received("2031-09-29")
        self.assertEqual(arbitration.coordination_deadline, D(2031, 10, 8))
        self.assertEqual(arbitration.ruling_deadline, D(2031, 10, 11))

    def _national_day(self, on_calendar=True, end="2031-10-07 15:59:59"):
        """National Day 2031 again, instead of the fixture's: on the company's
        calendar, or for the whole company without a calendar (stored in
        UTC: from 1 October 00:00 in Beijing to ``end``)."""
        calendar = self.company_a.resource_calendar_id
        Leave = self.env["resource.calendar.leaves"]
        Leave.search([("calendar_id", "=", calendar.id), ("name", "=", "National Day")]).unlink()
        holiday = Leave.with_company(self.company_a).create(
            {
                "name": "National Day",
                "calendar_id": calendar.id if on_calendar else False,
                "date_from": "2031-09-30 16:00:00",
                "date_to": end,
            }
        )
        # Its company follows from the company it is entered in.
        self.assertEqual(holiday.company_id, self.company_a)
        return holiday

    def test_national_day_for_the_whole_company_without_calendar(self):
        """Public holidays entered for the whole company (no calendar, no
        resource) count, as Odoo's calendar counts them; one person's time
        off and another company's holidays do not."""
        self.assertFalse(self._national_day(on_calendar=False).calendar_id)
        calendar = self.company_a.resource_calendar_id
        beijing = pytz.timezone("Asia/Shanghai")
        self.assertEqual(
            calendar.get_work_hours_count(
                beijing.localize(datetime.datetime(2031, 10, 2)),
                beijing.localize(datetime.datetime(2031, 10, 3)),
            ),
            0.0,
        )
        person = self.env["resource.resource"].create(
            {
                "name": "Wang Fang",
                "calendar_id": calendar.id,
                "company_id": self.company_a.id,
                "tz": "Asia/Shanghai",
            }
        )
        Leave = self.env["resource.calendar.leaves"]
        Leave.create(
            {
                "name": "Wang Fang's annual leave",
                "resource_id": person.id,
                "calendar_id": calendar.id,
                "date_from": "2031-10-08 00:00:00",
                "date_to": "2031-10-10 10:00:00",
            }
        )
        other = Leave.with_company(self.company_b).create(
            {
                "name": "Other company's holiday",
                "calendar_id": False,
                "date_from": "2031-10-08 00:00:00",
                "date_to": "2031-10-10 10:00:00",
            }
        )
        # Its company follows from the company it is entered in.
        self.assertEqual(other.company_id, self.company_b)
        # Received Monday 29 September: + 3 days is 2 October, a holiday →
        # Wednesday 8 October; 5 working days: Tue 30, Wed 8, Thu 9, Fri 10,
        # Sat 11 (the make-up day of the fixture's calendar).
        arbitration = self._received("2031-09-29")
        self.assertEqual(arbitration.coordination_deadline, D(2031, 10, 8))
        self.assertEqual(arbitration.ruling_deadline, D(2031, 10, 11))
        major = self._received("2031-09-26", severity="major")
        self.assertEqual(major.ruling_deadline, D(2031, 10, 16))

    def test_holiday_ending_at_midnight_leaves_the_next_day_worked(self):
        """National Day entered up to 8 October 00:00 (Beijing time) ends with
        7 October, entered either way: 8 October is worked."""
        for on_calendar in (True, False):
            with self.subTest(on_calendar=on_calendar):
                self._national_day(on_calendar, end="2031-10-07 16:00:00")
                arbitration = self._received("2031-09-29")
                self.assertEqual(arbitration.coordination_deadline, D(2031, 10, 8))
                self.assertEqual(arbitration.ruling_deadline, D(2031, 10, 11))

    def test_deadlines_read_the_calendar_once(self):
        """Receipt reads the calendar's attendances and public holidays in a
        few queries, however many holidays it holds: no query per day."""
        calendar = self.company_a.resource_calendar_id
        counts = []
        # The first receipt warms the caches of access rules up.
        for holidays in (0, 0, 30):
            self.env["resource.calendar.leaves"].create(
                [
                    {
                        "name": f"Holiday {day}",
                        "calendar_id": calendar.id,
                        "date_from": f"2032-{month:02d}-{day:02d} 00:00:00",
                        "date_to": f"2032-{month:02d}-{day:02d} 08:00:00",
                    }
                    for month, day in ((m, d) for m in (1, 2) for d in range(1, 16))
                ][:holidays]
            )
            with freeze_time("2031-12-20"):
                arbitration = self._arbitration()
                arbitration.action_submit()
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                arbitration.with_user(self.user_office_2).action_receive()
                self.env.flush_all()
                counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[2])

    def test_major_deadline_across_a_weekend(self):
        arbitration = self._received("2031-09-04", severity="major")
        self.assertEqual(arbitration.ruling_deadline, D(2031, 9, 18))

    def test_withdrawal_before_the_ruling(self):
        for step in ("draft", "submitted", "coordinating", "referred"):
            with freeze_time("2031-09-04"):
                arbitration = self._arbitration()
                if step != "draft":
                    arbitration.action_submit()
                if step in ("coordinating", "referred"):
                    arbitration.with_user(self.user_office_2).action_receive()
                if step == "referred":
                    arbitration.with_user(self.user_office_2).office_opinion = "No agreement."
                    arbitration.with_user(self.user_office_2).action_refer()
                self.assertEqual(arbitration.state, step)
                arbitration.action_withdraw()
            self.assertEqual(arbitration.state, "withdrawn", step)
            self.assertEqual(arbitration.date_withdrawn, D(2031, 9, 4))
        # Only the applicant withdraws, and only they see the button.
        arbitration = self._received("2031-09-04")
        with self.assertRefused(AccessError, "Only the applicant"):
            arbitration.with_user(self.user_office_2).action_withdraw()
        self.assertEqual(arbitration.state, "coordinating")
        self.assertTrue(arbitration.with_user(self.user_officer).is_applicant)
        self.assertFalse(arbitration.with_user(self.user_office_2).is_applicant)
        arch = self.env["group.budget.arbitration"].get_view(view_type="form")["arch"]
        button = etree.fromstring(arch).xpath("//button[@name='action_withdraw']")[0]
        self.assertIn("not id", button.get("invisible"))
        self.assertIn("not is_applicant", button.get("invisible"))

    def test_numbers_per_company_and_year(self):
        Arbitration = self.env["group.budget.arbitration"]
        with freeze_time("2031-05-01"):
            first, second = (self._arbitration() for _i in range(2))
            other = Arbitration.create(
                {
                    "centre_id": self.centre_other_company.id,
                    "reasons": "Responsibility for freight.",
                    "matter": "responsibility",
                }
            )
        with freeze_time("2032-01-05"):
            next_year = self._arbitration()
        self.assertEqual(first.name, "ARB/2031/0001")
        self.assertEqual(second.name, "ARB/2031/0002")
        self.assertEqual(other.name, "ARB/2031/0001")
        self.assertEqual(other.company_id, self.company_b)
        self.assertEqual(next_year.name, "ARB/2032/0001")

    # ------------------------------------------------------------------
    # Recusal
    # ------------------------------------------------------------------
    def test_matter_concerning_the_office_skips_coordination(self):
        arbitration = self._received("2031-09-04", concerns_office=True)
        self.assertEqual(arbitration.state, "referred")
        self.assertEqual(arbitration.ruling_deadline, D(2031, 9, 11))
        office = arbitration.with_user(self.user_office_2)
        with self.assertRaises(UserError):
            office.action_close()
        with self.assertRaises(UserError):
            office.office_opinion = "Mine."
        arbitration.with_user(self.user_committee_2).ruling = "The office was right."
        arbitration.with_user(self.user_committee_2).action_rule()
        self.assertEqual(arbitration.state, "ruled")

    def test_office_refuses_coordination_of_a_matter_concerning_it(self):
        with freeze_time("2031-09-04"):
            arbitration = self._arbitration(concerns_office=True)
            arbitration.action_submit()
        arbitration.with_user(self.user_office_2).action_receive()
        # Even a forced coordination is refused: the office neither writes an
        # opinion on the matter nor refers it.
        arbitration._set_state("coordinating")
        with self.assertRefused(UserError, "concerns the Budget Office"):
            arbitration.with_user(self.user_office_2).office_opinion = "No."
        arbitration._privileged_write({"office_opinion": "No."})
        with self.assertRefused(UserError, "concerns the Budget Office"):
            arbitration.with_user(self.user_office_2).action_refer()

    def _issued_target(self, user):
        """A target of the applicant centre, issued by ``user`` (a Budget
        Office user): the decision the arbitration disputes."""
        self._setup_targets()
        target = self._target(self.centre_sub, {self.item_revenue: 10.0})
        target.with_user(user).action_issue()
        return target

    def test_parties_neither_coordinate_nor_rule(self):
        # The author of the disputed decision (the office user who issued the
        # disputed target) neither writes the office's opinion nor
        # coordinates; another office user does.
        target = self._issued_target(self.user_office)
        arbitration = self._received("2031-09-04", disputed_ref=f"group.budget.target,{target.id}")
        self.assertEqual(arbitration.decision_author_id, self.user_office)
        self.assertIn(self.user_office, arbitration.party_ids)
        with self.assertRefused(UserError, "is a party"):
            arbitration.with_user(self.user_office).office_opinion = "Mine is right."
        with self.assertRefused(UserError, "is a party"):
            arbitration.with_user(self.user_office).coordination_outcome = "Agreed."
        self.assertFalse(arbitration.office_opinion or arbitration.coordination_outcome)
        arbitration.with_user(self.user_office_2).office_opinion = "No agreement."
        with self.assertRefused(UserError, "is a party"):
            arbitration.with_user(self.user_office).action_refer()
        self.assertEqual(arbitration.state, "coordinating")
        arbitration.with_user(self.user_office_2).action_refer()
        # The manager of the applicant centre is a Committee member: a party.
        self.centre_sub.manager_id = self.user_committee
        with self.assertRefused(UserError, "is a party"):
            arbitration.with_user(self.user_committee).ruling = "Upheld."
        self.assertFalse(arbitration.ruling)
        arbitration.with_user(self.user_committee_2).ruling = "Upheld."
        with self.assertRefused(UserError, "is a party"):
            arbitration.with_user(self.user_committee).action_rule()
        self.assertEqual(arbitration.state, "referred")
        # The submitter, a Committee member, neither writes the ruling nor rules.
        with freeze_time("2031-09-04"):
            own = self._arbitration(user=self.user_committee_2)
            own.action_submit()
            own.with_user(self.user_office_2).action_receive()
            own.with_user(self.user_office_2).office_opinion = "No agreement."
            own.with_user(self.user_office_2).action_refer()
        with self.assertRefused(UserError, "is a party"):
            own.with_user(self.user_committee_2).ruling = "Mine."
        own.sudo().ruling = "Mine."
        with self.assertRefused(UserError, "is a party"):
            own.with_user(self.user_committee_2).action_rule()
        # An officer of the applicant centre, in the Budget Office group too,
        # neither writes the outcome nor coordinates.
        self.user_officer.groups_id = [
            Command.link(self.env.ref("group_budget.group_budget_office").id)
        ]
        with freeze_time("2031-09-04"):
            third = self._arbitration(user=self.user_committee_2)
            third.action_submit()
            third.with_user(self.user_office_2).action_receive()
        with self.assertRefused(UserError, "is a party"):
            third.with_user(self.user_officer).coordination_outcome = "Agreed."
        third.with_user(self.user_office_2).coordination_outcome = "Agreed."
        with self.assertRefused(UserError, "is a party"):
            third.with_user(self.user_officer).action_close()
        # Someone who is no party rules.
        arbitration.with_user(self.user_committee_2).action_rule()
        self.assertEqual(arbitration.state, "ruled")
        self.assertEqual(arbitration.ruling, "Upheld.")

    def test_decision_author_follows_the_disputed_record(self):
        """The author is who decided the disputed record (here the office
        user who issued the target), not who created it; the applicant
        neither names nor changes the author."""
        target = self._issued_target(self.user_office_2)
        self.assertNotEqual(target.create_uid, self.user_office_2)
        with self.assertRefused(UserError, "Author of the Disputed Decision"):
            self._arbitration(
                disputed_ref=f"group.budget.target,{target.id}",
                decision_author_id=self.user_committee.id,
            )
        arbitration = self._arbitration(disputed_ref=f"group.budget.target,{target.id}")
        self.assertEqual(arbitration.decision_author_id, self.user_office_2)
        with self.assertRefused(UserError, "Author of the Disputed Decision"):
            arbitration.write({"decision_author_id": self.user_committee.id})
        arbitration.action_submit()
        self.assertEqual(arbitration.decision_author_id, self.user_office_2)
        with self.assertRefused(UserError, "Author of the Disputed Decision"):
            arbitration.write({"decision_author_id": False})
        self.assertEqual(arbitration.decision_author_id, self.user_office_2)
        selection = dict(
            self.env["group.budget.arbitration"]
            ._fields["disputed_ref"]
            ._description_selection(self.env)
        )
        for model in (
            "group.budget.target",
            "group.budget",
            "group.budget.letter",
            "group.budget.addition",
        ):
            self.assertIn(model, selection)
        self.assertEqual(
            "group.budget.adjustment" in selection, "group.budget.adjustment" in self.env
        )

    def test_decision_author_is_the_last_reviewer(self):
        """A budget approved through its review steps (base_tier_validation):
        the author of the decision is the reviewer of the last step, not who
        created or submitted the budget, fixed when the application is
        submitted."""
        self._setup_targets()
        budget = self._compiling_budget()
        budget.with_user(self.user_officer).action_submit()
        budget.with_user(self.user_office).validate_tier()
        # Applied for while the review goes on: the author so far is the
        # reviewer of the step done.
        arbitration = self._arbitration(disputed_ref=f"group.budget,{budget.id}")
        self.assertEqual(arbitration.decision_author_id, self.user_office)
        budget.with_user(self.user_committee).validate_tier()
        budget.with_user(self.user_committee_2).validate_tier()
        self.assertEqual(budget.state, "approved")
        self.assertEqual(budget.review_ids.sorted("sequence").done_by[-1:], self.user_committee_2)
        arbitration.action_submit()
        self.assertEqual(arbitration.decision_author_id, self.user_committee_2)
        self.assertNotIn(budget.create_uid, arbitration.decision_author_id)
        self.assertIn(self.user_committee_2, arbitration.party_ids)
        # The last reviewer does not rule on their own decision.
        arbitration.with_user(self.user_office_2).action_receive()
        arbitration.with_user(self.user_office_2).office_opinion = "The budget stands."
        arbitration.with_user(self.user_office_2).action_refer()
        with self.assertRefused(UserError, "is a party"):
            arbitration.with_user(self.user_committee_2).ruling = "Mine stands."

    # ------------------------------------------------------------------
    # Bad input: a clear error, nothing saved
    # ------------------------------------------------------------------
    def test_no_reasons(self):
        Arbitration = self.env["group.budget.arbitration"]
        with self.assertRefused(ValidationError, "cause and reasons"):
            self._arbitration(reasons="  ")
        self.assertFalse(Arbitration.search([("centre_id", "=", self.centre_sub.id)]))
        arbitration = self._arbitration()
        with self.assertRefused(ValidationError, "cause and reasons"):
            arbitration.reasons = False
        self.assertTrue(arbitration.reasons)

    def test_submission_date_in_the_future(self):
        with freeze_time("2031-09-04"):
            with self.assertRefused(ValidationError, "2031-09-05.*future"):
                self._arbitration(date_submitted="2031-09-05")
            arbitration = self._arbitration(date_submitted="2031-09-01")
            with self.assertRefused(ValidationError, "future"):
                arbitration.date_submitted = "2031-10-01"
            self.assertEqual(arbitration.date_submitted, D(2031, 9, 1))

    def test_referral_without_the_office_opinion(self):
        arbitration = self._received("2031-09-04")
        with self.assertRefused(UserError, "Budget Office's opinion"):
            arbitration.with_user(self.user_office_2).action_refer()
        self.assertEqual(arbitration.state, "coordinating")
        with self.assertRefused(UserError, "outcome the parties agreed"):
            arbitration.with_user(self.user_office_2).action_close()

    def test_ruling_without_its_text_and_by_the_wrong_role(self):
        arbitration = self._received("2031-09-04", concerns_office=True)
        committee = arbitration.with_user(self.user_committee_2)
        with self.assertRefused(UserError, "Write the Committee's ruling"):
            committee.action_rule()
        # The office cannot rule nor write the ruling.
        with self.assertRaises(AccessError):
            arbitration.with_user(self.user_office_2).action_rule()
        with self.assertRaises(AccessError):
            arbitration.with_user(self.user_office_2).ruling = "Self-made."
        self.assertEqual(arbitration.state, "referred")

    def test_procedure_fields_cannot_be_forced(self):
        Arbitration = self.env["group.budget.arbitration"].with_user(self.user_committee_2)
        for vals in (
            {"state": "ruled"},
            {"ruling": "Decided in advance."},
            {"ruling_deadline": "2031-12-31"},
        ):
            with self.assertRaises(UserError):
                Arbitration.create(
                    dict(vals, centre_id=self.centre_sub.id, reasons="Forced.", matter="other")
                )
        # The company follows from the centre, whatever the call says.
        forced = self._arbitration(company_id=self.company_b.id)
        self.assertEqual(forced.company_id, self.company_a)
        with self.assertRaises(UserError):
            forced.company_id = self.company_b
        arbitration = self._received("2031-09-04")
        for vals in (
            {"state": "ruled"},
            {"ruling_deadline": "2031-12-31"},
            {"date_received": "2031-01-01"},
            {"is_overdue": True},
        ):
            with self.assertRaises(UserError):
                arbitration.with_user(self.user_committee_2).write(vals)
        # The application is frozen once submitted.
        with self.assertRefused(UserError, "has been submitted"):
            arbitration.write({"reasons": "Other reasons."})

    @mute_logger("odoo.models")
    def test_nothing_changes_after_the_ruling(self):
        arbitration = self._received("2031-09-04", concerns_office=True)
        arbitration.with_user(self.user_committee_2).ruling = "Final."
        arbitration.with_user(self.user_committee_2).action_rule()
        for vals in (
            {"ruling": "Changed."},
            {"reasons": "Changed."},
            {"office_opinion": "Late."},
            {"state": "referred"},
            {"ruling_date": "2031-01-01"},
        ):
            with self.assertRefused(UserError, "ruled"):
                arbitration.write(vals)
        self.assertEqual(arbitration.ruling, "Final.")
        with self.assertRefused(UserError, "Only draft or withdrawn"):
            arbitration.unlink()
        with self.assertRaises(UserError):
            arbitration.with_user(self.user_officer).action_withdraw()
        # An import that updates the ruled record is refused.
        result = self.env["group.budget.arbitration"].load(
            [".id", "ruling"], [[str(arbitration.id), "Imported."]]
        )
        self.assertTrue(any(m["type"] == "error" for m in result["messages"]))
        arbitration.invalidate_recordset()
        self.assertEqual(arbitration.ruling, "Final.")
        self.assertEqual(arbitration.state, "ruled")
        # The chatter stays open (to any note: its text is the user's).
        note = "A note."
        arbitration.message_post(body=note)

    # ------------------------------------------------------------------
    # Overdue
    # ------------------------------------------------------------------
    def _reminders(self, arbitration):
        return arbitration.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )

    def test_overdue_cron_flags_and_reminds_once_a_day(self):
        arbitration = self._received("2031-09-04")  # coordination by 8 September
        on_time = self._received("2031-09-08")
        Arbitration = self.env["group.budget.arbitration"]
        with freeze_time("2031-09-08"):
            Arbitration._cron_flag_overdue()
        self.assertFalse(arbitration.is_overdue)
        self.assertFalse(self._reminders(arbitration))
        with freeze_time("2031-09-09"):
            Arbitration._cron_flag_overdue()
            Arbitration._cron_flag_overdue()
        self.assertTrue(arbitration.is_overdue)
        self.assertEqual(arbitration.overdue_stage, "coordination")
        self.assertFalse(on_time.is_overdue)
        reminders = self._reminders(arbitration)
        # The office user who received the matter, once.
        self.assertEqual(reminders.user_id, self.user_office_2)
        self.assertEqual(len(reminders), 1)
        self.assertEqual(arbitration.overdue_reminded_date, D(2031, 9, 9))
        # Next day: the open reminder stands; none is added.
        with freeze_time("2031-09-10"):
            Arbitration._cron_flag_overdue()
        self.assertEqual(len(self._reminders(arbitration)), 1)
        self.assertEqual(arbitration.overdue_reminded_date, D(2031, 9, 10))
        # Referred, then late for the ruling: the Committee is reminded.
        arbitration.with_user(self.user_office_2).office_opinion = "No agreement."
        arbitration.with_user(self.user_office_2).action_refer()
        reminders.action_done()
        with freeze_time("2031-09-12"):
            Arbitration._cron_flag_overdue()
            Arbitration._cron_flag_overdue()
        self.assertEqual(arbitration.overdue_stage, "ruling")
        committee_reminders = self._reminders(arbitration)
        self.assertIn(self.user_committee_2, committee_reminders.user_id)
        self.assertNotIn(self.user_officer, committee_reminders.user_id)
        self.assertEqual(len(committee_reminders), len(committee_reminders.user_id))
        # Ruled: no longer overdue, reminders gone, the cron leaves it alone.
        arbitration.with_user(self.user_committee_2).ruling = "Late but final."
        arbitration.with_user(self.user_committee_2).action_rule()
        self.assertFalse(arbitration.is_overdue)
        self.assertFalse(self._reminders(arbitration))
        with freeze_time("2031-09-15"):
            Arbitration._cron_flag_overdue()
        self.assertFalse(arbitration.is_overdue)
        self.assertFalse(self._reminders(arbitration))

    def test_overdue_cron_query_count_does_not_grow(self):
        """A day's second run reads the open arbitrations and writes nothing,
        in the same number of queries for 2 arbitrations as for 8."""
        Arbitration = self.env["group.budget.arbitration"]
        counts = []
        for number in (2, 6):
            arbitrations = [self._received("2031-09-04") for _i in range(number)]
            with freeze_time("2031-09-09"):
                Arbitration._cron_flag_overdue()
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                Arbitration._cron_flag_overdue()
                self.env.flush_all()
                counts.append(self.env.cr.sql_log_count - before)
            self.assertTrue(all(a.is_overdue for a in arbitrations))
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[0], 8)

    # ------------------------------------------------------------------
    # Security, follow-up, the form
    # ------------------------------------------------------------------
    def test_officers_see_their_centres_arbitrations(self):
        own = self._arbitration()
        sibling = self._arbitration(centre=self.centre_sibling, user=self.user_office)
        Arbitration = self.env["group.budget.arbitration"]
        self.assertEqual(
            Arbitration.with_user(self.user_officer).search([("id", "in", (own | sibling).ids)]),
            own,
        )
        self.assertEqual(
            Arbitration.with_user(self.user_office).search([("id", "in", (own | sibling).ids)]),
            own | sibling,
        )
        with self.assertRaises(AccessError):
            sibling.with_user(self.user_officer).read(["reasons"])
        with self.assertRaises(AccessError):
            self._arbitration(centre=self.centre_sibling)

    def test_ruling_opens_the_corrective_record(self):
        arbitration = self._received("2031-09-04", concerns_office=True)
        with self.assertRefused(AccessError, "Only the Budget Office"):
            arbitration.with_user(self.user_officer).action_open_corrective()
        arbitration = arbitration.with_user(self.user_office_2)
        with self.assertRefused(UserError, "Only a ruling"):
            arbitration.action_open_corrective()
        arbitration.with_user(self.user_committee_2).ruling = "Adjust the rent budget."
        arbitration.with_user(self.user_committee_2).action_rule()
        if "group.budget.adjustment" not in self.env:
            with self.assertRefused(UserError, "not available"):
                arbitration.action_open_corrective()
            return
        action = arbitration.action_open_corrective()
        self.assertEqual(action["res_model"], "group.budget.adjustment")
        Adjustment = self.env["group.budget.adjustment"]
        for key in action["context"]:
            self.assertIn(key.removeprefix("default_"), Adjustment._fields)
        if "centre_id" in Adjustment._fields:
            self.assertEqual(action["context"]["default_centre_id"], self.centre_sub.id)


@tagged("post_install", "-at_install")
class TestArbitrationPrint(HttpCase, GroupBudgetCase):
    """The form as a PDF: wkhtmltopdf fetches the styles from the test
    server, which an HttpCase serves within the test's transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_arbitration()

    def _received(self, day, **vals):
        with freeze_time(day):
            arbitration = self._arbitration(**vals)
            arbitration.action_submit()
            arbitration.with_user(self.user_office_2).action_receive()
        return arbitration

    def test_form_prints_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["group_budget"], ["zh_CN"])
        self.user_committee_2.lang = "zh_CN"
        self.centre_sub.with_context(lang="zh_CN").name = "卡车销售部"
        arbitration = self._received(
            "2031-09-04",
            reasons="毛利率计算口径不一致。",
            applicant_opinion="按净销售额计算。",
            concerns_office=True,
        )
        arbitration.with_user(self.user_committee_2).ruling = "维持原目标。"
        arbitration.with_user(self.user_committee_2).action_rule()
        Report = self.env["ir.actions.report"].with_user(self.user_committee_2)
        html = Report._render_qweb_html(REPORT, arbitration.ids)[0].decode()
        for text in ("卡车销售部", "毛利率计算口径不一致。", "按净销售额计算。", "维持原目标。"):
            self.assertIn(text, html)
        self.assertIn(arbitration.name, html)
        # Translated labels, once zh_CN.po holds them (the lead's i18n pass).
        title = self.env["ir.actions.report"]._get_report(REPORT)
        if title.with_context(lang="zh_CN").name != title.name:
            self.assertIn("预算仲裁申请表", html)
        pdf = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            REPORT, arbitration.ids
        )[0]
        self.assertTrue(pdf.startswith(b"%PDF"))
        # The PDF draws its text with the web fonts, as outlines: what it
        # says is checked on the HTML above. Chinese glyphs need a CJK font
        # on the server (fonts-noto-cjk or fonts-wqy-microhei).
        self.assertIn(b"/Type /Page", pdf)


@tagged("post_install", "-at_install")
class TestArbitrationRolesRpc(JsonRpcCase, GroupBudgetCase):
    """Fields that belong to a role, over real HTTP JSON-RPC as the web
    client sends them: a party to the matter writes neither the Budget
    Office's outcome or opinion nor the Committee's ruling, even as a member
    of those groups; the applicant neither names nor changes the author of
    the disputed decision; no context key fills in the procedure's fields."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_arbitration()
        cls.centre_group.manager_id = cls.user_committee_2
        cls.centre_sub.manager_id = cls.user_officer

    def _call(self, model, method, args, kwargs=None, context=None):
        return self._rpc(model, method, args, kwargs, context=context)

    def _write(self, login, arbitration, vals):
        self.authenticate(login, login)
        return self._call("group.budget.arbitration", "write", [arbitration.ids, vals])

    def _at(self, state, **vals):
        """An application of the officer, moved to ``state`` by non-party
        office users and Committee members."""
        arbitration = self._arbitration(**vals)
        arbitration.action_submit()
        if state in ("coordinating", "referred"):
            arbitration.with_user(self.user_office_2).action_receive()
        if state == "referred":
            arbitration.with_user(self.user_office_2).office_opinion = "No agreement."
            arbitration.with_user(self.user_office_2).action_refer()
        self.assertEqual(arbitration.state, state)
        return arbitration

    @mute_logger("odoo.http")
    def test_party_in_the_office_group_writes_no_office_field(self):
        # The applicant's officer, also a Budget Office user.
        self.user_officer.groups_id = [
            Command.link(self.env.ref("group_budget.group_budget_office").id)
        ]
        arbitration = self._at("coordinating")
        for vals in ({"office_opinion": "Refer: I am right."}, {"coordination_outcome": "I won."}):
            outcome, message = self._write("gb_officer", arbitration, vals)
            self.assertEqual(outcome, "!", message)
            self.assertIn("is a party", message)
        self.assertFalse(arbitration.office_opinion)
        self.assertFalse(arbitration.coordination_outcome)
        # Nor does the author of the disputed decision, an office user.
        self._setup_targets()
        self.centre_group.manager_id = self.user_committee_2
        target = self._target(self.centre_sub, {self.item_revenue: 10.0})
        target.with_user(self.user_office).action_issue()
        disputed = self._at("coordinating", disputed_ref=f"group.budget.target,{target.id}")
        self.assertEqual(disputed.decision_author_id, self.user_office)
        outcome, message = self._write("gb_office", disputed, {"office_opinion": "Mine stands."})
        self.assertEqual(outcome, "!", message)
        self.assertFalse(disputed.office_opinion)
        # An office user who is no party writes it.
        outcome, message = self._write("gb_office_2", disputed, {"office_opinion": "It stands."})
        self.assertEqual(outcome, "+", message)
        self.assertEqual(disputed.office_opinion, "It stands.")

    @mute_logger("odoo.http")
    def test_party_in_the_committee_writes_no_ruling(self):
        # The applicant centre's manager sits on the Committee: a party.
        self.centre_sub.manager_id = self.user_committee
        arbitration = self._at("referred")
        outcome, message = self._write("gb_committee", arbitration, {"ruling": "Upheld."})
        self.assertEqual(outcome, "!", message)
        self.assertIn("is a party", message)
        self.assertFalse(arbitration.ruling)
        # The party's officer is no Committee member.
        outcome, message = self._write("gb_officer", arbitration, {"ruling": "Upheld."})
        self.assertEqual(outcome, "-", message)
        self.assertFalse(arbitration.ruling)
        self.assertEqual(arbitration.state, "referred")
        # A member who is no party writes and records it.
        outcome, message = self._write("gb_committee_2", arbitration, {"ruling": "Dismissed."})
        self.assertEqual(outcome, "+", message)
        outcome, message = self._call("group.budget.arbitration", "action_rule", [arbitration.ids])
        self.assertEqual(outcome, "+", message)
        self.assertEqual((arbitration.state, arbitration.ruling), ("ruled", "Dismissed."))

    @mute_logger("odoo.http")
    def test_applicant_names_no_decision_author(self):
        self.authenticate("gb_officer", "gb_officer")
        vals = {"centre_id": self.centre_sub.id, "matter": "other", "reasons": "A dispute."}
        outcome, message = self._call(
            "group.budget.arbitration",
            "create",
            [dict(vals, decision_author_id=self.user_committee.id)],
        )
        self.assertEqual(outcome, "!", message)
        outcome, arbitration_id = self._call("group.budget.arbitration", "create", [vals])
        self.assertEqual(outcome, "+", arbitration_id)
        arbitration = self.env["group.budget.arbitration"].browse(arbitration_id)
        # The applicant would make a Committee member a party, or clear the
        # author so that they rule on their own decision.
        outcome, message = self._write(
            "gb_officer", arbitration, {"decision_author_id": self.user_committee.id}
        )
        self.assertEqual(outcome, "!", message)
        self.assertFalse(arbitration.decision_author_id)
        outcome, message = self._call(
            "group.budget.arbitration", "action_submit", [arbitration.ids]
        )
        self.assertEqual(outcome, "+", message)
        for author in (self.user_committee.id, False):
            outcome, message = self._write(
                "gb_officer", arbitration, {"decision_author_id": author}
            )
            self.assertEqual(outcome, "!", message)
        self.assertFalse(arbitration.decision_author_id)
        self.assertNotIn(self.user_committee, arbitration.party_ids)

    @mute_logger("odoo.http")
    def test_no_context_key_fills_in_the_procedure(self):
        """A client's context defaults (default_state, default_ruling...)
        propose the application's fields, never the procedure's."""
        self.authenticate("gb_officer", "gb_officer")
        Arbitration = self.env["group.budget.arbitration"]
        before = Arbitration.search([])
        vals = {"centre_id": self.centre_sub.id, "matter": "other", "reasons": "A dispute."}
        for context in (
            {"default_state": "ruled", "default_ruling": "The applicant is right."},
            {"default_office_opinion": "Agreed."},
            {"default_ruling_date": "2031-01-01", "default_ruled_by_id": self.user_officer.id},
            {"default_decision_author_id": self.user_committee.id},
            {"default_company_id": self.company_b.id},
        ):
            outcome, message = self._call(
                "group.budget.arbitration", "create", [vals], context=context
            )
            self.assertEqual(outcome, "!", f"{context}: {message}")
            self.assertIn("follow from its procedure", message)
        self.assertEqual(Arbitration.search([]), before)
        # The application's own fields may be proposed.
        outcome, arbitration_id = self._call(
            "group.budget.arbitration",
            "create",
            [vals],
            context={"default_applicant_opinion": "Proposed.", "default_state": "draft"},
        )
        self.assertEqual(outcome, "+", arbitration_id)
        arbitration = Arbitration.browse(arbitration_id)
        self.assertEqual((arbitration.state, arbitration.applicant_opinion), ("draft", "Proposed."))
        self.assertEqual(arbitration.company_id, self.company_a)

    @mute_logger("odoo.http")
    def test_chatter_fields_are_no_way_around(self):
        """No field passes the checks by its name: the chatter's fields
        (message_*, activity_*) are the chatter's own paths' to write, not a
        client's through the arbitration."""
        arbitration = self._at("referred")
        todo = self.env.ref("mail.mail_activity_data_todo")
        activity = arbitration.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_committee_2.id
        )
        self.assertEqual(activity.activity_type_id, todo)
        # activity_user_id and activity_summary are related fields of the
        # activities, written through as the superuser: the applicant would
        # hand the Committee's reminder to someone else.
        for vals in (
            {"activity_user_id": self.user_officer.id},
            {"activity_summary": "Nothing to do."},
            {"activity_ids": [Command.delete(activity.id)]},
            {"message_follower_ids": [Command.clear()]},
        ):
            outcome, message = self._write("gb_officer", arbitration, vals)
            self.assertEqual(outcome, "!", f"{vals}: {message}")
        self.assertTrue(activity.exists())
        self.assertEqual(activity.user_id, self.user_committee_2)
        self.assertFalse(activity.summary)
