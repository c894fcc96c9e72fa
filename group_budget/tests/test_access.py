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


@tagged("post_install", "-at_install")
class TestChildRecordRules(GroupBudgetCase):
    """Child records follow their parent's record rules: an officer of the
    subsidiary reads the versions, version lines, letter KPIs and work tasks
    of their own centres only; the Budget Office reads all of its companies'."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_matrix()

    def _visible(self, user, model, records):
        return (
            self.env[model]
            .with_user(user)
            .with_context(allowed_company_ids=self.company_a.ids)
            .search([("id", "in", records.ids)])
        )

    def test_officer_reads_only_own_centres_children(self):
        own_budgets = self.budget_sub
        all_budgets = self.budget_sub | self.budget_sibling
        own_letters = self.letter_sub | self.letter_sent
        all_letters = own_letters | self.letter_sibling
        children = {
            "group.budget.version": (own_budgets.version_ids, all_budgets.version_ids),
            "group.budget.version.line": (
                own_budgets.version_ids.line_ids,
                all_budgets.version_ids.line_ids,
            ),
            "group.budget.letter.kpi": (own_letters.kpi_line_ids, all_letters.kpi_line_ids),
            "group.budget.letter.task": (own_letters.task_line_ids, all_letters.task_line_ids),
            "group.budget.line": (
                self.budget_sub_next.line_ids,
                (self.budget_sub_next | self.budget_sibling_next).line_ids,
            ),
        }
        for model, (own, everything) in children.items():
            self.assertTrue(own, model)
            self.assertEqual(self._visible(self.user_officer, model, everything), own, model)
            self.assertEqual(self._visible(self.user_office, model, everything), everything, model)
            with self.assertRaises(AccessError, msg=model):
                (everything - own)[:1].with_user(self.user_officer).read(["create_date"])

    def test_reviewers_read_what_they_review(self):
        """A reviewer named on a review step, outside the centre, reads the
        budget and its lines; nothing else of the centre."""
        reviewer = self.user_sibling_gm
        budget = self.budget_sub_next
        self.assertFalse(self._visible(reviewer, "group.budget", budget))
        self.env["tier.definition"].create(
            {
                "name": "Sibling review",
                "model_id": self.env.ref("group_budget.model_group_budget").id,
                "review_type": "individual",
                "reviewer_id": reviewer.id,
                "definition_domain": f"[('id', '=', {budget.id})]",
                "sequence": 90,
                "company_id": False,
            }
        )
        budget.with_user(self.user_officer).action_submit()
        self.assertIn(reviewer, budget.review_ids.reviewer_ids)
        self.assertEqual(self._visible(reviewer, "group.budget", budget | self.budget_sub), budget)
        self.assertEqual(
            self._visible(reviewer, "group.budget.line", budget.line_ids), budget.line_ids
        )
        with self.assertRaises(AccessError):
            self.centre_sub.with_user(reviewer).read(["name"])
        with self.assertRaises(AccessError):
            self.target_sub.with_user(reviewer).read(["name"])
