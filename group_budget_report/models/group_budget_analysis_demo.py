import datetime

from odoo import Command, api, fields, models

DEMO_CAUSES = [
    (
        "external",
        "Dealers brought orders forward before the subsidy for new-energy trucks ended.",
        "Rebuild the delivery plan for the second half with the dealers.",
    ),
    (
        "internal",
        (
            "The showroom lease was renewed at a higher rent and the split with "
            "administration was not updated."
        ),
        "Renegotiate the lease and update the rent split from next month.",
    ),
    (
        "internal",
        "Overtime on the assembly line while the new welding robots were commissioned.",
        "Finish commissioning and return to two shifts.",
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
        meeting_date = today.replace(day=1) + datetime.timedelta(days=14)
        self.env["group.budget.analysis.meeting"].create(
            {
                "name": "Quarterly budget analysis meeting",
                "date": meeting_date,
                "level": "group",
                "company_id": company.id,
                "centre_id": ref("group_budget.demo_centre_trucks").id,
                "participant_ids": [Command.set((office | officer | manager).ids)],
                "agenda": "<ul><li>Last period's improvement measures</li>"
                "<li>Execution of the period and material variances</li>"
                "<li>Measures for the next period</li></ul>",
                "minutes": "<p>Revenue ahead of budget; selling expenses and rent over "
                "budget. The sales department explains the rent overrun; the "
                "Budget Office follows up the measures below.</p>",
                "measure_ids": [
                    Command.create(
                        {
                            "name": "Renegotiate the showroom lease",
                            "owner_id": officer.id,
                            "date_deadline": meeting_date + datetime.timedelta(days=30),
                        }
                    ),
                    Command.create(
                        {
                            "name": "Update the delivery plan with the dealers",
                            "owner_id": manager.id,
                            "date_deadline": meeting_date + datetime.timedelta(days=45),
                        }
                    ),
                ],
            }
        )
