import datetime
import json

from odoo import Command
from odoo.tests import HttpCase, get_db_name, tagged

from .common import GroupBudgetCase

LEDGER_FIELDS = ["centre_id", "item_id", "date", "budget", "actual", "reserved", "available"]


@tagged("post_install", "-at_install")
class TestExternalApi(HttpCase, GroupBudgetCase):
    """Odoo's external API reads every screen's data, over XML-RPC and
    JSON-RPC alike (issue 9): XML-RPC carries 32-bit integers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_execution()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.company_ids = [Command.link(cls.company_a.id), Command.link(cls.company_b.id)]
        cls.context = {"allowed_company_ids": [cls.company_a.id, cls.company_b.id]}
        cls.domain = [("period_id", "=", cls.period.id)]

    def setUp(self):
        super().setUp()
        # Actuals, an unbudgeted item (office costs of the sibling) and a
        # flexible overrun, so that every kind of ledger row exists.
        self._entries(
            [
                (datetime.date(2031, 2, 1), self.account_office, 150.0, {self.centre_sub: 100}),
                (datetime.date(2031, 2, 1), self.account_office, 9.0, {self.centre_sibling: 100}),
                (datetime.date(2031, 3, 1), self.account_travel, 40.0, {self.centre_sub: 100}),
            ]
        )
        self.expected = {
            row["id"]: row
            for row in self.env["group.budget.ledger"]
            .with_context(**self.context)
            .search_read(self.domain, LEDGER_FIELDS)
        }

    def _xmlrpc(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        return self.xmlrpc_object.execute_kw(
            get_db_name(), self.admin.id, "admin", model, method, list(args), kwargs
        )

    def _jsonrpc(self, url, params):
        answer = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertNotIn("error", answer)
        return answer["result"]

    def _assert_ledger(self, rows):
        self.assertEqual(
            {row["id"]: row["actual"] for row in rows},
            {row_id: row["actual"] for row_id, row in self.expected.items()},
        )
        # Subsidiary: rent, office, travel; sibling: rent, travel, and the
        # office costs it has no budget for.
        self.assertEqual(len(rows), 6 * 12)
        february = [row for row in rows if row["date"] == "2031-02-01"]
        self.assertEqual(sum(row["actual"] for row in february), 159.0)

    def test_ledger_over_xmlrpc(self):
        rows = self._xmlrpc("group.budget.ledger", "search_read", self.domain, fields=LEDGER_FIELDS)
        self._assert_ledger(rows)
        self.assertTrue(all(abs(row["id"]) < 2**31 for row in rows))
        # The ids read back the same rows.
        some = [row["id"] for row in rows[:3]]
        again = self._xmlrpc("group.budget.ledger", "read", some, fields=["actual"])
        self.assertEqual([row["id"] for row in again], some)
        groups = self._xmlrpc(
            "group.budget.ledger",
            "read_group",
            self.domain,
            ["actual:sum"],
            ["item_id"],
        )
        self.assertEqual(sum(group["actual"] for group in groups), sum(r["actual"] for r in rows))
        overruns = self._xmlrpc(
            "group.budget.overrun", "search_read", [("period_id", "=", self.period.id)]
        )
        self.assertTrue(overruns)

    def test_ledger_over_jsonrpc(self):
        rows = self._jsonrpc(
            "/jsonrpc",
            {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    get_db_name(),
                    self.admin.id,
                    "admin",
                    "group.budget.ledger",
                    "search_read",
                    [self.domain],
                    {"fields": LEDGER_FIELDS, "context": self.context},
                ],
            },
        )
        self._assert_ledger(rows)
        self.authenticate("admin", "admin")
        rows = self._jsonrpc(
            "/web/dataset/call_kw/group.budget.ledger/search_read",
            {
                "model": "group.budget.ledger",
                "method": "search_read",
                "args": [self.domain, LEDGER_FIELDS],
                "kwargs": {"context": self.context},
            },
        )
        self._assert_ledger(rows)

    def test_every_model_of_the_suite_reads_over_xmlrpc(self):
        # A pending addition too: it holds a reservation.
        self.period.with_user(self.user_committee).reserve_amount = 100.0
        self.env["group.budget.addition"].create(
            {
                "period_id": self.period.id,
                "centre_id": self.centre_sub.id,
                "item_id": self.item_rent.id,
                "date_from": datetime.date(2031, 3, 1),
                "date_to": datetime.date(2031, 3, 31),
                "amount": 30.0,
                "reason": "Fair",
                "source_centre_id": self.centre_sub.id,
                "source_item_id": self.item_travel.id,
            }
        ).action_submit()
        names = sorted(
            name
            for name, model in self.env.registry.items()
            if name.startswith("group.budget") and not model._abstract and not model._transient
        )
        self.assertIn("group.budget.ledger", names)
        for name in names:
            with self.subTest(model=name):
                rows = self._xmlrpc(name, "search_read", [])
                self.assertIsInstance(rows, list)
                if name in ("group.budget.ledger", "group.budget.addition"):
                    self.assertTrue(rows)
