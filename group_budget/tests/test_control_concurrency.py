import datetime
import threading
import uuid

from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import RedirectWarning
from odoo.modules.registry import Registry
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

MARCH = datetime.date(2031, 3, 15)


@tagged("post_install", "-at_install")
class TestControlConcurrency(BaseCase):
    """Two postings in parallel transactions on a real PostgreSQL can never
    together take a rigid budget over (manual §五 3.3).

    The other tests run inside one transaction that is rolled back; this one
    needs data that other transactions see, so it commits its own, in a
    company of its own.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            stamp = uuid.uuid4().hex[:8]
            company = env["res.company"].create({"name": f"Budget Concurrency {stamp}"})
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            Account = env["account.account"].with_company(company)
            rent = Account.create({"name": "Rent", "code": "CC6120", "account_type": "expense"})
            cash = Account.create(
                {"name": "Cash", "code": "CC1010", "account_type": "asset_current"}
            )
            # One journal each, so that nothing but the budget control ties
            # the two postings together.
            journals = env["account.journal"].create(
                [
                    {"name": name, "code": name, "type": "general", "company_id": company.id}
                    for name in ("CCA", "CCB")
                ]
            )
            centre = env["group.budget.centre"].create(
                {"name": "Plant", "code": "CC-P", "centre_type": "cost", "company_id": company.id}
            )
            item = env["group.budget.item"].create(
                {
                    "name": "Rent",
                    "code": f"CC-RENT-{stamp}",
                    "category": "operations",
                    "direction": "lower_better",
                    "control_mode": "rigid",
                    "company_id": company.id,
                    "account_ids": [Command.set(rent.ids)],
                }
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
                    ],
                }
            )
            budget._set_state("executing")
            period._set_state("executing")
            # Two entries of 200 in March: each fits the 300 budgeted to date,
            # both together do not.
            moves = env["account.move"].create(
                [
                    {
                        "journal_id": journal.id,
                        "date": MARCH,
                        "line_ids": [
                            Command.create(
                                {
                                    "account_id": rent.id,
                                    "debit": 200.0,
                                    "analytic_distribution": {
                                        str(centre.analytic_account_id.id): 100
                                    },
                                }
                            ),
                            Command.create({"account_id": cash.id, "credit": 200.0}),
                        ],
                    }
                    for journal in journals
                ]
            )
            cls.company_id = company.id
            cls.move_ids = moves.ids
            cls.rent_id = rent.id

    def _environment(self):
        """An environment on a cursor of its own. Built in the test's thread:
        the registry is locked while tests run, and building an environment
        looks the registry up."""
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        return api.Environment(cr, SUPERUSER_ID, {"allowed_company_ids": [self.company_id]})

    @staticmethod
    def _post_in_own_transaction(env, move_id, outcome, after_post=None):
        """Post ``move_id`` in the transaction of ``env`` and commit; on a
        serialisation failure, roll back and try again, as Odoo does with RPC
        calls (``odoo.service.model.retrying``, which cannot run here because
        it waits for the registry the test runner holds)."""
        outcome["attempts"] = 0
        while outcome["attempts"] < 5:
            outcome["attempts"] += 1
            try:
                env["account.move"].browse(move_id).action_post()
                if after_post:
                    after_post()
                env.cr.commit()
                outcome["posted"] = True
                return
            except OperationalError as error:
                env.cr.rollback()
                if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    raise
            except RedirectWarning as error:
                env.cr.rollback()
                outcome["error"] = str(error)
                return

    def test_parallel_postings_never_overrun_a_rigid_budget(self):
        first_posted = threading.Event()
        first_may_commit = threading.Event()
        first, second = {}, {}

        def hold():
            first_posted.set()
            first_may_commit.wait(30)

        thread_a = threading.Thread(
            target=self._post_in_own_transaction,
            args=(self._environment(), self.move_ids[0], first, hold),
        )
        thread_b = threading.Thread(
            target=self._post_in_own_transaction,
            args=(self._environment(), self.move_ids[1], second),
        )
        # The second posting's failed attempt is logged as a bad query.
        self.enterContext(mute_logger("odoo.sql_db"))
        thread_a.start()
        self.assertTrue(first_posted.wait(30))
        # The first posting holds its lock, uncommitted; the second starts now,
        # so it cannot see the first, and waits for its lock.
        thread_b.start()
        thread_b.join(1.0)
        self.assertTrue(thread_b.is_alive(), "the second posting should wait for the first")
        first_may_commit.set()
        thread_a.join(30)
        thread_b.join(60)

        self.assertTrue(first.get("posted"))
        self.assertFalse(second.get("posted"))
        self.assertIn("short by", second["error"])
        # The second posting failed to serialise, was retried, and the retry
        # saw the first one.
        self.assertEqual(second["attempts"], 2)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state FROM account_move WHERE id = ANY(%s) ORDER BY id", [self.move_ids]
            )
            self.assertEqual([row[0] for row in cr.fetchall()], ["posted", "draft"])
            cr.execute(
                """SELECT SUM(balance) FROM account_move_line
                    WHERE account_id = %s AND parent_state = 'posted'""",
                [self.rent_id],
            )
            self.assertLessEqual(cr.fetchone()[0], 300.0)
