"""Odoo's term export reads every Python file of the add-ons with Babel. A file
Babel cannot read loses all its terms from the ``.pot`` (and so from every
translation) with no more than a line in the export's log: for instance an
f-string passed to ``_()``, which Babel evaluates."""

import io

import pytest
from babel.messages.extract import extract_python
from conftest import ADDONS, ROOT

# The keywords Odoo's export looks for (odoo/tools/translate.py).
KEYWORDS = {"_": None, "_lt": None}

FILES = sorted(path for addon in ADDONS for path in (ROOT / addon).rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_babel_reads_every_term(path):
    list(extract_python(io.BytesIO(path.read_bytes()), KEYWORDS, [], {}))


def test_an_f_string_in_a_term_is_caught():
    source = b'def f(self):\n    return self.env._("%(m)s", m=f"{self.x:02d}")\n'
    with pytest.raises(NameError):
        list(extract_python(io.BytesIO(source), KEYWORDS, [], {}))
