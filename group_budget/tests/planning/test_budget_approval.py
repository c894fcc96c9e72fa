from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ... import guard
from ..common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestBudgetApproval(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()
        cls.item_cost = cls.env["group.budget.item"].create(
            {
                "name": "Cost",
                "code": "T-COST",
                "category": "operations",
                "direction": "lower_better",
            }
        )
        cls.budget = cls._compiling_budget({cls.item_revenue: 1200.0, cls.item_cost: 600.0})

    def _submit(self, budget=None, user=None):
        budget = budget or self.budget
        budget.with_user(user or self.user_officer).action_submit()
        return budget

    def _approve_all(self, budget=None):
        budget = budget or self.budget
        budget.with_user(self.user_office).validate_tier()
        while budget.state == "submitted":
            budget.with_user(self.user_committee).validate_tier()
        return budget

    def test_default_steps_in_order(self):
        self._submit()
        reviews = self.budget.review_ids.sorted("sequence")
        self.assertEqual(
            reviews.mapped("name"),
            ["Budget Office preliminary review", "Budget Committee review", "Group ratification"],
        )
        self.assertIn(self.user_office, reviews[0].reviewer_ids)
        self.assertNotIn(self.user_office, reviews[1].reviewer_ids)
        self.assertIn(self.user_committee, reviews[1].reviewer_ids)
        # The committee cannot skip the preliminary review.
        self.assertFalse(
            self.budget.with_user(self.user_committee).can_review
            and self.user_committee not in reviews[0].reviewer_ids
        )
        self._approve_all()
        self.assertEqual(self.budget.state, "approved")
        self.assertEqual(set(self.budget.review_ids.mapped("status")), {"approved"})

    def test_reviewers_get_activities_and_a_to_review_list(self):
        self._submit()
        todo = self.env.ref("mail.mail_activity_data_todo")
        activities = self.budget.activity_ids.filtered(lambda a: a.activity_type_id == todo)
        self.assertIn(self.user_office, activities.user_id)
        to_review = (
            self.env["group.budget"].with_user(self.user_office).search([("can_review", "=", True)])
        )
        self.assertIn(self.budget, to_review)
        self.budget.with_user(self.user_office).validate_tier()
        activities = self.budget.activity_ids.filtered(lambda a: a.activity_type_id == todo)
        self.assertNotIn(self.user_office, activities.user_id)
        self.assertIn(self.user_committee, activities.user_id)

    def test_no_review_to_do_outlives_its_step(self):
        """Two Budget Office users get the first step's to-do; once one of them
        approves, the other's ends; approval and rejection end every one."""
        office_2 = new_test_user(
            self.env,
            login="gb_office_second",
            groups="group_budget.group_budget_office",
            company_id=self.company_a.id,
        )
        todo = self.env.ref("mail.mail_activity_data_todo")

        def todo_users():
            return self.budget.activity_ids.filtered(lambda a: a.activity_type_id == todo).user_id

        self._submit()
        self.assertTrue({self.user_office, office_2} <= set(todo_users()))
        self.budget.with_user(self.user_office).validate_tier()
        self.assertFalse({self.user_office, office_2} & set(todo_users()))
        self.assertIn(self.user_committee, todo_users())
        while self.budget.state == "submitted":
            self.budget.with_user(self.user_committee).validate_tier()
        self.assertEqual(self.budget.state, "approved")
        self.assertFalse(todo_users())

    def test_a_rejection_ends_every_review_to_do(self):
        self._submit()
        self.assertTrue(self.budget.activity_ids)
        self.budget.with_user(self.user_office).reject_tier()
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.assertFalse(self.budget.activity_ids.filtered(lambda a: a.activity_type_id == todo))

    def test_a_rule_added_by_an_administrator_changes_who_approves(self):
        ratifier = new_test_user(
            self.env,
            login="gb_ratifier",
            groups="group_budget.group_budget_committee",
            company_id=self.company_a.id,
        )
        admin = self.env.ref("base.user_admin")
        admin.company_ids = [Command.link(self.company_a.id)]
        definition = (
            self.env["tier.definition"]
            .with_user(admin)
            .with_company(self.company_a)
            .create(
                {
                    "name": "Board approval of large budgets",
                    "model_id": self.env.ref("group_budget.model_group_budget").id,
                    "review_type": "individual",
                    "reviewer_id": ratifier.id,
                    "definition_domain": "[('amount_total', '>', 1000)]",
                    "sequence": 5,
                    "approve_sequence": True,
                    "company_id": self.company_a.id,
                }
            )
        )
        self._submit()  # revenue 1200 + cost 600 > 1000
        board = self.budget.review_ids.filtered(lambda r: r.definition_id == definition)
        self.assertEqual(board.reviewer_ids, ratifier)
        small = self.period.budget_ids.filtered(lambda b: b.centre_id == self.centre_dept)
        small.line_ids = [Command.create({"item_id": self.item_revenue.id, "month_01": 10.0})]
        self._submit(small)
        self.assertEqual(len(small.review_ids), 3)
        self.assertNotIn(definition, small.review_ids.definition_id)
        # The new step comes last (lowest sequence): the budget waits for it.
        self.budget.with_user(self.user_office).validate_tier()
        self.budget.with_user(self.user_committee).validate_tier()
        self.budget.with_user(self.user_committee).validate_tier()
        self.assertEqual(self.budget.state, "submitted")
        self.budget.with_user(ratifier).validate_tier()
        self.assertEqual(self.budget.state, "approved")

    def test_submitter_cannot_approve_own_budget(self):
        self._submit(user=self.user_office)
        with self.assertRefused(UserError, "cannot approve a step of your own request"):
            self.budget.with_user(self.user_office).validate_tier()
        self.assertEqual(
            set(self.budget.review_ids.mapped("status")) - {"waiting", "pending"}, set()
        )

    def test_return_with_a_reason(self):
        self._submit()
        with self.assertRefused(UserError, "reason"):
            self.budget.with_user(self.user_office).action_return("  ")
        wizard = (
            self.env["group.budget.return"]
            .with_user(self.user_office)
            .create(
                {"budget_ids": [Command.set(self.budget.ids)], "reason": "Rent is counted twice."}
            )
        )
        wizard.action_return()
        self.assertEqual(self.budget.state, "draft")
        self.assertFalse(self.budget.review_ids)
        self.assertIn("Rent is counted twice.", self.budget.message_ids[0].body)
        self.budget.line_ids[:1].month_01 += 1  # editable again

    def test_empty_budget_cannot_be_submitted(self):
        empty = self.period.budget_ids.filtered(lambda b: b.centre_id == self.centre_sibling)
        with self.assertRefused(UserError, "is empty"):
            empty.action_submit()
        self.assertEqual(empty.state, "draft")

    def test_minimum_target_higher_is_better(self):
        revenue = self.budget.line_ids.filtered(lambda line: line.item_id == self.item_revenue)
        revenue.month_12 -= 0.01
        self._submit()
        with self.assertRefused(
            UserError, r"\[T-REV\] Revenue: target \D*1,200\.00\D*, budget \D*1,199\.99"
        ):
            self._approve_all()
        self.assertEqual(self.budget.state, "submitted")

    def test_minimum_target_lower_is_better(self):
        cost = self.budget.line_ids.filtered(lambda line: line.item_id == self.item_cost)
        cost.month_12 += 5.0
        self._submit()
        with self.assertRefused(
            UserError, r"\[T-COST\] Cost: target \D*600\.00\D*, budget \D*605\.00"
        ):
            self._approve_all()
        # Below a lower-is-better target, or above a higher-is-better one, is fine.
        self.budget.with_user(self.user_office).action_return("Cut the cost")
        cost.month_12 -= 50.0
        revenue = self.budget.line_ids.filtered(lambda line: line.item_id == self.item_revenue)
        revenue.month_12 += 100.0
        self._submit()
        self._approve_all()
        self.assertEqual(self.budget.state, "approved")

    def test_approved_budget_is_immutable(self):
        self._submit()
        self._approve_all()
        line = self.budget.line_ids[:1]
        with self.assertRefused(UserError, "can no longer be changed"):
            line.write({"month_01": 1.0})
        with self.assertRefused(UserError, "can no longer be changed"):
            line.unlink()
        with self.assertRefused(UserError, "can no longer be changed"):
            self.env["group.budget.line"].create(
                {"budget_id": self.budget.id, "item_id": self.item_margin.id}
            )
        with self.assertRefused(UserError, "can no longer be changed"):
            self.budget.unlink()
        with self.assertRefused(UserError, "changes only through its buttons"):
            self.budget.write({"state": "draft"})
        # Import goes through the same checks.
        xmlid = line.export_data(["id"])["datas"][0][0]
        result = self.env["group.budget.line"].load(["id", "month_01"], [[xmlid, "1"]])
        self.assertIn("can no longer be changed", str(result["messages"]))
        self.assertNotEqual(line.month_01, 1.0)

    def test_versions_and_comparison(self):
        self._submit()
        self._approve_all()
        v1 = self.budget.version_ids
        self.assertEqual((v1.number, v1.kind), (1, "approval"))
        self.assertEqual(v1.approver_id, self.user_committee)
        self.assertEqual(
            {line.item_id: line.total for line in v1.line_ids},
            {line.item_id: line.total for line in self.budget.line_ids},
        )
        with self.assertRefused(UserError, "cannot be changed"):
            v1.write({"number": 9})
        with self.assertRefused(UserError, "cannot be changed"):
            v1.line_ids[:1].write({"month_01": 0.0})
        with self.assertRefused(UserError, "cannot be deleted"):
            v1.unlink()
        # An adjustment changes the budget and stores version 2.
        revenue = self.budget.line_ids.filtered(lambda line: line.item_id == self.item_revenue)
        guard.grant(revenue, guard.NEW_VERSION).month_06 += 300.0
        v2 = self.env["group.budget.version"]._create_snapshots(self.budget, kind="adjustment")
        self.assertEqual(v2.number, 2)
        compare = self.env["group.budget.version.compare"].create(
            {"version_a_id": v1.id, "version_b_id": v2.id}
        )
        self.assertEqual(len(compare.line_ids), 1)
        self.assertEqual(compare.line_ids.item_id, self.item_revenue)
        self.assertAlmostEqual(compare.line_ids.value_a, 1200.0)
        self.assertAlmostEqual(compare.line_ids.value_b, 1500.0)
        self.assertAlmostEqual(compare.line_ids.difference, 300.0)

    def test_year_flow(self):
        period = self.period.with_user(self.user_office)
        with self.assertRefused(UserError, "must be approved first"):
            period.action_start_execution()
        for budget in self.period.budget_ids:
            if not budget.line_ids:
                budget.line_ids = [
                    Command.create({"item_id": self.item_margin.id, "month_01": 1.0})
                ]
            budget.action_submit()
            self._approve_all(budget)
        period.action_start_execution()
        self.assertEqual(set(self.period.budget_ids.mapped("state")), {"executing"})
        period.action_close()
        self.assertEqual(set(self.period.budget_ids.mapped("state")), {"closed"})

    def test_reserve_is_held_by_the_committee(self):
        self.period.with_user(self.user_committee).reserve_amount = 500000.0
        self.assertEqual(self.period.reserve_amount, 500000.0)
        with self.assertRefused(UserError, "Only the Budget Committee"):
            self.period.with_user(self.user_office).reserve_amount = 1.0

    def test_form_shows_the_review_buttons(self):
        arch = self.env["group.budget"].get_view(view_type="form")["arch"]
        arch = arch.decode() if isinstance(arch, bytes) else arch
        self.assertIn("validate_tier", arch)
        self.assertIn("reject_tier", arch)
        self.assertIn("action_open_return_wizard", arch)
