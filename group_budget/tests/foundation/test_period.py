import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..common import GroupBudgetCase

D = datetime.date


@tagged("post_install", "-at_install")
class TestPeriod(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period = cls.env["group.budget.period"].create(
            {"year": 2031, "company_id": cls.company_a.id}
        )

    def test_defaults_to_the_calendar_year(self):
        self.assertEqual(self.period.name, "2031")
        self.assertEqual(self.period.date_from, D(2031, 1, 1))
        self.assertEqual(self.period.date_to, D(2031, 12, 31))
        self.assertEqual(self.period.state, "draft")

    def test_compilation_calendar(self):
        self.assertEqual(self.period.date_targets_issue, D(2030, 10, 1))
        self.assertEqual(self.period.date_compilation_start, D(2030, 11, 1))
        self.assertEqual(self.period.date_compilation_end, D(2030, 11, 30))
        self.assertEqual(self.period.date_approval_deadline, D(2030, 12, 31))

    @freeze_time("2030-06-15")
    def test_default_year_is_next_year(self):
        period = self.env["group.budget.period"].create({"company_id": self.company_b.id})
        self.assertEqual(period.year, 2031)

    def test_overlapping_year_is_refused(self):
        Period = self.env["group.budget.period"]
        before = Period.search_count([])
        with self.assertRefused(ValidationError, "overlaps the budget year 2031"):
            Period.create({"year": 2031, "company_id": self.company_a.id})
        self.assertEqual(Period.search_count([]), before)

    def test_a_budget_year_is_a_calendar_year(self):
        """预算年度: 1 January – 31 December, whatever the path (form, import, RPC)."""
        # Dates given at creation (an import, an RPC client) give way to the year's.
        created = self.env["group.budget.period"].create(
            {
                "year": 2032,
                "company_id": self.company_a.id,
                "date_from": D(2031, 12, 1),
                "date_to": D(2032, 11, 30),
            }
        )
        self.assertEqual((created.date_from, created.date_to), (D(2032, 1, 1), D(2032, 12, 31)))
        office = self.period.with_user(self.user_office)
        with self.assertRefused(ValidationError, "not from 2030-12-01 to 2031-11-30"):
            office.write({"date_from": D(2030, 12, 1), "date_to": D(2031, 11, 30)})
        with self.assertRefused(ValidationError, "calendar year 2031"):
            office.write({"date_to": D(2031, 11, 30)})
        self.assertEqual(
            (self.period.date_from, self.period.date_to), (D(2031, 1, 1), D(2031, 12, 31))
        )
        # The dates follow the year, which may change while the year is a draft.
        office.year = 2033
        self.assertEqual(
            (self.period.date_from, self.period.date_to), (D(2033, 1, 1), D(2033, 12, 31))
        )

    def test_the_year_of_a_started_budget_year_cannot_change(self):
        self.period.action_start_compilation()
        with self.assertRefused(UserError, "no longer a draft: its year cannot change"):
            self.period.year = 2035
        self.assertEqual(self.period.date_from, D(2031, 1, 1))

    def test_upgrade_repairs_shifted_dates(self):
        """Databases where a year was once moved to 1 December – 30 November
        are repaired when the module is upgraded."""
        self.period.flush_recordset()
        self.env.cr.execute(
            "UPDATE group_budget_period SET date_from = %s, date_to = %s WHERE id = %s",
            (D(2030, 12, 1), D(2031, 11, 30), self.period.id),
        )
        self.period.invalidate_recordset()
        self.env["group.budget.period"]._repair_calendar_years()
        self.assertEqual(
            (self.period.date_from, self.period.date_to), (D(2031, 1, 1), D(2031, 12, 31))
        )

    def test_same_year_in_another_company_is_allowed(self):
        other = self.env["group.budget.period"].create(
            {"year": 2031, "company_id": self.company_b.id}
        )
        self.assertEqual(other.date_from, self.period.date_from)

    def test_end_before_start_is_refused(self):
        with self.assertRefused(ValidationError, "runs from 1 January"):
            self.period.date_to = D(2030, 12, 31)

    def test_calendar_out_of_order_is_refused(self):
        with self.assertRefused(ValidationError, "Compilation Ends"):
            self.period.date_compilation_end = D(2030, 10, 15)

    def test_state_flow_through_actions(self):
        period = self.period.with_user(self.user_office)
        period.action_start_compilation()
        self.assertEqual(period.state, "compiling")
        self.assertTrue(period.budget_ids)
        period.budget_ids.unlink()  # empty drafts; see test_budget_approval for the flow
        period.action_start_execution()
        self.assertEqual(period.state, "executing")
        period.action_close()
        self.assertEqual(period.state, "closed")
        period.action_reopen()
        self.assertEqual(period.state, "executing")

    def test_skipping_a_state_is_refused(self):
        with self.assertRefused(UserError, "cannot go from Draft to Executing"):
            self.period.action_start_execution()
        self.assertEqual(self.period.state, "draft")

    def test_state_cannot_be_written_directly(self):
        with self.assertRefused(UserError, "only through its buttons"):
            self.period.write({"state": "closed"})
        self.assertEqual(self.period.state, "draft")

    def test_officer_cannot_move_a_year(self):
        with self.assertRefused(UserError, "Only the Budget Office"):
            self.period.with_user(self.user_officer).action_start_compilation()
        self.assertEqual(self.period.state, "draft")

    def test_only_draft_years_can_be_deleted(self):
        self.period.action_start_compilation()
        with self.assertRefused(UserError, "no longer a draft"):
            self.period.unlink()
        self.period.action_reset_draft()
        self.period.unlink()
        self.assertFalse(self.period.exists())
