"""The suite's screens read on a read-only cursor, as on a replica.

Odoo sends the web client's read-only calls (the ``call_kw`` methods marked
``@api.readonly``: ``web_search_read``, ``web_read``, ``web_read_group``,
``read_group``, ``search_read``…) to the replica when ``--db_replica_host`` is
set. Under ``HttpCase`` the same calls run on a test cursor in a read-only
transaction (``SET TRANSACTION READ ONLY``): a write there fails with
"cannot execute … in a read-only transaction" and Odoo retries the call on a
read/write cursor, logging a warning. :meth:`ReadOnlyCase.read_only` makes the
call over JSON-RPC as the web client does, and fails when it did not run on a
read-only cursor only.
"""

import json
from unittest.mock import patch

from lxml import etree

from odoo.http import Request

from .tours import TourCase


class ReadOnlyCase(TourCase):
    def _call(self, login, model, method, args, kwargs=None, route="call_kw"):
        """``(result, transactions)``: the call's result, and whether Odoo
        ran it in a read-only transaction (for each transaction of the
        request: one, unless a read-only one wrote and was retried). Odoo's
        own bookkeeping of the session's device, in a cursor of its own, is
        not the call's."""
        self.authenticate(login, login)
        transactions = []
        transactioning = Request._transactioning

        def recording(request, func, readonly):
            transactions.append(readonly)
            return transactioning(request, func, readonly)

        with patch.object(Request, "_transactioning", recording):
            answer = self.url_open(
                f"/web/dataset/{route}/{model}/{method}",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": model,
                            "method": method,
                            "args": args,
                            "kwargs": kwargs or {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            ).json()
        self.env.invalidate_all()
        self.assertNotIn("error", answer, f"{model}.{method}: {answer.get('error')}")
        return answer["result"], transactions

    def read_only(self, login, model, method, args, kwargs=None, route="call_kw"):
        """The result of the call (``route``: ``call_button`` for a
        button), which ran on read-only cursors only: nothing it did wrote
        (a write would have been retried on a read/write cursor, with a
        warning)."""
        with self.assertNoLogs("odoo.http", "WARNING"):
            result, transactions = self._call(login, model, method, args, kwargs, route)
        self.assertEqual(
            transactions, [True], f"{model}.{method} ran on a read/write cursor, not the replica's"
        )
        return result

    def on_primary(self, login, model, method, args, kwargs=None):
        """The result of the call, which ran on a read/write cursor (from the
        start, not retried there)."""
        result, transactions = self._call(login, model, method, args, kwargs)
        self.assertEqual(transactions, [False], f"{model}.{method} did not read the primary")
        return result

    def list_spec(self, user, view_xmlid):
        """The specification of ``web_search_read`` for the list view
        ``view_xmlid`` as ``user`` sees it: its columns, a relation with its
        display name, as the web client asks for them."""
        view = self.env.ref(view_xmlid)
        model = view.model
        views = self.env[model].with_user(user).get_views([(view.id, "list")])
        fields = views["models"][model]["fields"]
        arch = etree.fromstring(views["views"]["list"]["arch"])
        relational = ("many2one", "many2many", "one2many")
        return {
            node.get("name"): (
                {"fields": {"display_name": {}}}
                if fields[node.get("name")]["type"] in relational
                else {}
            )
            for node in arch.iterchildren("field")
        }
