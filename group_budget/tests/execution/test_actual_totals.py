import datetime
import random

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestActualTotals(GroupBudgetCase):
    """The monthly totals of posted journal items that the ledger reads
    (issue 15): always equal to a recompute from the journal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()
        cls.Actuals = cls.env["group.budget.actuals"]
        cls.analytic_loose = cls.env["account.analytic.account"].create(
            {
                "name": "No centre",
                "plan_id": cls.centre_sub.analytic_account_id.plan_id.id,
                "company_id": cls.company_a.id,
            }
        )

    def _totals(self, account, centre, month):
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT COALESCE(SUM(balance), 0), COALESCE(SUM(item_count), 0)
                 FROM group_budget_actual_month
                WHERE account_id = %s AND analytic_account_id = %s AND date = %s""",
            [account.id, centre.analytic_account_id.id, month],
        )
        balance, count = self.env.cr.fetchone()
        return float(balance), count

    def _ledger_rows(self, from_journal):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT * FROM (%s) AS l ORDER BY id",
                self.env["group.budget.ledger"]._ledger_query(from_journal=from_journal),
            )
        )
        return self.env.cr.fetchall()

    def assertConsistent(self, message=""):
        self.assertEqual(self.Actuals._actual_totals_differences(), [], message)
        kept = self._ledger_rows(from_journal=False)
        self.assertTrue(kept, message)
        self.assertEqual(kept, self._ledger_rows(from_journal=True), message)

    # ------------------------------------------------------------------
    # Every path keeps the totals
    # ------------------------------------------------------------------
    def test_posting_resetting_and_editing_keep_the_totals(self):
        march = datetime.date(2031, 3, 1)
        move = self._entries(
            [(datetime.date(2031, 3, 9), self.account_travel, 30.0, {self.centre_sub: 100})],
            post=False,
        )
        self.assertEqual(self._totals(self.account_travel, self.centre_sub, march), (0.0, 0))
        move.action_post()
        self.assertEqual(self._totals(self.account_travel, self.centre_sub, march), (30.0, 1))
        line = move.line_ids.filtered(lambda aml: aml.account_id == self.account_travel)
        line.analytic_distribution = {
            str(self.centre_sub.analytic_account_id.id): 60,
            str(self.centre_sibling.analytic_account_id.id): 40,
        }
        self.assertEqual(self._totals(self.account_travel, self.centre_sub, march), (18.0, 1))
        self.assertEqual(self._totals(self.account_travel, self.centre_sibling, march), (12.0, 1))
        move.button_draft()
        self.assertEqual(self._totals(self.account_travel, self.centre_sub, march), (0.0, 0))
        self.assertEqual(self._totals(self.account_travel, self.centre_sibling, march), (0.0, 0))
        move.write({"name": "/", "date": datetime.date(2031, 4, 2)})
        move.action_post()
        self.assertEqual(self._totals(self.account_travel, self.centre_sub, march), (0.0, 0))
        april = datetime.date(2031, 4, 1)
        self.assertEqual(self._totals(self.account_travel, self.centre_sub, april), (18.0, 1))
        move._reverse_moves([{"date": datetime.date(2031, 4, 30)}], cancel=True)
        self.assertEqual(self._totals(self.account_travel, self.centre_sub, april), (0.0, 2))
        self.assertConsistent()

    def test_sql_writes_keep_the_totals_too(self):
        """Triggers, not ORM overrides: a statement outside the ORM (a data
        fix, a migration script) keeps them as well."""
        move = self._entries(
            [(datetime.date(2031, 5, 3), self.account_travel, 40.0, {self.centre_sub: 100})]
        )
        line = move.line_ids.filtered(lambda aml: aml.account_id == self.account_travel)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move_line SET balance = 45, debit = 45 WHERE id = %s", [line.id]
        )
        may = datetime.date(2031, 5, 1)
        self.assertEqual(self._totals(self.account_travel, self.centre_sub, may), (45.0, 1))
        self.env.cr.execute("DELETE FROM account_analytic_line WHERE move_line_id = %s", [line.id])
        self.env.cr.execute("DELETE FROM account_move_line WHERE id = %s", [line.id])
        self.assertEqual(self._totals(self.account_travel, self.centre_sub, may), (0.0, 0))
        self.env.invalidate_all()
        self.assertConsistent()

    def test_random_operations_keep_every_ledger_figure(self):
        """A few hundred postings, resets, reversals, edits of analytic
        distributions and changes of mappings, at random with a fixed seed:
        after each batch, the totals and every ledger figure equal a
        recompute from the journal."""
        rng = random.Random(15)
        analytics = [
            self.centre_sub.analytic_account_id,
            self.centre_sibling.analytic_account_id,
            self.centre_dept.analytic_account_id,
            self.analytic_loose,
        ]
        accounts = [self.account_rent, self.account_office, self.account_travel]
        extra_account = self._shared_account("GB6999", "Test Spare")
        moves = self.env["account.move"]
        done = {}  # how many of each operation went through

        def distribution():
            first, second = rng.sample(analytics, 2)
            if rng.random() < 0.3:
                share = rng.choice([25, 50, 60])
                return {str(first.id): share, str(second.id): 100 - share}
            return {str(first.id): 100}

        def new_entry():
            amount = rng.choice([-1, 1, 1, 1]) * rng.randint(1, 60)
            date = datetime.date(rng.choice([2030, 2031, 2031, 2032]), rng.randint(1, 12), 5)
            move = self._entries([(date, rng.choice(accounts), amount, {})], post=False)
            move.line_ids.filtered(
                "debit" if amount > 0 else "credit"
            ).analytic_distribution = distribution()
            move.action_post()
            return move

        def pick(state):
            candidates = moves.filtered(lambda move: move.state == state)
            return rng.choice(candidates) if candidates else None

        operations = {
            "post": lambda: new_entry(),
            "reset": lambda: (pick("posted") or new_entry()).button_draft(),
            "repost": lambda: (pick("draft") or new_entry()).action_post(),
            "reverse": lambda: (pick("posted") or new_entry())._reverse_moves(cancel=True),
            "redistribute": lambda: (
                (pick("posted") or new_entry())
                .line_ids.filtered("analytic_distribution")
                .write({"analytic_distribution": distribution()})
            ),
            "redate": lambda: (pick("draft") or new_entry()).write(
                {"date": datetime.date(2031, rng.randint(1, 12), 20)}
            ),
            "delete": lambda: (pick("draft") or new_entry()).unlink(),
            "remap": lambda: self.item_travel.write(
                {
                    "account_ids": [
                        Command.link(extra_account.id)
                        if extra_account not in self.item_travel.account_ids
                        else Command.unlink(extra_account.id)
                    ]
                    if rng.random() < 0.5
                    else [Command.link(self._shared_account(f"GB7{step:03d}", "Fresh").id)]
                }
            ),
            "spare": lambda: (
                self._entries([(datetime.date(2031, 6, 6), extra_account, rng.randint(1, 20), {})])
                .line_ids.filtered("debit")
                .write({"analytic_distribution": distribution()})
            ),
        }
        names = list(operations)
        weights = [30, 10, 10, 8, 12, 5, 5, 4, 6]
        for step in range(300):
            name = rng.choices(names, weights)[0]
            try:
                with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    operations[name]()
                    self.env.flush_all()
                done[name] = done.get(name, 0) + 1
            except UserError:
                # Refused by budget control or the mapping rules: nothing saved.
                done["refused"] = done.get("refused", 0) + 1
            self.env.invalidate_all()
            moves = self.env["account.move"].search([("journal_id.code", "=", "BMSC")])
            if step % 50 == 49:
                self.assertConsistent(f"after {step + 1} operations")
                if step == 149:
                    self.Actuals._cron_compact_actual_totals()
                    self.assertConsistent("after merging the totals")
        # Every kind of operation ran, and some were refused.
        self.assertEqual(set(names) - set(done), set(), done)
        self.assertGreater(done.get("refused", 0), 0, done)
        self.assertConsistent("at the end")

    # ------------------------------------------------------------------
    # Merging, checking and rebuilding
    # ------------------------------------------------------------------
    def test_merging_twice_merges_nothing_more(self):
        for day in (3, 4, 5):
            self._entries(
                [(datetime.date(2031, 7, day), self.account_travel, 10.0, {self.centre_sub: 100})]
            )
        july = datetime.date(2031, 7, 1)
        self.env.cr.execute(
            "SELECT COUNT(*) FROM group_budget_actual_month WHERE account_id = %s AND date = %s",
            [self.account_travel.id, july],
        )
        self.assertGreater(self.env.cr.fetchone()[0], 1)
        self.assertGreater(self.Actuals._cron_compact_actual_totals(), 0)
        self.assertEqual(self.Actuals._cron_compact_actual_totals(), 0)
        self.env.cr.execute(
            "SELECT COUNT(*) FROM group_budget_actual_month WHERE account_id = %s AND date = %s",
            [self.account_travel.id, july],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 1)
        self.assertEqual(self._totals(self.account_travel, self.centre_sub, july), (30.0, 3))
        self.assertConsistent()

    def _corrupt(self, company, analytic, amount=999.0):
        self.env.cr.execute(
            """INSERT INTO group_budget_actual_month
                   (company_id, analytic_account_id, account_id, date, balance, item_count)
               VALUES (%s, %s, %s, '2031-08-01', %s, 1)""",
            [company.id, analytic.id, self.account_travel.id, amount],
        )

    def test_check_finds_a_difference_and_rebuild_repairs_it(self):
        self._entries(
            [(datetime.date(2031, 8, 3), self.account_travel, 10.0, {self.centre_sub: 100})]
        )
        self._corrupt(self.company_a, self.centre_sub.analytic_account_id)
        self._corrupt(self.company_b, self.centre_other_company.analytic_account_id)
        self.assertEqual(len(self.Actuals._actual_totals_differences()), 2)
        office = self.Actuals.with_user(self.user_office)
        result = office.action_check_actual_totals()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("1 monthly actual totals differ", result["params"]["message"])
        result = office.action_rebuild_actual_totals()
        self.assertEqual(result["params"]["type"], "success")
        # The Budget Office of company A rebuilt company A only.
        differences = self.Actuals._actual_totals_differences()
        self.assertEqual([row[0] for row in differences], [self.company_b.id])
        self.Actuals._rebuild_actual_totals()
        self.assertConsistent()
        settings = self.env["res.config.settings"].create({})
        result = settings.action_check_group_budget_actual_totals()
        self.assertEqual(result["params"]["type"], "success")

    def test_only_the_budget_office_rebuilds(self):
        for user in (self.user_officer, self.user_plain):
            with self.assertRaises(AccessError):
                self.Actuals.with_user(user).action_rebuild_actual_totals()
            with self.assertRaises(AccessError):
                self.Actuals.with_user(user).action_check_actual_totals()

    # ------------------------------------------------------------------
    # The ledger reads the totals, whatever the history
    # ------------------------------------------------------------------
    def test_ledger_queries_do_not_grow_with_rows_or_years(self):
        """The same queries for one centre's rows as for the year's, and the
        same again with more rows and four more years of history."""
        Ledger = self.env["group.budget.ledger"]
        fields = ["centre_id", "item_id", "date", "budget", "actual", "ytd_budget", "available"]

        def count(domain):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            rows = Ledger.search_read(domain, fields)
            return len(rows), self.env.cr.sql_log_count - before

        one_centre = [("centre_id", "=", self.centre_sibling.id)]
        year = [("period_id", "=", self.period.id)]
        self._entries(
            [(datetime.date(2031, 2, 3), self.account_travel, 10.0, {self.centre_sibling: 100})]
        )
        before = (count(one_centre), count(year))
        # Four more years of history, and more rows of this year.
        self._entries(
            [
                (datetime.date(year_, month, 3), account, 7.0, {centre: 100})
                for year_ in (2027, 2028, 2029, 2030, 2031)
                for month in range(1, 13)
                for account in (self.account_travel, self.account_rent)
                for centre in (self.centre_sub, self.centre_sibling, self.centre_dept)
                if not (year_ == 2031 and account == self.account_rent)
            ]
        )
        after = (count(one_centre), count(year))
        self.assertEqual(before[0][0], after[0][0])
        self.assertEqual([queries for _rows, queries in before], [q for _r, q in after])
        self.assertLessEqual(after[0][1], 5)
        self.assertLessEqual(after[1][1], 5)
        self.assertConsistent()
