"""Mid-year adjustments (manual §七).

A fixture mixin of :class:`.common.GroupBudgetCase`, which composes them: its
class methods build records in ``setUpClass`` on the base's companies, users,
centres and items.
"""

import datetime

from freezegun import freeze_time

from odoo import Command

# Inside the adjustment window (1 September – 31 October) of 2031, the year
# of :meth:`AdjustmentFixtures._setup_adjustment`: January to September have
# closed, and adjustments take effect from October.
ADJUSTMENT_DAY = "2031-10-05"
ADJUSTMENT_MONTH = datetime.date(2031, 10, 1)


class AdjustmentFixtures:
    """Mid-year adjustments (manual §七)."""

    # ------------------------------------------------------------------
    # Mid-year adjustments (manual §七)
    # ------------------------------------------------------------------
    @classmethod
    def _setup_adjustment(cls):
        """The execution year 2031, with a budget of the plant (travel 50 a
        month) under the subsidiary, a child centre without a budget and a
        signed letter of the subsidiary."""
        cls._setup_execution()
        cls.budget_dept = cls._executing_budget(cls.centre_dept, {cls.item_travel: 50.0})
        cls.centre_dept_spare = cls.env["group.budget.centre"].create(
            {
                "name": "Workshop",
                "code": "S-W",
                "centre_type": "cost",
                "parent_id": cls.centre_sub.id,
                "company_id": cls.company_a.id,
            }
        )
        cls.centre_group.manager_id = cls.user_committee
        cls.centre_sub.manager_id = cls.user_officer
        target = cls._target(cls.centre_sub, {cls.item_volume: 10.0})
        target._set_state("agreed")
        cls.letter_sub_signed = cls.env["group.budget.letter"].create(
            cls.env["group.budget.letter"]._prepare_letter_vals(target)
        )
        cls.letter_sub_signed._set_state("signed")

    def _enter_adjustment_window(self):
        """Freeze the clock at :data:`ADJUSTMENT_DAY` until the end of the test."""
        freezer = freeze_time(ADJUSTMENT_DAY)
        freezer.start()
        self.addCleanup(freezer.stop)

    def _set_net_assets(self, amount):
        self.period.with_user(self.user_office).write(
            {
                "opening_net_assets_override": amount,
                "opening_net_assets_note": "Audited balance sheet at 1 January.",
            }
        )

    def _adjustment(
        self,
        proposed,
        kind="raise",
        item=None,
        centre=None,
        line_centre=None,
        condition="market",
        date_effective=None,
        months=None,
        user=None,
        **texts,
    ):
        """A draft adjustment of one line (travel of the subsidiary by
        default), effective in October 2031."""
        centre = centre or self.centre_sub
        line = {
            "centre_id": (line_centre or centre).id,
            "item_id": (item or self.item_travel).id,
            "proposed_value": proposed,
            **(months or {}),
        }
        vals = {
            "period_id": self.period.id,
            "centre_id": centre.id,
            "source": "subsidiary",
            "condition": condition,
            "kind": kind,
            "date_effective": date_effective or "2031-10-01",
            "reason": "New market in the south.",
            "execution_status": "Travel at 90% of the budget to date.",
            "factors": "A new sales region opened in August.",
            "internal_measures": "Video calls replace visits where possible.",
            "line_ids": [Command.create(line)],
        }
        vals.update(texts)
        return self.env["group.budget.adjustment"].with_user(user or self.user_officer).create(vals)

    def _add_adjustment_lines(self, adjustment, lines):
        """Add lines ``(centre, item, proposed year value[, months])`` to a
        draft adjustment; without months, saving spreads the value."""
        Line = self.env["group.budget.adjustment.line"]
        adjustment.write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "centre_id": centre.id,
                            "item_id": item.id,
                            "proposed_value": value,
                            **(Line._months_vals(months[0]) if months else {}),
                        }
                    )
                    for centre, item, value, *months in lines
                ]
            }
        )
        return adjustment

    def _approve_adjustment(self, adjustment):
        """The Budget Office's opinion and every review step, the Budget
        Committee's own step for another case included."""
        adjustment.with_user(self.user_office).office_opinion = "Justified by the figures."
        adjustment.with_user(self.user_office).validate_tier()
        if adjustment.condition == "other":
            adjustment.with_user(self.user_committee).validate_tier()
        adjustment.with_user(self.user_committee).validate_tier()
        return adjustment

    @classmethod
    def _setup_adjustment_matrix(cls):
        """Draft adjustments (another case, so that they may be submitted
        before the year's figures exist) of the subsidiary, its sibling and
        company B's centre, with the adjustment window open today."""
        today = datetime.date.today()
        (cls.period | cls.period_b).write(
            {
                "adjustment_date_from": today - datetime.timedelta(days=1),
                "adjustment_date_to": today + datetime.timedelta(days=1),
            }
        )
        Adjustment = cls.env["group.budget.adjustment"]
        cls.adjustment_sub, cls.adjustment_sibling, cls.adjustment_b = Adjustment.create(
            [
                cls._matrix_adjustment_vals(centre, item, period)
                for centre, item, period in (
                    (cls.centre_sub, cls.item_rent, cls.period),
                    (cls.centre_sibling, cls.item_rent, cls.period),
                    (cls.centre_other_company, cls.item_b, cls.period_b),
                )
            ]
        )

    @classmethod
    def _matrix_adjustment_vals(cls, centre, item, period):
        return {
            "period_id": period.id,
            "centre_id": centre.id,
            "condition": "other",
            "kind": "raise",
            "date_effective": f"{period.year}-12-01",
            "reason": "A capital injection.",
            "execution_status": "On budget.",
            "factors": "New capital.",
            "internal_measures": "None left.",
            "line_ids": [
                Command.create(
                    {"centre_id": centre.id, "item_id": item.id, "proposed_value": 1300.0}
                )
            ],
        }
