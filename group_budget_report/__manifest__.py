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
    "depends": ["group_budget", "report_xlsx", "mail"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/group_budget_report_security.xml",
        "report/group_budget_report_reports.xml",
        "views/group_budget_analysis_wizard_views.xml",
        "views/group_budget_analysis_line_views.xml",
        "views/res_config_settings_views.xml",
        "views/group_budget_variance_explanation_views.xml",
        "views/group_budget_analysis_meeting_views.xml",
        "views/group_budget_report_menus.xml",
    ],
    "demo": [
        "demo/group_budget_report_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "group_budget_report/static/tests/tours/*.js",
        ],
    },
}
