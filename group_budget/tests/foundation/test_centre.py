from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestCentre(GroupBudgetCase):
    def _count(self):
        return self.env["group.budget.centre"].with_context(active_test=False).search_count([])

    def test_analytic_account_created_in_plan(self):
        account = self.centre_dept.analytic_account_id
        self.assertTrue(account)
        self.assertEqual(account.plan_id, self.env.ref("group_budget.analytic_plan_centres"))
        self.assertEqual(account.company_id, self.company_a)
        self.assertEqual(account.name, "Plant")
        self.assertEqual(account.code, "S-P")

    def test_given_analytic_account_is_kept(self):
        account = self.env["account.analytic.account"].create(
            {
                "name": "Existing",
                "plan_id": self.env.ref("group_budget.analytic_plan_centres").id,
                "company_id": self.company_a.id,
            }
        )
        centre = self.env["group.budget.centre"].create(
            {
                "name": "With account",
                "code": "W",
                "centre_type": "expense",
                "company_id": self.company_a.id,
                "analytic_account_id": account.id,
            }
        )
        self.assertEqual(centre.analytic_account_id, account)

    def test_batch_create_makes_one_account_each(self):
        centres = self.env["group.budget.centre"].create(
            [
                {
                    "name": f"Dept {i}",
                    "code": f"B{i}",
                    "centre_type": "expense",
                    "company_id": self.company_a.id,
                }
                for i in range(3)
            ]
        )
        self.assertEqual(len(centres.analytic_account_id), 3)

    @mute_logger("odoo.sql_db")  # the database refuses the duplicate
    def test_duplicate_code_in_company_is_refused(self):
        before = self._count()
        with self.assertRefused(ValidationError, "S-P"):
            self.env["group.budget.centre"].create(
                {
                    "name": "Copy",
                    "code": "s-p",
                    "centre_type": "cost",
                    "company_id": self.company_a.id,
                }
            )
        self.assertEqual(self._count(), before)

    @mute_logger("odoo.sql_db")  # the database refuses the duplicate
    def test_duplicate_code_on_write_is_refused(self):
        with self.assertRefused(ValidationError, "already used"):
            self.centre_sibling.code = "S"
        self.assertEqual(self.centre_sibling.code, "O")

    def test_same_code_in_another_company_is_allowed(self):
        centre = self.env["group.budget.centre"].create(
            {"name": "Twin", "code": "S-P", "centre_type": "cost", "company_id": self.company_b.id}
        )
        self.assertEqual(centre.code, "S-P")

    def test_cycle_is_refused(self):
        with self.assertRefused(ValidationError, "cycle"):
            self.centre_group.parent_id = self.centre_dept
        self.assertFalse(self.centre_group.parent_id)

    def test_child_ranking_above_parent_is_refused(self):
        before = self._count()
        with self.assertRefused(ValidationError, "may not rank above its parent"):
            self.env["group.budget.centre"].create(
                {
                    "name": "Wrong",
                    "code": "X",
                    "centre_type": "profit",
                    "parent_id": self.centre_dept.id,
                    "company_id": self.company_a.id,
                }
            )
        self.assertEqual(self._count(), before)

    def test_lowering_a_parent_below_its_children_is_refused(self):
        with self.assertRefused(ValidationError, "Subsidiary"):
            self.centre_group.centre_type = "cost"

    def test_reparenting_under_a_lower_centre_is_refused(self):
        with self.assertRaises(ValidationError):
            self.centre_sibling.parent_id = self.centre_dept

    def test_cost_and_expense_rank_alike(self):
        expense = self.env["group.budget.centre"].create(
            {
                "name": "Workshop office",
                "code": "S-P-O",
                "centre_type": "expense",
                "parent_id": self.centre_dept.id,
                "company_id": self.company_a.id,
            }
        )
        self.assertEqual(expense.parent_id, self.centre_dept)

    def test_hierarchy_navigation(self):
        self.assertEqual(self.centre_group.child_count, 2)
        self.assertEqual(self.centre_group.child_ids, self.centre_sub | self.centre_sibling)
        action = self.centre_group.action_view_children()
        self.assertEqual(
            self.env["group.budget.centre"].search(action["domain"]),
            self.centre_sub | self.centre_sibling,
        )
        self.assertEqual(action["context"]["default_parent_id"], self.centre_group.id)
        descendants = self.env["group.budget.centre"].search(
            [("id", "child_of", self.centre_group.id)]
        )
        self.assertEqual(
            descendants,
            self.centre_group | self.centre_sub | self.centre_dept | self.centre_sibling,
        )
        self.assertEqual(self.centre_dept.complete_code, "G/S/S-P")
        self.assertEqual(self.centre_dept.display_name, "[S-P] Plant")

    def test_archiving(self):
        self.centre_sibling.action_archive()
        self.assertFalse(self.centre_sibling.active)
        self.assertNotIn(self.centre_sibling, self.env["group.budget.centre"].search([]))
        self.centre_sibling.action_unarchive()
        self.assertTrue(self.centre_sibling.active)

    def test_analytic_account_of_another_company_is_refused(self):
        foreign = self.env["account.analytic.account"].create(
            {
                "name": "Foreign",
                "plan_id": self.env.ref("group_budget.analytic_plan_centres").id,
                "company_id": self.company_b.id,
            }
        )
        with self.assertRefused(ValidationError, "Budget Test Other"):
            self.env["group.budget.centre"].create(
                {
                    "name": "Mixed",
                    "code": "M",
                    "centre_type": "cost",
                    "company_id": self.company_a.id,
                    "analytic_account_id": foreign.id,
                }
            )
