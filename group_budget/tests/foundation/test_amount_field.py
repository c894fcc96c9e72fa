"""The months of a budget are amounts of the decimal accuracy ``Account``
looked up once per transaction (:mod:`odoo.addons.group_budget.amount_field`):
rounded as a ``Float`` of that accuracy, at a change of the accuracy too."""

from unittest.mock import patch

from odoo.tests import tagged

from ...amount_field import Amount, clear_digits
from ..common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestAmountField(GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()
        cls.budget = cls._compiling_budget()
        cls.line = cls.budget.line_ids.filtered(lambda line: line.item_id == cls.item_revenue)
        Precision = cls.env["decimal.precision"]
        cls.precision = Precision.search([("name", "=", "Account")]) or Precision.create(
            {"name": "Account", "digits": 2}
        )

    def test_months_are_amounts_rounded_to_the_account_precision(self):
        for name in ("month_01", "month_12", "total"):
            self.assertIsInstance(self.line._fields[name], Amount)
            self.assertEqual(self.line._fields[name].get_digits(self.env), (16, 2))
        self.line.month_01 = 10000.005
        self.assertEqual(self.line.month_01, 10000.01)
        self.line.month_02 = 9999.994
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT month_01, month_02 FROM group_budget_line WHERE id = %s", [self.line.id]
        )
        self.assertEqual([str(value) for value in self.env.cr.fetchone()], ["10000.01", "9999.99"])

    def _account_lookups(self, vals):
        """How many times writing ``vals`` on the line looks up ``Account``."""
        clear_digits(self.env.cr)
        Precision = type(self.env["decimal.precision"])
        with patch.object(
            Precision, "precision_get", autospec=True, side_effect=Precision.precision_get
        ) as lookup:
            self.line.write(vals)
            self.env.flush_all()
        return sum(1 for call in lookup.call_args_list if call.args[1:] == ("Account",))

    def test_precision_is_looked_up_once_per_transaction(self):
        one = self._account_lookups({"month_01": 1000.0})
        twelve = self._account_lookups({f"month_{m:02d}": 1000.0 + m for m in range(1, 13)})
        # A plain Float looks it up three times per value written (into the
        # cache, for the write, into the column): 33 more for eleven months.
        self.assertEqual(twelve, one)
        self.assertEqual(one, 1)  # the months and the line's total, once
        self.assertEqual(self.line.month_12, 1012.0)

    def test_a_change_of_the_precision_applies_in_the_same_transaction(self):
        # The tests of a class share a cursor: the next one starts afresh.
        self.addCleanup(clear_digits, self.env.cr)
        self.line.month_01 = 1.2345
        self.assertEqual(self.line.month_01, 1.23)
        # The company's currency rounds to 0.01: Account may not round coarser.
        self.precision.digits = 3
        self.line.month_01 = 1.2345
        self.assertEqual(self.line.month_01, 1.235)
        self.precision.digits = 4
        self.line.month_01 = 1.23456
        self.env.flush_all()
        self.env.cr.execute("SELECT month_01 FROM group_budget_line WHERE id = %s", [self.line.id])
        self.assertEqual(str(self.env.cr.fetchone()[0]), "1.2346")
