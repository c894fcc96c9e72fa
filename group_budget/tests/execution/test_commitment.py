"""Budget commitments in the core (issue 24): what confirmed documents commit
before their postings is consumed budget for the ledger, control at posting
and additions; only bridge add-ons record it, every role reads it only."""

import datetime

from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tests import tagged

from ..common import GroupBudgetCase

MARCH = datetime.date(2031, 3, 15)
APRIL = datetime.date(2031, 4, 10)
MAY = datetime.date(2031, 5, 10)


@tagged("post_install", "-at_install")
class TestCommitments(GroupBudgetCase):
    """The plant has 10,000.00 of rent (rigid) and of office costs (flexible)
    in March 2031."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()
        cls._setup_plant_budget()

    def _row(self, centre, item, month):
        return self.env["group.budget.ledger"].search(
            [
                ("centre_id", "=", centre.id),
                ("item_id", "=", item.id),
                ("period_id", "=", self.period.id),
                ("month", "=", month),
            ]
        )

    def _post(self, account, amount, date=MARCH, centre=None):
        return self._entries([(date, account, amount, {centre or self.centre_dept: 100})])

    # ------------------------------------------------------------------
    # The ledger
    # ------------------------------------------------------------------
    def test_ledger_committed_to_date_and_available(self):
        self._commit(self.budget_plant, self.item_rent, MARCH, 6_000.0)
        self._commit(self.budget_plant, self.item_rent, MAY, 500.0, origin="P00002")
        # Released: billed or cancelled, it commits nothing any more.
        self._commit(self.budget_plant, self.item_rent, MARCH, 0.0, origin="P00003")
        self._post(self.account_rent, 3_000.0)
        march = self._row(self.centre_dept, self.item_rent, 3)
        self.assertRecordValues(
            march,
            [
                {
                    "budget": 10_000.0,
                    "actual": 3_000.0,
                    "committed": 6_000.0,
                    "ytd_committed": 6_000.0,
                    "year_committed": 6_500.0,
                    "available": 1_000.0,
                    # Actual and committed to date: 9,000.00 of 10,000.00.
                    "consumption": 90.0,
                    "is_overrun": False,
                }
            ],
        )
        april, may = (
            self._row(self.centre_dept, self.item_rent, 4),
            self._row(self.centre_dept, self.item_rent, 5),
        )
        self.assertEqual((april.committed, april.ytd_committed, april.available), (0, 6_000, 1_000))
        self.assertEqual((may.committed, may.ytd_committed, may.available), (500, 6_500, 500))
        self.assertEqual(self._row(self.centre_dept, self.item_rent, 2).ytd_committed, 0.0)
        # Grouped, the month's commitments add up within one item.
        groups = self.env["group.budget.ledger"]._read_group(
            [("centre_id", "=", self.centre_dept.id), ("item_id", "=", self.item_rent.id)],
            [],
            ["committed:sum"],
        )
        self.assertEqual(groups[0][0], 6_500.0)

    def test_a_commitment_copies_its_budgets_centre_year_and_company(self):
        """Given only its budget, a commitment takes the budget's centre,
        year and company (a bridge gives them from its own query); its
        amount is rounded as the accounts are."""
        commitment = self._commit(self.budget_plant, self.item_rent, MARCH, 1_234.565)
        self.assertRecordValues(
            commitment,
            [
                {
                    "centre_id": self.centre_dept.id,
                    "period_id": self.period.id,
                    "company_id": self.budget_plant.company_id.id,
                    "currency_id": self.budget_plant.company_id.currency_id.id,
                    "amount": 1_234.57,
                }
            ],
        )

    def test_ledger_overrun_counts_what_is_committed(self):
        """A commitment above the budget to date is an overrun, actual or
        not: a cent either side."""
        commitment = self._commit(self.budget_plant, self.item_office, MARCH, 10_000.0)
        march = self._row(self.centre_dept, self.item_office, 3)
        self.assertEqual((march.available, march.consumption), (0.0, 100.0))
        self.assertFalse(march.is_overrun)
        commitment.sudo().amount = 10_000.01
        # The view's rows read afresh (a new request's cache).
        self.env.invalidate_all()
        march = self._row(self.centre_dept, self.item_office, 3)
        self.assertAlmostEqual(march.available, -0.01)
        self.assertTrue(march.is_overrun)
        self.assertIn(march, self.env["group.budget.ledger"].search([("is_overrun", "=", True)]))

    def test_a_commitment_without_a_budget_line_shows_with_a_stable_id(self):
        """Committed on an item the plant has no budget for: its rows show,
        against a budget of 0, and keep their ids as postings come in."""
        Ledger = self.env["group.budget.ledger"]
        domain = [("centre_id", "=", self.centre_dept.id), ("item_id", "=", self.item_travel.id)]
        self.assertFalse(Ledger.search(domain))
        self._commit(self.budget_plant, self.item_travel, MARCH, 250.0)
        rows = Ledger.search(domain)
        self.assertEqual(len(rows), 12)
        march = rows.filtered(lambda row: row.month == 3)
        self.assertEqual((march.budget, march.committed, march.available), (0.0, 250.0, -250.0))
        before = {row.month: row.id for row in rows}
        self.assertTrue(all(row_id < 0 and abs(row_id) < 2**31 for row_id in before.values()))
        self._post(self.account_travel, 40.0, date=APRIL)
        self.assertEqual({row.month: row.id for row in Ledger.search(domain)}, before)
        self.assertEqual(Ledger.search(domain).mapped("year_committed"), [250.0] * 12)
        # Commitments of a budget not yet approved do not count.
        draft = self.env["group.budget"].create(
            {"centre_id": self.centre_group.id, "period_id": self.period.id}
        )
        self._commit(draft, self.item_travel, MARCH, 99.0)
        self.assertFalse(Ledger.search([("centre_id", "=", self.centre_group.id)]))

    def test_ledger_drills_down_to_its_commitments(self):
        mine = self._commit(self.budget_plant, self.item_rent, MARCH, 6_000.0)
        self._commit(self.budget_plant, self.item_rent, MAY, 500.0)
        self._commit(self.budget_plant, self.item_office, MARCH, 7.0)
        self._commit(self.budget_plant, self.item_rent, MARCH, 0.0)
        march = self._row(self.centre_dept, self.item_rent, 3)
        action = march.action_open_commitments()
        self.assertEqual(action["res_model"], "group.budget.commitment")
        Commitment = self.env["group.budget.commitment"]
        self.assertEqual(Commitment.search(action["domain"]), mine)
        self.assertEqual(sum(Commitment.search(action["domain"]).mapped("amount")), march.committed)

    def test_ledger_reads_pending_commitments(self):
        """A commitment changed in the cache, not yet written, shows (the
        ledger's dependencies flush it)."""
        commitment = self._commit(self.budget_plant, self.item_rent, MARCH, 6_000.0)
        self._row(self.centre_dept, self.item_rent, 3)
        commitment.sudo().amount = 2_500.0
        self.assertEqual(self._row(self.centre_dept, self.item_rent, 3).committed, 2_500.0)

    # ------------------------------------------------------------------
    # The monthly totals
    # ------------------------------------------------------------------
    def _totals(self, budget, item, month):
        """What the monthly totals hold of ``budget``'s ``item`` in
        ``month`` (a date of it): ``(amount, commitments, rows)``."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(line_count), 0), COUNT(*)
                 FROM group_budget_commitment_month
                WHERE budget_id = %s AND item_id = %s AND date = %s""",
            [budget.id, item.id, month.replace(day=1)],
        )
        amount, lines, rows = self.env.cr.fetchone()
        return float(amount), lines, rows

    def assertTotalsAgree(self, when):
        self.assertEqual(self.env["group.budget.commitment"]._month_totals_differences(), [], when)

    def test_monthly_totals_follow_every_change_of_the_commitments(self):
        Commitment = self.env["group.budget.commitment"].sudo()
        batch = Commitment.create(
            [
                {
                    "budget_id": self.budget_plant.id,
                    "item_id": self.item_rent.id,
                    "date": "2031-03-01",
                    "amount": amount,
                    "origin": f"P{k:05d}",
                }
                for k, amount in enumerate((6_000.0, 1_000.0, 0.0))
            ]
        )
        # The released one (0) adds nothing: 7,000.00 in two commitments.
        self.assertEqual(self._totals(self.budget_plant, self.item_rent, MARCH), (7_000.0, 2, 1))
        self.assertTotalsAgree("created")
        batch[0].amount = 2_500.0
        batch[2].amount = 0.01
        self.assertEqual(self._totals(self.budget_plant, self.item_rent, MARCH)[:2], (3_500.01, 3))
        self.assertTotalsAgree("amounts changed")
        batch[1].write({"date": "2031-05-01", "origin": "P00009"})
        self.assertEqual(self._totals(self.budget_plant, self.item_rent, MARCH)[:2], (2_500.01, 2))
        self.assertEqual(self._totals(self.budget_plant, self.item_rent, MAY)[:2], (1_000.0, 1))
        batch[0].amount = 0.0
        self.assertEqual(self._totals(self.budget_plant, self.item_rent, MARCH)[:2], (0.01, 1))
        batch[2].unlink()
        self.assertEqual(self._totals(self.budget_plant, self.item_rent, MARCH)[:2], (0.0, 0))
        # A change that moves no figure appends nothing.
        before = self._totals(self.budget_plant, self.item_rent, MAY)
        batch[1].origin = "P00010"
        self.assertEqual(self._totals(self.budget_plant, self.item_rent, MAY), before)
        # Outside the ORM too (a document deleted in SQL, a cascade).
        self.env.cr.execute("DELETE FROM group_budget_commitment WHERE id = %s", [batch[1].id])
        self.assertEqual(self._totals(self.budget_plant, self.item_rent, MAY)[:2], (0.0, 0))
        self.assertTotalsAgree("deleted")

    def test_ledger_control_and_warnings_read_the_monthly_totals(self):
        """The figures come from the totals, not from the commitments: a
        total that disagrees shows, is found by the check and goes with a
        rebuild."""
        Commitment = self.env["group.budget.commitment"]
        self._commit(self.budget_plant, self.item_rent, MARCH, 1_000.0)
        self.env.cr.execute(
            """INSERT INTO group_budget_commitment_month
                   (budget_id, item_id, date, amount, line_count)
               VALUES (%s, %s, '2031-03-01', %s, 1)""",
            [self.budget_plant.id, self.item_rent.id, 8_999.99],
        )
        self.assertEqual(self._row(self.centre_dept, self.item_rent, 3).committed, 9_999.99)
        commitments = Commitment._monthly_commitments(
            self.centre_dept, self.item_rent, datetime.date(2031, 1, 1), MARCH
        )
        self.assertEqual(
            commitments, {(self.centre_dept.id, self.item_rent.id, (2031, 3)): 9_999.99}
        )
        move = self._entries(
            [(MARCH, self.account_rent, 0.02, {self.centre_dept: 100})], post=False
        )
        with self.assertRefused(RedirectWarning, "rigid control"):
            move.action_post()
        self.assertEqual(
            Commitment._month_totals_differences(),
            [
                (
                    self.budget_plant.id,
                    self.item_rent.id,
                    datetime.date(2031, 3, 1),
                    (9_999.99, 2),
                    (1_000.0, 1),
                )
            ],
        )
        Commitment._rebuild_month_totals()
        self.assertTotalsAgree("rebuilt")
        self.env.invalidate_all()
        self.assertEqual(self._row(self.centre_dept, self.item_rent, 3).committed, 1_000.0)
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_merging_the_monthly_totals_twice_merges_nothing_more(self):
        Commitment = self.env["group.budget.commitment"]
        # What the demo's orders appended, merged first.
        Commitment._cron_compact_month_totals()
        for amount in (100.0, 200.0, -100.0):
            self._commit(self.budget_plant, self.item_rent, MARCH, 300.0 + amount)
        self._commit(self.budget_plant, self.item_office, MARCH, 50.0).sudo().amount = 0.0
        self.assertEqual(self._totals(self.budget_plant, self.item_rent, MARCH), (1_100.0, 3, 3))
        self.assertEqual(self._totals(self.budget_plant, self.item_office, MARCH)[2], 2)
        self.assertEqual(Commitment._cron_compact_month_totals(), 1)
        self.assertEqual(Commitment._cron_compact_month_totals(), 0)
        # One row for the key; none for the one that adds up to nothing.
        self.assertEqual(self._totals(self.budget_plant, self.item_rent, MARCH), (1_100.0, 3, 1))
        self.assertEqual(self._totals(self.budget_plant, self.item_office, MARCH), (0.0, 0, 0))
        self.assertTotalsAgree("merged")
        self.assertEqual(self._row(self.centre_dept, self.item_rent, 3).committed, 1_100.0)

    # ------------------------------------------------------------------
    # Control at posting
    # ------------------------------------------------------------------
    def test_rigid_control_counts_commitments_a_cent_either_side(self):
        self._commit(self.budget_plant, self.item_rent, MARCH, 6_000.0)
        move = self._entries(
            [(MARCH, self.account_rent, 4_000.01, {self.centre_dept: 100})], post=False
        )
        with self.assertRefused(RedirectWarning, "rigid control") as caught:
            move.action_post()
        self.assertRegex(
            caught.exception.args[0],
            r"\[S-P\] Plant, \[T-RENT\] Rent, 2031-03: budget to date \D*10,000\.00, "
            r"consumed \D*6,000\.00, this posting \D*4,000\.01, short by \D*0\.01\.",
        )
        self.assertEqual(caught.exception.args[1]["context"]["default_amount"], 0.01)
        self.assertEqual(move.state, "draft")
        self.assertEqual(self._post(self.account_rent, 4_000.0).state, "posted")
        self.assertEqual(self._row(self.centre_dept, self.item_rent, 3).available, 0.0)

    def test_flexible_control_records_the_overrun_of_commitments(self):
        self._commit(self.budget_plant, self.item_office, MARCH, 6_000.0)
        within = self._post(self.account_office, 4_000.0)
        self.assertFalse(self.env["group.budget.overrun"].search([("move_id", "=", within.id)]))
        over = self._post(self.account_office, 0.01)
        self.assertEqual(over.state, "posted")
        overrun = self.env["group.budget.overrun"].search([("move_id", "=", over.id)])
        self.assertRecordValues(
            overrun,
            [{"ytd_budget": 10_000.0, "consumed": 10_000.0, "posting": 0.01, "shortfall": 0.01}],
        )
        self.assertEqual(self._row(self.centre_dept, self.item_office, 3).overrun_count, 1)

    def test_a_commitment_of_a_later_month_is_checked_too(self):
        """March's budget carries into May, where 6,000.00 is committed: a
        posting in March that leaves less than that for May is refused."""
        self._commit(self.budget_plant, self.item_rent, MAY, 6_000.0)
        over, within = self._entries(
            [
                (MARCH, self.account_rent, 4_000.01, {self.centre_dept: 100}),
                (MARCH, self.account_rent, 4_000.0, {self.centre_dept: 100}),
            ],
            post=False,
        )
        with self.assertRefused(RedirectWarning, r"2031-05.*short by .*0\.01"):
            over.action_post()
        within.action_post()
        self.assertEqual((over.state, within.state), ("draft", "posted"))

    # ------------------------------------------------------------------
    # Additions: commitments are no savings
    # ------------------------------------------------------------------
    def test_savings_available_at_the_source_less_its_commitments(self):
        # Travel of the subsidiary: 300.00 to date in March, 200.00 spent,
        # 80.00 committed; June's commitment comes after the last month.
        self._post(self.account_travel, 200.0, centre=self.centre_sub)
        self._commit(self.budget_sub, self.item_travel, MARCH, 80.0)
        self._commit(self.budget_sub, self.item_travel, datetime.date(2031, 6, 1), 500.0)
        addition = self.env["group.budget.addition"].create(
            {
                "period_id": self.period.id,
                "centre_id": self.centre_sub.id,
                "item_id": self.item_rent.id,
                "date_from": datetime.date(2031, 3, 1),
                "date_to": datetime.date(2031, 3, 31),
                "amount": 50.0,
                "reason": "Extra warehouse space",
                "funding": "savings",
                "source_centre_id": self.centre_sub.id,
                "source_item_id": self.item_travel.id,
            }
        )
        self.assertEqual(addition.available_amount, 20.0)
        self.assertEqual(
            addition.available_amount, self._row(self.centre_sub, self.item_travel, 3).available
        )
        with self.assertRefused(UserError, r"has \D*20\.00 available to date.*short by \D*30\.00"):
            addition.with_user(self.user_officer).action_submit()
        self.assertEqual(addition.state, "draft")
        addition.amount = 20.0
        addition.with_user(self.user_officer).action_submit()
        self.assertEqual(addition.state, "submitted")
        # Reserved now: nothing left at the source in March.
        self.assertEqual(self._row(self.centre_sub, self.item_travel, 3).available, 0.0)

    # ------------------------------------------------------------------
    # Access: read-only for every role, own centres for an officer
    # ------------------------------------------------------------------
    def test_officers_read_their_own_centres_commitments_only(self):
        own = self._commit(self.budget_sub, self.item_travel, MARCH, 10.0)
        plant = self._commit(self.budget_plant, self.item_rent, MARCH, 20.0)
        sibling = self._commit(self.budget_sibling, self.item_travel, MARCH, 30.0)
        period_b = self.env["group.budget.period"].create(
            {"year": 2031, "company_id": self.company_b.id}
        )
        item_b = self.env["group.budget.item"].create(
            {
                "name": "Foreign Rent",
                "code": "T-FRENT",
                "category": "operations",
                "company_id": self.company_b.id,
            }
        )
        budget_b = self._executing_budget(
            self.centre_other_company, {item_b: 10.0}, period=period_b
        )
        foreign = self._commit(budget_b, item_b, MARCH, 40.0)
        Commitment = self.env["group.budget.commitment"]
        everything = [("id", "in", (own | plant | sibling | foreign).ids)]
        officer = Commitment.with_user(self.user_officer)
        # The subsidiary and its plant; company B's centre, which the
        # officer manages, only once company B is allowed.
        company_a = officer.with_context(allowed_company_ids=self.company_a.ids)
        self.assertEqual(company_a.search(everything), own | plant)
        with self.assertRaises(AccessError):
            foreign.with_user(self.user_officer).with_context(
                allowed_company_ids=self.company_a.ids
            ).read(["amount"])
        both = officer.with_context(allowed_company_ids=[self.company_a.id, self.company_b.id])
        self.assertEqual(both.search(everything), own | plant | foreign)
        with self.assertRaises(AccessError):
            sibling.with_user(self.user_officer).read(["amount"])
        office = Commitment.with_user(self.user_office)
        self.assertEqual(office.search(everything), own | plant | sibling)
        with self.assertRaises(AccessError):
            foreign.with_user(self.user_office).read(["amount"])
        with self.assertRaises(AccessError):
            Commitment.with_user(self.user_plain).search([])
        # No one writes them: not the officer, not the Budget Office, not
        # the Committee.
        for user in (self.user_officer, self.user_office, self.user_committee):
            with self.assertRaises(AccessError):
                own.with_user(user).write({"amount": 1.0})
            with self.assertRaises(AccessError):
                own.with_user(user).unlink()
            with self.assertRaises(AccessError):
                Commitment.with_user(user).create(
                    {
                        "budget_id": self.budget_sub.id,
                        "item_id": self.item_travel.id,
                        "date": "2031-03-01",
                        "amount": 1.0,
                    }
                )
        self.assertEqual(own.amount, 10.0)
        # The ledger's figures are the same for whoever reads them.
        row = self._row(self.centre_sub, self.item_travel, 3)
        self.assertEqual(row.with_user(self.user_officer).committed, 10.0)
