{
    "name": "Group Budget Purchase Commitments",
    "summary": "A confirmed purchase order commits budget before its bill: control at "
    "confirmation, release as bills post, availability on draft orders",
    "version": "18.0.1.0.0",
    "category": "Accounting/Budget",
    "website": "https://github.com/group-budget/group_budget",
    "author": "Group Budget Developers",
    "maintainers": ["group-budget"],
    "license": "LGPL-3",
    "installable": True,
    "auto_install": False,
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "depends": ["group_budget", "purchase"],
    "data": [
        "views/purchase_order_views.xml",
    ],
    "demo": [
        "demo/group_budget_purchase_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "group_budget_purchase/static/tests/tours/*.js",
        ],
    },
}
