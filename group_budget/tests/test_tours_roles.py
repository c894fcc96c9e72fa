"""Every role's part of the additions, adjustments and arbitrations, in a real
browser and in Chinese, each as its demo user: the officer (王强) files
and submits, the Budget Office (李娜) reviews, the general manager of the
truck company (陈军) and the Budget Committee (赵明) decide. The
tours are in ``static/tests/tours/``; each test checks the outcome in Python
after each tour. The screens are 1,280 px wide: the lists read whole there.
"""

from odoo import fields
from odoo.tests import tagged

from .tours import TourCase


@tagged("post_install", "-at_install")
class TestRoleTours(TourCase):
    browser_size = "1280x800"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.has_demo:
            return
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["base_tier_validation", "group_budget"], ["zh_CN"]
        )
        users = cls.officer | cls.office | cls.committee | cls.trucks_gm
        users.lang = "zh_CN"

    def setUp(self):
        super().setUp()
        self._require_demo()
        # The demo's current budget year is this calendar year: a tour never skips.
        self.assertEqual(self.current_period.year, fields.Date.today().year)

    def _url(self, action, record=None):
        url = f"/odoo/action-group_budget.{action}"
        return f"{url}/{record.id}" if record else url

    def _budget_line(self, centre, item):
        budget = self.env["group.budget"].search(
            [("centre_id", "=", centre.id), ("period_id", "=", self.current_period.id)]
        )
        return budget.line_ids.filtered(lambda line: line.item_id == item)

    def _month(self, line):
        return line[f"month_{fields.Date.today().month:02d}"]

    # ------------------------------------------------------------------
    # Additions (manual §五 4.7)
    # ------------------------------------------------------------------
    def test_addition_filed_reviewed_and_approved_by_the_general_manager(self):
        rent, salaries = (
            self._budget_line(self.sales, item) for item in (self.rent, self.salaries)
        )
        rent_before, salaries_before, rent_month = rent.total, salaries.total, self._month(rent)
        addition = self._created_by_tour(
            "group.budget.addition",
            self._url("group_budget_addition_action") + "/new",
            "group_budget_tour_addition_file",
            login="budget_officer",
        )
        self.assertEqual(len(addition), 1)
        self.assertEqual(
            (addition.state, addition.centre_id, addition.item_id, addition.amount),
            ("submitted", self.sales, self.rent, 50_000),
        )
        self.assertEqual((addition.kind, addition.funding), ("operating", "savings"))
        self.assertEqual(
            (addition.source_centre_id, addition.source_item_id), (self.sales, self.salaries)
        )
        self.assertEqual(addition.submitted_by_id, self.officer)
        self.assertAlmostEqual(sum(addition.reserved_months), 50_000)

        url = self._url("group_budget_addition_action", addition)
        self.start_tour(url, "group_budget_tour_review_approve", login="budget_office")
        office_step = addition.review_ids.filtered(
            lambda review: (
                review.definition_id
                == self.env.ref("group_budget.tier_definition_addition_office_review")
            )
        )
        self.assertEqual((office_step.status, office_step.done_by), ("approved", self.office))
        self.assertEqual(addition.state, "submitted", "the general manager decides")
        self.assertEqual(rent.total, rent_before, "nothing changes before the last step")

        self.start_tour(url, "group_budget_tour_review_approve", login="trucks_gm")
        self.assertEqual(addition.state, "approved")
        gm_step = addition.review_ids - office_step
        self.assertEqual(gm_step.done_by, self.trucks_gm)
        self.assertAlmostEqual(rent.total, rent_before + 50_000)
        self.assertAlmostEqual(self._month(rent), rent_month + 50_000)
        self.assertAlmostEqual(salaries.total, salaries_before - 50_000)
        self.assertTrue(addition.version_id, "approval stores a new budget version")

    # ------------------------------------------------------------------
    # Adjustments (manual §七 6.2)
    # ------------------------------------------------------------------
    def test_adjustment_submitted_evaluated_and_recognised(self):
        """Another case (另行认定): the officer submits, the Budget Office
        writes its opinion during its review and approves its step, the
        Budget Committee recognises the case and approves."""
        rent = self._budget_line(self.sales, self.rent)
        rent_before = rent.total
        self.assertNotEqual(rent_before, 300_000)
        adjustment = self._rent_adjustment()
        url = self._url("group_budget_adjustment_action", adjustment)
        self.start_tour(url, "group_budget_tour_adjustment_officer_submit", login="budget_officer")
        self.assertEqual(adjustment.state, "submitted")
        self.assertEqual(adjustment.line_ids.proposed_value, 300_000)
        self.assertIn("landlord refused", adjustment.internal_measures)

        self.start_tour(url, "group_budget_tour_adjustment_lines_fit", login="budget_office")
        self.start_tour(url, "group_budget_tour_adjustment_office_review", login="budget_office")
        self.assertIn("recommended", adjustment.office_opinion)
        reviews = adjustment.review_ids.sorted("sequence")
        self.assertEqual(reviews[0].done_by, self.office)
        self.assertEqual(reviews[0].status, "approved")
        recognition = reviews.filtered(
            lambda review: (
                review.definition_id
                == self.env.ref("group_budget.tier_definition_adjustment_other_case")
            )
        )
        self.assertEqual(recognition.status, "pending", "the Committee recognises the case next")
        self.assertEqual(adjustment.state, "submitted")

        self.start_tour(url, "group_budget_tour_review_approve", login="budget_committee")
        self.assertEqual((recognition.status, recognition.done_by), ("approved", self.committee))
        self.assertEqual(adjustment.state, "submitted", "the Committee's approval is its own step")
        self.assertEqual(rent.total, rent_before, "nothing changes before the last step")

        self.start_tour(url, "group_budget_tour_review_approve", login="budget_committee")
        self.assertEqual(adjustment.state, "approved")
        self.assertAlmostEqual(rent.total, 300_000)
        self.assertTrue(adjustment.version_ids, "approval stores a new budget version")

    # ------------------------------------------------------------------
    # Arbitration (manual §八)
    # ------------------------------------------------------------------
    def _rejected_addition(self):
        """The officer's addition to the sales rent, rejected by the general
        manager: the record the arbitration disputes."""
        addition = self.env["group.budget.demo"]._submit_demo_addition(
            {
                "name": "BA/TOUR/0001",
                "amount": 50_000,
                "reason": "The storage unit of the showroom.",
                "funding": "reserve",
            }
        )
        addition.with_user(self.office).validate_tier()
        addition.with_user(self.trucks_gm).reject_tier()
        self.assertEqual(addition.state, "rejected")
        return addition

    def test_arbitration_filed_referred_ruled_and_corrected(self):
        addition = self._rejected_addition()
        rent = self._budget_line(self.sales, self.rent)
        arbitration = self._created_by_tour(
            "group.budget.arbitration",
            self._url("group_budget_arbitration_action") + "/new",
            "group_budget_tour_arbitration_file",
            login="budget_officer",
        )
        self.assertEqual(len(arbitration), 1)
        self.assertEqual(
            (arbitration.state, arbitration.centre_id, arbitration.matter),
            ("submitted", self.sales, "responsibility"),
        )
        self.assertEqual(arbitration.disputed_ref, addition)
        self.assertEqual(arbitration.decision_author_id, self.trucks_gm)
        self.assertIn("reserve", arbitration.applicant_opinion)

        url = self._url("group_budget_arbitration_action", arbitration)
        self.start_tour(url, "group_budget_tour_arbitration_office_refer", login="budget_office")
        self.assertEqual(arbitration.state, "referred")
        self.assertEqual(
            (arbitration.received_by_id, arbitration.coordinator_id), (self.office, self.office)
        )
        self.assertIn("grant the addition", arbitration.office_opinion)

        self.start_tour(
            url, "group_budget_tour_arbitration_committee_rule", login="budget_committee"
        )
        self.assertEqual((arbitration.state, arbitration.ruled_by_id), ("ruled", self.committee))
        self.assertIn("50,000.00", arbitration.ruling)

        corrective = self._created_by_tour(
            "group.budget.adjustment",
            url,
            "group_budget_tour_arbitration_corrective",
            login="budget_office",
        )
        self.assertEqual(len(corrective), 1)
        self.assertEqual(
            (corrective.state, corrective.period_id, corrective.centre_id, corrective.condition),
            ("submitted", self.current_period, self.sales, "other"),
        )
        self.assertEqual(corrective.reason, arbitration.ruling)
        self.assertEqual(corrective.submitted_by_id, self.office)
        self.assertEqual(
            corrective.line_ids.mapped(lambda line: (line.item_id, line.proposed_value)),
            [(self.rent, rent.total + 50_000)],
        )
        self.assertEqual(corrective.date_effective, fields.Date.today().replace(day=1))

    def test_arbitration_register_reads_whole(self):
        """The register at 1,280 px in Chinese: numbers, dates, matters and
        states are not cut off (the tour checks every cell)."""
        self.assertTrue(
            self.env["group.budget.arbitration"].search_count(
                [("state", "=", "referred"), ("company_id", "=", self.trucks_company.id)]
            ),
            "the demo holds a matter referred to the Committee, the longest state",
        )
        # The register lists the matters of the companies the user works in.
        self.office.company_id = self.trucks_company
        self.start_tour(
            self._url("group_budget_arbitration_action"),
            "group_budget_tour_arbitration_register",
            login="budget_office",
        )
