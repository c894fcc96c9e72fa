"""Calls over real HTTP JSON-RPC, as the web client makes them."""

import json

from odoo.tests import HttpCase

# Outcomes: "+" done, "-" refused by access (AccessError), "!" refused by a
# business rule (UserError, ValidationError); any other error by its name.
OUTCOMES = {
    "odoo.exceptions.AccessError": "-",
    "odoo.exceptions.UserError": "!",
    "odoo.exceptions.ValidationError": "!",
}


class JsonRpcCase(HttpCase):
    """``/web/dataset/call_kw/<model>/<method>`` as the user the test
    authenticated (``self.authenticate(login, login)``)."""

    def _rpc(self, model, method, args, kwargs=None, companies=None, context=None):
        """One call, with ``context``'s keys besides the allowed companies;
        returns ``(outcome, result or error message)``. The body is encoded by
        :func:`json.dumps`, which writes a float NaN or infinity as the bare
        words ``NaN`` and ``Infinity`` (Python's JSON reader, the server's,
        accepts them)."""
        companies = companies or self.company_a
        context = dict(context or {}, allowed_company_ids=companies.ids)
        kwargs = dict(kwargs or {}, context=context)
        answer = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()
        self.env.invalidate_all()
        if "error" not in answer:
            return "+", answer.get("result")
        data = answer["error"]["data"]
        return OUTCOMES.get(data["name"], data["name"]), data["message"]

    def assertRpc(self, expected, model, method, args, kwargs=None, companies=None):
        """The call's outcome is ``expected``; returns the result or message."""
        outcome, result = self._rpc(model, method, args, kwargs, companies)
        self.assertEqual(outcome, expected, f"{model}.{method}: {str(result)[:300]}")
        return result
