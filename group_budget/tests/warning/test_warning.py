"""Early warnings, year-end forecasts and indicator actuals (issue 10)."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from ..common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestWarning(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()
        cls.centre_sub.manager_id = cls.user_committee
        cls.Warning = cls.env["group.budget.warning"]
        cls.Rule = cls.env["group.budget.warning.rule"]
        cls.rules = cls.Rule.search([("company_id", "=", cls.company_a.id)])

    def _only(self, horizon, direction="lower_better"):
        """Keep the default rule of ``horizon`` and ``direction`` only."""
        keep = self.rules.filtered(lambda r: r.horizon == horizon and r.direction == direction)
        (self.rules - keep).active = False
        return keep

    def _travel(self, date, amount, centre=None):
        return self._entries(
            [(date, self.account_travel, amount, {centre or self.centre_sub: 100.0})]
        )

    def _run(self, day):
        with freeze_time(day):
            self.Warning._cron_raise_warnings()
        return self.Warning.search([("period_id", "=", self.period.id)])

    # ------------------------------------------------------------------
    # Default rules and bad input
    # ------------------------------------------------------------------
    def test_default_rules_follow_the_three_horizons(self):
        self.assertEqual(set(self.rules.mapped("horizon")), {"month", "quarter", "year"})
        self.assertEqual(len(self.rules), 6)
        cost = self.rules.filtered(lambda r: r.horizon == "month" and r.direction == "lower_better")
        self.assertEqual((cost.attention_threshold, cost.serious_threshold), (80.0, 100.0))

    def test_bad_rules_are_refused(self):
        vals = {"name": "Bad", "company_id": self.company_a.id, "horizon": "month"}
        with self.assertRefused(ValidationError, "between 0 % and 1000 %"):
            self.Rule.create(dict(vals, attention_threshold=80.0, serious_threshold=1000.5))
        with self.assertRefused(ValidationError, "between 0 % and 1000 %"):
            self.Rule.create(dict(vals, attention_threshold=-1.0, serious_threshold=100.0))
        with self.assertRefused(ValidationError, "serious level must be at or above"):
            self.Rule.create(dict(vals, attention_threshold=100.0, serious_threshold=80.0))
        with self.assertRefused(ValidationError, "serious level must be at or below"):
            self.Rule.create(
                dict(
                    vals,
                    direction="higher_better",
                    attention_threshold=80.0,
                    serious_threshold=90.0,
                )
            )
        with self.assertRefused(ValidationError, "empty scope"):
            self.Rule.create(dict(vals, item_scope="code"))
        with self.assertRefused(ValidationError, "empty scope"):
            self.Rule.create(dict(vals, centre_scope="subtree"))
        self.assertFalse(self.Rule.search([("name", "=", "Bad")]))

    def test_window_lengths_are_company_settings(self):
        with self.assertRefused(
            ValidationError, r"Monthly Warning Window \(days\) must be between 1"
        ):
            self.company_a.group_budget_warning_month_days = 0
        self._only("month")
        self.company_a.group_budget_warning_month_days = 10
        self._travel("2031-11-02", 90.0)
        self.assertFalse(self._run("2031-11-20"))
        self.assertEqual(len(self._run("2031-11-21")), 1)
        # The budget year may set its own window.
        with self.assertRefused(ValidationError, "must be between 1 and 12"):
            self.period.warning_year_months = 13
        self.period.warning_month_days = 12
        self._travel("2031-10-02", 90.0)
        warnings = self._run("2031-10-20")
        self.assertIn("2031-10", warnings.mapped("period_label"))

    # ------------------------------------------------------------------
    # Windows, on both sides of their edge
    # ------------------------------------------------------------------
    def test_month_window_edge(self):
        self._only("month")
        self._travel("2031-11-02", 90.0)
        self.assertFalse(self._run("2031-11-23"))
        warnings = self._run("2031-11-24")
        self.assertEqual(len(warnings), 1)
        self.assertRecordValues(
            warnings,
            [
                {
                    "centre_id": self.centre_sub.id,
                    "item_id": self.item_travel.id,
                    "horizon": "month",
                    "period_label": "2031-11",
                    "level": "attention",
                    "budget": 100.0,
                    "actual": 90.0,
                    "percent": 90.0,
                    "state": "open",
                }
            ],
        )

    def test_quarter_window_edge(self):
        self._only("quarter")
        self._travel("2031-10-02", 250.0)
        self.assertFalse(self._run("2031-11-30"))
        warnings = self._run("2031-12-01")
        self.assertRecordValues(
            warnings,
            [{"horizon": "quarter", "period_label": "2031-Q4", "budget": 300.0, "actual": 250.0}],
        )

    def test_year_window_edge(self):
        self._only("year")
        self._travel("2031-01-05", 1000.0)
        self.assertFalse(self._run("2031-09-30").filtered(lambda w: w.kind == "threshold"))
        warnings = self._run("2031-10-01").filtered(lambda w: w.kind == "threshold")
        self.assertRecordValues(
            warnings, [{"horizon": "year", "period_label": "2031", "budget": 1200.0}]
        )

    # ------------------------------------------------------------------
    # Thresholds, on both sides
    # ------------------------------------------------------------------
    def test_threshold_edges(self):
        self._only("month")
        self._travel("2031-11-02", 79.99)
        self.assertFalse(self._run("2031-11-25"))
        self._travel("2031-11-03", 0.01)
        warning = self._run("2031-11-25")
        self.assertEqual(warning.level, "attention")
        self._travel("2031-11-04", 19.99)
        self._run("2031-11-26")
        self.assertEqual(warning.level, "attention")
        self._travel("2031-11-05", 0.01)
        self._run("2031-11-27")
        self.assertEqual((warning.level, warning.percent), ("serious", 100.0))

    def test_revenue_completion_of_non_financial_item(self):
        """Higher is better: completion of the budget to date, from the
        indicator actuals (attention below 90 %, serious below 80 %)."""
        self._only("month", "higher_better")
        self._executing_budget(self.centre_dept, {self.item_volume: 100.0})
        Actual = self.env["group.budget.indicator.actual"]
        actual = Actual.create(
            {
                "period_id": self.period.id,
                "centre_id": self.centre_dept.id,
                "item_id": self.item_volume.id,
                "date": "2031-11-01",
                "value": 90.0,
            }
        )
        self.assertFalse(self._run("2031-11-25"))
        actual.value = 89.99
        warning = self._run("2031-11-25")
        self.assertEqual((warning.level, warning.item_id), ("attention", self.item_volume))
        actual.value = 79.99
        self._run("2031-11-26")
        self.assertEqual(warning.level, "serious")

    def test_levels_on_exact_figures_a_cent_either_side(self):
        """Budgets of 10,000.00 a month: costs of 7,999.99 (79.9999 %) raise
        nothing and 9,999.99 stay at attention; revenue of 8,999.99
        (89.9999 %) is attention and 7,999.99 serious — none decided on the
        percentage rounded to 80.0, 100.0 or 90.0."""
        month_rules = self.rules.filtered(lambda r: r.horizon == "month")
        (self.rules - month_rules).active = False
        self._executing_budget(
            self.centre_dept, {self.item_rent: 10_000.0, self.item_volume: 10_000.0}
        )
        volume = self.env["group.budget.indicator.actual"].create(
            {
                "period_id": self.period.id,
                "centre_id": self.centre_dept.id,
                "item_id": self.item_volume.id,
                "date": "2031-11-01",
                "value": 9_000.0,
            }
        )

        def levels(day, rent, volume_value):
            self._entries([("2031-11-02", self.account_rent, rent, {self.centre_dept: 100.0})])
            volume.value = volume_value
            warnings = self._run(day).filtered(
                lambda w: w.state == "open" and w.centre_id == self.centre_dept
            )
            return {w.item_id.code: w.level for w in warnings}

        self.assertEqual(levels("2031-11-25", 7_999.99, 9_000.0), {})
        self.assertEqual(
            levels("2031-11-26", 0.01, 8_999.99), {"T-RENT": "attention", "T-VOL": "attention"}
        )
        self.assertEqual(
            levels("2031-11-27", 1_999.99, 8_000.0), {"T-RENT": "attention", "T-VOL": "attention"}
        )
        self.assertEqual(
            levels("2031-11-28", 0.01, 7_999.99), {"T-RENT": "serious", "T-VOL": "serious"}
        )

    def test_consumption_counts_commitments(self):
        """Costs of 7,000.00 against 10,000.00 are 70 %: no warning; with
        2,500.00 committed, 95 % (attention); a cent short of 100 % stays at
        attention, 100 % is serious; released, the warning resolves."""
        self._only("month")
        budget = self._executing_budget(self.centre_dept, {self.item_rent: 10_000.0})
        self._entries([("2031-11-02", self.account_rent, 7_000.0, {self.centre_dept: 100.0})])

        def plant():
            return self._run("2031-11-25").filtered(lambda w: w.centre_id == self.centre_dept)

        self.assertFalse(plant())
        commitment = self._commit(budget, self.item_rent, "2031-11-01", 2_500.0)
        warning = plant()
        self.assertRecordValues(
            warning,
            [
                {
                    "level": "attention",
                    "budget": 10_000.0,
                    "actual": 7_000.0,
                    "committed": 2_500.0,
                    "percent": 95.0,
                    "state": "open",
                }
            ],
        )
        commitment.sudo().amount = 2_999.99
        self.assertEqual(plant().level, "attention")
        commitment.sudo().amount = 3_000.0
        self.assertRecordValues(
            plant(), [{"level": "serious", "committed": 3_000.0, "percent": 100.0}]
        )
        # The subsidiary's warning rolls the plant's commitments up, as its
        # actual.
        parent = self.Warning.search(
            [("centre_id", "=", self.centre_sub.id), ("item_id", "=", self.item_rent.id)]
        )
        self.assertEqual((parent.actual, parent.committed), (7_000.0, 3_000.0))
        # Commitments of other months do not count in November's.
        commitment.sudo().write({"amount": 2_500.0, "date": "2031-12-01"})
        with freeze_time("2031-11-26"):
            self.Warning._cron_raise_warnings()
        self.assertEqual(warning.state, "resolved")
        self.assertEqual(parent.committed, 0.0)

    # ------------------------------------------------------------------
    # Idempotence, auto-resolution, activities, digests
    # ------------------------------------------------------------------
    def test_idempotent_with_one_activity_per_user_and_one_digest_per_user(self):
        self._only("month")
        self._entries(
            [
                ("2031-11-02", self.account_travel, 95.0, {self.centre_sub: 100.0}),
                ("2031-11-02", self.account_travel, 95.0, {self.centre_sibling: 100.0}),
                ("2031-11-02", self.account_office, 45.0, {self.centre_sub: 100.0}),
            ]
        )
        Mail = self.env["mail.mail"]
        mails_before = Mail.search([])
        self.env.flush_all()
        # The first run creates the warnings and their to-dos with the ORM,
        # in batches whatever their number, and each user follows the
        # warnings of their to-dos (see the next test); on a database with
        # the demo, the demo's warnings not yet in a digest add their
        # centres' reads (and their e-mails).
        with freeze_time("2031-11-25"), self.assertQueryCount(55):
            self.Warning._cron_raise_warnings()
        warnings = self.Warning.search([("period_id", "=", self.period.id)])
        self.assertEqual(len(warnings), 3)
        sub_warnings = warnings.filtered(lambda w: w.centre_id == self.centre_sub)
        # The subsidiary's officer and manager: one to-do each per warning.
        self.assertEqual(len(sub_warnings.activity_ids), 4)
        self.assertEqual(
            set(sub_warnings.activity_ids.user_id.ids),
            {self.user_officer.id, self.user_committee.id},
        )
        digests = Mail.search([]) - mails_before
        # One e-mail per user, with one recipient each (other companies'
        # users, the demo's for instance, get their own).
        for user in (self.user_officer, self.user_committee):
            mine = digests.filtered(lambda mail, user=user: user.partner_id in mail.recipient_ids)
            self.assertEqual(len(mine), 1, user.login)
            self.assertEqual(mine.recipient_ids, user.partner_id)
            # Not to an address as well: the user would get it twice.
            self.assertFalse(mine.email_to)
            self.assertIn("2 budget warning(s)", str(mine.body_html))
        # A rerun in the same window changes nothing and sends nothing.
        self.env.flush_all()
        with freeze_time("2031-11-26"), self.assertQueryCount(7):
            self.Warning._cron_raise_warnings()
        self.assertEqual(self.Warning.search([("period_id", "=", self.period.id)]), warnings)
        self.assertEqual(len(sub_warnings.activity_ids), 4)
        self.assertEqual(Mail.search([]) - mails_before, digests)

    def _run_counting_queries(self, day):
        """Run the cron on ``day``; return the number of queries and of the
        warnings it created."""
        before_warnings = self.Warning.search_count([])
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        with freeze_time(day):
            self.Warning._cron_raise_warnings()
            self.env.flush_all()
            self.env.cr.flush()
        return (
            self.env.cr.sql_log_count - before,
            self.Warning.search_count([]) - before_warnings,
        )

    def test_first_run_queries_do_not_grow_with_the_warnings(self):
        """Twice the warnings take no more queries: the ORM
        creates them and their to-dos a hundred a query, and each digest
        is one e-mail of a batch. Twenty times the users add the
        subscription of each user to the warnings of their to-dos (the ORM
        subscribes the users of new to-dos user by user), a few queries
        each, and nothing more."""
        self._only("month")
        officers = self.env["res.users"].create(
            [
                {
                    "name": f"Officer {n}",
                    "login": f"gb_warning_officer_{n}",
                    "email": f"officer{n}@example.com",
                    "company_id": self.company_a.id,
                    "company_ids": [Command.set(self.company_a.ids)],
                    "groups_id": [
                        Command.set(self.env.ref("group_budget.group_budget_officer").ids)
                    ],
                }
                for n in range(40)
            ]
        )
        # October warms the caches up (and sends the demo's pending digests).
        self._travel("2031-10-02", 95.0)
        self._run_counting_queries("2031-10-25")
        self._entries(
            [
                ("2031-11-02", self.account_travel, 95.0, {self.centre_sub: 100.0}),
                ("2031-11-02", self.account_travel, 95.0, {self.centre_sibling: 100.0}),
            ]
        )
        queries, created = self._run_counting_queries("2031-11-25")
        self.assertEqual(created, 2)
        november = self.Warning.search([("period_label", "=", "2031-11")])
        # The subsidiary's officer and manager; the sibling has none.
        self.assertEqual(len(november.activity_ids), 2)
        # Twice the warnings, the same users: no more queries.
        four_entries = [
            (self.account_travel, 95.0, self.centre_sub),
            (self.account_travel, 95.0, self.centre_sibling),
            (self.account_office, 45.0, self.centre_sub),
            (self.account_rent, 85.0, self.centre_sub),
        ]
        self._entries(
            [
                ("2031-08-02", account, amount, {centre: 100.0})
                for account, amount, centre in four_entries
            ]
        )
        queries_twice, created_twice = self._run_counting_queries("2031-08-25")
        self.assertEqual(created_twice, 4)
        self.assertLessEqual(queries_twice, queries)
        # Forty more officers of the subsidiary; September warms the caches
        # up again (the officers' change empties them).
        self.centre_sub.officer_ids |= officers
        self._travel("2031-09-02", 95.0)
        self._run_counting_queries("2031-09-25")
        self._entries(
            [
                ("2031-12-02", account, amount, {centre: 100.0})
                for account, amount, centre in four_entries
            ]
        )
        Mail = self.env["mail.mail"]
        mails_before = Mail.search_count([])
        queries_more, created_more = self._run_counting_queries("2031-12-26")
        self.assertEqual(created_more, 4)
        # Five queries for each user more (who follows the warnings of the
        # to-dos), and a few to read the users, whatever the warnings.
        self.assertLessEqual(queries_more - queries_twice, 5 * len(officers) + 5)
        december = self.Warning.search([("period_label", "=", "2031-12")])
        self.assertEqual(len(december), 4)
        self.assertEqual(len(december.activity_ids), 3 * 42)
        # Each with one to-do per responsible user, who follows it.
        for warning in december:
            users = warning._responsible_users()
            self.assertEqual(warning.activity_ids.user_id, users)
            self.assertEqual(len(warning.activity_ids), len(users))
            self.assertLessEqual(users.partner_id, warning.message_partner_ids)
        # One digest for each of them.
        users = self.env["res.users"].union(*(w._responsible_users() for w in december))
        self.assertEqual(Mail.search_count([]) - mails_before, len(users.filtered("email")))

    def test_resumes_after_a_crash(self):
        """Batches of one centre: the run stops in its second batch; the next
        run finds the first batch's warnings, adds the rest and sends every
        digest once."""
        self._only("month")
        self._entries(
            [
                ("2031-11-02", self.account_travel, 95.0, {self.centre_sub: 100.0}),
                ("2031-11-02", self.account_travel, 95.0, {self.centre_sibling: 100.0}),
            ]
        )
        Warning = type(self.Warning)
        original = Warning._apply_batch
        calls = []

        def crash_on_second(warnings, *args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("crash")
            return original(warnings, *args, **kwargs)

        with freeze_time("2031-11-25"):
            # No assertRaises: it would roll back what the first batch saved
            # (under the scheduler, each batch is committed on its own).
            Warning._apply_batch = crash_on_second
            crashed = False
            try:
                self.Warning._cron_raise_warnings(batch_size=1)
            except RuntimeError:
                crashed = True
            finally:
                Warning._apply_batch = original
            self.assertTrue(crashed)
            first = self.Warning.search([("period_id", "=", self.period.id)])
            self.assertEqual(len(first), 1)
            self.Warning._cron_raise_warnings(batch_size=1)
        warnings = self.Warning.search([("period_id", "=", self.period.id)])
        self.assertEqual(len(warnings), 2)
        self.assertIn(first, warnings)
        self.assertTrue(all(warnings.mapped("digest_sent")))

    def test_scheduler_writes_a_batch_a_call(self):
        """Under the scheduler, a call writes one batch that has changes and
        reports what remains (the scheduler commits it and calls again); the
        call that finds nothing left sends the digests. Nothing is written
        twice."""
        self._only("month")
        self._entries(
            [
                ("2031-11-02", self.account_travel, 95.0, {self.centre_sub: 100.0}),
                ("2031-11-02", self.account_travel, 95.0, {self.centre_sibling: 100.0}),
            ]
        )
        cron = self.env.ref("group_budget.ir_cron_group_budget_warnings")
        Progress = self.env["ir.cron.progress"]

        def call():
            progress = Progress.create({"cron_id": cron.id, "done": 0, "remaining": 0})
            self.Warning.with_context(ir_cron_progress_id=progress.id)._cron_raise_warnings(
                batch_size=1
            )
            warnings = self.Warning.search([("period_id", "=", self.period.id)])
            return progress, warnings

        with freeze_time("2031-11-25"):
            progress, warnings = call()
            self.assertRecordValues(progress, [{"done": 1, "remaining": 1}])
            self.assertEqual(len(warnings), 1)
            self.assertFalse(warnings.digest_sent)
            progress, warnings = call()
            self.assertRecordValues(progress, [{"done": 1, "remaining": 0}])
            self.assertEqual(len(warnings), 2)
            self.assertTrue(all(warnings.mapped("digest_sent")))
            self.assertEqual(len(warnings.activity_ids), 2)
            # Nothing left: a further call writes nothing.
            progress, again = call()
            self.assertRecordValues(progress, [{"done": 0, "remaining": 0}])
            self.assertEqual(again, warnings)
            self.assertEqual(len(warnings.activity_ids), 2)
            self.assertFalse(self.Warning._pending_batches(self.period, warnings[0].date, 1))

    def test_auto_resolution(self):
        self._only("month")
        self._travel("2031-11-02", 95.0)
        warning = self._run("2031-11-25")
        self.assertTrue(warning.activity_ids)
        self._travel("2031-11-03", -30.0)
        self._run("2031-11-26")
        self.assertRecordValues(warning, [{"state": "resolved"}])
        self.assertFalse(warning.activity_ids)
        # The cause comes back: the same warning reopens.
        self._travel("2031-11-04", 30.0)
        self.assertEqual(self._run("2031-11-27"), warning)
        self.assertEqual(warning.state, "open")

    def test_acknowledge_needs_a_comment_and_officer_writes_only_the_comment(self):
        self._only("month")
        self._travel("2031-11-02", 95.0)
        warning = self._run("2031-11-25").with_user(self.user_officer)
        with self.assertRefused(UserError, "Write a comment"):
            warning.action_acknowledge()
        with self.assertRefused(UserError, "only its comment"):
            warning.write({"level": "serious"})
        warning.comment = "Travel of the trade fair, approved."
        warning.action_acknowledge()
        self.assertRecordValues(
            warning, [{"state": "acknowledged", "acknowledged_by_id": self.user_officer.id}]
        )
        # The sibling's warnings are not the officer's.
        self.assertFalse(
            self.Warning.with_user(self.user_officer).search(
                [("centre_id", "=", self.centre_sibling.id)]
            )
        )

    def test_dashboard_counts_open_warnings_by_centre(self):
        self._only("month")
        self._travel("2031-11-02", 95.0)
        self._travel("2031-11-02", 101.0, self.centre_sibling)
        self._run("2031-11-25")
        rows = self.env["group.budget.execution"].search([("period_id", "=", self.period.id)])
        by_centre = {row.centre_id: row for row in rows}
        self.assertEqual(
            (by_centre[self.centre_sub].attention_count, by_centre[self.centre_sub].serious_count),
            (1, 0),
        )
        self.assertEqual(by_centre[self.centre_sibling].serious_count, 1)
        officer_rows = rows.with_user(self.user_officer).search([])
        self.assertEqual(officer_rows.centre_id, self.centre_sub)

    # ------------------------------------------------------------------
    # Forecast
    # ------------------------------------------------------------------
    def test_forecast_overrun_warns_before_the_last_quarter(self):
        self._only("year")
        self._entries(
            [
                (f"2031-{month:02d}-10", self.account_travel, 150.0, {self.centre_sub: 100.0})
                for month in range(1, 7)
            ]
        )
        warning = self._run("2031-06-15")
        self.assertRecordValues(
            warning,
            [{"kind": "forecast", "horizon": "year", "forecast": 1800.0, "budget": 1200.0}],
        )
        row = self.env["group.budget.ledger"].search(
            [
                ("centre_id", "=", self.centre_sub.id),
                ("item_id", "=", self.item_travel.id),
                ("month", "=", 6),
            ]
        )
        self.assertAlmostEqual(row.forecast, 1800.0)
        self.assertAlmostEqual(row.forecast_linear, 1800.0)
        self.assertAlmostEqual(row.with_context(lang="en_US").ytd_actual, 900.0)
        self.assertTrue(row.forecast_off_track)
        self.assertEqual(row.open_warning_count, 1)

    def test_forecast_never_below_actual_and_committed(self):
        """Commitments are consumed budget: the pace counts them with the
        actual, and the forecast never falls below the actual to date plus
        everything committed in the year (December's order included)."""
        self._only("year")
        self._entries(
            [
                (f"2031-{month:02d}-10", self.account_travel, 50.0, {self.centre_sub: 100.0})
                for month in range(1, 7)
            ]
        )
        row = self.env["group.budget.ledger"].search(
            [
                ("centre_id", "=", self.centre_sub.id),
                ("item_id", "=", self.item_travel.id),
                ("month", "=", 6),
            ]
        )
        # 300 of 600 to date: 600 at year end, on track.
        self.assertEqual((row.forecast, row.forecast_linear), (600.0, 600.0))
        self.assertFalse(self._run("2031-06-15"))
        self._commit(self.budget_sub, self.item_travel, "2031-06-01", 100.0)
        self._commit(self.budget_sub, self.item_travel, "2031-12-01", 900.0)
        row.invalidate_recordset()
        # (300 + 100) / 600 × 1,200 = 800, below 300 + 1,000 committed.
        self.assertEqual((row.forecast, row.forecast_linear), (1300.0, 1300.0))
        self.assertTrue(row.forecast_off_track)
        warning = self._run("2031-06-15")
        self.assertRecordValues(
            warning,
            [
                {
                    "kind": "forecast",
                    "budget": 1200.0,
                    "actual": 300.0,
                    "committed": 1000.0,
                    "forecast": 1300.0,
                }
            ],
        )

    def test_forecast_of_many_ledger_rows_in_few_queries(self):
        rows = self.env["group.budget.ledger"].search([("period_id", "=", self.period.id)])
        self.assertGreater(len(rows), 24)
        rows.invalidate_recordset()
        with self.assertQueryCount(6):
            rows.mapped("forecast")
            rows.mapped("open_warning_count")


@tagged("post_install", "-at_install")
class TestIndicatorActual(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()
        cls.Actual = cls.env["group.budget.indicator.actual"]
        cls.item_share = cls._share_item()

    def _vals(self, **kw):
        vals = {
            "period_id": self.period.id,
            "centre_id": self.centre_sub.id,
            "item_id": self.item_volume.id,
            "date": "2031-03-15",
            "value": 120.0,
        }
        vals.update(kw)
        return vals

    def test_officer_enters_and_office_locks_the_month(self):
        with freeze_time("2031-04-02 08:00:00"):
            actual = self.Actual.with_user(self.user_officer).create(self._vals())
        self.assertRecordValues(
            actual,
            [{"month": 3, "entered_by_id": self.user_officer.id, "locked": False}],
        )
        self.assertEqual(str(actual.date), "2031-03-01")
        with self.assertRefused(UserError, "Only the Budget Office"):
            actual.with_user(self.user_officer).action_lock_month()
        with self.assertRefused(UserError, "Lock Month"):
            actual.with_user(self.user_officer).write({"locked": True})
        with self.assertRefused(UserError, "kept by the server"):
            actual.with_user(self.user_officer).write({"entered_by_id": self.user_office.id})
        forged = self.Actual.with_user(self.user_officer).create(
            self._vals(date="2031-05-01", locked=True, entered_by_id=self.user_office.id)
        )
        self.assertRecordValues(forged, [{"locked": False, "entered_by_id": self.user_officer.id}])
        with freeze_time("2031-04-05 09:00:00"):
            actual.with_user(self.user_office).action_lock_month()
        self.assertRecordValues(
            actual,
            [
                {
                    "locked": True,
                    "locked_by_id": self.user_office.id,
                    "entered_by_id": self.user_officer.id,
                    "value": 120.0,
                }
            ],
        )
        self.assertEqual(str(actual.locked_date), "2031-04-05 09:00:00")
        self.assertEqual(str(actual.entered_date), "2031-04-02 08:00:00")
        with self.assertRefused(UserError, "is locked"):
            actual.with_user(self.user_officer).value = 130.0
        with self.assertRefused(UserError, "is locked"):
            actual.with_user(self.user_officer).unlink()
        with self.assertRefused(ValidationError, "is locked"):
            self.Actual.with_user(self.user_officer).create(
                self._vals(item_id=self.item_share.id, value=12.5)
            )
        self.assertEqual(actual.value, 120.0)

    def test_bad_input(self):
        with self.assertRefused(ValidationError, "outside the budget year"):
            self.Actual.create(self._vals(date="2032-01-10"))
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.Actual.create(self._vals(value=-1.0))
        with self.assertRefused(ValidationError, "takes its actuals from posted accounting"):
            self.Actual.create(self._vals(item_id=self.item_travel.id))
        # Nothing saved (the demo has actuals of its own companies).
        self.assertFalse(self.Actual.search([("period_id", "=", self.period.id)]))

    def _offered(self, user, fname, **record):
        """What the web client offers ``user`` in ``fname`` on a row holding
        ``record``'s values: the field's domain, evaluated as the client does."""
        Actual = self.Actual.with_user(user)
        domain = Actual.fields_get([fname], ["domain"])[fname].get("domain") or []
        if isinstance(domain, str):
            domain = safe_eval(domain, dict(record, allowed_company_ids=user.company_ids.ids))
        comodel = Actual._fields[fname].comodel_name
        return self.env[comodel].with_user(user).search(domain)

    def test_a_new_row_offers_the_years_then_the_centres(self):
        """On a new row (no company yet) the year offers the user's years; once
        chosen, the centre offers the user's centres of its company."""
        for user in (self.user_officer, self.user_office):
            with self.subTest(user=user.login):
                self.assertIn(self.period, self._offered(user, "period_id", company_id=False))
                centres = self._offered(user, "centre_id", company_id=self.company_a.id)
                self.assertIn(self.centre_sub, centres)
                self.assertFalse(centres.filtered(lambda c: c.company_id != self.company_a))

    def test_formula_items(self):
        Item = self.env["group.budget.item"]
        with self.assertRefused(ValidationError, "unknown items: T-NONE"):
            Item.create(
                {
                    "name": "Bad",
                    "code": "T-BAD",
                    "category": "profitability",
                    "formula": "[T-VOL] / [T-NONE]",
                }
            )
        with self.assertRefused(ValidationError, "cannot be read"):
            Item.create(
                {"name": "Bad", "code": "T-BAD", "category": "profitability", "formula": "1 +"}
            )
        per_vehicle = Item.create(
            {
                "name": "Travel per vehicle",
                "code": "T-TPV",
                "category": "operations",
                "item_type": "non_financial",
                "aggregation": "average",
                "formula": "[T-TRV] / [T-VOL]",
            }
        )
        self._entries([("2031-03-10", self.account_travel, 60.0, {self.centre_sub: 100.0})])
        volume = self.Actual.create(self._vals(value=0.0))
        computed = self.Actual._compute_formula_actuals(self.period, volume.date)
        mine = computed.filtered(lambda a: a.centre_id == self.centre_sub)
        self.assertRecordValues(
            mine, [{"item_id": per_vehicle.id, "computable": False, "computed": True}]
        )
        volume.value = 30.0
        self.Actual._compute_formula_actuals(self.period, volume.date)
        self.assertRecordValues(mine, [{"computable": True, "value": 2.0}])
        with self.assertRefused(UserError, "computed by its item's formula"):
            mine.with_user(self.user_officer).value = 5.0

    def test_year_to_date_follows_the_aggregation(self):
        self.Actual.create(
            [
                self._vals(item_id=self.item_share.id, date=f"2031-0{m}-01", value=v)
                for m, v in ((1, 10.0), (2, 20.0), (3, 30.0))
            ]
            + [self._vals(date=f"2031-0{m}-01", value=v) for m, v in ((1, 5.0), (2, 7.0))]
        )
        march = self.Actual.search([("item_id", "=", self.item_share.id), ("month", "=", 3)])
        self.assertAlmostEqual(march.ytd_value, 20.0)
        ytd = self.Actual._year_to_date(self.period, 3)
        self.assertAlmostEqual(ytd[self.centre_sub.id, self.item_share.id], 20.0)
        self.assertAlmostEqual(ytd[self.centre_sub.id, self.item_volume.id], 12.0)
