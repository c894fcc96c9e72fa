{
    "name": "Group Budget",
    "summary": "Comprehensive budget management for a group of companies: "
    "responsibility centres, items, years, targets, responsibility letters, "
    "budgets, control at posting, the ledger and additions",
    "version": "18.0.1.0.0",
    "category": "Accounting/Budget",
    "website": "https://github.com/group-budget/group_budget",
    "author": "Group Budget Developers",
    "maintainers": ["group-budget"],
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["account", "analytic", "mail", "base_tier_validation"],
    "data": [
        "security/group_budget_security.xml",
        "security/ir.model.access.csv",
        "data/analytic_plan_data.xml",
        "data/analytic_line_index_data.xml",
        "data/mail_template_data.xml",
        "data/tier_definition_data.xml",
        "data/group_budget_addition_data.xml",
        "report/group_budget_letter_report.xml",
        "wizard/group_budget_target_split_views.xml",
        "views/group_budget_centre_views.xml",
        "views/group_budget_item_views.xml",
        "views/group_budget_period_views.xml",
        "views/group_budget_target_views.xml",
        "views/group_budget_letter_views.xml",
        "views/group_budget_views.xml",
        "views/group_budget_ledger_views.xml",
        "views/group_budget_addition_views.xml",
        "views/group_budget_menus.xml",
    ],
    "demo": [
        "demo/group_budget_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "group_budget/static/tests/tours/*.js",
        ],
    },
}
