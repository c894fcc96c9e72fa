import datetime
import random

from odoo import api, fields, models

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
        for company in companies.filtered(lambda c: not c.chart_template):
            # Called while the module installs: load the chart directly.
            template._load("generic_coa", company, install_demo=False)
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
    def _set_demo_languages(self):
        """The demo's Chinese users read the suite in Chinese when the
        language is installed (the demo command installs it)."""
        if not self.env["res.lang"]._lang_get("zh_CN"):
            return
        users = (
            self.env.ref("group_budget.demo_user_committee")
            | self.env.ref("group_budget.demo_user_office")
            | self.env.ref("group_budget.demo_user_officer")
            | self.env.ref("group_budget.demo_user_trucks_gm")
        )
        users.write({"lang": "zh_CN"})

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
        rng = random.Random(f"{company.name}-{year}")
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
                        "name": "Settlement",
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
                    "ref": f"Demo {date:%Y-%m}",
                    "line_ids": line_vals,
                }
            )
        return vals_list
