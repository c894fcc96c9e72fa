import datetime
import random

from odoo import api, fields, models

from .builders import create_budgets, set_xmlids

# Accounts of Odoo's generic chart (by their template ids) that feed the
# demo items.
DEMO_ITEM_ACCOUNTS = {
    "demo_item_revenue": ["income"],
    "demo_item_cogs": ["cost_of_goods_sold"],
    "demo_item_rd": ["expense_rd"],
    "demo_item_capex": ["expense_invest"],
    "demo_item_salaries": ["expense_salary"],
    "demo_item_selling": ["expense_sales"],
    "demo_item_office": ["expense"],
    "demo_item_rent": ["expense_rent"],
    "demo_item_finance_cost": ["expense_finance"],
}

# Monthly postings of each demo centre: (account template id, typical amount).
# Revenue is credited, everything else debited.
DEMO_POSTINGS = {
    "demo_centre_group_finance": [
        ("expense", 60000),
        ("expense_finance", 15000),
        ("expense_salary", 120000),
    ],
    "demo_centre_trucks_sales": [
        ("income", 8000000),
        ("expense_sales", 300000),
        ("expense_salary", 150000),
    ],
    "demo_centre_trucks_assembly": [
        ("cost_of_goods_sold", 5500000),
        ("expense_salary", 400000),
        ("expense_invest", 100000),
    ],
    "demo_centre_trucks_admin": [("expense", 80000), ("expense_finance", 10000)],
    "demo_centre_components_axle": [
        ("income", 3000000),
        ("cost_of_goods_sold", 2200000),
        ("expense_salary", 250000),
    ],
    "demo_centre_components_rd": [("expense_rd", 200000), ("expense_salary", 180000)],
    "demo_centre_components_admin": [("expense", 50000), ("expense_rent", 30000)],
}
# Rent shared between two centres of a company, 60/40, every month.
DEMO_SPLIT_RENT = [
    ("demo_centre_trucks_admin", "demo_centre_trucks_sales", 50000),
]
REVENUE_ACCOUNTS = {"income"}
COUNTERPART = "current_assets"
# Next year's issued targets per centre: (budget year, {item: value}). Sums
# add up down the hierarchy; ratios give each centre its own value.
DEMO_TARGET_ITEMS = ["revenue", "cogs", "salaries", "office", "roe", "volume"]
DEMO_TARGETS = {
    "demo_centre_group": (
        "group",
        {"revenue": 130_000_000, "cogs": 95_000_000, "salaries": 14_400_000, "roe": 12.0},
    ),
    "demo_centre_group_finance": ("group", {"revenue": 0, "cogs": 0, "salaries": 1_400_000}),
    "demo_centre_trucks": (
        "trucks",
        {
            "revenue": 100_000_000,
            "cogs": 72_000_000,
            "salaries": 8_000_000,
            "roe": 13.0,
            "volume": 12_000,
        },
    ),
    "demo_centre_trucks_sales": ("trucks", {"revenue": 100_000_000, "salaries": 2_000_000}),
    "demo_centre_trucks_assembly": ("trucks", {"cogs": 72_000_000, "salaries": 6_000_000}),
    "demo_centre_components": (
        "components",
        {"revenue": 30_000_000, "cogs": 23_000_000, "salaries": 5_000_000, "roe": 10.0},
    ),
    "demo_centre_components_axle": (
        "components",
        {"revenue": 30_000_000, "cogs": 23_000_000, "salaries": 3_000_000},
    ),
    "demo_centre_components_rd": ("components", {"salaries": 2_000_000}),
}
DEMO_REVISIONS = [
    (
        "demo_centre_trucks_assembly",
        57_000_000,
        "新焊装线自 3 月起投产，每台驾驶室的成本降低五分之一。",
    ),
    (
        "demo_centre_components",
        24_000_000,
        "两家车桥客户将订单推迟到明年，上半年产能闲置。",
    ),
]
# This year's budgets of the trucks company's centres, a month on average
# (spread by SEASON). Against the posted entries, some items end up over
# budget and some under.
DEMO_EXECUTION_BUDGETS = {
    "demo_centre_trucks_sales": {
        "revenue": 8_200_000,
        "selling": 280_000,
        "salaries": 165_000,
        "rent": 18_000,
    },
    "demo_centre_trucks_assembly": {"cogs": 5_600_000, "salaries": 385_000, "capex": 150_000},
    "demo_centre_trucks_admin": {"office": 90_000, "finance_cost": 9_000, "rent": 32_000},
}
# The truck company's monthly budget for this year and last (before seasons):
# a parent centre's budget is the consolidated budget of its subtree, so each
# of its items is the sum of its departments'.
DEMO_TRUCK_MONTHLY_BUDGET = {
    code: sum(items.get(code, 0) for items in DEMO_EXECUTION_BUDGETS.values())
    for code in dict.fromkeys(code for items in DEMO_EXECUTION_BUDGETS.values() for code in items)
}
DEMO_TASKS = [
    ("在三个省份推出新能源牵引车", 10.0, "6 月 30 日前开始销售"),
    ("将整车库存降至 20 天", 10.0, "月末库存天数"),
    ("上线经销商金融服务平台", 5.0, "平台上线，接入 50 家经销商"),
]
# KPI weights (%) of the letters sent: with the work tasks they total 100 %,
# financial above non-financial, core above general (manual §九 6).
DEMO_KPI_WEIGHTS = {
    "demo_centre_trucks": {"revenue": 25, "cogs": 15, "roe": 10, "salaries": 10, "volume": 15},
    "demo_centre_trucks_sales": {"revenue": 70, "salaries": 30},
}
DEMO_VETO = "发生重大安全生产事故，或严重违反财经纪律。"
# The label of the demo entries' counterpart lines.
DEMO_SETTLEMENT = "往来结算"
# Seasonal weights: slow start of the year, busy spring and autumn.
SEASON = [0.8, 0.7, 1.1, 1.1, 1.0, 1.0, 0.9, 0.9, 1.1, 1.2, 1.1, 1.1]


class GroupBudgetDemo(models.AbstractModel):
    _name = "group.budget.demo"
    _description = "Budget Demo Data"

    @api.model
    def _load_demo_accounting(self):
        """Give the demo companies a chart of accounts, map the demo items to
        its accounts and post a year of journal entries on the centres'
        analytic accounts. Runs once, when demo data is installed."""
        companies = (
            self.env.ref("group_budget.demo_company_group")
            | self.env.ref("group_budget.demo_company_trucks")
            | self.env.ref("group_budget.demo_company_components")
        )
        template = self.env["account.chart.template"]
        cny = self.env.ref("base.CNY")
        for company in companies.filtered(lambda c: not c.chart_template):
            # Called while the module installs: load the chart directly.
            template._load("generic_coa", company, install_demo=False)
            # The generic chart gives the company its fiscal country's
            # currency (USD); the group reports in CNY. Nothing is posted
            # yet, so the currency can still change.
            if company.currency_id != cny:
                company.currency_id = cny
        accounts = self._demo_accounts(companies)
        for xmlid, codes in DEMO_ITEM_ACCOUNTS.items():
            item = self.env.ref(f"group_budget.{xmlid}")
            item.account_ids = [
                fields.Command.set(
                    [accounts[company.id, code].id for company in companies for code in codes]
                )
            ]
        moves = self.env["account.move"]
        for company in companies:
            vals_list = self._prepare_demo_move_vals(company, accounts)
            moves |= moves.with_company(company).create(vals_list)
        moves.action_post()

    @api.model
    def _load_demo_targets(self):
        """Next year's targets, shared down the group and through every step of
        the flow, and their responsibility letters."""
        ref = self.env.ref
        item = {code: ref(f"group_budget.demo_item_{code}") for code in DEMO_TARGET_ITEMS}
        periods = {
            "group": ref("group_budget.demo_period_group_next"),
            "trucks": ref("group_budget.demo_period_trucks_next"),
            "components": ref("group_budget.demo_period_components_next"),
        }
        Target = self.env["group.budget.target"]
        targets = {}
        for xmlid, (period_key, values) in DEMO_TARGETS.items():
            centre = ref(f"group_budget.{xmlid}")
            targets[xmlid] = Target.create(
                {
                    "centre_id": centre.id,
                    "period_id": periods[period_key].id,
                    "line_ids": [
                        fields.Command.create({"item_id": item[code].id, "issued_value": value})
                        for code, value in values.items()
                    ],
                }
            )
        sales = targets["demo_centre_trucks_sales"].line_ids.filtered(
            lambda line: line.item_id == item["revenue"]
        )
        sales.write(
            {
                "breakdown_method": "seasonal",
                "profile_id": ref("group_budget.demo_profile_truck_season").id,
            }
        )
        Target.browse([t.id for t in targets.values()]).action_issue()
        # The group, the truck company and its sales department agree as issued.
        for xmlid in ("demo_centre_group", "demo_centre_trucks", "demo_centre_trucks_sales"):
            targets[xmlid].action_agree()
        # The assembly plant's revision is accepted; the components company's
        # waits for the Budget Office.
        for xmlid, estimate, reason in DEMO_REVISIONS:
            target = targets[xmlid]
            line = target.line_ids[:1]
            line.write(
                {"estimate_value": estimate, "has_proposal": True, "proposed_value": estimate}
            )
            target.revision_reason = reason
            target.action_propose_revision()
        targets["demo_centre_trucks_assembly"].action_accept_revision()
        letters = self.env["group.budget.letter"]._generate_for_targets(
            targets["demo_centre_trucks"]
            | targets["demo_centre_trucks_sales"]
            | targets["demo_centre_trucks_assembly"]
        )
        by_centre = {letter.centre_id: letter for letter in letters}
        trucks = by_centre[ref("group_budget.demo_centre_trucks")]
        trucks.write(
            {
                "task_line_ids": [
                    fields.Command.create({"name": task, "weight": weight, "measure": measure})
                    for task, weight, measure in DEMO_TASKS
                ],
                "veto_items": DEMO_VETO,
            }
        )
        sales_letter = by_centre[ref("group_budget.demo_centre_trucks_sales")]
        code_of = {record: code for code, record in item.items()}
        for xmlid, weights in DEMO_KPI_WEIGHTS.items():
            for kpi in by_centre[ref(f"group_budget.{xmlid}")].kpi_line_ids:
                kpi.weight = weights[code_of[kpi.item_id]]
        (trucks | sales_letter).action_send()
        trucks.with_user(ref("group_budget.demo_user_committee")).action_sign()
        trucks.with_user(ref("group_budget.demo_user_trucks_gm")).action_sign()
        sales_letter.with_user(ref("group_budget.demo_user_trucks_gm")).action_sign()
        set_xmlids(
            self.env,
            "group_budget",
            {
                **{
                    f"{xmlid.replace('demo_centre_', 'demo_target_')}_next": target
                    for xmlid, target in targets.items()
                },
                **{
                    f"demo_letter_{xmlid.removeprefix('demo_centre_')}_next": by_centre[
                        ref(f"group_budget.{xmlid}")
                    ]
                    for xmlid in (
                        "demo_centre_trucks",
                        "demo_centre_trucks_sales",
                        "demo_centre_trucks_assembly",
                    )
                },
            },
        )
        # Compilation opens: every centre gets a draft budget from its agreed targets.
        for period in periods.values():
            period.action_start_compilation()
        self._load_demo_budgets()

    @api.model
    def _load_demo_budgets(self):
        """Budgets in every state: next year's drafts, one under review and one
        approved; this year's executing; last year's closed."""
        ref = self.env.ref
        office, committee = (
            ref("group_budget.demo_user_office"),
            ref("group_budget.demo_user_committee"),
        )
        trucks = ref("group_budget.demo_centre_trucks")
        sales = ref("group_budget.demo_centre_trucks_sales")
        next_year = ref("group_budget.demo_period_trucks_next")
        budgets = {b.centre_id: b for b in next_year.budget_ids}
        budgets[sales].with_user(ref("group_budget.demo_user_officer")).action_submit()
        budgets[trucks].with_user(ref("group_budget.demo_user_trucks_gm")).action_submit()
        self._demo_approve(budgets[trucks], office, committee)
        # This year's budgets execute; last year's are closed.
        this_year = ref("group_budget.demo_period_trucks_current")
        last_year = self.env["group.budget.period"].create(
            {"year": this_year.year - 1, "company_id": this_year.company_id.id}
        )
        names = {
            "demo_period_trucks_last": last_year,
            "demo_budget_trucks_next": budgets[trucks],
            "demo_budget_trucks_sales_next": budgets[sales],
        }
        for period, state, year in (
            (this_year, "executing", "current"),
            (last_year, "closed", "last"),
        ):
            budget = self._create_demo_budgets(
                period, {trucks: DEMO_TRUCK_MONTHLY_BUDGET}, state=None
            )
            budget.with_user(ref("group_budget.demo_user_trucks_gm")).action_submit()
            self._demo_approve(budget, office, committee)
            budget._set_state(state)
            names[f"demo_budget_trucks_{year}"] = budget
        last_year._set_state("closed")
        set_xmlids(self.env, "group_budget", names)

    @api.model
    def _create_demo_budgets(self, period, amounts_by_centre, state="executing"):
        """Budgets of ``period`` from ``{centre: {item code: amount a
        month}}``: each amount spread over the months by SEASON, equipment
        investment a capital budget, the rest business budgets."""
        ref = self.env.ref
        items = {
            code: ref(f"group_budget.demo_item_{code}")
            for amounts in amounts_by_centre.values()
            for code in amounts
        }
        return create_budgets(
            self.env,
            period,
            {
                centre: {
                    items[code]: [round(amount * weight, 2) for weight in SEASON]
                    for code, amount in amounts.items()
                }
                for centre, amounts in amounts_by_centre.items()
            },
            state=state,
            line_vals={
                item: {"part": "capital" if code == "capex" else "business"}
                for code, item in items.items()
            },
        )

    @api.model
    def _load_demo_execution(self):
        """This year's executing budgets of the trucks company's centres, an
        entry posted over a flexible budget, and an addition under review
        (manual §五)."""
        ref = self.env.ref
        trucks = ref("group_budget.demo_company_trucks")
        trucks.write(
            {
                "group_budget_general_manager_id": ref("group_budget.demo_user_trucks_gm").id,
                "group_budget_board_member_ids": [
                    fields.Command.set(ref("group_budget.demo_user_committee").ids)
                ],
            }
        )
        period = ref("group_budget.demo_period_trucks_current")
        period.reserve_amount = 2_000_000
        budgets = self._create_demo_budgets(
            period,
            {
                ref(f"group_budget.{xmlid}"): amounts
                for xmlid, amounts in DEMO_EXECUTION_BUDGETS.items()
            },
        )
        set_xmlids(
            self.env,
            "group_budget",
            {
                xmlid.replace("demo_centre_", "demo_budget_") + "_current": budget
                for xmlid, budget in zip(DEMO_EXECUTION_BUDGETS, budgets, strict=True)
            },
        )
        today = fields.Date.context_today(self)
        if today.year != period.year:
            return
        sales = ref("group_budget.demo_centre_trucks_sales")
        accounts = self._demo_accounts(trucks)
        journal = self.env["account.journal"].search(
            [("company_id", "=", trucks.id), ("type", "=", "general")], limit=1
        )
        # A trade-fair invoice over the flexible selling-expense budget: it
        # posts, with a warning on the entry and in the ledger.
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": today,
                "ref": "展会费用（演示）",
                "line_ids": [
                    fields.Command.create(
                        {
                            "name": "展会展位费",
                            "account_id": accounts[trucks.id, "expense_sales"].id,
                            "debit": 120_000.0,
                            "analytic_distribution": {str(sales.analytic_account_id.id): 100},
                        }
                    ),
                    fields.Command.create(
                        {
                            "name": DEMO_SETTLEMENT,
                            "account_id": accounts[trucks.id, COUNTERPART].id,
                            "credit": 120_000.0,
                        }
                    ),
                ],
            }
        )
        move.action_post()
        # Rent of the sales department is over budget: its officer asks for
        # an addition, funded by savings on salaries.
        addition = self._submit_demo_addition(
            {
                "amount": 30_000,
                "reason": "展厅租金自本月起上涨 20%；租约在预算批准之前已经续签。",
                "funding": "savings",
                "source_centre_id": sales.id,
                "source_item_id": ref("group_budget.demo_item_salaries").id,
            }
        )
        set_xmlids(self.env, "group_budget", {"demo_addition_trucks_sales_rent": addition})

    @api.model
    def _submit_demo_addition(self, vals):
        """An operating addition to the rent of the trucks' sales department
        for this month of the current budget year, filed and submitted by
        the demo's officer: ``vals`` give the amount, the reason, the
        funding and what else differs."""
        ref = self.env.ref
        month = fields.Date.context_today(self).replace(day=1)
        addition = (
            self.env["group.budget.addition"]
            .with_user(ref("group_budget.demo_user_officer"))
            .create(
                {
                    "period_id": ref("group_budget.demo_period_trucks_current").id,
                    "centre_id": ref("group_budget.demo_centre_trucks_sales").id,
                    "item_id": ref("group_budget.demo_item_rent").id,
                    "date_from": month,
                    "date_to": month,
                    "kind": "operating",
                    **vals,
                }
            )
        )
        addition.action_submit()
        return addition

    @api.model
    def _demo_approve(self, budget, office, committee):
        budget.with_user(office).validate_tier()
        while budget.state == "submitted":
            budget.with_user(committee).validate_tier()

    @api.model
    def _set_demo_languages(self):
        """The demo's Chinese users read the suite in Chinese when the
        language is installed (the demo command installs it), and the
        messages the suite posts on the companies' records are written in
        Chinese. The suite's Chinese terms are loaded now, before the demo's
        flows write their messages and e-mails (Odoo loads an add-on's
        translations only once its demo data is in)."""
        if not self.env["res.lang"]._lang_get("zh_CN"):
            return
        ref = self.env.ref
        users = (
            ref("group_budget.demo_user_committee")
            | ref("group_budget.demo_user_office")
            | ref("group_budget.demo_user_officer")
            | ref("group_budget.demo_user_trucks_gm")
        )
        users.write({"lang": "zh_CN"})
        companies = (
            ref("group_budget.demo_company_group")
            | ref("group_budget.demo_company_trucks")
            | ref("group_budget.demo_company_components")
        )
        companies.partner_id.write({"lang": "zh_CN"})
        self.env["ir.module.module"]._load_module_terms(["group_budget"], ["zh_CN"])

    @api.model
    def _demo_accounts(self, companies):
        names = {name for names in DEMO_ITEM_ACCOUNTS.values() for name in names}
        names.add(COUNTERPART)
        return {
            (company.id, name): self.env.ref(f"account.{company.id}_{name}")
            for company in companies
            for name in names
        }

    @api.model
    def _prepare_demo_move_vals(self, company, accounts):
        today = fields.Date.context_today(self)
        year = today.year
        # Seeded by the company's external id: the same figures in any language.
        rng = random.Random(f"{company.get_external_id()[company.id]}-{year}")
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        centres = {xmlid: self.env.ref(f"group_budget.{xmlid}") for xmlid in DEMO_POSTINGS}
        vals_list = []
        for month in range(1, 13):
            date = datetime.date(year, month, 15)
            if date > today:
                break
            lines = []
            for xmlid, postings in DEMO_POSTINGS.items():
                centre = centres[xmlid]
                if centre.company_id != company:
                    continue
                distribution = {str(centre.analytic_account_id.id): 100}
                for code, typical in postings:
                    amount = round(typical * SEASON[month - 1] * rng.uniform(0.85, 1.15), 2)
                    sign = -1 if code in REVENUE_ACCOUNTS else 1
                    lines.append((accounts[company.id, code], sign * amount, distribution))
            for first, second, typical in DEMO_SPLIT_RENT:
                first, second = (
                    self.env.ref(f"group_budget.{first}"),
                    self.env.ref(f"group_budget.{second}"),
                )
                if first.company_id != company:
                    continue
                distribution = {
                    str(first.analytic_account_id.id): 60,
                    str(second.analytic_account_id.id): 40,
                }
                lines.append((accounts[company.id, "expense_rent"], float(typical), distribution))
            if not lines:
                continue
            balance = round(sum(line[1] for line in lines), 2)
            line_vals = [
                fields.Command.create(
                    {
                        "name": account.name,
                        "account_id": account.id,
                        "debit": amount if amount > 0 else 0.0,
                        "credit": -amount if amount < 0 else 0.0,
                        "analytic_distribution": distribution,
                    }
                )
                for account, amount, distribution in lines
            ]
            line_vals.append(
                fields.Command.create(
                    {
                        "name": DEMO_SETTLEMENT,
                        "account_id": accounts[company.id, COUNTERPART].id,
                        "debit": -balance if balance < 0 else 0.0,
                        "credit": balance if balance > 0 else 0.0,
                    }
                )
            )
            vals_list.append(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": date,
                    "ref": f"{date:%Y-%m} 月度凭证（演示）",
                    "line_ids": line_vals,
                }
            )
        return vals_list
