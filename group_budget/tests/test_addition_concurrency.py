import datetime
import threading
import uuid

from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestAdditionConcurrency(BaseCase):
    """Two additions submitted in parallel transactions on a real PostgreSQL
    never both count the same savings (issue 9, point 5).

    Like the control's concurrency test, it commits its own data, in a
    company of its own, so that the two transactions see it.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
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

    def _environment(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        # E-mails stay queued: sending them at commit would wait for the
        # registry, which the test runner holds.
        return api.Environment(
            cr,
            SUPERUSER_ID,
            {"allowed_company_ids": [self.company_id], "mail_notify_force_send": False},
        )

    @staticmethod
    def _submit_in_own_transaction(env, addition_id, outcome, after_submit=None):
        """Submit and commit; on a serialisation failure roll back and try
        again, as Odoo does with RPC calls."""
        outcome["attempts"] = 0
        while outcome["attempts"] < 5:
            outcome["attempts"] += 1
            try:
                env["group.budget.addition"].browse(addition_id).action_submit()
                if after_submit:
                    after_submit()
                env.cr.commit()
                outcome["submitted"] = True
                return
            except OperationalError as error:
                env.cr.rollback()
                env.invalidate_all()
                if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    raise
            except UserError as error:
                env.cr.rollback()
                outcome["error"] = str(error)
                return

    def test_parallel_submissions_never_share_savings(self):
        first_submitted = threading.Event()
        first_may_commit = threading.Event()
        first, second = {}, {}

        def hold():
            first_submitted.set()
            first_may_commit.wait(30)

        thread_a = threading.Thread(
            target=self._submit_in_own_transaction,
            args=(self._environment(), self.addition_ids[0], first, hold),
        )
        thread_b = threading.Thread(
            target=self._submit_in_own_transaction,
            args=(self._environment(), self.addition_ids[1], second),
        )
        self.enterContext(mute_logger("odoo.sql_db"))
        thread_a.start()
        self.assertTrue(first_submitted.wait(30))
        thread_b.start()
        thread_b.join(1.0)
        self.assertTrue(thread_b.is_alive(), "the second submission should wait for the first")
        first_may_commit.set()
        thread_a.join(30)
        thread_b.join(60)

        self.assertTrue(first.get("submitted"))
        self.assertFalse(second.get("submitted"))
        self.assertIn("once the pending additions", second["error"])
        self.assertEqual(second["attempts"], 2)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state FROM group_budget_addition WHERE id = ANY(%s) ORDER BY id",
                [self.addition_ids],
            )
            self.assertEqual([row[0] for row in cr.fetchall()], ["submitted", "draft"])
