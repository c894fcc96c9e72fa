from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AppraisalCase


@tagged("post_install", "-at_install")
class TestScorecardAccess(AppraisalCase):
    """Officers read their own centres' scorecards and lines, never a
    sibling's nor another company's; only the Budget Office and the
    Committee change them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_appraisal()
        cls.centre_sibling.manager_id = cls.user_office
        cls.centre_other_company.manager_id = cls.user_committee
        kpis = {cls.item_volume: (10.0, 100)}
        _l, cls.card_sub = cls._appraisal_card(cls.centre_sub, cls.period, kpis)
        _l, cls.card_sibling = cls._appraisal_card(cls.centre_sibling, cls.period, kpis)
        period_b = cls.env["group.budget.period"].create(
            {"year": 2031, "company_id": cls.company_b.id}
        )
        _l, cls.card_b = cls._appraisal_card(cls.centre_other_company, period_b, kpis)

    def test_officer_reads_own_centres_only(self):
        Scorecard = self.env["group.budget.scorecard"].with_user(self.user_officer)
        self.assertEqual(Scorecard.search([]), self.card_sub)
        Line = self.env["group.budget.scorecard.line"].with_user(self.user_officer)
        self.assertEqual(Line.search([]), self.card_sub.line_ids)
        with self.assertRaises(AccessError):
            self.card_sibling.with_user(self.user_officer).read(["score"])
        with self.assertRaises(AccessError):
            self.card_sub.with_user(self.user_officer).write({"provisional": False})
        with self.assertRaises(AccessError):
            self.card_sub.line_ids.with_user(self.user_officer).write({"comment": "x"})

    def test_companies_bound_the_office(self):
        Scorecard = self.env["group.budget.scorecard"].with_user(self.user_office)
        self.assertEqual(Scorecard.search([]), self.card_sub | self.card_sibling)
        with self.assertRaises(AccessError):
            self.card_b.with_user(self.user_office).read(["score"])

    def test_plain_user_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.env["group.budget.scorecard"].with_user(self.user_plain).search([])
