from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.group_budget import messages


class GroupBudgetAnalysisMeeting(models.Model):
    """A budget analysis meeting (预算分析会, manual §六 5): date, level,
    participants, agenda and minutes (会议纪要); the measures it decides have
    an owner and a due date and are tracked as activities."""

    _name = "group.budget.analysis.meeting"
    _description = "Budget Analysis Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin", "group.budget.input.mixin"]
    _check_company_auto = True
    _order = "date desc, id desc"

    name = fields.Char(string="Subject", required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    level = fields.Selection(
        [("group", "Group"), ("subsidiary", "Subsidiary")],
        required=True,
        default="group",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    centre_id = fields.Many2one("group.budget.centre", check_company=True, tracking=True)
    participant_ids = fields.Many2many("res.users", string="Participants")
    agenda = fields.Html()
    minutes = fields.Html()
    measure_ids = fields.One2many(
        "group.budget.analysis.meeting.measure", "meeting_id", string="Measures"
    )
    open_measure_count = fields.Integer(
        string="Open Measures", compute="_compute_open_measure_count"
    )

    def _compute_open_measure_count(self):
        counts = dict(
            self.env["group.budget.analysis.meeting.measure"]._read_group(
                [("meeting_id", "in", self.ids), ("state", "=", "open")],
                ["meeting_id"],
                ["__count"],
            )
        )
        for meeting in self:
            meeting.open_measure_count = counts.get(meeting, 0)


class GroupBudgetAnalysisMeetingMeasure(models.Model):
    """A measure decided by an analysis meeting: a to-do activity of its owner
    on the meeting, due on its date; marking it done closes the activity."""

    _name = "group.budget.analysis.meeting.measure"
    _description = "Analysis Meeting Measure"
    _inherit = ["group.budget.input.mixin"]
    _check_company_auto = True
    _order = "date_deadline, id"

    meeting_id = fields.Many2one(
        "group.budget.analysis.meeting", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)
    name = fields.Char(string="Measure", required=True)
    owner_id = fields.Many2one("res.users", required=True)
    date_deadline = fields.Date(string="Due Date", required=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done")], default="open", required=True, readonly=True
    )
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")

    def _schedule_activities(self):
        for measure in self:
            measure.activity_id = messages.todo(
                measure.meeting_id,
                measure.owner_id,
                lambda _local, measure=measure: measure.name,
                date_deadline=measure.date_deadline,
            )

    @api.model_create_multi
    def create(self, vals_list):
        measures = super().create(vals_list)
        measures._schedule_activities()
        return measures

    def action_done(self):
        office = self.env.user.has_group("group_budget.group_budget_office")
        for measure in self:
            if not office and measure.owner_id != self.env.user:
                raise AccessError(
                    _(
                        "Only the owner of the measure %(measure)s or the Budget Office "
                        "marks it done.",
                        measure=measure.name,
                    )
                )
        for measure in self.filtered(lambda m: m.state == "open"):
            if measure.activity_id:
                # Posted on the meeting: in the language of its company.
                lang = messages.lang_of(self.env, measure.company_id)
                feedback = measure.with_context(lang=lang).env._("Measure carried out.")
                measure.activity_id.sudo().action_feedback(feedback=feedback)
        self.sudo().write({"state": "done"})
