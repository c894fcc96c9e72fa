"""No context key a client sends switches off a server guard (manual §五 3.3,
§八 4.4, §九).

Odoo hands a client's context to the server unchanged. The suite's internal
privileged writes use the module-private grant of :mod:`..guard`; these tests
send, over real HTTP JSON-RPC, the context keys the server once trusted, and
then every context key the suite's code reads or sets, found by scanning its
source, with every refused call of the role matrix and of the guard cases.
"""

import pathlib
import re

from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools import mute_logger

from .rpc_matrix import ROLES, RpcMatrixCase

# The folder of the suite's add-ons: the core and the add-ons that extend it.
SUITE = pathlib.Path(__file__).resolve().parents[2]

# Odoo's own keys whose values are typed (a language, a time zone, ids): a
# boolean or "1" there is no request for a privilege but a malformed call.
TYPED_KEYS = {
    "lang",
    "tz",
    "uid",
    "allowed_company_ids",
    "active_id",
    "active_ids",
    "active_model",
}

_QUOTED = r"""['"]([A-Za-z_][\w.]*)['"]"""
_READS = (
    re.compile(r"context\.get\(\s*" + _QUOTED),
    re.compile(r"context\[\s*" + _QUOTED + r"\s*\]"),
    re.compile(_QUOTED + r"\s+(?:not\s+)?in\s+(?:self\.)?(?:env\.)?_?context\b"),
)
_WITH_CONTEXT = re.compile(r"with_context\((.*?)\)", re.DOTALL)
_KEYWORD = re.compile(r"(?:^|[\s,(])([A-Za-z_]\w*)\s*=(?!=)")
_DICT_KEY = re.compile(r"\*\*\{\s*(?:" + _QUOTED + r"|([A-Z_][A-Z0-9_]*))\s*:")
_CONSTANT = re.compile(r"^([A-Z_][A-Z0-9_]*)\s*=\s*" + _QUOTED, re.MULTILINE)


def suite_context_keys():
    """Every context key the suite's code (tests excluded) reads or sets, and
    those of base_tier_validation, whose mixin the suite's documents inherit."""
    keys = set()
    folders = sorted(manifest.parent for manifest in SUITE.glob("*/__manifest__.py"))
    folders.append(pathlib.Path(get_module_path("base_tier_validation")))
    sources = [
        path
        for folder in folders
        for path in folder.rglob("*.py")
        if "tests" not in path.relative_to(folder).parts
    ]
    constants = {}
    for path in sources:
        constants.update(_CONSTANT.findall(path.read_text(encoding="utf-8")))
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for pattern in _READS:
            keys.update(pattern.findall(text))
        for call in _WITH_CONTEXT.findall(text):
            keys.update(_KEYWORD.findall(call))
            for literal, constant in _DICT_KEY.findall(call):
                keys.add(literal or constants.get(constant, constant))
    return keys - TYPED_KEYS


class GuardsRpcCase(RpcMatrixCase):
    """The guard cases and their replays with every context key of the
    suite, over the role matrix of :class:`RpcMatrixCase` (an add-on's own
    matrix, in an add-on's subclass, with its own guard cases)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A target of the subsidiary under its signed letter.
        period = cls.env["group.budget.period"].create(
            {"year": 2036, "company_id": cls.company_a.id}
        )
        cls.target_signed = cls._target(cls.centre_sub, {cls.item_volume: 100_000_000.0}, period)
        cls.target_signed._set_state("issued")
        cls.target_signed._set_state("agreed")
        Letter = cls.env["group.budget.letter"]
        cls.letter_signed = Letter.create(Letter._prepare_letter_vals(cls.target_signed))
        cls.letter_signed._set_state("signed")
        # The Budget Office locks March of the indicator actuals.
        cls.indicator_sub.with_user(cls.user_office).action_lock_month()

    def _guard_cases(self):
        """The calls the server once let through with its own context key:
        ``name → (role, model, method, args, key)``; refused without the key."""
        line = self.budget_sub.line_ids.filtered(lambda line: line.item_id == self.item_rent)
        cases = {
            "a new version of an executing budget": (
                "officer",
                "group.budget.line",
                "write",
                [line.ids, {"month_12": 9_999_999.0}],
                "group_budget_new_version",
            ),
            "a forged ruling": (
                "officer",
                "group.budget.arbitration",
                "write",
                [
                    self.arbitration_referred.ids,
                    {
                        "state": "ruled",
                        "ruling": "Granted in full.",
                        "ruled_by_id": self.user_officer.id,
                    },
                ],
                "group_budget_state_move",
            ),
            "a ruled matter rewritten": (
                "officer",
                "group.budget.arbitration",
                "write",
                [self.arbitration_ruled.ids, {"ruling": "Granted in full."}],
                "group_budget_state_move",
            ),
            "a ruled matter back to draft": (
                "officer",
                "group.budget.arbitration",
                "write",
                [self.arbitration_ruled.ids, {"state": "draft"}],
                "group_budget_state_move",
            ),
            "a ruled matter deleted": (
                "officer",
                "group.budget.arbitration",
                "unlink",
                [self.arbitration_ruled.ids],
                "group_budget_state_move",
            ),
            "a target under a signed letter": (
                "officer",
                "group.budget.target.line",
                "write",
                [self.target_signed.line_ids.ids, {"issued_value": 1.0}],
                "group_budget_unlock",
            ),
            "a locked month of indicator actuals": (
                "officer",
                "group.budget.indicator.actual",
                "write",
                [self.indicator_sub.ids, {"value": 12_000.0}],
                "group_budget_locking",
            ),
            "a draft adjustment approved": (
                "officer",
                "group.budget.adjustment",
                "write",
                [self.adjustment_sub.ids, {"state": "approved"}],
                "group_budget_state_move",
            ),
        }
        return cases

    def _snapshot(self):
        """What the guard cases could change, read from the database."""
        self.env.invalidate_all()
        line = self.budget_sub.line_ids.filtered(lambda line: line.item_id == self.item_rent)
        snapshot = {
            "budget line": line.month_12,
            "versions": len(self.budget_sub.version_ids),
            "referred": (self.arbitration_referred.state, self.arbitration_referred.ruling),
            "ruled": (self.arbitration_ruled.exists().state, self.arbitration_ruled.ruling),
            "target": self.target_signed.line_ids.mapped("issued_value"),
            "indicator": (self.indicator_sub.value, self.indicator_sub.entered_by_id),
            "adjustment": self.adjustment_sub.state,
        }
        return snapshot

    def _call_as(self, role, model, method, args, context):
        """The call as ``role``, and what it left in the database, rolled back
        afterwards: each case starts from the same records."""
        login = self.users[role].login
        self.authenticate(login, login)
        self.env.flush_all()
        self.env.cr.execute("SAVEPOINT gb_guard_case")
        try:
            outcome, message = self._call(model, method, args, context=context)
            return outcome, message, self._snapshot()
        finally:
            self.env.cr.execute("ROLLBACK TO SAVEPOINT gb_guard_case")
            self.env.invalidate_all()

    def _check_guard_cases(self):
        """Each call is refused without its key and with it, and changes nothing."""
        before = self._snapshot()
        self.assertEqual(before["target"], [100_000_000.0])
        for name, (role, model, method, args, key) in self._guard_cases().items():
            for context in ({}, {key: True}, {key: "1"}):
                with self.subTest(case=name, context=context):
                    outcome, message, after = self._call_as(role, model, method, args, context)
                    self.assertNotEqual(outcome, "+", f"{name} went through: {message}")
                    self.assertEqual(after, before, name)

    def _check_no_context_key_relaxes_a_refusal(self):
        """Every refused call of the role matrix and every guard case, replayed
        as each role with every context key of the suite set to ``true`` and to
        ``"1"``: each is still refused (an access or a business error; which
        one may differ, since base_tier_validation's keys reach its checks
        before the access check)."""
        keys = sorted(suite_context_keys())
        cells = self._matrix_cells()
        wrong = []
        calls = 0
        for role_index, role in enumerate(ROLES):
            login = self.users[role].login
            self.authenticate(login, login)
            refused = [
                (f"{model} {operation}", model, *cells[model][operation], row[role_index])
                for model, expected in self.EXPECTED.items()
                for operation, row in expected.items()
                if row[role_index] != "+"
            ]
            refused += [
                (name, model, method, args, "refused")
                for name, (case_role, model, method, args, _key) in self._guard_cases().items()
                if case_role == role
            ]
            for value in (True, "1"):
                context = dict.fromkeys(keys, value)
                for name, model, method, args, expected in refused:
                    outcome, message = self._call_rolled_back(model, method, args, context=context)
                    calls += 1
                    # Refused, by an access or a business rule, never by a crash.
                    if outcome not in ("-", "!"):
                        wrong.append(
                            f"{name} as {role} with every key = {value!r}: refused "
                            f"before ({expected}), now {outcome} {str(message)[:160]!r}"
                        )
        self.assertFalse(wrong, "\n" + "\n".join(wrong))
        return calls


@tagged("post_install", "-at_install")
class TestGuardsRpc(GuardsRpcCase):
    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_context_keys_the_server_used_are_refused(self):
        """Each call is refused without its key and with it, and changes nothing."""
        self._check_guard_cases()

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_no_context_key_relaxes_a_refusal(self):
        """Every refused call of the role matrix and every guard case, replayed
        as each role with every context key of the suite set to ``true`` and to
        ``"1"``: each is still refused (see :meth:`_check_no_context_key_relaxes_a_refusal`)."""
        self.assertGreater(self._check_no_context_key_relaxes_a_refusal(), 400)

    def test_scan_finds_the_keys(self):
        """The scan sees the keys the suite sets and reads, such as the grant
        of internal writes and base_tier_validation's skip key."""
        keys = suite_context_keys()
        self.assertIn("group_budget_grant", keys)
        self.assertIn("skip_validation_check", keys)
        self.assertIn("group_budget_autopost", keys)
        self.assertIn("skip_check_state_condition", keys)
        self.assertNotIn("lang", keys)

    @mute_logger("odoo.http")
    def test_a_new_document_starts_at_its_first_step(self):
        """A status or a server-kept field given on create, directly or as a
        context default, does not skip the procedure."""
        vals = {"centre_id": self.centre_leaf.id, "period_id": self.period_next.id}
        for role in ("office", "committee"):
            with self.subTest(role=role):
                outcome, message = self._call_as(
                    role, "group.budget.target", "create", [dict(vals, state="agreed")], {}
                )[:2]
                self.assertEqual(outcome, "!", message)
                self.assertIn("starts as", message)
                context = {
                    "default_state": "agreed",
                    "default_issued_by_id": self.user_committee.id,
                    "default_date_issued": "2031-01-01 00:00:00",
                }
                self.authenticate(self.users[role].login, self.users[role].login)
                outcome, target_id = self._call(
                    "group.budget.target", "create", [vals], context=context
                )
                self.assertEqual(outcome, "+", target_id)
                target = self.env["group.budget.target"].browse(target_id)
                self.assertRecordValues(
                    target, [{"state": "draft", "issued_by_id": False, "date_issued": False}]
                )
                target.unlink()
        # An officer's addition names no one else as its submitter.
        self.authenticate("gb_officer", "gb_officer")
        outcome, addition_id = self._call(
            "group.budget.addition",
            "create",
            [self._matrix_addition_vals(self.centre_sub, self.item_rent, self.period)],
            context={
                "default_submitted_by_id": self.user_committee.id,
                "default_state": "approved",
            },
        )
        self.assertEqual(outcome, "+", addition_id)
        addition = self.env["group.budget.addition"].browse(addition_id)
        self.assertRecordValues(addition, [{"state": "draft", "submitted_by_id": False}])
        # Nor locks, computes or signs for another an indicator actual; and a
        # context default obeys the bounds of a value.
        vals = {
            "period_id": self.period.id,
            "centre_id": self.centre_sub.id,
            "item_id": self.item_volume.id,
            "date": "2031-06-01",
            "value": 1_200.0,
        }
        forged = {
            "default_locked": True,
            "default_locked_by_id": self.user_office.id,
            "default_computed": True,
            "default_entered_by_id": self.user_office.id,
        }
        outcome, actual_id = self._call(
            "group.budget.indicator.actual", "create", [vals], context=forged
        )
        self.assertEqual(outcome, "+", actual_id)
        self.assertRecordValues(
            self.env["group.budget.indicator.actual"].browse(actual_id),
            [
                {
                    "locked": False,
                    "locked_by_id": False,
                    "computed": False,
                    "entered_by_id": self.user_officer.id,
                }
            ],
        )
        outcome, message = self._call(
            "group.budget.indicator.actual",
            "create",
            [{k: v for k, v in vals.items() if k != "value"} | {"date": "2031-07-01"}],
            context={"default_value": 1e300},
        )
        self.assertEqual(outcome, "!", message)
