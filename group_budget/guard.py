"""Internal privileged writes: the one way the server passes its own guards.

The suite's guards refuse what a user may not do: a status a button moves, a
change to an approved budget, a target line under a signed letter, a locked
month of indicator actuals. Some of those writes are the server's own: a
button moves the status, an addition stores a new version of an approved
budget, the Budget Office locks a month. They run in a context that holds a
*grant*, an instance of :class:`_Grant` holding the module-private tokens of
the guards the write passes.

Odoo hands a client's context to the server as it came (JSON): it can hold
strings, numbers, booleans, lists and dicts, never an object of this module.
So no key a client sends, whatever its name or value, relaxes a guard. A guard
asks :func:`holds`, which checks the type of the grant and the identity of the
token. Keep grants narrow: grant on the records of the one write, never in an
action's context returned to the client.

This module imports nothing of Odoo: it is plain Python, importable by the
add-ons that extend the suite.
"""

GRANT_KEY = "group_budget_grant"


class _Token:
    """A guard's private token: equal to itself only."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"<group_budget guard: {self.name}>"


class _Grant(frozenset):
    """The tokens one privileged write holds."""


#: A document's status moves through its own buttons (group.budget.state.mixin).
STATE_MOVE = _Token("state move")
#: Additions and adjustments change an approved budget, then store a new version.
NEW_VERSION = _Token("new version")
#: An adjustment rewrites target lines under a letter it supersedes.
TARGET_UNLOCK = _Token("target unlock")
#: The target flow writes agreed values; their months follow once it ends.
DEFER_BREAKDOWN = _Token("defer breakdown")
#: The Budget Office's lock and the formulas write indicator actuals.
INDICATOR_UPKEEP = _Token("indicator upkeep")
#: Odoo's own upkeep of the analytic items of journal items.
ANALYTIC_SYNC = _Token("analytic sync")
#: The analysis writes the ledger's figures into a variance explanation.
LEDGER_FIGURES = _Token("ledger figures")
#: A rejection ends the review steps (base_tier_validation's skip_validation_check).
REVIEW_END = _Token("review end")
#: The server writes the KPI and work-task lines of a letter that is no draft
#: (group.budget.letter.kpi, group.budget.letter.task).
LETTER_TERMS = _Token("letter terms")


def grant(records, *tokens):
    """``records`` in a context holding ``tokens`` besides those it holds."""
    held = records.env.context.get(GRANT_KEY)
    tokens = frozenset(tokens)
    if type(held) is _Grant:
        tokens |= held
    return records.with_context(**{GRANT_KEY: _Grant(tokens)})


def holds(records, token):
    """Whether ``records``' context holds ``token``: only a grant made by
    :func:`grant` does; nothing a client sends can."""
    held = records.env.context.get(GRANT_KEY)
    return type(held) is _Grant and token in held
