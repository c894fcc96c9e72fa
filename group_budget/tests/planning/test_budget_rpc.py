import json

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestBudgetRpc(HttpCase, GroupBudgetCase):
    """An approved budget refuses changes over JSON-RPC too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()
        cls.budget = cls._compiling_budget()
        cls.budget.with_user(cls.user_officer).action_submit()
        cls.budget.with_user(cls.user_office).validate_tier()
        while cls.budget.state == "submitted":
            cls.budget.with_user(cls.user_committee).validate_tier()

    def _call(self, model, method, args):
        return self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"model": model, "method": method, "args": args, "kwargs": {}},
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()

    @mute_logger("odoo.http")
    def test_rpc_write_and_unlink_are_refused(self):
        self.assertEqual(self.budget.state, "approved")
        self.authenticate("gb_office", "gb_office")
        line = self.budget.line_ids[:1]
        before = line.month_01
        answer = self._call("group.budget.line", "write", [line.ids, {"month_01": 1.0}])
        self.assertIn("can no longer be changed", answer["error"]["data"]["message"])
        answer = self._call("group.budget.line", "unlink", [line.ids])
        self.assertIn("can no longer be changed", answer["error"]["data"]["message"])
        answer = self._call("group.budget", "write", [self.budget.ids, {"state": "draft"}])
        self.assertIn("changes only through its buttons", answer["error"]["data"]["message"])
        line.invalidate_recordset()
        self.assertEqual(line.month_01, before)
        self.assertEqual(self.budget.state, "approved")


@tagged("post_install", "-at_install")
class TestRefusalOverRpc(HttpCase, GroupBudgetCase):
    """A refusal of control at posting reaches a JSON-RPC client as the
    redirect to a budget addition, and is logged as a warning, not as an
    error with a traceback (operators alert on ERROR lines)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()
        new_test_user(
            cls.env,
            login="gb_accountant",
            groups="account.group_account_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )

    def test_refusal_is_a_warning_not_an_error(self):
        march = self.period.date_from.replace(month=3, day=15)
        move = self._entries([(march, self.account_rent, 400.0, {self.centre_sub: 100})], False)
        self.authenticate("gb_accountant", "gb_accountant")
        with self.assertLogs("odoo.http", level="WARNING") as logs:
            answer = TestBudgetRpc._call(self, "account.move", "action_post", [move.ids])
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.RedirectWarning")
        self.assertIn("short by", answer["error"]["data"]["message"])
        self.assertEqual([record.levelname for record in logs.records], ["WARNING"])
        self.assertIn("short by", logs.output[0])
        move.invalidate_recordset()
        self.assertEqual(move.state, "draft")
