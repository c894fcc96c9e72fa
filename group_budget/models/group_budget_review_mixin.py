from odoo import _, fields, models
from odoo.exceptions import UserError


class GroupBudgetReviewMixin(models.AbstractModel):
    """Review steps (OCA base_tier_validation) of records that a user
    submits: nobody approves a step of what they submitted, reviewers get a
    to-do, and the last approval calls ``_action_approve``."""

    _name = "group.budget.review.mixin"
    _description = "Budget Review Steps"

    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_submitted = fields.Datetime(string="Submitted On", readonly=True, copy=False)

    def _request_reviews(self):
        """Start the review steps of submitted records; a record that no step
        applies to is approved as submitted."""
        self.invalidate_recordset(["need_validation"])
        for record in self:
            if record.request_validation():
                record._schedule_review_activities()
            else:
                record._action_approve()

    def _check_reviewer(self):
        """Only a reviewer of a step now open may approve or reject it
        (base_tier_validation would otherwise let anyone reject, cancelling
        the waiting steps)."""
        if not self._get_sequences_to_approve(self.env.user):
            raise UserError(
                _(
                    "You review no open step of %(record)s: only its reviewers may approve "
                    "or reject it.",
                    record=self.display_name,
                )
            )

    def reject_tier(self):
        self.ensure_one()
        self._check_reviewer()
        return super().reject_tier()

    def validate_tier(self):
        self.ensure_one()
        if self.submitted_by_id == self.env.user:
            raise UserError(
                _(
                    "You submitted %(record)s: you cannot approve a step of your own request.",
                    record=self.display_name,
                )
            )
        self._check_reviewer()
        res = super().validate_tier()
        # Once their step is done, a reviewer may no longer see the record;
        # what follows is the approval's own doing.
        record = self.sudo()
        record._done_review_activities(self.env.user)
        if record.validation_status == "validated":
            record._action_approve()
        else:
            record._schedule_review_activities()
        return res

    def _action_approve(self):
        raise NotImplementedError

    def _schedule_review_activities(self):
        """A to-do for each reviewer of the steps now pending, once."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for record in self:
            notified = record.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).user_id
            open_reviews = record.review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
            if not open_reviews:
                continue
            first = min(open_reviews.mapped("sequence"))
            current = open_reviews.filtered(
                lambda r, first=first: r.sequence == first or not r.approve_sequence
            )
            for user in current.reviewer_ids - notified:
                record.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=_("Review %(record)s", record=record.display_name),
                )

    def _done_review_activities(self, users=None):
        activities = self.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )
        if users is not None:
            activities = activities.filtered(lambda a: a.user_id in users)
        activities.unlink()
