"""The demo's letters and scorecards (demo/group_budget_appraisal_demo.xml)."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.group_budget.demo.builders import set_xmlids


class GroupBudgetScorecard(models.Model):
    _inherit = "group.budget.scorecard"

    @api.model
    def _load_demo_appraisal(self):
        """Signed letters of last year (the truck company, its assembly plant)
        and of this year (its administration department); a decided yearly
        scorecard of the truck company, a quarterly one of the administration
        department and the
        assembly plant's with a veto, awaiting the board."""
        ref = self.env.ref
        office = ref("group_budget.demo_user_office")
        committee = ref("group_budget.demo_user_committee")
        this_year = ref("group_budget.demo_period_trucks_current")
        last_year = self.env["group.budget.period"].search(
            [("year", "=", this_year.year - 1), ("company_id", "=", this_year.company_id.id)],
            limit=1,
        )
        item = {
            code: ref(f"group_budget.demo_item_{code}")
            for code in (
                "roe",
                "debt_ratio",
                "volume",
                "market_share",
                "revenue",
                "salaries",
                "inventory_turnover",
                "office",
                "finance_cost",
                "rent",
            )
        }
        trucks = ref("group_budget.demo_centre_trucks")
        assembly = ref("group_budget.demo_centre_trucks_assembly")
        admin = ref("group_budget.demo_centre_trucks_admin")
        # name, centre, year, {item: (target, weight %)}, [(task, weight %)]
        specs = [
            (
                "trucks_last",
                trucks,
                last_year,
                {
                    "roe": (12.0, 40),
                    "debt_ratio": (60.0, 20),
                    "volume": (11_000, 15),
                    "market_share": (18.0, 5),
                },
                [("建成西部经销商网络", 12), ("完成新驾驶室生产线认证", 8)],
            ),
            (
                "trucks_assembly_last",
                assembly,
                last_year,
                {"inventory_turnover": (8.0, 45), "debt_ratio": (60.0, 15), "volume": (11_000, 20)},
                [("实现零损工事故", 20)],
            ),
            (
                "trucks_admin_current",
                admin,
                this_year,
                {"office": (1_080_000, 40), "finance_cost": (108_000, 30), "rent": (384_000, 30)},
                [],
            ),
        ]
        Target = self.env["group.budget.target"]
        Letter = self.env["group.budget.letter"]
        letters = {}
        names = {}
        for name, centre, period, kpis, tasks in specs:
            if Target.search_count([("centre_id", "=", centre.id), ("period_id", "=", period.id)]):
                continue  # another part of the demo already set this centre's targets
            target = Target.create(
                {
                    "centre_id": centre.id,
                    "period_id": period.id,
                    "line_ids": [
                        fields.Command.create({"item_id": item[code].id, "issued_value": value})
                        for code, (value, _weight) in kpis.items()
                    ],
                }
            )
            target._set_state("issued")
            target._set_state("agreed")
            target.line_ids._set_agreed({line: line.issued_value for line in target.line_ids})
            target.line_ids._apply_breakdown()
            weights = {item[code]: weight for code, (_value, weight) in kpis.items()}
            letter = Letter.create(Letter._prepare_letter_vals(target))
            for kpi in letter.kpi_line_ids:
                kpi.weight = weights[kpi.item_id]
            letter.write(
                {
                    "task_line_ids": [
                        fields.Command.create({"name": name, "weight": weight, "measure": name})
                        for name, weight in tasks
                    ],
                    "veto_items": "发生重大安全生产事故。\n严重违反财经纪律。",
                }
            )
            letter._check_appraisal_weights()
            letter._set_state(
                "signed",
                issuer_signed_by_id=letter.issuer_id.id,
                issuer_signed_on=fields.Datetime.now(),
                acceptor_signed_by_id=letter.acceptor_id.id,
                acceptor_signed_on=fields.Datetime.now(),
            )
            target.locked = True
            letters[centre] = letter
            names[f"demo_target_{name}"] = target
            names[f"demo_letter_{name}"] = letter
        Scorecard = self.with_user(office)
        if trucks in letters:
            # The truck company, last year: decided with the board's decision.
            card = Scorecard._generate(last_year, "year", centres=trucks)
            actuals = {
                item["roe"]: 13.1,
                item["debt_ratio"]: 57.5,
                item["volume"]: 11_600,
                item["market_share"]: 18.4,
            }
            for line in card.kpi_line_ids:
                line.actual = actuals[line.item_id]
            card.gs_line_ids[0].write({"score": 90, "comment": "十二家经销商中已有十一家开业。"})
            card.gs_line_ids[1].write({"score": 100, "comment": "已于 5 月通过认证。"})
            card.action_compute()
            card = card.with_user(committee)
            card.action_review()
            card.write(
                {
                    "board_decision": "董事会批准经审核的考评结果。",
                    "board_decision_date": last_year.date_to + relativedelta(months=2, day=15),
                }
            )
            card.action_decide()
            names["demo_scorecard_trucks_last"] = card
        if assembly in letters:
            # The assembly plant, last year: a safety accident; awaiting the board.
            card = Scorecard._generate(last_year, "year", centres=assembly)
            actuals = {
                item["inventory_turnover"]: 7.6,
                item["debt_ratio"]: 58.0,
                item["volume"]: 10_800,
            }
            for line in card.kpi_line_ids:
                line.actual = actuals[line.item_id]
            card.gs_line_ids.write({"score": 0, "comment": "8 月发生一起损工事故。"})
            card.veto_line_ids[0].write({"occurred": True, "comment": "8 月 12 日冲压车间事故。"})
            card.action_compute()
            card.with_user(committee).action_review()
            names["demo_scorecard_trucks_assembly_last"] = card
        # The administration department, this year's last complete quarter:
        # provisional.
        if admin in letters:
            today = fields.Date.context_today(self)
            quarter = max(1, (today.month - 1) // 3) if today.year == this_year.year else 4
            card = Scorecard._generate(
                this_year, "quarter", quarter, centres=admin, provisional=True
            )
            card.action_compute()
            names["demo_scorecard_trucks_admin_quarter"] = card
        set_xmlids(self.env, "group_budget_appraisal", names)
        return True
