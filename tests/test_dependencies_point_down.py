"""Dependencies point down: the core names none of the add-ons that extend it
(their names, their models, their xml ids), and the report add-on names
nothing of the appraisal, which depends on it. An add-on extends what it
depends on (``_inherit``, ``selection_add``, a hook method); what it depends
on does not know it."""

import re

import pytest
from conftest import ROOT

# Each add-on, and the add-ons that depend on it (directly or not).
DEPENDENTS = {
    "group_budget": ("group_budget_report", "group_budget_appraisal", "group_budget_purchase"),
    "group_budget_report": ("group_budget_appraisal",),
}
# The files of an add-on that may name another: its translations, and the
# scripts that migrated the data of earlier versions.
SKIPPED = {"i18n", "i18n_extra", "migrations"}
SUFFIXES = {".py", ".xml", ".csv", ".js", ".scss", ".json"}
_MODEL = re.compile(r"""^\s*_name\s*=\s*["']([\w.]+)["']""", re.MULTILINE)


def declared_models(addon, root=ROOT):
    """The models ``addon`` declares (``_name``), reports included."""
    return sorted(
        {
            name
            for path in (root / addon).rglob("*.py")
            if "tests" not in path.relative_to(root / addon).parts
            for name in _MODEL.findall(path.read_text(encoding="utf-8"))
        }
    )


def forbidden_names(addon, root=ROOT):
    """What ``addon``'s files may not name: each dependent's name, and each
    of its models, dotted and as a table or xml id (``group_budget_scorecard``)."""
    names = set()
    for dependent in DEPENDENTS[addon]:
        names.add(dependent)
        for model in declared_models(dependent, root):
            names.add(model)
            names.add(model.replace(".", "_"))
    return sorted(names, key=len, reverse=True)


def files(addon, root=ROOT):
    folder = root / addon
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix in SUFFIXES
        and not SKIPPED & set(path.relative_to(folder).parts)
    )


def mentions(addon, root=ROOT):
    """``[(file:line, name)]`` of each dependent's name in ``addon``'s files."""
    pattern = re.compile(
        r"(?<![\w.])("
        + "|".join(re.escape(name) for name in forbidden_names(addon, root))
        + r")(?!\w)"
    )
    found = []
    for path in files(addon, root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [
                (f"{path.relative_to(root)}:{number}", match.group(1))
                for match in pattern.finditer(line)
            ]
    return found


def test_the_dependents_declare_models():
    assert "group.budget.scorecard" in declared_models("group_budget_appraisal")
    assert "group.budget.variance.explanation" in declared_models("group_budget_report")
    assert "group_budget_scorecard" in forbidden_names("group_budget")
    assert "group_budget_appraisal" in forbidden_names("group_budget_report")


def test_the_scan_finds_a_mention(tmp_path):
    """A mention of a dependent's model is found, with its file and line."""
    addon = tmp_path / "group_budget"
    (addon / "models").mkdir(parents=True)
    (addon / "models" / "x.py").write_text('a = 1\nb = "group.budget.scorecard"\n')
    for dependent in DEPENDENTS["group_budget"]:
        (tmp_path / dependent).symlink_to(ROOT / dependent)
    assert mentions("group_budget", tmp_path) == [
        ("group_budget/models/x.py:2", "group.budget.scorecard")
    ]


@pytest.mark.parametrize("addon", sorted(DEPENDENTS))
def test_dependencies_point_down(addon):
    found = mentions(addon)
    assert not found, f"{addon} names the add-ons that depend on it:\n" + "\n".join(
        f"{where}: {name}" for where, name in found
    )
