"""Two real transactions racing on a real PostgreSQL.

The other tests run inside one transaction that is rolled back. A race needs
data that other transactions see, so these tests commit their own, in a
company of their own (``setUpClass`` of each test class), and run each side
on a cursor of its own, in a thread.
"""

import threading

from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tests import BaseCase, get_db_name
from odoo.tools import mute_logger


class ConcurrencyCase(BaseCase):
    """``self._race(first, second, refused)`` runs ``first(env)`` and holds
    its transaction open, runs ``second(env)`` meanwhile, checks that the
    second waits, then lets the first commit. Each side commits, retries a
    serialisation failure as Odoo does with RPC calls
    (``odoo.service.model.retrying``, which cannot run here because it waits
    for the registry the test runner holds), and records a refusal of type
    ``refused``."""

    company_id = None
    context = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    @classmethod
    def tearDownClass(cls):
        """The committed company stays (its posted entries cannot be
        deleted), but its budget years are closed, so that the crons that
        later tests run (warnings, for one) do not work on it."""
        if cls.company_id:
            with cls.registry.cursor() as cr:
                cr.execute(
                    "UPDATE group_budget_period SET state = 'closed' WHERE company_id = %s",
                    [cls.company_id],
                )
        super().tearDownClass()

    @staticmethod
    def _rigid_budget(env, company, account, prefix, stamp):
        """Commit-ready fixtures of a race: a cost centre of ``company`` with
        an executing budget of 2031 on a rigid item of ``account``, 100.00 a
        month. Returns ``(centre, budget)``."""
        centre = env["group.budget.centre"].create(
            {
                "name": "Plant",
                "code": f"{prefix}-P",
                "centre_type": "cost",
                "company_id": company.id,
            }
        )
        item = env["group.budget.item"].create(
            {
                "name": account.name,
                "code": f"{prefix}-{account.code}-{stamp}",
                "category": "operations",
                "direction": "lower_better",
                "control_mode": "rigid",
                "company_id": company.id,
                "account_ids": [Command.set(account.ids)],
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
        return centre, budget

    def _environment(self):
        """An environment on a cursor of its own. Built in the test's thread:
        the registry is locked while tests run, and building an environment
        looks the registry up."""
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        return api.Environment(
            cr, SUPERUSER_ID, {"allowed_company_ids": [self.company_id], **self.context}
        )

    @staticmethod
    def _commit_retrying(env, call, outcome, refused, after=None):
        outcome["attempts"] = 0
        while outcome["attempts"] < 5:
            outcome["attempts"] += 1
            try:
                call(env)
                if after:
                    after()
                env.cr.commit()
                outcome["done"] = True
                return
            except OperationalError as error:
                env.cr.rollback()
                env.invalidate_all()
                if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    raise
            except refused as error:
                env.cr.rollback()
                outcome["error"] = str(error)
                return

    def _race(self, first_call, second_call, refused, mute_sql=True):
        """Return the outcomes of both sides: ``done``, ``error`` and
        ``attempts``. With ``mute_sql``, failed statements are not logged
        (a unique index's violation is, as an error)."""
        first_done = threading.Event()
        first_may_commit = threading.Event()
        first, second = {}, {}

        def hold():
            first_done.set()
            first_may_commit.wait(30)

        thread_a = threading.Thread(
            target=self._commit_retrying,
            args=(self._environment(), first_call, first, refused, hold),
        )
        thread_b = threading.Thread(
            target=self._commit_retrying,
            args=(self._environment(), second_call, second, refused),
        )
        if mute_sql:
            self.enterContext(mute_logger("odoo.sql_db"))
        thread_a.start()
        self.assertTrue(first_done.wait(30))
        # The first holds its transaction open; the second starts now, so it
        # cannot see the first, and waits for its lock.
        thread_b.start()
        thread_b.join(1.0)
        self.assertTrue(thread_b.is_alive(), "the second transaction should wait for the first")
        first_may_commit.set()
        thread_a.join(30)
        thread_b.join(60)
        return first, second
