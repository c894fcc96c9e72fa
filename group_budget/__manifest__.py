{
    "name": "Group Budget",
    "summary": "Comprehensive budget management for a group of companies: "
    "responsibility centres, budget items and budget years",
    "version": "18.0.1.0.0",
    "category": "Accounting/Budget",
    "website": "https://github.com/group-budget/group_budget",
    "author": "Group Budget Developers",
    "maintainers": ["group-budget"],
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["account", "analytic", "mail"],
    "data": [
        "security/group_budget_security.xml",
        "security/ir.model.access.csv",
        "data/analytic_plan_data.xml",
        "views/group_budget_centre_views.xml",
        "views/group_budget_item_views.xml",
        "views/group_budget_period_views.xml",
        "views/group_budget_menus.xml",
    ],
    "demo": [
        "demo/group_budget_demo.xml",
    ],
}
