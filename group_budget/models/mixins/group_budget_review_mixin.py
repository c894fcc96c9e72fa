from odoo import _, fields, models
from odoo.exceptions import UserError

from ... import guard, messages


class GroupBudgetReviewMixin(models.AbstractModel):
    """Review steps (OCA base_tier_validation) of records that a user
    submits: nobody approves a step of what they submitted, reviewers get a
    to-do, and the last approval calls ``_action_approve``."""

    _name = "group.budget.review.mixin"
    _description = "Budget Review Steps"

    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_submitted = fields.Datetime(string="Submitted On", readonly=True, copy=False)

    def _tier_validation_check_write_allowed(self, vals):
        """base_tier_validation skips its check of writes under review when the
        context says ``skip_validation_check``, which any client can send: here
        only the server's own grant (a rejection ending the steps) skips it."""
        skip = guard.holds(self, guard.REVIEW_END)
        return super(
            GroupBudgetReviewMixin, self.with_context(skip_validation_check=skip)
        )._tier_validation_check_write_allowed(vals)

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
        res = super().reject_tier()
        # A rejection ends the steps: every reviewer's to-do ends with it.
        self.sudo()._done_review_activities()
        return res

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
        if record.validation_status == "validated":
            # Every reviewer's to-do ends with the approval, not only this one's.
            record._done_review_activities()
            record._action_approve()
        else:
            # The to-dos of a step another reviewer has just approved end too.
            record._done_review_activities(
                record._review_todo_users() - record._current_reviewers()
            )
            record._schedule_review_activities()
        return res

    def _action_approve(self):
        raise NotImplementedError

    def _current_reviewers(self):
        """The reviewers of the record's steps now open (the first open
        sequence, and the steps that need no order)."""
        self.ensure_one()
        open_reviews = self.review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
        if not open_reviews:
            return self.env["res.users"]
        first = min(open_reviews.mapped("sequence"))
        return open_reviews.filtered(
            lambda r: r.sequence == first or not r.approve_sequence
        ).reviewer_ids

    def _review_todo_users(self):
        self.ensure_one()
        return messages.todo_holders(self).get(self.id, self.env["res.users"])

    def _schedule_review_activities(self):
        """A to-do for each reviewer of the steps now pending, once, in the
        reviewer's language."""
        messages.todos(
            {record: record._current_reviewers() for record in self},
            lambda local: local.env._("Review %(record)s", record=local.display_name),
        )

    def _done_review_activities(self, users=None):
        activities = self.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )
        if users is not None:
            activities = activities.filtered(lambda a: a.user_id in users)
        activities.unlink()
