import datetime

import pytz

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from ... import messages
from ...logic import adjustment_rules, arbitration_rules, workdays

# The calendar read for deadlines: ten working days fit well within it,
# holidays included.
CALENDAR_SPAN_DAYS = 120

ARBITRATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("coordinating", "Coordinating"),
    ("closed", "Closed by Coordination"),
    ("referred", "Referred to the Committee"),
    ("ruled", "Ruled"),
    ("withdrawn", "Withdrawn"),
]
MATTERS = [
    ("scope", "Difference over the scope of an indicator"),
    ("calculation", "Difference in how an indicator's result is calculated"),
    ("responsibility", "Difference over responsibility"),
    ("appraisal", "Difference over an appraisal"),
    ("other", "Other"),
]
# The records of the core a matter may dispute. An add-on adds its own to the
# field with ``selection_add`` (and, when a ruling on them calls for another
# corrective record than an adjustment, to :meth:`_corrective_models`).
DISPUTED_MODELS = [
    ("group.budget.target", "Budget Target"),
    ("group.budget", "Budget"),
    ("group.budget.letter", "Responsibility Letter"),
    ("group.budget.addition", "Budget Addition"),
    ("group.budget.adjustment", "Budget Adjustment"),
]
# The application (manual §八 附1): the applicant writes it while a draft.
APPLICATION_FIELDS = {
    "centre_id",
    "submitter_id",
    "date_submitted",
    "matter",
    "reasons",
    "matter_description",
    "applicant_opinion",
    "attachment_ids",
    "severity",
    "disputed_ref",
    "concerns_office",
}
# What the Budget Office writes while it coordinates: never a party.
OFFICE_FIELDS = {"coordination_outcome", "office_opinion"}
# What the Committee writes before it rules: never a party.
COMMITTEE_FIELDS = {"ruling"}
# Set by the procedure only (its buttons and the scheduled action). Any other
# field that is none of the above (computed fields, the chatter's) is the
# procedure's too: a client writes the application, the office's and the
# Committee's fields only.
PROCEDURE_FIELDS = {
    "name",
    "company_id",
    "decision_author_id",
    "date_received",
    "received_by_id",
    "coordination_deadline",
    "ruling_deadline",
    "coordinator_id",
    "office_opinion_date",
    "date_closed",
    "ruling_date",
    "ruled_by_id",
    "date_withdrawn",
    "is_overdue",
    "overdue_stage",
    "overdue_reminded_date",
}
# The fields a client may write, each by its role and in its state.
WRITABLE_FIELDS = APPLICATION_FIELDS | OFFICE_FIELDS | COMMITTEE_FIELDS
# Who decided a disputed record of the core that has no review steps, by the
# field that records it, in order: the Budget Office user who issued a
# target, the superior's manager who issues a letter. An add-on puts its own
# in front (:meth:`_decider_fields`).
DECIDER_FIELDS = ("issued_by_id", "issuer_id")


class GroupBudgetArbitration(models.Model):
    """An application for budget arbitration (预算仲裁, manual §八).

    A subsidiary applies in writing through its Budget Office (4.1). The
    group Budget Office receives it, which starts the clocks, and coordinates
    within 3 days (4.2): the matter closes with the agreed outcome, or the
    office writes its opinion and refers it to the Budget Committee, which
    rules within 5 working days of receipt (general matters) or 10 (major
    ones) (4.3). The ruling is written, dated and final. A matter that
    concerns the Budget Office skips coordination; no party to the matter
    coordinates or rules it.
    """

    _name = "group.budget.arbitration"
    _description = "Budget Arbitration"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "group.budget.state.mixin",
        "group.budget.centre.company.mixin",
        "group.budget.input.mixin",
    ]
    _order = "date_submitted desc, id desc"
    _check_company_auto = True

    # -- the form, in its order (附1 预算仲裁申请表) --------------------
    company_id = fields.Many2one(
        "res.company",
        string="Applicant Company",
        compute="_compute_company_id",
        store=True,
        index=True,
        precompute=True,
    )
    centre_id = fields.Many2one(
        "group.budget.centre",
        string="Applicant Centre",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    name = fields.Char(
        string="Application Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
    )
    submitter_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    date_submitted = fields.Date(
        string="Submission Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    matter = fields.Selection(
        MATTERS,
        required=True,
        default="scope",
        tracking=True,
        help="The kinds of dispute a subsidiary may submit (manual §八 3.1).",
    )
    reasons = fields.Text(
        string="Cause and Reasons",
        help="The cause and reasons of the application, in detail (manual §八 4.1.2).",
    )
    matter_description = fields.Text(string="Description of the Matter")
    applicant_opinion = fields.Text(string="Applicant's Opinion or Proposal")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "group_budget_arbitration_attachment_rel",
        "arbitration_id",
        "attachment_id",
        string="Supporting Documents",
    )
    severity = fields.Selection(
        [("general", "General"), ("major", "Major")],
        required=True,
        default="general",
        tracking=True,
        help="The Committee rules a general matter within 5 working days of "
        "receipt, a major one within 10 (manual §八 4.3).",
    )
    disputed_ref = fields.Reference(
        selection=DISPUTED_MODELS,
        string="Disputed Record",
        help="The target, budget, letter, addition or adjustment in dispute.",
    )
    decision_author_id = fields.Many2one(
        "res.users",
        string="Author of the Disputed Decision",
        compute="_compute_decision_author_id",
        store=True,
        readonly=True,
        copy=False,
        help="Who decided the disputed record: the reviewer of its last review step, else "
        "who decided the scorecard, issued the target or issues the letter; fixed from the "
        "record when the application is submitted. A party to the matter: may neither "
        "coordinate nor rule on it.",
    )
    concerns_office = fields.Boolean(
        string="Concerns the Budget Office",
        tracking=True,
        help="The Budget Office recuses itself: the matter goes straight to "
        "the Budget Committee (manual §八 4.2).",
    )

    # -- the procedure ----------------------------------------------------
    state = fields.Selection(
        ARBITRATION_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_received = fields.Date(string="Received On", readonly=True, copy=False, tracking=True)
    received_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    coordination_deadline = fields.Date(
        readonly=True,
        copy=False,
        help="3 days after receipt, moved to the next working day of the "
        "company's working calendar.",
    )
    ruling_deadline = fields.Date(
        readonly=True,
        copy=False,
        help="5 (general) or 10 (major) working days after receipt, in the "
        "company's working calendar with its public holidays.",
    )
    coordinator_id = fields.Many2one(
        "res.users", string="Coordinated By", readonly=True, copy=False
    )
    coordination_outcome = fields.Text(
        string="Agreed Outcome", copy=False, help="What the parties agreed in coordination."
    )
    office_opinion = fields.Text(
        string="Budget Office Opinion",
        copy=False,
        help="The Budget Office's written opinion or proposal when coordination fails.",
    )
    office_opinion_date = fields.Date(string="Budget Office Date", readonly=True, copy=False)
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False)
    ruling = fields.Text(copy=False, help="The Committee's written ruling: final.")
    ruling_date = fields.Date(readonly=True, copy=False, tracking=True)
    ruled_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_withdrawn = fields.Date(string="Withdrawn On", readonly=True, copy=False)
    is_overdue = fields.Boolean(string="Overdue", readonly=True, copy=False, index=True)
    overdue_stage = fields.Selection(
        [("coordination", "Coordination"), ("ruling", "Ruling")],
        string="Late Step",
        readonly=True,
        copy=False,
    )
    overdue_reminded_date = fields.Date(string="Last Reminder", readonly=True, copy=False)
    outcome = fields.Text(compute="_compute_outcome")
    party_ids = fields.Many2many(
        "res.users",
        compute="_compute_party_ids",
        string="Parties",
        help="The submitter, the managers and officers of the applicant "
        "centre, and the author of the disputed decision.",
    )
    is_applicant = fields.Boolean(
        compute="_compute_is_applicant",
        help="The current user is the applicant: the submitter, or a manager or "
        "officer of the applicant centre (they may withdraw the application).",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.model
    def _decider_fields(self):
        """The fields, in order, that record who decided a disputed record
        without review steps (a user each): ``DECIDER_FIELDS``, and those an
        add-on puts in front for the records it adds."""
        return DECIDER_FIELDS

    @api.model
    def _corrective_models(self):
        """``{disputed model: corrective model}`` of the disputed records a
        ruling corrects otherwise than by an adjustment: none in the core; an
        add-on adds its own records (the appraisal: a corrected scorecard)."""
        return {}

    @api.depends("disputed_ref")
    def _compute_decision_author_id(self):
        for arbitration in self:
            arbitration.decision_author_id = arbitration._disputed_decision_author()

    def _disputed_decision_author(self):
        """Who decided the disputed record: the reviewer of its last review
        step done (OCA base_tier_validation's ``review_ids``, ``done_by``),
        else the user its own decision field records (:meth:`_decider_fields`);
        nobody otherwise. Never whoever merely created the record: the
        author of a decision is whoever took it."""
        self.ensure_one()
        Users = self.env["res.users"]
        record = self.disputed_ref and self.disputed_ref.sudo().exists()
        if not record:
            return Users
        if "review_ids" in record._fields:
            done = record.review_ids.filtered(
                lambda review: review.done_by and review.status in ("approved", "rejected")
            )
            if done:
                last = done.sorted(
                    lambda review: (
                        review.reviewed_date or datetime.datetime.min,
                        review.sequence,
                        review.id,
                    )
                )[-1]
                return last.done_by
        for name in self._decider_fields():
            field = record._fields.get(name)
            if field and getattr(field, "comodel_name", None) == "res.users" and record[name]:
                return record[name]
        return Users

    @api.depends("state", "coordination_outcome", "ruling")
    def _compute_outcome(self):
        for arbitration in self:
            if arbitration.state == "ruled":
                arbitration.outcome = arbitration.ruling
            elif arbitration.state == "closed":
                arbitration.outcome = arbitration.coordination_outcome
            elif arbitration.state == "withdrawn":
                arbitration.outcome = _("Withdrawn by the applicant.")
            else:
                arbitration.outcome = False

    @api.depends(
        "submitter_id", "centre_id.manager_id", "centre_id.officer_ids", "decision_author_id"
    )
    def _compute_party_ids(self):
        for arbitration in self:
            arbitration.party_ids = arbitration._applicants() | arbitration.decision_author_id

    @api.depends_context("uid")
    @api.depends("submitter_id", "centre_id.manager_id", "centre_id.officer_ids")
    def _compute_is_applicant(self):
        for arbitration in self:
            arbitration.is_applicant = self.env.user in arbitration._applicants()

    def _applicants(self):
        """Who applies: the submitter, the managers and officers of the centre."""
        self.ensure_one()
        return self.submitter_id | self.centre_id._responsible_users()

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------
    @api.constrains("reasons")
    def _check_reasons(self):
        for arbitration in self:
            if not (arbitration.reasons or "").strip():
                raise ValidationError(
                    _(
                        "Give the cause and reasons of the arbitration application %(name)s.",
                        name=arbitration.name,
                    )
                )

    @api.constrains("date_submitted")
    def _check_date_submitted(self):
        for arbitration in self:
            today = fields.Date.context_today(arbitration)
            if arbitration.date_submitted and arbitration.date_submitted > today:
                raise ValidationError(
                    _(
                        "The submission date %(date)s lies in the future: an application "
                        "is dated when it is submitted.",
                        date=arbitration.date_submitted,
                    )
                )

    @api.constrains("disputed_ref", "centre_id")
    def _check_disputed_company(self):
        for arbitration in self:
            record = arbitration.disputed_ref and arbitration.disputed_ref.sudo().exists()
            if not record or "company_id" not in record._fields:
                continue
            if record.company_id and record.company_id != arbitration.company_id:
                raise ValidationError(
                    _(
                        "The disputed record %(record)s belongs to %(company)s, not to the "
                        "applicant company %(applicant)s.",
                        record=record.display_name,
                        company=record.company_id.name,
                        applicant=arbitration.company_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Create, write, unlink: the procedure decides
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_state_move():
            forbidden = (PROCEDURE_FIELDS - {"name", "company_id"}) | OFFICE_FIELDS
            forbidden |= COMMITTEE_FIELDS | {"state"}
            # The context's defaults fill in what the values leave out, and a
            # client sends whatever defaults it likes (default_state,
            # default_ruling...): they may propose the application only (the
            # number is given anyway).
            procedure = forbidden | {"company_id"}
            defaults = {
                key.removeprefix("default_"): value
                for key, value in self.env.context.items()
                if key.startswith("default_") and key.removeprefix("default_") in procedure
            }
            for vals in vals_list:
                given = sorted(
                    key for key in forbidden.intersection(vals) if vals[key] not in (False, "draft")
                )
                given += sorted(
                    key
                    for key, value in defaults.items()
                    if key == "company_id" or (key not in vals and value not in (False, "draft"))
                )
                if given:
                    raise UserError(
                        _(
                            "A new arbitration application starts as a draft: %(fields)s "
                            "follow from its procedure.",
                            fields=", ".join(
                                self._fields[key]._description_string(self.env) for key in given
                            ),
                        )
                    )
                # The number and the company follow from the centre and the date.
                vals.pop("name", None)
                vals.pop("company_id", None)
        arbitrations = super().create(vals_list)
        for arbitration in arbitrations:
            arbitration._privileged_write({"name": arbitration._next_number()})
        return arbitrations

    def _next_number(self):
        """The next application number of the company and year (ARB/2031/0001)."""
        self.ensure_one()
        company = self.company_id
        Sequence = self.env["ir.sequence"].sudo()
        code = "group.budget.arbitration"
        if not Sequence.search_count([("code", "=", code), ("company_id", "=", company.id)]):
            Sequence.create(
                {
                    "name": _("Budget Arbitration of %(company)s", company=company.name),
                    "code": code,
                    "prefix": "ARB/%(range_year)s/",
                    "padding": 4,
                    "use_date_range": True,
                    "company_id": company.id,
                }
            )
        return Sequence.with_company(company).next_by_code(code, sequence_date=self.date_submitted)

    def write(self, vals):
        if self._is_state_move():
            return super().write(vals)
        fields_ = set(vals)
        if fields_ and self.filtered(lambda a: a.state == "ruled"):
            raise UserError(
                _(
                    "The arbitration %(name)s has been ruled: the ruling is final and "
                    "nothing in it can change.",
                    name=", ".join(self.filtered(lambda a: a.state == "ruled").mapped("name")),
                )
            )
        # The procedure's fields, and any field that is none of the writable
        # ones: computed fields, the chatter's (message_*, activity_*).
        procedure = fields_ - WRITABLE_FIELDS
        if procedure:
            raise UserError(
                _(
                    "%(fields)s follow from the arbitration's procedure and cannot be written.",
                    fields=", ".join(
                        self._fields[key]._description_string(self.env) for key in sorted(procedure)
                    ),
                )
            )
        if APPLICATION_FIELDS.intersection(fields_):
            frozen = self.filtered(lambda a: a.state != "draft")
            if frozen:
                raise UserError(
                    _(
                        "The arbitration application %(name)s has been submitted: "
                        "its form can no longer be changed.",
                        name=frozen[0].name,
                    )
                )
        if OFFICE_FIELDS.intersection(fields_):
            # The office's opinion is the office's: a party to the matter
            # does not write it, even as a Budget Office user (manual §八:
            # the parties do not decide their own dispute), nor does the
            # office on a matter that concerns it.
            self._check_group("group_budget.group_budget_office")
            late = self.filtered(lambda a: a.state not in ("submitted", "coordinating"))
            if late:
                raise UserError(
                    _(
                        "The Budget Office writes its outcome or opinion on %(name)s "
                        "only while it coordinates.",
                        name=late[0].name,
                    )
                )
            self._check_not_concerning_office()
            self._check_not_party(_("coordinate"))
        if COMMITTEE_FIELDS.intersection(fields_):
            self._check_group("group_budget.group_budget_committee")
            late = self.filtered(lambda a: a.state != "referred")
            if late:
                raise UserError(
                    _(
                        "The Budget Committee writes the ruling of %(name)s once the "
                        "matter is referred to it.",
                        name=late[0].name,
                    )
                )
            self._check_not_party(_("rule"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        kept = self.filtered(lambda a: a.state not in ("draft", "withdrawn"))
        if kept:
            raise UserError(
                _(
                    "Only draft or withdrawn arbitrations can be deleted, not %(name)s.",
                    name=kept[0].name,
                )
            )

    # ------------------------------------------------------------------
    # Roles
    # ------------------------------------------------------------------
    def _check_group(self, xmlid):
        if self.env.su or self.env.user.has_group(xmlid):
            return
        group = self.env.ref(xmlid).sudo().name
        raise AccessError(_("Only the %(group)s may do this on an arbitration.", group=group))

    def _check_not_party(self, what):
        if self.env.su:
            return
        for arbitration in self:
            if self.env.user in arbitration.party_ids:
                raise UserError(
                    _(
                        "%(user)s is a party to the arbitration %(name)s and may not %(what)s it.",
                        user=self.env.user.name,
                        name=arbitration.name,
                        what=what,
                    )
                )

    def _move(self, new_state, **vals):
        for arbitration in self:
            try:
                arbitration_rules.check_transition(arbitration.state, new_state)
            except arbitration_rules.ArbitrationError as error:
                raise UserError(
                    _(
                        "The arbitration %(name)s is %(state)s: it cannot become %(new)s.",
                        name=arbitration.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            arbitration.state
                        ],
                        new=dict(self._fields["state"]._description_selection(self.env))[new_state],
                    )
                ) from error
        return self._set_state(new_state, **vals)

    # ------------------------------------------------------------------
    # Working calendar
    # ------------------------------------------------------------------
    @api.model
    def _calendar_days(self, company, date_from, date_to):
        """The company's working weekdays, public holidays and make-up working
        days between ``date_from`` and ``date_to``, read in one go.

        Working weekdays are the weekdays of the calendar's undated
        attendances; public holidays are the time off without a resource, as
        Odoo's calendar counts it: on the company's calendar, or for the whole
        company without a calendar (one person's time off does not count);
        make-up working days (调休上班) are attendances limited to dates
        (Starting Date – End Date) on a weekday not otherwise worked. Without
        a calendar, Monday to Friday are worked.
        """
        calendar = company.sudo().resource_calendar_id
        holidays = self._public_holidays(company, calendar, date_from, date_to)
        if not calendar:
            return frozenset(range(5)), frozenset(holidays), frozenset()
        weekdays, extra = set(), set()
        for attendance in calendar.attendance_ids:
            if attendance.display_type or attendance.day_period == "lunch":
                continue
            if not attendance.date_from and not attendance.date_to:
                weekdays.add(int(attendance.dayofweek))
        for attendance in calendar.attendance_ids:
            if attendance.display_type or not (attendance.date_from or attendance.date_to):
                continue
            start = max(attendance.date_from or date_from, date_from)
            end = min(attendance.date_to or date_to, date_to)
            extra.update(
                day
                for day in workdays.days_in_range(start, end)
                if day.weekday() == int(attendance.dayofweek) and day.weekday() not in weekdays
            )
        if not weekdays and not extra:
            weekdays = set(range(5))
        return frozenset(weekdays), frozenset(holidays), frozenset(extra)

    @api.model
    def _public_holidays(self, company, calendar, date_from, date_to):
        """The dates from ``date_from`` to ``date_to`` off for the whole
        ``company``: time off (not "other" time) without a resource, on its
        ``calendar`` or on no calendar, read in one query. Leaves are stored
        in UTC: their days are the calendar's local days, and a leave ending
        at 00:00 does not cover the day that begins then."""
        where = [("calendar_id", "=", False), ("company_id", "=", company.id)]
        if calendar:
            where = ["|", ("calendar_id", "=", calendar.id), "&", *where]
        # A day either side: the local days of UTC times.
        start = datetime.datetime.combine(date_from - datetime.timedelta(days=1), datetime.time())
        stop = datetime.datetime.combine(date_to + datetime.timedelta(days=2), datetime.time())
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search_fetch(
                [
                    ("resource_id", "=", False),
                    ("time_type", "=", "leave"),
                    ("date_from", "<", stop),
                    ("date_to", ">", start),
                    *where,
                ],
                ["date_from", "date_to"],
            )
        )
        tz = pytz.timezone((calendar and calendar.tz) or company.sudo().partner_id.tz or "UTC")
        holidays = set()
        for leave in leaves:
            start, end = (
                pytz.utc.localize(moment).astimezone(tz).replace(tzinfo=None)
                for moment in (leave.date_from, leave.date_to)
            )
            holidays.update(
                day for day in workdays.leave_days(start, end) if date_from <= day <= date_to
            )
        return holidays

    def _deadlines(self, received):
        self.ensure_one()
        # Ten working days fit in well under two months, holidays included.
        weekdays, holidays, extra = self._calendar_days(
            self.company_id, received, received + datetime.timedelta(days=CALENDAR_SPAN_DAYS)
        )
        try:
            return arbitration_rules.deadlines(received, self.severity, weekdays, holidays, extra)
        except workdays.WorkdayError as error:
            raise UserError(
                _(
                    "The working calendar of %(company)s has no working day: the "
                    "arbitration deadlines cannot be set.",
                    company=self.company_id.name,
                )
            ) from error

    # ------------------------------------------------------------------
    # The procedure
    # ------------------------------------------------------------------
    def action_submit(self):
        """The applicant submits the application in writing (§八 4.1)."""
        self.check_access("write")
        self._check_reasons()
        self._check_date_submitted()
        # Who decided the disputed record is fixed now, from the record: the
        # applicant neither names nor changes the author.
        for arbitration in self:
            arbitration._move(
                "submitted", decision_author_id=arbitration._disputed_decision_author().id
            )
        for arbitration in self:
            messages.post(
                arbitration, lambda local: local.env._("Arbitration application submitted.")
            )
        return True

    def action_receive(self):
        """The Budget Office receives the application: the clocks start. A
        matter that concerns the office goes straight to the Committee."""
        self._check_group("group_budget.group_budget_office")
        today = fields.Date.context_today(self)
        for arbitration in self:
            coordination, ruling = arbitration._deadlines(today)
            vals = {
                "date_received": today,
                "received_by_id": self.env.uid,
                "coordination_deadline": coordination,
                "ruling_deadline": ruling,
            }
            if arbitration.concerns_office:
                arbitration._move("referred", **vals)
                messages.post(
                    arbitration,
                    lambda local, ruling=ruling: local.env._(
                        "Received; the matter concerns the Budget Office, which recuses "
                        "itself: referred to the Budget Committee. Ruling due by %(ruling)s.",
                        ruling=format_date(local.env, ruling),
                    ),
                )
            else:
                arbitration._move("coordinating", **vals)
                messages.post(
                    arbitration,
                    lambda local, coordination=coordination, ruling=ruling: local.env._(
                        "Received: coordination due by %(coordination)s, ruling by %(ruling)s.",
                        coordination=format_date(local.env, coordination),
                        ruling=format_date(local.env, ruling),
                    ),
                )
        return True

    def _check_coordination(self):
        self._check_group("group_budget.group_budget_office")
        self._check_not_concerning_office()
        self._check_not_party(_("coordinate"))

    def _check_not_concerning_office(self):
        for arbitration in self:
            if arbitration.concerns_office:
                raise UserError(
                    _(
                        "The arbitration %(name)s concerns the Budget Office: it does not "
                        "coordinate it.",
                        name=arbitration.name,
                    )
                )

    def action_close(self):
        """Coordination succeeded: the matter closes with the agreed outcome."""
        self._check_coordination()
        for arbitration in self:
            if not (arbitration.coordination_outcome or "").strip():
                raise UserError(
                    _(
                        "Write the outcome the parties agreed before closing %(name)s.",
                        name=arbitration.name,
                    )
                )
        today = fields.Date.context_today(self)
        self._move(
            "closed",
            coordinator_id=self.env.uid,
            date_closed=today,
            office_opinion_date=today,
            is_overdue=False,
            overdue_stage=False,
        )
        return True

    def action_refer(self):
        """Coordination failed: the office's written opinion goes with the
        matter to the Budget Committee."""
        self._check_coordination()
        for arbitration in self:
            if not (arbitration.office_opinion or "").strip():
                raise UserError(
                    _(
                        "Write the Budget Office's opinion or proposal before referring "
                        "%(name)s to the Budget Committee.",
                        name=arbitration.name,
                    )
                )
        self._move(
            "referred",
            coordinator_id=self.env.uid,
            office_opinion_date=fields.Date.context_today(self),
        )
        return True

    def action_rule(self):
        """The Committee's written, dated and final ruling (§八 4.3)."""
        self._check_group("group_budget.group_budget_committee")
        self._check_not_party(_("rule"))
        for arbitration in self:
            if not (arbitration.ruling or "").strip():
                raise UserError(
                    _(
                        "Write the Committee's ruling on %(name)s before recording it.",
                        name=arbitration.name,
                    )
                )
        self._move(
            "ruled",
            ruling_date=fields.Date.context_today(self),
            ruled_by_id=self.env.uid,
            is_overdue=False,
            overdue_stage=False,
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])
        for arbitration in self:
            messages.post(arbitration, lambda local: local.env._("Ruled: the ruling is final."))
        return True

    def action_withdraw(self):
        """The applicant withdraws the application before the ruling."""
        for arbitration in self:
            if not self.env.su and self.env.user not in arbitration._applicants():
                raise AccessError(
                    _(
                        "Only the applicant (the submitter, or a manager or officer of "
                        "%(centre)s) withdraws the arbitration %(name)s.",
                        centre=arbitration.centre_id.display_name,
                        name=arbitration.name,
                    )
                )
        self._move(
            "withdrawn",
            date_withdrawn=fields.Date.context_today(self),
            is_overdue=False,
            overdue_stage=False,
        )
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    # ------------------------------------------------------------------
    # Follow-up
    # ------------------------------------------------------------------
    def _prepare_corrective_vals(self):
        """Defaults of the corrective record the ruling calls for, taken from
        the matter: the disputed record's budget year and centre (else the
        applicant centre, and the company's budget year in execution in the
        year of the ruling), the ruling as its reason. What the applicant
        decides stays open: no condition of the adjustment is set for them."""
        self.ensure_one()
        disputed = self.disputed_ref and self.disputed_ref.sudo().exists()
        vals = {
            "centre_id": self.centre_id.id,
            "company_id": self.company_id.id,
            "reason": self.ruling,
            "arbitration_id": self.id,
        }
        if disputed:
            for name in ("period_id", "centre_id", "item_id"):
                if name in disputed._fields and disputed[name]:
                    vals[name] = disputed[name].id
        if not vals.get("period_id"):
            year = (self.ruling_date or fields.Date.context_today(self)).year
            period = (
                self.env["group.budget.period"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", self.company_id.id),
                        ("year", "=", year),
                        ("state", "=", "executing"),
                    ],
                    limit=1,
                )
            )
            if period:
                vals["period_id"] = period.id
        return vals

    def _prepare_corrective_adjustment_vals(self, vals):
        """The effective month and lines of a corrective adjustment: from the
        first month still open, a line for each centre and item the disputed
        record names, at the figure it named (manual §七)."""
        self.ensure_one()
        period = self.env["group.budget.period"].sudo().browse(vals.get("period_id"))
        disputed = self.disputed_ref and self.disputed_ref.sudo().exists()
        if not period:
            return {}
        company = period.company_id
        locks = [day for day in (company.fiscalyear_lock_date, company.hard_lock_date) if day]
        first_open = adjustment_rules.first_open_month(
            period.year, fields.Date.context_today(self), max(locks, default=None)
        )
        if first_open > adjustment_rules.MONTHS:
            return {}
        result = {
            "date_effective": fields.Date.to_string(datetime.date(period.year, first_open, 1))
        }
        named = self._disputed_figures(disputed, period) if disputed else []
        if not named:
            return result
        budget_lines = (
            self.env["group.budget.line"]
            .sudo()
            .search(
                [
                    ("budget_id.period_id", "=", period.id),
                    ("budget_id.centre_id", "in", [centre.id for centre, *_rest in named]),
                    ("budget_id.state", "in", ("approved", "executing")),
                    ("item_id", "in", [item.id for _centre, item, *_rest in named]),
                ]
            )
        )
        by_key = {}
        for line in budget_lines:
            by_key.setdefault((line.budget_id.centre_id, line.item_id), line)
        pending = {
            (line.centre_id, line.item_id)
            for line in self.env["group.budget.adjustment.line"]
            .sudo()
            .search(
                [
                    ("period_id", "=", period.id),
                    ("state", "in", ("draft", "submitted")),
                    ("adjustment_id.parent_id", "=", False),
                    ("item_id", "in", budget_lines.item_id.ids),
                ]
            )
        }
        Line = self.env["group.budget.adjustment.line"]
        digits = company.currency_id.decimal_places or 2
        commands = []
        for centre, item, proposed in arbitration_rules.corrective_lines(
            named, {key: line.total for key, line in by_key.items()}, pending
        ):
            budget_line = by_key[centre, item]
            current = budget_line._months()
            proposed = round(proposed, digits)
            months = adjustment_rules.propose_months(
                current, proposed, first_open, item.aggregation or "sum", digits
            )
            commands.append(
                Command.create(
                    {
                        "centre_id": centre.id,
                        "item_id": item.id,
                        "current_value": budget_line.total,
                        "current_months": current,
                        "proposed_value": proposed,
                        **Line._months_vals(months),
                    }
                )
            )
        if commands:
            result["line_ids"] = commands
        return result

    def _disputed_figures(self, disputed, period):
        """``[(centre, item, figure, added)]`` the disputed record names, for
        :func:`arbitration_rules.corrective_lines`: the lines of an adjustment
        with the year values it proposed, the item of an addition with what it
        asked to add (nothing once approved: the budget holds it), the lines
        of a budget or a target at their current value."""
        if "period_id" in disputed._fields and disputed.period_id != period:
            return []
        if disputed._name == "group.budget.adjustment":
            return [
                (line.centre_id, line.item_id, line.proposed_value, 0.0)
                for line in disputed.line_ids
            ]
        if disputed._name == "group.budget.addition":
            added = 0.0 if disputed.state == "approved" else disputed.amount
            return [(disputed.centre_id, disputed.item_id, None, added)]
        if disputed._name in ("group.budget", "group.budget.target"):
            return [(line.centre_id, line.item_id, None, 0.0) for line in disputed.line_ids]
        return []

    def action_open_corrective(self):
        """Open the corrective record the ruling calls for, prefilled: an
        adjustment, or the record :meth:`_corrective_models` names for the
        disputed record's model."""
        self.ensure_one()
        self._check_group("group_budget.group_budget_office")
        if self.state != "ruled":
            raise UserError(_("Only a ruling opens a corrective record."))
        disputed = self.disputed_ref
        model = arbitration_rules.corrective_kind(
            disputed._name if disputed else None, self._corrective_models()
        )
        if model not in self.env:
            raise UserError(
                _(
                    "The corrective record this ruling calls for (%(model)s) is not "
                    "available: install its application first.",
                    model=model,
                )
            )
        Model = self.env[model]
        context = {}
        vals = self._prepare_corrective_vals()
        if model == "group.budget.adjustment":
            vals.update(self._prepare_corrective_adjustment_vals(vals))
        for name, value in vals.items():
            field = Model._fields.get(name)
            if not field or not value:
                continue
            if field.type == "selection" and value not in field.get_values(self.env):
                continue
            context[f"default_{name}"] = value
        return {
            "type": "ir.actions.act_window",
            "name": _("Corrective Record of %(name)s", name=self.name),
            "res_model": model,
            "view_mode": "form",
            "target": "current",
            "context": context,
        }

    # ------------------------------------------------------------------
    # Overdue
    # ------------------------------------------------------------------
    def _responsible_users(self, stage):
        """Who answers for the late step: the office users who received the
        matter (else the company's Budget Office), or the Committee members of
        the company; never a party."""
        self.ensure_one()
        xmlid = (
            "group_budget.group_budget_office"
            if stage == "coordination"
            else "group_budget.group_budget_committee"
        )
        users = (
            self.env.ref(xmlid)
            .sudo()
            .users.filtered(
                lambda user: self.company_id in user.company_ids and user.active and not user.share
            )
        )
        if stage == "coordination" and self.received_by_id in users:
            users = self.received_by_id
        return users - self.party_ids or users

    @api.model
    def _cron_flag_overdue(self):
        """Flag late arbitrations and remind the responsible body by activity,
        at most once per day."""
        today = fields.Date.context_today(self)
        arbitrations = self.sudo().search(
            ["|", ("state", "in", arbitration_rules.OPEN_STATES), ("is_overdue", "=", True)]
        )
        changes = {}
        reminders = self.browse()
        for arbitration in arbitrations:
            stage = arbitration_rules.overdue_stage(
                arbitration.state,
                today,
                arbitration.coordination_deadline,
                arbitration.ruling_deadline,
            )
            current = (bool(stage), stage or False)
            if (arbitration.is_overdue, arbitration.overdue_stage) != current:
                changes.setdefault(current, self.browse())
                changes[current] |= arbitration
            if arbitration_rules.needs_reminder(stage, arbitration.overdue_reminded_date, today):
                reminders |= arbitration
        for (flag, stage), records in changes.items():
            records._privileged_write({"is_overdue": flag, "overdue_stage": stage})
        if reminders:
            reminders._privileged_write({"overdue_reminded_date": today})
        for arbitration in reminders:
            stage = arbitration.overdue_stage
            deadline = (
                arbitration.coordination_deadline
                if stage == "coordination"
                else arbitration.ruling_deadline
            )
            # Once per user, in the language of the user it is assigned to.
            messages.todos(
                {arbitration: arbitration._responsible_users(stage)},
                lambda local: local.env._("Arbitration overdue"),
                note=lambda local, stage=stage, deadline=deadline: local.env._(
                    "The %(step)s of %(name)s was due by %(deadline)s.",
                    step=dict(local._fields["overdue_stage"]._description_selection(local.env))[
                        stage
                    ],
                    name=local.name,
                    deadline=format_date(local.env, deadline),
                ),
                date_deadline=today,
            )
        return True
