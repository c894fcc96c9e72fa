{
    "name": "Group Budget Analysis",
    "summary": "Variance analysis of group budgets, with xlsx exports",
    "version": "18.0.1.0.0",
    "category": "Accounting/Budget",
    "website": "https://github.com/group-budget/group_budget",
    "author": "Group Budget Developers",
    "maintainers": ["group-budget"],
    "license": "LGPL-3",
    "installable": True,
    "depends": ["group_budget", "report_xlsx"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "views/group_budget_report_menus.xml",
    ],
}
