import datetime
import uuid

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import RedirectWarning
from odoo.tests import tagged

from ..concurrency import ConcurrencyCase

MARCH = datetime.date(2031, 3, 15)


@tagged("post_install", "-at_install")
class TestControlConcurrency(ConcurrencyCase):
    """Two postings in parallel transactions on a real PostgreSQL can never
    together take a rigid budget over (manual §五 3.3).

    The other tests run inside one transaction that is rolled back; this one
    needs data that other transactions see, so it commits its own, in a
    company of its own.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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
            centre, _budget = cls._rigid_budget(env, company, rent, "CC", stamp)
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

    def test_parallel_postings_never_overrun_a_rigid_budget(self):
        # The retry is handled contention: nothing logs it as an error
        # (operators alert on ERROR lines).
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            first, second = self._race(
                lambda env: env["account.move"].browse(self.move_ids[0]).action_post(),
                lambda env: env["account.move"].browse(self.move_ids[1]).action_post(),
                RedirectWarning,
                mute_sql=False,
            )
        self.assertTrue(first.get("done"))
        self.assertFalse(second.get("done"))
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
            # The monthly actual totals the ledger reads kept up, retry included.
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].browse(self.company_id)
            self.assertEqual(env["group.budget.actuals"]._actual_totals_differences(company), [])
            cr.execute(
                "SELECT SUM(balance) FROM group_budget_actual_month WHERE account_id = %s",
                [self.rent_id],
            )
            self.assertEqual(cr.fetchone()[0], 200.0)
