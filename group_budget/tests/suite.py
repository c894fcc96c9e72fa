"""The suite's add-ons, found rather than named: the core names none of the
add-ons that extend it (tests/test_dependencies_point_down.py)."""

import os

from odoo.modules.module import get_module_path

#: The folder of the suite's add-ons: the core and the add-ons beside it.
SUITE_FOLDER = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def suite_addons(env):
    """The installed add-ons of the suite, in name order: the core and the
    installed add-ons that sit beside it."""
    installed = env["ir.module.module"].sudo().search([("state", "=", "installed")])
    return sorted(
        name
        for name in installed.mapped("name")
        if os.path.dirname(get_module_path(name, display_warning=False) or "") == SUITE_FOLDER
    )
