"""Budget arbitration (manual §八): the working calendar, the second office
user and Committee member, applications.

A fixture mixin of :class:`.common.GroupBudgetCase`, which composes them: its
class methods build records in ``setUpClass`` on the base's companies, users,
centres and items.
"""

from odoo import Command
from odoo.tests import new_test_user


class ArbitrationFixtures:
    """Budget arbitration (manual §八): the working calendar, the second office"""

    # ------------------------------------------------------------------
    # Budget arbitration (issue 12)
    # ------------------------------------------------------------------
    @classmethod
    def _setup_arbitration(cls):
        """Company A's working calendar with National Day 2031 (1–7 October)
        as public holidays and Saturday 11 October as a make-up working day;
        a second Budget Office user and a second Committee member, who are
        parties to nothing."""
        calendar = cls.company_a.resource_calendar_id
        calendar.tz = "Asia/Shanghai"
        # Stored in UTC: 1 October 00:00 to 7 October 23:59:59 in Beijing.
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "National Day",
                "calendar_id": calendar.id,
                "company_id": cls.company_a.id,
                "date_from": "2031-09-30 16:00:00",
                "date_to": "2031-10-07 15:59:59",
            }
        )
        cls.env["resource.calendar.attendance"].create(
            {
                "name": "Make-up working day",
                "calendar_id": calendar.id,
                "dayofweek": "5",
                "day_period": "morning",
                "hour_from": 8.0,
                "hour_to": 12.0,
                "date_from": "2031-10-11",
                "date_to": "2031-10-11",
            }
        )
        cls.user_office_2 = new_test_user(
            cls.env,
            login="gb_office_2",
            groups="group_budget.group_budget_office",
            company_id=cls.company_a.id,
            company_ids=[Command.set([cls.company_a.id])],
        )
        cls.user_committee_2 = new_test_user(
            cls.env,
            login="gb_committee_2",
            groups="group_budget.group_budget_committee",
            company_id=cls.company_a.id,
            company_ids=[Command.set([cls.company_a.id, cls.company_b.id])],
        )

    @classmethod
    def _arbitration(cls, centre=None, user=None, **vals):
        """A draft arbitration of ``centre`` (the subsidiary), submitted by
        ``user`` (the officer)."""
        user = user or cls.user_officer
        return (
            cls.env["group.budget.arbitration"]
            .with_user(user)
            .create(
                dict(
                    {
                        "centre_id": (centre or cls.centre_sub).id,
                        "matter": "calculation",
                        "reasons": "The margin is calculated on the wrong base.",
                    },
                    **vals,
                )
            )
        )

    @classmethod
    def _setup_matrix_arbitration(cls):
        """Arbitrations for the role-isolation matrix (after _setup_matrix):
        drafts of the subsidiary, its sibling and company B, and the
        subsidiary's at each later step, made by the superuser (a party to
        none but its own)."""
        Arbitration = cls.env["group.budget.arbitration"]
        vals = {"matter": "other", "reasons": "A matrix dispute."}
        (
            cls.arbitration_sub,
            cls.arbitration_sibling,
            cls.arbitration_b,
            cls.arbitration_submitted,
            cls.arbitration_coordinating,
            cls.arbitration_referred,
            cls.arbitration_ruled,
        ) = Arbitration.create(
            [
                dict(vals, centre_id=centre.id)
                for centre in (
                    cls.centre_sub,
                    cls.centre_sibling,
                    cls.centre_other_company,
                    cls.centre_sub,
                    cls.centre_sub,
                    cls.centre_sub,
                    cls.centre_sub,
                )
            ]
        )
        later = (
            cls.arbitration_submitted
            | cls.arbitration_coordinating
            | cls.arbitration_referred
            | cls.arbitration_ruled
        )
        later.action_submit()
        (later - cls.arbitration_submitted).action_receive()
        (cls.arbitration_referred | cls.arbitration_ruled).write({"office_opinion": "No deal."})
        cls.arbitration_coordinating.office_opinion = "No deal."
        (cls.arbitration_referred | cls.arbitration_ruled).action_refer()
        (cls.arbitration_referred | cls.arbitration_ruled).write({"ruling": "Upheld."})
        cls.arbitration_ruled.action_rule()
