"""The core add-on is laid out by capability, and the README's map matches it.

``group_budget/models/<capability>/`` holds one capability (foundation,
mixins, planning, execution, warning, adjustment, arbitration). A capability
imports only the foundation, the mixins, ``logic/`` and the add-on's shared
helpers (``guard``, ``messages``, ``amount_field``): moving it into an add-on of its own is then
a ``git mv``. Views, security, data and tests mirror the same folders.
"""

import ast
import re

import pytest
from conftest import ROOT

CORE = ROOT / "group_budget"
SHARED = {"mixins", "foundation"}
HELPERS = {"guard", "messages", "amount_field"}
CAPABILITIES = sorted(
    path.name for path in (CORE / "models").iterdir() if (path / "__init__.py").exists()
)
MIRRORS = ("views", "security", "data", "report", "tests")


def test_the_core_has_its_capabilities():
    assert {"foundation", "mixins", "planning", "execution", "warning"} <= set(CAPABILITIES)
    # Only the package's __init__ stays at the top of models/.
    assert sorted(path.name for path in (CORE / "models").glob("*.py")) == ["__init__.py"]


def _relative_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            yield node.lineno, node.level, node.module or "", [a.name for a in node.names]


@pytest.mark.parametrize("capability", CAPABILITIES)
def test_a_capability_imports_only_the_foundation_the_mixins_and_logic(capability):
    folder = CORE / "models" / capability
    wrong = []
    for path in sorted(folder.glob("*.py")):
        for line, level, module, names in _relative_imports(path):
            if level == 1:
                continue  # the same capability
            if level == 2:
                top = module.split(".")[0]
                allowed = top in SHARED or (capability == "mixins" and top == "")
                if not allowed:
                    wrong.append(f"{path.name}:{line} imports ..{module}")
            elif level == 3:
                top = module.split(".")[0] if module else None
                if top not in (None, "logic", *HELPERS):
                    wrong.append(f"{path.name}:{line} imports ...{module}")
                if top is None and not set(names) <= HELPERS:
                    wrong.append(f"{path.name}:{line} imports {names} from the add-on")
            else:
                wrong.append(f"{path.name}:{line} reaches outside the add-on")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("mirror", MIRRORS)
def test_other_folders_use_only_the_capabilities_names(mirror):
    folder = CORE / mirror
    subfolders = sorted(
        path.name
        for path in folder.iterdir()
        if path.is_dir() and path.name not in ("__pycache__", "tours")
    )
    assert set(subfolders) <= set(CAPABILITIES), subfolders


def test_the_readme_map_matches_the_tree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    for capability in CAPABILITIES:
        assert re.search(rf"\b{capability}/", section), f"models/{capability}/ is not in the map"
    named = set(re.findall(r"(?m)^\s{4}([a-z_]+)/\s", section))
    assert named, "the map names no capability folder"
    assert named <= set(CAPABILITIES), f"the map names missing folders: {named - set(CAPABILITIES)}"
