{
    "name": "Group Budget Appraisal",
    "summary": "KPI and work-task (GS) scorecards that appraise budget execution",
    "version": "18.0.1.0.0",
    "category": "Accounting/Budget",
    "website": "https://github.com/group-budget/group_budget",
    "author": "Group Budget Developers",
    "maintainers": ["group-budget"],
    "license": "LGPL-3",
    "installable": True,
    "depends": ["group_budget"],
    "data": [
        "views/group_budget_appraisal_menus.xml",
    ],
}
