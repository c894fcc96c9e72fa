import datetime

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GroupBudgetCase

# Odoo's own company check (check_company=True) names the record and the field.
WRONG_YEAR = "(?s)Incompatible companies.*Budget Year.*belongs to another company"


@tagged("post_install", "-at_install")
class TestCompanyChecks(GroupBudgetCase):
    """Centre, budget year, items and company of every document agree
    (_check_company_auto): a budget of a centre of company B in a year of
    company A would never be controlled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()  # 2031 in company A, executing
        cls.period_b = cls.env["group.budget.period"].create(
            {"year": 2031, "company_id": cls.company_b.id}
        )
        cls.item_b = cls.env["group.budget.item"].create(
            {"name": "B only", "code": "T-BON", "category": "scale", "company_id": cls.company_b.id}
        )

    def _refused(self, model, vals, pattern=WRONG_YEAR):
        Model = self.env[model]
        before = Model.search_count([])
        with self.assertRefused(UserError, pattern):
            Model.create(vals)
        self.assertEqual(Model.search_count([]), before)

    def test_budget_of_a_centre_in_another_company_than_its_year(self):
        self._refused(
            "group.budget",
            {"centre_id": self.centre_other_company.id, "period_id": self.period.id},
        )

    def test_target_of_a_centre_in_another_company_than_its_year(self):
        self._refused(
            "group.budget.target",
            {"centre_id": self.centre_other_company.id, "period_id": self.period.id},
        )

    def test_letter_of_a_centre_in_another_company_than_its_year(self):
        target = self._target(self.centre_sub, {self.item_volume: 1.0})
        self._refused(
            "group.budget.letter",
            {
                "centre_id": self.centre_other_company.id,
                "period_id": self.period.id,
                "target_id": target.id,
            },
        )

    def test_addition_of_a_centre_in_another_company_than_its_year(self):
        self._refused(
            "group.budget.addition",
            {
                "period_id": self.period.id,
                "centre_id": self.centre_other_company.id,
                "item_id": self.item_volume.id,
                "date_from": datetime.date(2031, 3, 1),
                "date_to": datetime.date(2031, 3, 31),
                "amount": 10.0,
                "reason": "Test",
                "funding": "reserve",
            },
        )

    def test_moving_a_document_to_a_centre_of_another_company_is_refused(self):
        target = self._target(self.centre_sub, {self.item_volume: 1.0})
        with self.assertRefused(UserError, WRONG_YEAR):
            target.write({"centre_id": self.centre_other_company.id})
        self.assertEqual(target.company_id, self.company_a)
        with self.assertRefused(UserError, WRONG_YEAR):
            target.write({"period_id": self.period_b.id})

    def test_items_of_another_company_are_refused_on_every_line(self):
        target = self._target(self.centre_sub, {self.item_volume: 1.0})
        with self.assertRefused(UserError, "(?s)Incompatible companies.*Budget Item"):
            target.write({"line_ids": [Command.create({"item_id": self.item_b.id})]})
        with self.assertRefused(UserError, "(?s)Incompatible companies.*Budget Item"):
            self.env["group.budget.line"].create(
                {"budget_id": self._draft_budget().id, "item_id": self.item_b.id}
            )

    def test_group_wide_items_fit_every_company(self):
        target = self._target(self.centre_other_company, {self.item_volume: 3.0}, self.period_b)
        self.assertEqual(target.company_id, self.company_b)
        self.assertEqual(target.line_ids.company_id, self.company_b)

    def test_the_form_offers_only_the_centre_company_years(self):
        """check_company gives the year field a company domain."""
        domain = self.env["group.budget"].fields_get(["period_id"])["period_id"]["domain"]
        self.assertIn("company_id", domain)

    def _draft_budget(self):
        return self.env["group.budget"].create(
            {"centre_id": self.centre_dept.id, "period_id": self.period.id}
        )
