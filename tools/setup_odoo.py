#!/usr/bin/env python3
"""Install Odoo 18.0 Community into a virtual environment (``.venv`` by default).

Usage: python3 tools/setup_odoo.py [--venv DIR] [--python PYTHON]

Odoo's source comes from ``ODOO_SOURCE``: a local directory, a source archive
(.tar.gz, .tgz, .zip; a path or an http(s) URL) or a git URL with an optional
``@branch``. Its default is the official 18.0 branch (it needs git).
Nothing of Odoo is kept in the repository: the script copies or clones the
source under ``DIR/src/odoo`` and installs it there in editable ("compat")
mode, so that the OCA wheels' ``odoo/addons`` folder does not hide it.

Odoo's requirements.txt pins a few releases that do not build on current
Python and setuptools; the script installs them with these changes:

- build back-ends get ``setuptools<81`` (the sdists of cbor2, ofxparse and
  vobject still import ``pkg_resources``), as a build constraint that every
  pip honours: ``PIP_CONSTRAINT`` before pip 25.3, ``PIP_BUILD_CONSTRAINT``
  from 25.3 on (the script upgrades pip to the newest first);
- ``psycopg2`` becomes ``psycopg2-binary`` of the same release (no libpq
  headers needed);
- ``python-ldap`` is left out (it needs the OpenLDAP headers, and only the
  ``auth_ldap`` add-on uses it).

An environment that already imports Odoo 18.0 is reused: a second run takes
seconds.
"""

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = "https://github.com/odoo/odoo.git@18.0"
BUILD_CONSTRAINTS = "setuptools<81\n"
LEFT_OUT = {"python-ldap": "needs the OpenLDAP headers; only auth_ldap uses it"}
RENAMED = {"psycopg2": "psycopg2-binary"}
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar.xz", ".tar.bz2", ".zip")
PYTHONS = ((3, 10), (3, 12))  # the Python versions Odoo 18.0 supports


def say(message):
    print(f"setup_odoo: {message}", flush=True)


def venv_python(venv):
    return venv / "bin" / "python"


def imports_odoo(python):
    if not python.exists():
        return False
    result = subprocess.run(
        [str(python), "-c", "import odoo.release as r; print(r.version)"],
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    return result.returncode == 0 and result.stdout.strip().startswith("18.0")


def fetch_source(source, dest):
    """Put Odoo's source tree at ``dest`` from a directory, archive or git URL."""
    path = pathlib.Path(source).expanduser()
    if path.is_dir():
        say(f"copying the Odoo source from {path}")
        shutil.copytree(
            path, dest, ignore=shutil.ignore_patterns(".git", "*.pyc", "__pycache__", "*.egg-info")
        )
        return
    if path.is_file():
        say(f"unpacking {path}")
        with tempfile.TemporaryDirectory() as tmp:
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    archive.extractall(tmp)
            else:
                with tarfile.open(path) as archive:
                    archive.extractall(tmp, filter="data")
            entries = list(pathlib.Path(tmp).iterdir())
            top = entries[0] if len(entries) == 1 and entries[0].is_dir() else pathlib.Path(tmp)
            shutil.copytree(top, dest)
        return
    if source.startswith(("http://", "https://")) and source.endswith(ARCHIVE_SUFFIXES):
        with tempfile.TemporaryDirectory() as tmp:
            archive = pathlib.Path(tmp) / source.rsplit("/", 1)[-1]
            say(f"downloading {source}")
            with (
                urllib.request.urlopen(source, timeout=600) as answer,
                archive.open("wb") as out,
            ):
                shutil.copyfileobj(answer, out)
            fetch_source(str(archive), dest)
        return
    # A git URL, optionally followed by @branch.
    url, sep, branch = source.rpartition("@")
    if not sep or not url or "/" in branch or ":" in branch:
        url, branch = source, ""
    if shutil.which("git") is None:
        sys.exit(
            f"error: git is needed to clone {url}: install git, or set ODOO_SOURCE "
            "to an Odoo 18.0 source directory or archive"
        )
    say(f"cloning {url} {branch}".rstrip())
    command = ["git", "clone", "--quiet", "--depth", "1"]
    if branch:
        command += ["--branch", branch]
    subprocess.run([*command, url, str(dest)], check=True)


def requirement_lines(requirements):
    """Odoo's requirements, with the changes this script documents."""
    lines = []
    for raw in requirements.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name = re.split(r"[=<>!~ ;\[]", line, maxsplit=1)[0].strip()
        if name.lower() in LEFT_OUT:
            continue
        if name.lower() in RENAMED:
            line = RENAMED[name.lower()] + line[len(name) :]
        lines.append(line)
    return lines


def pip(python, *args, env=None):
    subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", *args],
        check=True,
        env=env,
    )


def check_python(python):
    """Odoo 18.0 runs on Python 3.10 - 3.12: say so plainly on another."""
    result = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=False,
    )
    version = result.stdout.strip()
    low, high = PYTHONS
    if result.returncode or not low <= tuple(map(int, version.split("."))) <= high:
        sys.exit(
            f"error: Odoo 18.0 needs Python {low[0]}.{low[1]} - {high[0]}.{high[1]}; "
            f"{python} is Python {version or '(not runnable)'}: set PYTHON to another"
        )


def install(venv, base_python, source):
    python = venv_python(venv)
    if not python.exists():
        say(f"creating the virtual environment {venv}")
        subprocess.run([base_python, "-m", "venv", str(venv)], check=True)
    src = venv / "src" / "odoo"
    if not (src / "odoo" / "release.py").exists():
        # Fetch beside, then rename: an interrupted run leaves no half tree.
        partial = src.with_name("odoo.partial")
        for stale in (src, partial):
            if stale.exists():
                shutil.rmtree(stale)
        src.parent.mkdir(parents=True, exist_ok=True)
        fetch_source(source, partial)
        partial.rename(src)
    if not (src / "odoo" / "release.py").exists():
        sys.exit(f"error: {source} holds no Odoo source tree (odoo/release.py is missing)")
    with tempfile.TemporaryDirectory() as tmp:
        constraints = pathlib.Path(tmp) / "build-constraints.txt"
        constraints.write_text(BUILD_CONSTRAINTS)
        requirements = pathlib.Path(tmp) / "requirements.txt"
        requirements.write_text("\n".join(requirement_lines(src / "requirements.txt")) + "\n")
        # The build back-ends' constraints: pip before 25.3 passes PIP_CONSTRAINT
        # on to isolated builds; from 25.3 on only PIP_BUILD_CONSTRAINT
        # (--build-constraint) reaches them, and older pips ignore it.
        env = dict(
            os.environ,
            PIP_CONSTRAINT=str(constraints),
            PIP_BUILD_CONSTRAINT=str(constraints),
        )
        say("installing Odoo's Python requirements (a few minutes the first time)")
        pip(python, "--upgrade", "pip", "wheel", env=env)
        pip(python, "-r", str(requirements), env=env)
        say("installing Odoo 18.0 in editable (compat) mode")
        # Built without isolation, in the venv itself: pip refuses a build
        # constraint there.
        env.pop("PIP_BUILD_CONSTRAINT")
        pip(
            python,
            "--no-deps",
            "--no-build-isolation",
            "--config-settings",
            "editable_mode=compat",
            "-e",
            str(src),
            env=env,
        )
    if not imports_odoo(python):
        sys.exit(f"error: Odoo was installed into {venv} but `import odoo` fails there")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", default=str(ROOT / ".venv"))
    parser.add_argument("--python", default=sys.executable, help="Python that creates the venv")
    args = parser.parse_args()
    venv = pathlib.Path(args.venv).resolve()
    if imports_odoo(venv_python(venv)):
        say(f"Odoo 18.0 is already installed in {venv}")
        return
    check_python(args.python)
    install(venv, args.python, os.environ.get("ODOO_SOURCE") or DEFAULT_SOURCE)
    say(f"Odoo 18.0 is ready in {venv}")


if __name__ == "__main__":
    main()
