"""Load the add-ons' ``logic`` packages without Odoo.

Each add-on keeps its business rules in ``<addon>/logic``, a package that
imports nothing from Odoo. Importing it through the add-on would import the
add-on's models, so the packages are loaded here under their own names:
``group_budget.logic`` becomes ``group_budget_logic``.
"""

import importlib.util
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = (
    "group_budget",
    "group_budget_report",
    "group_budget_appraisal",
    "group_budget_purchase",
)


def _load_logic(addon):
    path = ROOT / addon / "logic"
    if not (path / "__init__.py").exists():
        return
    name = f"{addon}_logic"
    spec = importlib.util.spec_from_file_location(
        name, path / "__init__.py", submodule_search_locations=[str(path)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


for _addon in ADDONS:
    _load_logic(_addon)


# pytest-odoo, when installed, loads an Odoo registry before every session
# (autouse fixtures): the unit tests here need no Odoo and no database, so
# they override those fixtures with no-ops. Odoo's own tests run under
# pytest-odoo with ``pytest --odoo-database=DB group_budget/tests``.
@pytest.fixture(scope="session", autouse=True)
def load_registry():
    yield


@pytest.fixture(scope="session", autouse=True)
def load_http():
    yield


@pytest.fixture(scope="module", autouse=True)
def enable_odoo_test_flag():
    yield
