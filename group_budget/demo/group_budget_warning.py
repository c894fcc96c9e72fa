"""The demo's warnings and indicator actuals (demo/group_budget_warning_demo.xml)."""

from odoo import api, fields, models

from ..logic import warning_rules
from .builders import set_xmlids
from .group_budget_demo import SEASON


class GroupBudgetWarning(models.Model):
    _inherit = "group.budget.warning"

    @api.model
    def _load_demo_warnings(self):
        """Demo (this year only): this month's costs of the trucks assembly
        (flexible control) over budget, above the year's pace as well — a
        serious warning and a forecast overrun —, the trucks admin's finance
        costs at 85 % of the month's budget — an attention warning —, and
        the monthly actuals of the volume and market-share items."""
        ref = self.env.ref
        period = ref("group_budget.demo_period_trucks_current")
        today = fields.Date.context_today(self)
        if today.year != period.year or period.state != "executing":
            return
        trucks = period.company_id
        month = today.month
        Ledger = self.env["group.budget.ledger"]
        accounts = {
            "cogs": ref(f"account.{trucks.id}_cost_of_goods_sold"),
            "finance_cost": ref(f"account.{trucks.id}_expense_finance"),
        }
        targets = (
            ("demo_centre_trucks_assembly", "cogs", 1.05, 1.02),
            ("demo_centre_trucks_admin", "finance_cost", None, 0.85),
        )
        lines = []
        for centre_xmlid, code, ytd_share, month_share in targets:
            centre = ref(f"group_budget.{centre_xmlid}")
            item = ref(f"group_budget.demo_item_{code}")
            row = Ledger.search(
                [
                    ("period_id", "=", period.id),
                    ("centre_id", "=", centre.id),
                    ("item_id", "=", item.id),
                    ("month", "=", month),
                ]
            )
            if not row:
                continue
            amount = month_share * row.budget - row.actual
            if ytd_share:
                amount = max(amount, ytd_share * row.ytd_budget - row.ytd_actual)
            if amount > 0:
                lines.append((accounts[code], round(amount, 2), centre))
        if lines:
            journal = self.env["account.journal"].search(
                [("company_id", "=", trucks.id), ("type", "=", "general")], limit=1
            )
            counterpart = ref(f"account.{trucks.id}_current_assets")
            move = self.env["account.move"].create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": today,
                    "ref": "月末成本（演示）",
                    "line_ids": [
                        fields.Command.create(
                            {
                                "name": account.name,
                                "account_id": account.id,
                                "debit": amount,
                                "analytic_distribution": {str(centre.analytic_account_id.id): 100},
                            }
                        )
                        for account, amount, centre in lines
                    ]
                    + [
                        fields.Command.create(
                            {
                                "name": "往来结算",
                                "account_id": counterpart.id,
                                "credit": round(sum(line[1] for line in lines), 2),
                            }
                        )
                    ],
                }
            )
            move.action_post()
        # Non-financial actuals: vehicles sold and market share, entered by
        # the officer month by month; the months before last are locked.
        trucks_centre = ref("group_budget.demo_centre_trucks")
        volume = ref("group_budget.demo_item_volume")
        share = ref("group_budget.demo_item_market_share")
        Actual = self.env["group.budget.indicator.actual"]
        actuals = Actual.create(
            [
                {
                    "period_id": period.id,
                    "centre_id": trucks_centre.id,
                    "item_id": item.id,
                    "date": today.replace(month=m, day=1),
                    "value": value,
                }
                for m in range(1, month + 1)
                for item, value in (
                    (volume, round(1000 * SEASON[m - 1])),
                    (share, round(11.5 + 0.1 * m, 1)),
                )
            ]
        )
        if month > 2:
            actuals.filtered(lambda a: a.month <= month - 2).with_user(
                ref("group_budget.demo_user_office")
            ).action_lock_month()
        # The daily run, on the last day of this month (every window of the
        # month open), as the scheduled action will do.
        last_day = warning_rules.window_start("month", today, {"month": 1})
        self.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )._raise_period(period, last_day, batch_size=200)
        # This month's threshold warnings of the two rows above.
        warnings = self.search(
            [
                ("period_id", "=", period.id),
                ("horizon", "=", "month"),
                ("kind", "=", "threshold"),
                ("period_label", "=", warning_rules.period_label("month", today)),
            ]
        )
        set_xmlids(
            self.env,
            "group_budget",
            {
                f"demo_warning_{centre_xmlid.removeprefix('demo_centre_')}_{code}": warning
                for centre_xmlid, code, _ytd_share, _month_share in targets
                for warning in warnings
                if warning.centre_id == ref(f"group_budget.{centre_xmlid}")
                and warning.item_id == ref(f"group_budget.demo_item_{code}")
            },
        )
