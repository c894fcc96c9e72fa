import datetime
import uuid

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..concurrency import ConcurrencyCase


@tagged("post_install", "-at_install")
class TestAdditionConcurrency(ConcurrencyCase):
    """Two additions submitted in parallel transactions on a real PostgreSQL
    never both count the same savings (issue 9, point 5).

    Like the control's concurrency test, it commits its own data, in a
    company of its own, so that the two transactions see it.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            stamp = uuid.uuid4().hex[:8]
            company = env["res.company"].create({"name": f"Budget Savings {stamp}"})
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            centre = env["group.budget.centre"].create(
                {"name": "Plant", "code": "SV-P", "centre_type": "cost", "company_id": company.id}
            )
            rent, travel = env["group.budget.item"].create(
                [
                    {
                        "name": name,
                        "code": f"SV-{name.upper()}-{stamp}",
                        "category": "operations",
                        "direction": "lower_better",
                        "company_id": company.id,
                    }
                    for name in ("Rent", "Travel")
                ]
            )
            period = env["group.budget.period"].create({"year": 2031, "company_id": company.id})
            budget = env["group.budget"].create(
                {
                    "centre_id": centre.id,
                    "period_id": period.id,
                    "line_ids": [
                        Command.create(
                            {"item_id": item.id, **{f"month_{m:02d}": 100.0 for m in range(1, 13)}}
                        )
                        for item in (rent, travel)
                    ],
                }
            )
            budget._set_state("executing")
            period._set_state("executing")
            # Two additions of 200 to rent from travel's savings up to March:
            # each fits the 300 budgeted to date, both together do not.
            additions = env["group.budget.addition"].create(
                [
                    {
                        "period_id": period.id,
                        "centre_id": centre.id,
                        "item_id": rent.id,
                        "date_from": datetime.date(2031, 3, 1),
                        "date_to": datetime.date(2031, 3, 31),
                        "amount": 200.0,
                        "reason": reason,
                        "funding": "savings",
                        "source_centre_id": centre.id,
                        "source_item_id": travel.id,
                    }
                    for reason in ("Fair", "Campaign")
                ]
            )
            cls.company_id = company.id
            cls.addition_ids = additions.ids
        # E-mails stay queued: sending them at commit would wait for the
        # registry, which the test runner holds.
        cls.context = {"mail_notify_force_send": False}

    def test_parallel_submissions_never_share_savings(self):
        first, second = self._race(
            lambda env: env["group.budget.addition"].browse(self.addition_ids[0]).action_submit(),
            lambda env: env["group.budget.addition"].browse(self.addition_ids[1]).action_submit(),
            UserError,
        )
        self.assertTrue(first.get("done"))
        self.assertFalse(second.get("done"))
        self.assertIn("once the pending additions", second["error"])
        self.assertEqual(second["attempts"], 2)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state FROM group_budget_addition WHERE id = ANY(%s) ORDER BY id",
                [self.addition_ids],
            )
            self.assertEqual([row[0] for row in cr.fetchall()], ["submitted", "draft"])
