import datetime
from unittest.mock import patch

from odoo import Command, models
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from ... import guard
from ..common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestLedger(GroupBudgetCase):
    """The budget ledger (manual §五 4.4, 4.8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()

    def _row(self, centre, item, month):
        return self.env["group.budget.ledger"].search(
            [
                ("centre_id", "=", centre.id),
                ("item_id", "=", item.id),
                ("period_id", "=", self.period.id),
                ("month", "=", month),
            ]
        )

    def test_one_row_per_centre_item_and_month(self):
        rows = self.env["group.budget.ledger"].search([("period_id", "=", self.period.id)])
        # Subsidiary: rent, office, travel; sibling: rent, travel.
        self.assertEqual(len(rows), 5 * 12)
        self.assertEqual(set(rows.mapped("month")), set(range(1, 13)))
        self.assertEqual(rows.company_id, self.company_a)

    def test_split_distribution_counts_each_centre_its_share(self):
        self._entries(
            [
                (
                    datetime.date(2031, 2, 10),
                    self.account_travel,
                    1000.0,
                    {self.centre_sub: 60, self.centre_sibling: 40},
                )
            ]
        )
        sub = self._row(self.centre_sub, self.item_travel, 2)
        sibling = self._row(self.centre_sibling, self.item_travel, 2)
        self.assertEqual((sub.budget, sub.actual, sub.variance), (100.0, 600.0, 500.0))
        self.assertEqual(sibling.actual, 400.0)
        self.assertEqual(self._row(self.centre_sub, self.item_travel, 1).actual, 0.0)

    def test_drafts_never_count(self):
        self._entries(
            [(datetime.date(2031, 2, 10), self.account_travel, 70.0, {self.centre_sub: 100})],
            post=False,
        )
        self.assertEqual(self._row(self.centre_sub, self.item_travel, 2).actual, 0.0)

    def test_year_to_date_and_carry_forward(self):
        self._entries(
            [
                (datetime.date(2031, 1, 5), self.account_travel, 40.0, {self.centre_sub: 100}),
                (datetime.date(2031, 3, 5), self.account_travel, 210.0, {self.centre_sub: 100}),
            ]
        )
        january = self._row(self.centre_sub, self.item_travel, 1)
        self.assertEqual(january.available, 60.0)
        march = self._row(self.centre_sub, self.item_travel, 3)
        self.assertEqual((march.ytd_budget, march.ytd_actual), (300.0, 250.0))
        # January's and February's unspent budget is still available in March.
        self.assertEqual(march.available, 50.0)
        self.assertEqual(march.ytd_variance, -50.0)
        self.assertAlmostEqual(march.consumption, 83.3)
        self.assertFalse(march.is_overrun)

    def test_nothing_carries_into_the_next_year(self):
        next_year = self.env["group.budget.period"].create(
            {"year": 2032, "company_id": self.company_a.id}
        )
        self._executing_budget(self.centre_sub, {self.item_travel: 100.0}, period=next_year)
        next_year._set_state("executing")
        self._entries(
            [(datetime.date(2032, 1, 5), self.account_travel, 150.0, {self.centre_sub: 100})]
        )
        january = self.env["group.budget.ledger"].search(
            [
                ("centre_id", "=", self.centre_sub.id),
                ("item_id", "=", self.item_travel.id),
                ("period_id", "=", next_year.id),
                ("month", "=", 1),
            ]
        )
        self.assertEqual((january.ytd_budget, january.available), (100.0, -50.0))
        self.assertTrue(january.is_overrun)
        december = self._row(self.centre_sub, self.item_travel, 12)
        self.assertEqual(december.available, 1200.0)

    def test_figures_drill_down_to_their_journal_items(self):
        moves = self._entries(
            [
                (datetime.date(2031, 1, 5), self.account_travel, 40.0, {self.centre_sub: 100}),
                (datetime.date(2031, 3, 5), self.account_travel, 210.0, {self.centre_sub: 100}),
                (datetime.date(2031, 3, 6), self.account_travel, 99.0, {self.centre_sibling: 100}),
            ]
        )
        march = self._row(self.centre_sub, self.item_travel, 3)
        lines = self.env["account.move.line"].search(march.action_open_move_lines()["domain"])
        self.assertEqual(lines, moves[1].line_ids.filtered("analytic_distribution"))
        ytd = self.env["account.move.line"].search(march.action_open_ytd_move_lines()["domain"])
        self.assertEqual(ytd, moves[:2].line_ids.filtered("analytic_distribution"))
        self.assertEqual(sum(ytd.mapped("balance")), march.ytd_actual)
        self.assertEqual(march.action_open_budget()["res_id"], self.budget_sub.id)
        # An officer without accounting rights is told what they need.
        self.assertFalse(self.user_officer.has_group("account.group_account_readonly"))
        with self.assertRefused(AccessError, "needs read access to accounting"):
            march.with_user(self.user_officer).action_open_move_lines()
        self.user_officer.groups_id = [
            Command.link(self.env.ref("account.group_account_readonly").id)
        ]
        action = march.with_user(self.user_officer).action_open_ytd_move_lines()
        self.assertEqual(
            self.env["account.move.line"].with_user(self.user_officer).search(action["domain"]),
            ytd,
        )

    def test_budget_includes_approved_additions(self):
        self.period.with_user(self.user_committee).reserve_amount = 500.0
        addition = self.env["group.budget.addition"].create(
            {
                "period_id": self.period.id,
                "centre_id": self.centre_sub.id,
                "item_id": self.item_travel.id,
                "date_from": datetime.date(2031, 3, 1),
                "date_to": datetime.date(2031, 3, 31),
                "amount": 30.0,
                "reason": "Trade fair",
                "funding": "reserve",
            }
        )
        addition._action_approve()
        self.assertEqual(self._row(self.centre_sub, self.item_travel, 3).budget, 130.0)

    def test_officers_see_their_own_centres_only(self):
        rows = self.env["group.budget.ledger"].with_user(self.user_officer).search([])
        self.assertEqual(rows.centre_id, self.centre_sub)
        # Flexible overruns likewise.
        guard.grant(self.budget_sibling, guard.NEW_VERSION).line_ids.create(
            {"budget_id": self.budget_sibling.id, "item_id": self.item_office.id}
        )
        self._entries(
            [
                (datetime.date(2031, 2, 1), self.account_office, 150.0, {self.centre_sub: 100}),
                (datetime.date(2031, 2, 1), self.account_office, 9.0, {self.centre_sibling: 100}),
            ]
        )
        in_company = [("company_id", "=", self.company_a.id)]
        overruns = self.env["group.budget.overrun"].search(in_company)
        self.assertEqual(overruns.centre_id, self.centre_sub | self.centre_sibling)
        mine = self.env["group.budget.overrun"].with_user(self.user_officer).search(in_company)
        self.assertEqual(mine.centre_id, self.centre_sub)
        with self.assertRaises(AccessError):
            self.env["group.budget.ledger"].with_user(self.user_plain).search([])

    def test_grouped_reads_see_pending_changes(self):
        """Pivot and graph read the ledger grouped: they see changes not yet
        written to the database, as lists do (issue 9, point 10)."""
        Ledger = self.env["group.budget.ledger"]
        domain = [("period_id", "=", self.period.id), ("item_id", "=", self.item_travel.id)]

        def budgets():
            return dict(Ledger._read_group(domain, ["centre_id"], ["budget:sum"]))

        self.assertEqual(budgets()[self.centre_sub], 1200.0)
        line = self.budget_sub.line_ids.filtered(lambda line: line.item_id == self.item_travel)
        # Left pending in the cache: nothing is written to the database yet.
        guard.grant(line, guard.NEW_VERSION).month_03 = 130.0
        self.assertEqual(budgets()[self.centre_sub], 1230.0)
        groups = Ledger.read_group(domain, ["budget:sum"], ["centre_id"])
        self.assertIn(1230.0, [group["budget"] for group in groups])
        self.env.flush_all()
        self._entries(
            [(datetime.date(2031, 3, 5), self.account_travel, 25.0, {self.centre_sub: 100})]
        )
        actual = dict(Ledger._read_group(domain, ["centre_id"], ["actual:sum"]))
        self.assertEqual(actual[self.centre_sub], 25.0)

    def test_row_ids_fit_xmlrpc_and_stay_while_postings_come_in(self):
        Ledger = self.env["group.budget.ledger"]
        domain = [("period_id", "=", self.period.id)]
        before = {(row.centre_id, row.item_id, row.month): row.id for row in Ledger.search(domain)}
        # Office costs on the sibling, which has no budget for them: new rows.
        self._entries(
            [
                (datetime.date(2031, 2, 1), self.account_office, 9.0, {self.centre_sibling: 100}),
                (datetime.date(2031, 2, 1), self.account_travel, 9.0, {self.centre_sibling: 100}),
            ]
        )
        after = {(row.centre_id, row.item_id, row.month): row.id for row in Ledger.search(domain)}
        self.assertEqual(len(after), len(before) + 12)
        self.assertEqual({key: after[key] for key in before}, before)
        self.assertEqual(len(set(after.values())), len(after))
        self.assertTrue(all(abs(row_id) < 2**31 for row_id in after.values()))
        unbudgeted = Ledger.browse(after[self.centre_sibling, self.item_office, 2])
        self.assertEqual((unbudgeted.budget, unbudgeted.actual), (0.0, 9.0))

    def test_a_source_added_by_inheritance_shows_in_the_ledger(self):
        """Another add-on (a bridge to sales orders, say) adds a source of
        its own kind by ``_inherit`` and ``super()``; here the methods of the
        registry's class are patched as its override would be: 40 earmarked
        on the subsidiary's travel in March."""
        Ledger = self.env["group.budget.ledger"]
        cls = type(Ledger)
        kinds, sources, columns = cls._ledger_kinds, cls._ledger_sources, cls._ledger_columns
        centre, item = self.centre_sub, self.item_travel

        def ledger_kinds(self):
            return (*kinds(self), "x")

        def ledger_sources(self, totals):
            return dict(
                sources(self, totals),
                earmarked=SQL(
                    """
                    SELECT c.period_id, c.id AS centre_id, %s AS item_id, c.budget_id,
                           NULL::int AS line_id, FALSE AS base, %s
                      FROM centre c WHERE c.id = %s
                    """,
                    item.id,
                    self._ledger_month_columns(x=lambda month: "40.0" if month == 3 else "0"),
                    centre.id,
                ),
            )

        def ledger_columns(self):
            result = columns(self)
            result["earmarked"] = SQL("m.ytd_x")
            result["available"] = SQL("%s - m.ytd_x", result["available"])
            return result

        def rows():
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "SELECT * FROM (%s) AS l WHERE centre_id = %s AND item_id = %s "
                    "AND period_id = %s ORDER BY month",
                    Ledger._ledger_query(),
                    centre.id,
                    item.id,
                    self.period.id,
                )
            )
            return self.env.cr.dictfetchall()

        before = rows()
        with (
            patch.object(cls, "_ledger_kinds", ledger_kinds),
            patch.object(cls, "_ledger_sources", ledger_sources),
            patch.object(cls, "_ledger_columns", ledger_columns),
        ):
            after = rows()
        self.assertEqual(len(after), 12)
        self.assertEqual([row["earmarked"] for row in after], [0] * 2 + [40] * 10)
        for old, new in zip(before, after, strict=True):
            self.assertEqual(new["available"], old["available"] - new["earmarked"])
            self.assertEqual(
                {key: value for key, value in new.items() if key not in ("available", "earmarked")},
                {key: value for key, value in old.items() if key != "available"},
            )
        # Without the override, the ledger has no such column.
        self.assertNotIn("earmarked", before[0])

    def test_rows_read_as_the_orm_reads_them(self):
        """The ledger formats its rows column by column
        (``_read_format``): what it gives is what Odoo's own row-by-row
        formatting gives, for every field, computed ones included, in both
        forms of many2one, and as an officer (names read as superuser)."""
        self._entries(
            [(datetime.date(2031, 2, 10), self.account_travel, 1000.0, {self.centre_sub: 100})]
        )
        Ledger = self.env["group.budget.ledger"]
        names = list(Ledger._fields)
        for user in (self.env.user, self.user_officer):
            rows = Ledger.with_user(user).search([("period_id", "=", self.period.id)])
            self.assertTrue(rows)
            for load in ("_classic_read", None):
                rows.invalidate_recordset()
                rows.fetch(names)
                ours = rows._read_format(names, load=load)
                rows.invalidate_recordset()
                rows.fetch(names)
                odoo = models.BaseModel._read_format(rows, names, load=load)
                self.assertEqual(ours, odoo)
                centres = [row["centre_id"] for row in ours]
                centre = self.centre_sub
                self.assertIn((centre.id, centre.display_name) if load else centre.id, centres)
        row = self._row(self.centre_sub, self.item_travel, 2)
        [read] = row.read(["actual", "centre_id", "forecast", "is_overrun"])
        self.assertEqual(read["actual"], 1000.0)
        self.assertEqual(read["centre_id"], (self.centre_sub.id, self.centre_sub.display_name))
        self.assertEqual(read["forecast"], row.forecast)
