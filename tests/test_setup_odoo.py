"""The set-up script, tools/setup_odoo.py, builds a working Odoo 18.0 venv.

Slow (a few minutes, with an empty pip cache): run by ``tools/test.sh --setup`` (and
so by CI), deselected otherwise. The Odoo source is ``ODOO_SOURCE`` or, when
unset, the source directory of the Odoo that the running Python imports.
"""

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _local_odoo_source():
    source = os.environ.get("ODOO_SOURCE")
    if source:
        return source
    probe = "import os, odoo; print(os.path.dirname(odoo.__path__[0]))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd="/", check=False
    )
    folder = pathlib.Path(result.stdout.strip() or "/nonexistent")
    if (folder / "odoo" / "release.py").exists() and (folder / "requirements.txt").exists():
        return str(folder)
    pytest.fail(
        "no local Odoo source to test tools/setup_odoo.py with: set ODOO_SOURCE to an Odoo "
        "18.0 source directory or archive"
    )


@pytest.mark.slow
def test_setup_builds_a_venv_that_imports_odoo_18(tmp_path):
    source = _local_odoo_source()
    venv = tmp_path / ".venv"
    # An empty pip cache, as on a new machine: every sdist is built here,
    # with the pip the script installs.
    env = dict(os.environ, ODOO_SOURCE=source, PIP_CACHE_DIR=str(tmp_path / "pip-cache"))
    first = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "setup_odoo.py"), "--venv", str(venv)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stdout + first.stderr
    probe = (
        "import os, odoo, odoo.release as r; "
        "print(r.version); print(os.path.dirname(odoo.__path__[0]))"
    )
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe],
        capture_output=True,
        text=True,
        cwd="/",
        check=True,
    )
    version, location = result.stdout.split()
    assert version.startswith("18.0")
    # Odoo runs from the venv's own copy, not from the source it came from.
    assert pathlib.Path(location).is_relative_to(venv)
    # A second run reuses the venv.
    second = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "setup_odoo.py"), "--venv", str(venv)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "already installed" in second.stdout
