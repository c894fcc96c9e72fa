import datetime

from odoo import Command, api, fields, models

from odoo.addons.group_budget.demo.builders import set_xmlids

DEMO_CAUSES = [
    (
        "external",
        "新能源卡车补贴到期之前，经销商提前下了订单。",
        "与经销商共同重新制定下半年的交付计划。",
    ),
    (
        "internal",
        "展厅租约续签后租金上涨，但与综合管理部的租金分摊比例没有随之调整。",
        "重新谈判租约，并自下月起调整租金分摊比例。",
    ),
    (
        "internal",
        "新焊接机器人调试期间，总装线加班。",
        "完成调试，恢复两班制生产。",
    ),
]


class GroupBudgetAnalysis(models.AbstractModel):
    _inherit = "group.budget.analysis"

    @api.model
    def _load_demo_analysis(self):
        """This year's analysis of the trucks company: the largest material
        variances to date explained (one confirmed, the others submitted),
        and a group analysis meeting with open measures (manual §六)."""
        ref = self.env.ref
        company = ref("group_budget.demo_company_trucks")
        office = ref("group_budget.demo_user_office")
        officer = ref("group_budget.demo_user_officer")
        manager = ref("group_budget.demo_user_trucks_gm")
        today = fields.Date.context_today(self)
        period = ref("group_budget.demo_period_trucks_current")
        Explanation = self.env["group.budget.variance.explanation"]
        names = {}
        if period.year == today.year and period.state == "executing":
            filters = {
                "company_id": company.id,
                "year": today.year,
                "month": today.month,
                "kind": "ytd",
                "comparisons": ["budget", "yoy"],
            }
            matrix = self._compute_matrix(filters)
            rows = [row for row in matrix.largest_variances(10) if row.material]
            explanations = Explanation.create(
                [
                    {
                        "centre_id": row.centre_id,
                        "item_id": row.item_id,
                        "date": today.replace(day=1),
                        "period_kind": "ytd",
                        "actual": float(row.value or 0.0),
                        "budget": float(row.budget or 0.0),
                        "cause_type": cause_type,
                        "cause": cause,
                        "responsible_id": officer.id,
                        "measures": measures,
                    }
                    for row, (cause_type, cause, measures) in zip(rows, DEMO_CAUSES, strict=False)
                ]
            )
            explanations.action_submit()
            explanations[:1].with_user(office).action_confirm()
            names.update(
                (f"demo_explanation_{rank}", explanation)
                for rank, explanation in enumerate(explanations, start=1)
            )
        meeting_date = today.replace(day=1) + datetime.timedelta(days=14)
        names["demo_meeting_trucks"] = self.env["group.budget.analysis.meeting"].create(
            {
                "name": "季度预算分析会",
                "date": meeting_date,
                "level": "group",
                "company_id": company.id,
                "centre_id": ref("group_budget.demo_centre_trucks").id,
                "participant_ids": [Command.set((office | officer | manager).ids)],
                "agenda": "<ul><li>上期改进措施的执行情况</li>"
                "<li>本期预算执行情况及重大差异</li>"
                "<li>下期改进措施</li></ul>",
                "minutes": "<p>营业收入超过预算；销售费用和租金超支。销售部说明租金超支的原因，"
                "预算管理办公室跟踪下列措施的落实。</p>",
                "measure_ids": [
                    Command.create(
                        {
                            "name": "重新谈判展厅租约",
                            "owner_id": officer.id,
                            "date_deadline": meeting_date + datetime.timedelta(days=30),
                        }
                    ),
                    Command.create(
                        {
                            "name": "与经销商共同更新交付计划",
                            "owner_id": manager.id,
                            "date_deadline": meeting_date + datetime.timedelta(days=45),
                        }
                    ),
                ],
            }
        )
        set_xmlids(self.env, "group_budget_report", names)
