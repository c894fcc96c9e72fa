"""Formulas of indicators computed from other items (e.g. ROE = net profit ÷
equity).

A safe engine: a formula is parsed, never run as Python. It knows numbers,
``+ - * /``, parentheses and item codes. A code is a name of letters, digits,
``_`` and ``.``, or any text in square brackets (``[T-REV]``) for codes
holding other characters. An unknown item or a division by zero makes the
value *not computable* (:class:`FormulaError`), never a crash.
"""

import re

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d*)?|\.\d+)|(?P<code>[A-Za-z_][A-Za-z0-9_.]*)"
    r"|\[(?P<bracket>[^\[\]]+)\]|(?P<op>[-+*/()]))"
)


class FormulaError(ValueError):
    """A formula that cannot be parsed or computed; ``code`` says why:
    ``syntax``, ``unknown`` (``details['codes']``), ``division``."""

    def __init__(self, code, message, **details):
        super().__init__(message)
        self.code = code
        self.details = details


def tokenize(text):
    tokens = []
    pos = 0
    text = text or ""
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match:
            raise FormulaError("syntax", f"unexpected {text[pos:].strip()[:10]!r}", position=pos)
        pos = match.end()
        if match.group("number"):
            tokens.append(("num", float(match.group("number"))))
        elif match.group("code"):
            tokens.append(("code", match.group("code")))
        elif match.group("bracket"):
            tokens.append(("code", match.group("bracket").strip()))
        else:
            tokens.append(("op", match.group("op")))
    if not tokens:
        raise FormulaError("syntax", "empty formula")
    return tokens


def parse(text):
    """The formula as a tree of tuples: ``("num", v)``, ``("code", c)``,
    ``("neg", t)``, ``(op, left, right)``."""
    tokens = tokenize(text)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else (None, None)

    def take():
        nonlocal pos
        token = peek()
        pos += 1
        return token

    def expression():
        node = term()
        while peek() in (("op", "+"), ("op", "-")):
            node = (take()[1], node, term())
        return node

    def term():
        node = factor()
        while peek() in (("op", "*"), ("op", "/")):
            node = (take()[1], node, factor())
        return node

    def factor():
        kind, value = take()
        if kind == "num":
            return ("num", value)
        if kind == "code":
            return ("code", value)
        if (kind, value) == ("op", "-"):
            return ("neg", factor())
        if (kind, value) == ("op", "+"):
            return factor()
        if (kind, value) == ("op", "("):
            node = expression()
            if take() != ("op", ")"):
                raise FormulaError("syntax", "missing )")
            return node
        raise FormulaError("syntax", f"unexpected {value!r}")

    tree = expression()
    if pos != len(tokens):
        raise FormulaError("syntax", f"unexpected {tokens[pos][1]!r}")
    return tree


def references(text):
    """The item codes a formula names, in order, without repeats."""
    seen = []
    for kind, value in tokenize(text):
        if kind == "code" and value not in seen:
            seen.append(value)
    return seen


def check(text, known_codes):
    """Raise :class:`FormulaError` for a formula that does not parse or that
    names codes not in ``known_codes``."""
    parse(text)
    unknown = [code for code in references(text) if code not in known_codes]
    if unknown:
        raise FormulaError("unknown", "unknown items", codes=unknown)


def evaluate(text, values):
    """The formula's value over ``values`` (``{code: number}``)."""
    tree = parse(text)
    unknown = [code for code in references(text) if values.get(code) is None]
    if unknown:
        raise FormulaError("unknown", "unknown items", codes=unknown)

    def run(node):
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "code":
            return float(values[node[1]])
        if kind == "neg":
            return -run(node[1])
        left, right = run(node[1]), run(node[2])
        if kind == "+":
            return left + right
        if kind == "-":
            return left - right
        if kind == "*":
            return left * right
        if right == 0:
            raise FormulaError("division", "division by zero")
        return left / right

    return run(tree)


def try_evaluate(text, values):
    """``(value, None)`` or ``(None, error code)``: never raises."""
    try:
        return evaluate(text, values), None
    except FormulaError as error:
        return None, error.code


def aggregate(values, aggregation):
    """Months combined as the item says: sum, average or last value
    (``None`` months are skipped)."""
    found = [v for v in values if v is not None]
    if not found:
        return None
    if aggregation == "sum":
        return sum(found)
    if aggregation == "average":
        return sum(found) / len(found)
    return found[-1]
