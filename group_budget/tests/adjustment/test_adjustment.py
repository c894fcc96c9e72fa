import datetime
import re

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from ... import guard
from ..common import ADJUSTMENT_MONTH, GroupBudgetCase


@tagged("post_install", "-at_install")
class TestAdjustment(GroupBudgetCase):
    """Mid-year budget adjustments (manual §七)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_adjustment()
        cls._setup_forecast_items()

    @classmethod
    def _setup_forecast_items(cls):
        """A sales office under the group, with an executing budget of a
        seasonal marketing item (12,000.00: 500.00 a month to September,
        2,500.00 a month in the fourth quarter), vehicles sold (non-financial,
        summed: 1,000 a month) and a market share (non-financial, averaged:
        10 every month)."""
        cls.account_marketing = cls._shared_account("GB6600", "Test Marketing")
        cls.item_marketing = cls._cost_item("Marketing", "T-MKT", "flexible", cls.account_marketing)
        cls.item_share = cls._share_item()
        cls.centre_sales = cls._sales_office()
        seasonal = [500.0] * 9 + [2_500.0] * 3
        budget = cls.env["group.budget"].create(
            {
                "centre_id": cls.centre_sales.id,
                "period_id": cls.period.id,
                "line_ids": [
                    Command.create(
                        {
                            "item_id": item.id,
                            **{f"month_{m:02d}": months[m - 1] for m in range(1, 13)},
                        }
                    )
                    for item, months in (
                        (cls.item_marketing, seasonal),
                        (cls.item_volume, [1_000.0] * 12),
                        (cls.item_share, [10.0] * 12),
                    )
                ],
            }
        )
        budget._set_state("executing")
        cls.env["group.budget.version"]._create_snapshots(budget, kind="approval")

    def setUp(self):
        super().setUp()
        # Inside the default window: January to September have closed, so the
        # forecast is the actual of those nine months ÷ their budget × the
        # year's budget (the year to date × 12 / 9 for even budgets).
        self._enter_adjustment_window()

    def _post_travel(self, ytd, centre=None):
        """Travel actuals of the year to date, in nine monthly postings."""
        centre = centre or self.centre_sub
        monthly = round(ytd / 9, 2)
        amounts = [monthly] * 8 + [round(ytd - monthly * 8, 2)]
        self._entries(
            [
                (datetime.date(2031, month, 15), self.account_travel, amount, {centre: 100.0})
                for month, amount in enumerate(amounts, start=1)
            ]
        )

    def _submit(self, adjustment, user=None):
        adjustment.with_user(user or self.user_officer).action_submit()
        return adjustment

    def _months(self, budget, item):
        line = budget.line_ids.filtered(lambda line: line.item_id == item)
        return [line[f"month_{m:02d}"] for m in range(1, 13)]

    # ------------------------------------------------------------------
    # The 20% rules, each on both sides of its edge
    # ------------------------------------------------------------------
    def test_forecast_rule_on_both_sides(self):
        self._set_net_assets(1e9)
        self._post_travel(1080.0)  # forecast 1440: 20% above 1200
        adjustment = self._adjustment(proposed=1300.0)
        line = adjustment.line_ids
        self.assertAlmostEqual(line.forecast_value, 1440.0)
        self.assertAlmostEqual(line.deviation_ratio, 20.0)
        self.assertTrue(line.rule_met)
        self.assertIn("1,440.00", line.rule_summary)
        self._submit(adjustment)
        self.assertEqual(adjustment.state, "submitted")

    def test_forecast_rule_counts_commitments(self):
        """The forecast of the ledger and the warnings: what confirmed
        documents commit is consumed budget, and a floor of the forecast."""
        self._set_net_assets(1e9)
        self._post_travel(900.0)  # forecast 1200: no deviation
        line = self._adjustment(proposed=1300.0).line_ids
        self.assertAlmostEqual(line.forecast_value, 1200.0)
        self.assertFalse(line.rule_met)
        # 180.00 committed in September: (900 + 180) / 900 × 1,200.
        self._commit(self.budget_sub, self.item_travel, "2031-09-01", 180.0)
        line.invalidate_recordset()
        self.assertAlmostEqual(line.forecast_value, 1440.0)
        self.assertTrue(line.rule_met)
        # 600.00 more in December: never below 900 + 780.
        self._commit(self.budget_sub, self.item_travel, "2031-12-01", 600.0)
        line.invalidate_recordset()
        self.assertAlmostEqual(line.forecast_value, 1680.0)

    def test_forecast_rule_just_below(self):
        self._set_net_assets(1e9)
        self._post_travel(1079.0)  # forecast 1438.67: 19.9%
        adjustment = self._adjustment(proposed=1300.0)
        self.assertFalse(adjustment.line_ids.rule_met)
        with self.assertRefused(UserError, "meets none of the adjustment rules"):
            self._submit(adjustment)
        self.assertEqual(adjustment.state, "draft")

    def test_resources_rule_on_both_sides(self):
        self._set_net_assets(1000.0)
        self._post_travel(900.0)  # forecast 1200: no deviation
        met = self._adjustment(proposed=1400.0)  # 200 of 1000
        self.assertAlmostEqual(met.line_ids.resource_ratio, 20.0)
        self.assertTrue(met.line_ids.rule_met)
        self._submit(met)
        self._post_travel(450.0, self.centre_dept)  # forecast 600: no deviation
        below = self._adjustment(proposed=799.0, centre=self.centre_dept)  # 199 of 1000
        self.assertFalse(below.line_ids.rule_met)
        with self.assertRefused(UserError, "meets none"):
            self._submit(below)

    def test_reallocation_rule_on_both_sides(self):
        self._set_net_assets(1000.0)
        self._post_travel(900.0)
        met = self._adjustment(proposed=1000.0, kind="reallocate")
        self.assertTrue(met.line_ids.rule_met)
        below = self._adjustment(proposed=1001.0, kind="reallocate", item=self.item_rent)
        self.assertFalse(below.line_ids.rule_met)
        self._submit(met)
        with self.assertRefused(UserError, "meets none"):
            self._submit(below)

    def test_forecast_rule_follows_the_seasonal_profile(self):
        """Marketing spent exactly to plan to September: the ledger forecasts
        the year's budget, 12,000.00 (not the straight line's 6,000.00, a
        "50 %" deviation); a raise of 8.3 % meets no rule."""
        self._set_net_assets(1e9)
        self._entries(
            [
                (
                    datetime.date(2031, month, 15),
                    self.account_marketing,
                    500.0,
                    {self.centre_sales: 100.0},
                )
                for month in range(1, 10)
            ]
        )
        ledger = self.env["group.budget.ledger"].search(
            [
                ("centre_id", "=", self.centre_sales.id),
                ("item_id", "=", self.item_marketing.id),
                ("month", "=", 9),
            ]
        )
        self.assertAlmostEqual(ledger.forecast, 12_000.0)
        adjustment = self._adjustment(
            proposed=13_000.0, centre=self.centre_sales, item=self.item_marketing
        )
        line = adjustment.line_ids
        self.assertAlmostEqual(line.forecast_value, ledger.forecast)
        self.assertAlmostEqual(line.deviation_ratio, 0.0)
        self.assertFalse(line.rule_met)
        with self.assertRefused(
            UserError, r"forecast \D*12,000.00\D* vs target \D*12,000.00\D*: 0.0%"
        ):
            self._submit(adjustment)
        self.assertEqual(adjustment.state, "draft")

    def _indicators(self, item, values):
        """Indicator actuals of the sales office, January onwards."""
        return self.env["group.budget.indicator.actual"].create(
            [
                {
                    "period_id": self.period.id,
                    "centre_id": self.centre_sales.id,
                    "item_id": item.id,
                    "date": datetime.date(2031, month, 1),
                    "value": value,
                }
                for month, value in enumerate(values, start=1)
            ]
        )

    def test_forecast_rule_of_non_financial_items_on_plan(self):
        """Vehicles sold (summed) and market share (averaged) on plan to
        September: their forecasts, from the indicator actuals, are the year's
        budgets; no deviation, nothing to adjust."""
        self._set_net_assets(1e9)
        self._indicators(self.item_volume, [1_000.0] * 9)
        self._indicators(self.item_share, [10.0] * 9)
        adjustment = self._adjustment(
            proposed=13_000.0, centre=self.centre_sales, item=self.item_volume
        )
        adjustment.write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "centre_id": self.centre_sales.id,
                            "item_id": self.item_share.id,
                            "proposed_value": 10.5,
                            **{f"month_{m:02d}": 10.0 if m < 10 else 12.0 for m in range(1, 13)},
                        }
                    )
                ]
            }
        )
        volume, share = adjustment.line_ids
        self.assertEqual(share.item_id, self.item_share)
        self.assertAlmostEqual(volume.forecast_value, 12_000.0)
        self.assertAlmostEqual(share.forecast_value, 10.0)
        self.assertEqual((volume.rule_met, share.rule_met), (False, False))
        with self.assertRefused(UserError, "Volume meets none"):
            self._submit(adjustment)

    def test_forecast_rule_of_non_financial_items_off_plan(self):
        """Vehicles sold at 1,200 a month to September: a forecast of
        14,400.00, 20 % above the 12,000 budgeted, and the raise is accepted;
        a cent fewer sold (14,399.99, 19.9999 %) and it is refused, the
        message showing why. A market share of 8 (20 % under 10) may be
        lowered."""
        self._set_net_assets(1e9)
        actuals = self._indicators(self.item_volume, [1_200.0] * 9)
        adjustment = self._adjustment(
            proposed=13_000.0, centre=self.centre_sales, item=self.item_volume
        )
        line = adjustment.line_ids
        self.assertAlmostEqual(line.forecast_value, 14_400.0)
        self.assertAlmostEqual(line.deviation_ratio, 20.0)
        self.assertTrue(line.rule_met)
        actuals[-1].value = 1_199.99
        line.invalidate_recordset()
        self.assertAlmostEqual(line.forecast_value, 14_399.99)
        self.assertFalse(line.rule_met)
        with self.assertRefused(
            UserError, r"14,399.99 vehicles vs target 12,000 vehicles: 19.9999% \(20% needed\)"
        ):
            self._submit(adjustment)
        actuals[-1].value = 1_200.0
        line.invalidate_recordset()
        self._submit(adjustment)
        self.assertEqual(adjustment.state, "submitted")
        self._indicators(self.item_share, [8.0] * 9)
        lowered = self._adjustment(
            proposed=9.5,
            kind="lower",
            centre=self.centre_sales,
            item=self.item_share,
            months={f"month_{m:02d}": 10.0 if m < 10 else 8.0 for m in range(1, 13)},
        )
        self.assertAlmostEqual(lowered.line_ids.forecast_value, 8.0)
        self.assertTrue(lowered.line_ids.rule_met)
        self._submit(lowered)

    def test_resources_rule_to_the_cent_and_its_message(self):
        """Opening net assets of 10,000.00: a raise of 1,999.99 is 19.9999 %
        and refused, the message saying so rather than "20.0%"; 2,000.00 and
        2,000.01 are accepted."""
        self._set_net_assets(10_000.0)
        self._post_travel(900.0)  # forecast 1,200.00: no deviation
        refused = self._adjustment(proposed=3_199.99)
        self.assertFalse(refused.line_ids.rule_met)
        with self.assertRefused(
            UserError, r"1,999.99 of net assets \D*10,000.00: 19.9999% \(20% needed\)"
        ):
            self._submit(refused)
        refused.unlink()
        met = self._adjustment(proposed=3_200.0)
        self.assertRegex(
            met.line_ids.rule_summary, r"of net assets \D*10,000.00\D*: 20.0% \(20% needed\)"
        )
        self._submit(met)
        above = self._adjustment(proposed=3_200.01, item=self.item_rent)
        self.assertRegex(
            above.line_ids.rule_summary, r"2,000.01\D* of net assets \D*10,000.00\D*: 20.0001%"
        )
        self.assertTrue(above.line_ids.rule_met)

    def test_threshold_is_a_company_setting(self):
        self._set_net_assets(1000.0)
        self._post_travel(900.0)
        adjustment = self._adjustment(proposed=1350.0)
        self.assertFalse(adjustment.line_ids.rule_met)
        self.company_a.group_budget_adjustment_threshold = 15.0
        adjustment.invalidate_recordset()
        adjustment.line_ids.invalidate_recordset()
        self.assertTrue(adjustment.line_ids.rule_met)

    def test_another_case_needs_the_committee_step(self):
        self._set_net_assets(1e9)
        self._post_travel(900.0)
        adjustment = self._adjustment(proposed=1210.0, condition="other")
        self.assertFalse(adjustment.line_ids.rule_met)
        self._submit(adjustment)
        names = adjustment.review_ids.mapped("name")
        self.assertIn("Budget Committee recognition of another case", names)
        self._approve_adjustment(adjustment)
        self.assertEqual(adjustment.state, "approved")

    def test_direction_of_the_kind(self):
        self._set_net_assets(1000.0)
        adjustment = self._adjustment(proposed=900.0, kind="raise")
        with self.assertRefused(UserError, "must change the value in that direction"):
            self._submit(adjustment)

    # ------------------------------------------------------------------
    # Opening net assets
    # ------------------------------------------------------------------
    def test_opening_net_assets_from_equity_and_override(self):
        equity = (
            self.env["account.account"]
            .with_company(self.company_a)
            .create({"name": "Capital", "code": "GB3100", "account_type": "equity"})
        )
        self._entries(
            [
                (datetime.date(2030, 6, 1), equity, -5000.0, {}),
                (datetime.date(2031, 2, 1), equity, -700.0, {}),  # after 1 January
            ]
        )
        self.period.invalidate_recordset()
        self.assertAlmostEqual(self.period.opening_net_assets_computed, 5000.0)
        self.assertAlmostEqual(self.period.opening_net_assets, 5000.0)
        with self.assertRefused(ValidationError, "Say in a note why"):
            self.period.with_user(self.user_office).opening_net_assets_override = 4000.0
        self._set_net_assets(4000.0)
        self.assertAlmostEqual(self.period.opening_net_assets, 4000.0)

    # ------------------------------------------------------------------
    # Window
    # ------------------------------------------------------------------
    def test_window(self):
        self._set_net_assets(1000.0)
        with (
            freeze_time("2031-08-31"),
            self.assertRefused(UserError, "accepted from 2031-09-01 to 2031-10-31"),
        ):
            self._adjustment(proposed=1400.0, date_effective=datetime.date(2031, 9, 1))
        with freeze_time("2031-09-01"):
            self._adjustment(proposed=1400.0, date_effective=datetime.date(2031, 9, 1)).unlink()
        with freeze_time("2031-11-01"):
            with self.assertRefused(UserError, "only the Budget Committee"):
                self._adjustment(proposed=1400.0, date_effective=datetime.date(2031, 11, 1))
            with self.assertRefused(AccessError, "Only the Budget Committee"):
                self.period.with_user(self.user_office).write(
                    {"adjustment_exception_until": "2031-11-15", "adjustment_exception_reason": "x"}
                )
            with self.assertRefused(ValidationError, "Give the reason"):
                self.period.with_user(self.user_committee).adjustment_exception_until = "2031-11-15"
            self.period.with_user(self.user_committee).write(
                {
                    "adjustment_exception_until": "2031-11-15",
                    "adjustment_exception_reason": "A capital injection in October.",
                }
            )
            adjustment = self._adjustment(
                proposed=1400.0, date_effective=datetime.date(2031, 11, 1)
            )
            self._submit(adjustment)

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------
    def test_mandatory_texts(self):
        before = self.env["group.budget.adjustment"].search_count([])
        for name in ("reason", "internal_measures", "execution_status", "factors"):
            with self.assertRefused(ValidationError, "must state"):
                self._adjustment(proposed=1400.0, **{name: "  "})
        self.assertEqual(self.env["group.budget.adjustment"].search_count([]), before)

    def test_closed_or_past_month(self):
        with self.assertRefused(ValidationError, "2031-09 is a closed or past month"):
            self._adjustment(proposed=1400.0, date_effective=datetime.date(2031, 9, 1))
        self.company_a.fiscalyear_lock_date = datetime.date(2031, 10, 31)
        with self.assertRefused(ValidationError, "closed or past month"):
            self._adjustment(proposed=1400.0)

    def test_months_before_the_effective_month_never_change(self):
        months = {f"month_{m:02d}": 100.0 for m in range(1, 13)}
        months.update(month_01=90.0, month_12=310.0)
        with self.assertRefused(ValidationError, r"months before the effective month \(1\)"):
            self._adjustment(proposed=1400.0, months=months)

    def test_months_must_add_up(self):
        months = {f"month_{m:02d}": 100.0 for m in range(1, 13)}
        months.update(month_12=250.0)
        with self.assertRefused(
            ValidationError, r"give \D*1,350.00\D*, not the proposed year value \D*1,400.00"
        ):
            self._adjustment(proposed=1400.0, months=months)

    def test_default_months_keep_the_past(self):
        adjustment = self._adjustment(proposed=1500.0)
        line = adjustment.line_ids
        self.assertEqual(line._months(), [100.0] * 9 + [200.0] * 3)
        with self.assertRefused(UserError, "submitted: it can no longer be changed"):
            self._set_net_assets(1000.0)
            self._submit(adjustment)
            line.with_user(self.user_officer).proposed_value = 1600.0

    def test_centre_or_item_without_budget(self):
        with self.assertRefused(ValidationError, "has no approved budget of 2031 for"):
            self._adjustment(proposed=100.0, centre=self.centre_dept_spare)
        with self.assertRefused(ValidationError, "has no approved budget of 2031 for"):
            self._adjustment(proposed=100.0, item=self.item_volume)

    def test_second_pending_adjustment(self):
        first = self._adjustment(proposed=1400.0)
        # The message names the pending adjustment only, not the one refused.
        pattern = rf"already has a pending adjustment \({re.escape(first.name)}\)"
        with self.assertRefused(ValidationError, pattern):
            self._adjustment(proposed=1500.0)

    def test_line_outside_the_applicant(self):
        with self.assertRefused(ValidationError, "is not .* or one of its centres"):
            self._adjustment(proposed=1400.0, line_centre=self.centre_sibling)

    def test_self_approval_and_opinion(self):
        self._set_net_assets(1000.0)
        adjustment = self._submit(self._adjustment(proposed=1400.0), self.user_office)
        with self.assertRefused(UserError, "opinion .* is missing"):
            adjustment.with_user(self.user_committee).validate_tier()
        with self.assertRefused(AccessError, "Only the Budget Office gives its opinion"):
            adjustment.with_user(self.user_officer).office_opinion = "Fine by me."
        adjustment.with_user(self.user_office).office_opinion = "Checked."
        with self.assertRefused(UserError, "cannot approve a step of your own request"):
            adjustment.with_user(self.user_office).validate_tier()
        with self.assertRefused(UserError, "only its reviewers"):
            adjustment.with_user(self.user_officer).reject_tier()

    def test_office_gives_its_opinion_on_screen_during_review(self):
        """The form as the Budget Office: the opinion stays editable while the
        review steps run (base_tier_validation locks the other fields)."""
        self._set_net_assets(1000.0)
        adjustment = self._submit(self._adjustment(proposed=1400.0))
        self.assertEqual(adjustment.validation_status, "pending")
        with Form(adjustment.with_user(self.user_office)) as form:
            form.office_opinion = "Checked against the ledger: the market changed."
        self.assertEqual(
            adjustment.office_opinion, "Checked against the ledger: the market changed."
        )
        adjustment.with_user(self.user_office).validate_tier()
        self.assertEqual(adjustment.review_ids[:1].status, "approved")

    def test_grouped_lists_never_add_years_up(self):
        """Grouped by centre, the list's year column is no sum of years."""
        self._set_net_assets(1000.0)
        self._adjustment(proposed=1400.0)
        self._adjustment(proposed=1300.0, kind="raise", centre=self.centre_dept)
        groups = self.env["group.budget.adjustment"].web_read_group(
            [("period_id", "=", self.period.id)], ["year"], ["period_id"]
        )["groups"]
        self.assertEqual(groups[0]["period_id_count"], 2)
        self.assertNotIn("year", groups[0])
        for model in ("group.budget.adjustment", "group.budget.target.line", "group.budget.period"):
            self.assertFalse(self.env[model]._fields["year"].aggregator, model)

    def test_state_moves_only_through_buttons(self):
        adjustment = self._adjustment(proposed=1400.0)
        with self.assertRefused(UserError, "changes only through its buttons"):
            adjustment.with_user(self.user_officer).state = "approved"

    # ------------------------------------------------------------------
    # Approval, versions, letters, children; rejection
    # ------------------------------------------------------------------
    def test_approval_writes_a_version_and_compares(self):
        self._set_net_assets(1000.0)
        adjustment = self._submit(self._adjustment(proposed=1500.0))
        versions_before = self.budget_sub.version_count
        self._approve_adjustment(adjustment)
        self.assertEqual(adjustment.state, "approved")
        self.assertEqual(self._months(self.budget_sub, self.item_travel), [100.0] * 9 + [200.0] * 3)
        self.assertEqual(self.budget_sub.version_count, versions_before + 1)
        self.assertEqual(adjustment.version_ids.kind, "adjustment")
        action = adjustment.with_user(self.user_officer).action_compare_versions()
        compare = self.env["group.budget.version.compare"].browse(action["res_id"])
        travel = compare.line_ids.filtered(lambda line: line.item_id == self.item_travel)
        self.assertEqual(
            (travel.value_a, travel.value_b, travel.difference), (1200.0, 1500.0, 300.0)
        )
        rent = compare.line_ids.filtered(lambda line: line.item_id == self.item_rent)
        self.assertFalse(rent.difference)

    def test_approval_supersedes_the_signed_letter(self):
        self._set_net_assets(1000.0)
        letter = self.letter_sub_signed
        adjustment = self._submit(self._adjustment(proposed=1500.0))
        self._approve_adjustment(adjustment)
        self.assertEqual(letter.state, "superseded")
        new = adjustment.letter_ids
        self.assertEqual(len(new), 1)
        self.assertEqual((new.state, new.version), ("draft", 2))
        self.assertEqual(letter.superseded_by_id, new)
        # The old letter stays readable.
        self.assertTrue(letter.with_user(self.user_officer).read(["name"]))

    def test_rejection_changes_nothing(self):
        self._set_net_assets(1000.0)
        adjustment = self._submit(self._adjustment(proposed=1500.0))
        before = self._months(self.budget_sub, self.item_travel)
        versions = self.budget_sub.version_count
        adjustment.with_user(self.user_office).reject_tier()
        self.assertEqual(adjustment.state, "rejected")
        self.assertEqual(self._months(self.budget_sub, self.item_travel), before)
        self.assertEqual(self.budget_sub.version_count, versions)
        self.assertEqual(self.letter_sub_signed.state, "signed")
        self.assertFalse(adjustment.child_ids)

    def test_children_break_down_the_change(self):
        self._set_net_assets(1000.0)
        adjustment = self._submit(self._adjustment(proposed=1500.0))
        self._approve_adjustment(adjustment)
        child = adjustment.child_ids
        self.assertEqual(len(child), 1)
        self.assertEqual((child.centre_id, child.state), (self.centre_dept, "draft"))
        self.assertEqual(child.line_ids.current_value, 600.0)
        with self.assertRefused(UserError, "breakdown across centres does not add up"):
            child.with_user(self.user_officer).action_submit()
        line = child.line_ids
        with self.assertRefused(UserError, r"children add up to \D*1,400.00"):
            line.write(
                {
                    "proposed_value": 1400.0,
                    **line._months_vals([50.0] * 9 + [316.67, 316.67, 316.66]),
                }
            )
            child.with_user(self.user_officer).action_submit()
        line.write({"proposed_value": 1500.0, **line._months_vals([50.0] * 9 + [350.0] * 3)})
        child.with_user(self.user_officer).action_submit()
        self._approve_adjustment(child)
        self.assertEqual(child.state, "approved")
        self.assertEqual(self._months(self.budget_dept, self.item_travel), [50.0] * 9 + [350.0] * 3)

    # ------------------------------------------------------------------
    # The agreed targets follow (manual §七, §三 5.6)
    # ------------------------------------------------------------------
    def _agreed(self, centre, values):
        """Agreed target lines of ``centre`` for ``{item: value}``, broken
        down evenly, in the target it has (the subsidiary's, under its signed
        letter) or a new agreed one."""
        target = self.env["group.budget.target"].search(
            [("centre_id", "=", centre.id), ("period_id", "=", self.period.id)]
        )
        if not target:
            target = self._target(centre, {})
            target._set_state("agreed")
        lines = self.env["group.budget.target.line"].create(
            [
                {"target_id": target.id, "item_id": item.id, "issued_value": value}
                for item, value in values.items()
            ]
        )
        lines._set_agreed({line: line.issued_value for line in lines})
        lines._apply_breakdown()
        return lines

    def test_approval_carries_the_values_to_the_agreed_targets(self):
        """A reallocation of the subsidiary: its travel lowered from 1,200.00
        to 900.00, its plant's (a child centre) raised from 600.00 to 900.00,
        its rent raised to 1,500.00. The agreed targets follow from October
        on, through the lock of the subsidiary's signed letter; the rent, in
        the budget but not in the target, has no target to change."""
        self._set_net_assets(1000.0)
        sub_travel = self._agreed(self.centre_sub, {self.item_travel: 1_200.0})
        plant_travel = self._agreed(self.centre_dept, {self.item_travel: 600.0})
        target = sub_travel.target_id
        target.locked = True  # as its signed letter holds it
        items = target.line_ids.item_id
        adjustment = self._add_adjustment_lines(
            self._adjustment(proposed=900.0, kind="reallocate"),
            [
                (self.centre_dept, self.item_travel, 900.0),
                (self.centre_sub, self.item_rent, 1_500.0),
            ],
        )
        self._approve_adjustment(self._submit(adjustment))
        self.assertEqual(adjustment.state, "approved")
        self.assertEqual((sub_travel.agreed_value, sub_travel.value), (900.0, 900.0))
        self.assertEqual(sub_travel._months(), [100.0] * 9 + [0.0] * 3)
        self.assertEqual((plant_travel.agreed_value, plant_travel.value), (900.0, 900.0))
        self.assertEqual(plant_travel._months(), [50.0] * 9 + [150.0] * 3)
        self.assertEqual(target.line_ids.item_id, items)
        self.assertIn(self.item_volume, items)
        self.assertNotIn(self.item_rent, items)
        # Amounts with their currency.
        symbol = re.escape(self.company_a.currency_id.symbol)
        self.assertRegex(target.message_ids[0].body, rf"{symbol}\D*1,200.00 → {symbol}\D*900.00")
        self.assertRegex(
            plant_travel.target_id.message_ids[0].body, rf"{symbol}\D*600.00 → {symbol}\D*900.00"
        )
        # The letter signed is superseded; its target is free until the new
        # version is signed.
        self.assertEqual(self.letter_sub_signed.state, "superseded")
        self.assertFalse(target.locked)

    def test_lowering_keeps_the_targets_own_past_months(self):
        """The subsidiary's travel target of 1,200.00, agreed at 50.00 a month
        to June and 150.00 after, while its budget is even (100.00 a month),
        lowered to 960.00 from October: the budget keeps its 900.00 to
        September and gets 20.00 a month; the target keeps its own 750.00 to
        September and gets the 210.00 left, 70.00 a month."""
        self._set_net_assets(1000.0)
        travel = self._agreed(self.centre_sub, {self.item_travel: 1_200.0})
        travel.write(travel._months_vals([50.0] * 6 + [150.0] * 6))
        travel.target_id.locked = True
        self._approve_adjustment(self._submit(self._adjustment(proposed=960.0, kind="lower")))
        self.assertEqual(self._months(self.budget_sub, self.item_travel), [100.0] * 9 + [20.0] * 3)
        self.assertEqual(travel.agreed_value, 960.0)
        self.assertEqual(travel._months(), [50.0] * 6 + [150.0] * 3 + [70.0] * 3)
        self.assertEqual((travel.q1, travel.q3, travel.q4), (150.0, 450.0, 210.0))

    def test_breakdown_carries_the_values_to_the_childrens_targets(self):
        """The subsidiary's travel raised to 1,500.00: its target follows at
        once, the plant's when the plant's breakdown is approved."""
        self._set_net_assets(1000.0)
        sub_travel = self._agreed(self.centre_sub, {self.item_travel: 1_200.0})
        plant_travel = self._agreed(self.centre_dept, {self.item_travel: 600.0})
        adjustment = self._submit(self._adjustment(proposed=1500.0))
        self._approve_adjustment(adjustment)
        self.assertEqual(sub_travel.value, 1_500.0)
        self.assertEqual(plant_travel.value, 600.0)
        child = adjustment.child_ids
        child.line_ids.write(
            {
                "proposed_value": 1500.0,
                **child.line_ids._months_vals([50.0] * 9 + [350.0] * 3),
            }
        )
        child.with_user(self.user_officer).action_submit()
        self._approve_adjustment(child)
        self.assertEqual(plant_travel.value, 1_500.0)
        self.assertEqual(plant_travel._months(), [50.0] * 9 + [350.0] * 3)

    def test_officer_of_another_centre_sees_nothing(self):
        adjustment = self._adjustment(proposed=1400.0)
        stranger = self.user_office.copy(
            {
                "login": "gb_adj_stranger",
                "groups_id": [Command.set(self.env.ref("group_budget.group_budget_officer").ids)],
            }
        )
        self.assertFalse(
            self.env["group.budget.adjustment"]
            .with_user(stranger)
            .search([("id", "=", adjustment.id)])
        )
        self.assertFalse(
            self.env["group.budget.adjustment.line"]
            .with_user(stranger)
            .search([("id", "in", adjustment.line_ids.ids)])
        )
        self.assertEqual(
            self.env["group.budget.adjustment"]
            .with_user(self.user_officer)
            .search([("id", "=", adjustment.id)]),
            adjustment,
        )

    def test_printable_application(self):
        self._set_net_assets(1000.0)
        adjustment = self._adjustment(proposed=1500.0)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_officer)
            ._render_qweb_html("group_budget.group_budget_adjustment_report", adjustment.ids)[0]
            .decode()
        )
        self.assertIn("Budget Adjustment Application", html)
        self.assertIn(adjustment.name, html)
        self.assertIn("Video calls replace visits", html)
        self.assertIn("1,500.00", html)
        self.assertIn("of net assets", html)

    def test_rule_checks_in_few_queries(self):
        """The rule figures of many lines take as many queries as one line's."""
        self._set_net_assets(1000.0)
        self._post_travel(900.0)
        one = self._adjustment(proposed=1500.0)
        others = self._adjustment(proposed=700.0, centre=self.centre_dept) | self._adjustment(
            proposed=1300.0, item=self.item_rent
        )
        others[1].write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "centre_id": self.centre_sub.id,
                            "item_id": self.item_office.id,
                            "proposed_value": 700.0,
                        }
                    )
                ]
            }
        )
        counts = []
        for adjustments in (one, one | others):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            adjustments.line_ids.mapped("rule_summary")
            counts.append((len(adjustments.line_ids), self.cr.sql_log_count - before))
        self.assertEqual(counts[0][0], 1)
        self.assertEqual(counts[1][0], 4)
        self.assertLessEqual(counts[1][1], counts[0][1], counts)

    def test_flow_fields_are_not_written_by_hand(self):
        adjustment = self._adjustment(proposed=1400.0)
        for vals in (
            {"parent_id": adjustment.id},
            {"version_ids": [Command.set(self.budget_sub.version_ids.ids)]},
            {"submitted_by_id": self.user_office.id},
        ):
            with self.assertRefused(UserError, "follow from its submission and approval"):
                adjustment.with_user(self.user_officer).write(vals)
        with self.assertRefused(UserError, "Breaks Down of an adjustment follow"):
            self._adjustment(proposed=700.0, centre=self.centre_dept, parent_id=adjustment.id)

    def test_form_spreads_the_proposed_value(self):
        form = Form(self.env["group.budget.adjustment"].with_user(self.user_officer))
        form.period_id = self.period
        form.centre_id = self.centre_sub
        form.condition = "market"
        form.date_effective = ADJUSTMENT_MONTH
        for name in ("reason", "execution_status", "factors", "internal_measures"):
            setattr(form, name, "Stated.")
        with form.line_ids.new() as line:
            line.centre_id = self.centre_sub
            line.item_id = self.item_travel
            line.proposed_value = 1500.0
            self.assertEqual(line.current_value, 1200.0)
            self.assertEqual(line.month_12, 200.0)
        adjustment = form.save()
        self.assertEqual(adjustment.line_ids._months(), [100.0] * 9 + [200.0] * 3)

    def test_budget_changed_since_the_application(self):
        self._set_net_assets(1000.0)
        adjustment = self._submit(self._adjustment(proposed=1500.0))
        budget_line = self.budget_sub.line_ids.filtered(lambda l: l.item_id == self.item_travel)
        guard.grant(budget_line, guard.NEW_VERSION).month_11 = 150.0
        adjustment.with_user(self.user_office).office_opinion = "Checked."
        adjustment.with_user(self.user_office).validate_tier()
        with self.assertRefused(UserError, "changed after the adjustment .* was made"):
            adjustment.with_user(self.user_committee).validate_tier()
        self.assertEqual(budget_line.month_11, 150.0)
        self.assertEqual(adjustment.state, "submitted")

    def test_threshold_must_be_a_percentage(self):
        for value in (0.0, -5.0, 101.0):
            with self.assertRefused(ValidationError, "adjustment threshold must be a percentage"):
                self.company_a.group_budget_adjustment_threshold = value
