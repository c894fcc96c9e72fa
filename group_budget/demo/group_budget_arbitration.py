"""The demo's arbitrations (demo/group_budget_arbitration_demo.xml)."""

import datetime

from odoo import api, fields, models

from .builders import set_xmlids


class GroupBudgetArbitration(models.Model):
    _inherit = "group.budget.arbitration"

    @api.model
    def _demo_create(self):
        """The demo's arbitrations (demo/group_budget_arbitration_demo.xml): a
        coordinated matter, a referred one awaiting the Committee, a ruled
        major matter and an overdue one, each moved by the demo user whose
        role it is."""
        ref = self.env.ref
        if ref("group_budget.demo_arbitration_coordinated", raise_if_not_found=False):
            return
        officer = ref("group_budget.demo_user_officer")
        trucks_gm = ref("group_budget.demo_user_trucks_gm")
        office = ref("group_budget.demo_user_office")
        committee = ref("group_budget.demo_user_committee")
        today = fields.Date.context_today(self)
        specs = [
            (
                "demo_arbitration_coordinated",
                officer,
                "demo_centre_trucks_sales",
                {
                    "matter": "calculation",
                    "reasons": "营业收入目标包含经销商返利，而实际数已扣除返利：完成率被低估。",
                    "applicant_opinion": "目标与实际数均按扣除返利后的净额比较。",
                },
            ),
            (
                "demo_arbitration_referred",
                officer,
                "demo_centre_trucks_assembly",
                {
                    "matter": "responsibility",
                    "reasons": "销售部安排的运费却由总装厂承担责任。",
                    "applicant_opinion": "将运费划归销售部。",
                },
            ),
            (
                "demo_arbitration_ruled",
                trucks_gm,
                "demo_centre_trucks",
                {
                    "matter": "appraisal",
                    "severity": "major",
                    "reasons": (
                        "考评因一起事故否决了全年成绩，而事故由供应商的缺陷零件造成，"
                        "超出了公司的控制范围。"
                    ),
                    "applicant_opinion": "按例外原则处理该事故。",
                },
            ),
            (
                "demo_arbitration_overdue",
                officer,
                "demo_centre_trucks_sales",
                {
                    "matter": "scope",
                    "reasons": "市场占有率指标的口径包含了本部门并不经营的出口市场。",
                    "date_submitted": today - datetime.timedelta(days=20),
                },
            ),
        ]
        records = {}
        for xmlid, user, centre, vals in specs:
            arbitration = (
                self.with_user(user)
                .with_context(tracking_disable=True)
                .create(dict(vals, centre_id=ref(f"group_budget.{centre}").id))
            )
            arbitration.action_submit()
            arbitration.with_user(office).action_receive()
            records[xmlid] = arbitration.sudo()
        records["demo_arbitration_coordinated"].with_user(office).write(
            {
                "coordination_outcome": "已达成一致：自 3 月起，"
                "目标与实际数均按扣除返利后的净额比较。"
            }
        )
        records["demo_arbitration_coordinated"].with_user(office).action_close()
        for xmlid, opinion in (
            (
                "demo_arbitration_referred",
                "承运商由总装厂选定：运费仍由总装厂承担。",
            ),
            (
                "demo_arbitration_ruled",
                "同意按例外处理：对公司而言，供应商的过错属于不可抗力。",
            ),
        ):
            records[xmlid].with_user(office).write({"office_opinion": opinion})
            records[xmlid].with_user(office).action_refer()
        ruled = records["demo_arbitration_ruled"].with_user(committee)
        ruled.write(
            {"ruling": "本年度不适用一票否决，考评剔除该项后重新计算。公司须检讨其供应商质量控制。"}
        )
        ruled.action_rule()
        # Received three weeks ago: coordination and ruling are late.
        overdue = records["demo_arbitration_overdue"]
        received = today - datetime.timedelta(days=20)
        coordination, ruling = overdue._deadlines(received)
        overdue._privileged_write(
            {
                "date_received": received,
                "coordination_deadline": coordination,
                "ruling_deadline": ruling,
            }
        )
        self._cron_flag_overdue()
        set_xmlids(self.env, "group_budget", records)
