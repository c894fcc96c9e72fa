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
    "post_init_hook": "post_init_hook",
    "depends": ["group_budget", "group_budget_report", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "security/group_budget_appraisal_security.xml",
        "report/group_budget_scorecard_report.xml",
        "views/group_budget_letter_views.xml",
        "views/group_budget_scorecard_views.xml",
        "views/group_budget_appraisal_menus.xml",
    ],
    "demo": [
        "demo/group_budget_appraisal_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "group_budget_appraisal/static/tests/tours/*.js",
        ],
    },
}
