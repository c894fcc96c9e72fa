"""The demo's mid-year adjustments (demo/group_budget_adjustment_demo.xml)."""

import datetime

from odoo import Command, api, fields, models

from .builders import set_xmlids


class GroupBudgetAdjustment(models.Model):
    _inherit = "group.budget.adjustment"

    @api.model
    def _load_demo_adjustments(self):
        """This year's adjustments: the truck assembly plant's cost of sales
        raised after the steel price rise, approved, with its new budget
        version and a new letter waiting for signatures; the sales
        department's selling-expense raise waiting for the Budget Office
        (manual §七)."""
        ref = self.env.ref
        period = ref("group_budget.demo_period_trucks_current", raise_if_not_found=False)
        if not period or period.state != "executing":
            return
        office = ref("group_budget.demo_user_office")
        committee = ref("group_budget.demo_user_committee")
        officer = ref("group_budget.demo_user_officer")
        sales = ref("group_budget.demo_centre_trucks_sales")
        assembly = ref("group_budget.demo_centre_trucks_assembly")
        cogs = ref("group_budget.demo_item_cogs")
        selling = ref("group_budget.demo_item_selling")
        today = fields.Date.context_today(self)
        if today.year != period.year:
            return
        period.with_user(office).write(
            {
                "opening_net_assets_override": 50_000_000,
                "opening_net_assets_note": "1 月 1 日经审计的资产负债表；"
                "演示账簿只有本年度的凭证。",
            }
        )
        if not period._adjustment_window_open(today):
            period.with_user(committee).write(
                {
                    "adjustment_exception_until": today + datetime.timedelta(days=30),
                    "adjustment_exception_reason": "调整窗口关闭后，钢材价格再次上涨。",
                }
            )
        # The assembly plant's signed letter of this year.
        target = (
            self.env["group.budget.target"]
            .sudo()
            .create(
                {
                    "centre_id": assembly.id,
                    "period_id": period.id,
                    "line_ids": [
                        Command.create(
                            {
                                "item_id": cogs.id,
                                "issued_value": self._demo_year_value(period, assembly, cogs),
                            }
                        )
                    ],
                }
            )
        )
        target.line_ids._set_agreed({line: line.issued_value for line in target.line_ids})
        target._set_state("agreed")
        target.line_ids._apply_breakdown()
        letter = self.env["group.budget.letter"].sudo()._generate_for_targets(target)
        # Its one KPI weighs the whole appraisal (manual §九 6.2 (2)).
        letter.kpi_line_ids.weight = 100.0
        # The plant has no manager of its own: its officer accepts.
        letter.with_user(office).acceptor_id = officer
        letter.with_user(office).action_send()
        letter.with_user(letter.issuer_id).action_sign()
        letter.with_user(letter.acceptor_id).action_sign()
        texts = {
            "execution_status": "截至目前成本控制在预算之内，但 10 月起采购的钢材贵了三分之一。",
            "factors": "三季度限产之后，钢板价格上涨了三分之一。",
            "internal_measures": "申请追加预算之前，已重新招标选择供应商并降低废料率。",
        }
        effective = today.replace(day=1)
        Adjustment = self.with_user(officer)
        approved = Adjustment.create(
            {
                "period_id": period.id,
                "centre_id": assembly.id,
                "source": "evaluation",
                "condition": "macro",
                "kind": "raise",
                "date_effective": effective,
                "reason": "根据三季度评估结果，调增营业成本预算。",
                **texts,
                "line_ids": [
                    Command.create(
                        {
                            "centre_id": assembly.id,
                            "item_id": cogs.id,
                            "proposed_value": self._demo_year_value(period, assembly, cogs)
                            + 12_000_000,
                        }
                    )
                ],
            }
        )
        approved.action_submit()
        opinion = "钢材涨价已经三家供应商确认；调增额占期初净资产的 24%。建议批准。"
        approved.with_user(office).office_opinion = opinion
        approved.with_user(office).validate_tier()
        while approved.state == "submitted":
            approved.with_user(committee).validate_tier()
        approved.letter_ids.with_user(office).acceptor_id = officer
        approved.letter_ids.with_user(office).action_send()
        pending = Adjustment.create(
            {
                "period_id": period.id,
                "centre_id": sales.id,
                "source": "subsidiary",
                "condition": "other",
                "kind": "raise",
                "date_effective": effective,
                "reason": "新能源牵引车在三个省份的上市推广活动。",
                "execution_status": "截至目前销售费用按预算执行。",
                "factors": "新能源牵引车的上市时间提前到了 12 月。",
                "internal_measures": "压缩了展会支出，用于承担部分推广费用。",
                "line_ids": [
                    Command.create(
                        {
                            "centre_id": sales.id,
                            "item_id": selling.id,
                            "proposed_value": self._demo_year_value(period, sales, selling)
                            + 600_000,
                        }
                    )
                ],
            }
        )
        pending.action_submit()
        set_xmlids(
            self.env,
            "group_budget",
            {
                "demo_target_trucks_assembly_current": target,
                "demo_letter_trucks_assembly_current": letter,
                "demo_letter_trucks_assembly_adjusted": approved.letter_ids,
                "demo_adjustment_trucks_assembly_cogs": approved,
                "demo_adjustment_trucks_sales_selling": pending,
            },
        )

    @api.model
    def _demo_year_value(self, period, centre, item):
        budget_line = self.env["group.budget.line"].search(
            [
                ("budget_id.centre_id", "=", centre.id),
                ("budget_id.period_id", "=", period.id),
                ("item_id", "=", item.id),
            ],
            limit=1,
        )
        return budget_line.total
