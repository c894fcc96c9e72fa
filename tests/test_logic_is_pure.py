"""The business rules stay free of Odoo, so that they test without a database."""

import ast

import pytest
from conftest import ADDONS, ROOT

LOGIC_FILES = sorted(path for addon in ADDONS for path in (ROOT / addon / "logic").glob("*.py"))


def test_there_are_logic_modules():
    assert any(path.parent.parent.name == "group_budget" for path in LOGIC_FILES)


@pytest.mark.parametrize("path", LOGIC_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_logic_module_does_not_import_odoo(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # Relative imports stay inside the logic package.
                assert not (node.module or "").startswith("."), node.module
                assert node.level == 1, f"{path.name} reaches outside logic/"
            else:
                imported.append(node.module or "")
    assert not [name for name in imported if name.split(".")[0] == "odoo"]
