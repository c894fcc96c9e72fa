from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestAccess(GroupBudgetCase):
    def _visible(self, user, companies):
        return (
            self.env["group.budget.centre"]
            .with_user(user)
            .with_context(allowed_company_ids=companies.ids)
            .search([("id", "in", self._all_centres().ids)])
        )

    def _all_centres(self):
        return (
            self.centre_group
            | self.centre_sub
            | self.centre_dept
            | self.centre_sibling
            | self.centre_other_company
        )

    def test_plain_user_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.env["group.budget.centre"].with_user(self.user_plain).search([])
        with self.assertRaises(AccessError):
            self.env["group.budget.item"].with_user(self.user_plain).search([])
        with self.assertRaises(AccessError):
            self.env["group.budget.period"].with_user(self.user_plain).search([])

    def test_officer_sees_own_centres_and_descendants(self):
        visible = self._visible(self.user_officer, self.company_a | self.company_b)
        # Officer of the subsidiary, manager of the foreign plant.
        self.assertEqual(visible, self.centre_sub | self.centre_dept | self.centre_other_company)
        with self.assertRaises(AccessError):
            self.centre_sibling.with_user(self.user_officer).read(["name"])

    def test_officer_scope_follows_assignment(self):
        self.centre_sibling.officer_ids = [(4, self.user_officer.id)]
        visible = self._visible(self.user_officer, self.company_a)
        self.assertIn(self.centre_sibling, visible)
        self.centre_sibling.officer_ids = [(5,)]
        visible = self._visible(self.user_officer, self.company_a)
        self.assertNotIn(self.centre_sibling, visible)

    def test_officer_edits_description_but_not_structure(self):
        centre = self.centre_dept.with_user(self.user_officer)
        centre.description = "Final assembly"
        self.assertEqual(self.centre_dept.description, "Final assembly")
        with self.assertRefused(AccessError, "Only the Budget Office"):
            centre.parent_id = self.centre_group
        with self.assertRaises(AccessError):
            centre.officer_ids = [(5,)]
        with self.assertRaises(AccessError):
            self.centre_sibling.with_user(self.user_officer).description = "x"
        with self.assertRaises(AccessError):
            self.env["group.budget.centre"].with_user(self.user_officer).create(
                {
                    "name": "Mine",
                    "code": "MINE",
                    "centre_type": "cost",
                    "company_id": self.company_a.id,
                }
            )
        with self.assertRaises(AccessError):
            centre.unlink()

    def test_officer_reads_but_does_not_configure(self):
        item = self.item_rent.with_user(self.user_officer)
        self.assertEqual(item.name, "Rent")
        with self.assertRaises(AccessError):
            item.name = "Renamed"
        with self.assertRaises(AccessError):
            self.env["group.budget.period"].with_user(self.user_officer).create(
                {"year": 2040, "company_id": self.company_a.id}
            )

    def test_office_sees_all_centres_of_allowed_companies(self):
        visible = self._visible(self.user_office, self.company_a)
        self.assertEqual(visible, self._all_centres() - self.centre_other_company)
        # Company B is not among the office user's companies.
        with self.assertRaises(AccessError):
            self.centre_other_company.with_user(self.user_office).read(["name"])

    def test_office_configures(self):
        env = self.env(user=self.user_office)
        centre = env["group.budget.centre"].create(
            {
                "name": "New",
                "code": "NEW",
                "centre_type": "expense",
                "parent_id": self.centre_sub.id,
                "company_id": self.company_a.id,
            }
        )
        self.assertTrue(centre.analytic_account_id)
        centre.parent_id = self.centre_sibling
        item = env["group.budget.item"].create(
            {"name": "Travel", "code": "T-TRV", "category": "operations"}
        )
        self.assertTrue(item.exists())
        period = env["group.budget.period"].create({"year": 2041, "company_id": self.company_a.id})
        self.assertEqual(period.state, "draft")

    def test_committee_sees_everything_of_its_companies(self):
        visible = self._visible(self.user_committee, self.company_a | self.company_b)
        self.assertEqual(visible, self._all_centres())
        visible = self._visible(self.user_committee, self.company_a)
        self.assertEqual(visible, self._all_centres() - self.centre_other_company)

    def test_company_items_stay_in_their_company(self):
        items = (
            self.env["group.budget.item"]
            .with_user(self.user_committee)
            .with_context(allowed_company_ids=self.company_b.ids)
            .search([("id", "in", (self.item_rent | self.item_volume).ids)])
        )
        # The rent item belongs to company A; the volume item is group-wide.
        self.assertEqual(items, self.item_volume)

    def test_groups_imply_each_other(self):
        committee = self.env.ref("group_budget.group_budget_committee")
        office = self.env.ref("group_budget.group_budget_office")
        officer = self.env.ref("group_budget.group_budget_officer")
        self.assertIn(office, committee.implied_ids)
        self.assertIn(officer, office.implied_ids)
        category = self.env.ref("group_budget.module_category_group_budget")
        self.assertEqual((committee | office | officer).category_id, category)
        self.assertTrue(self.user_committee.has_group("group_budget.group_budget_officer"))
