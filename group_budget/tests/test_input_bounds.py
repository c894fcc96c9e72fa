"""Values a person could mean (group.budget.input.mixin), over real HTTP
JSON-RPC as the low-privileged users: amounts and values within ±10^15 and
finite, texts within their length limit; nothing is saved otherwise."""

import math

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GroupBudgetCase
from .json_rpc import JsonRpcCase

MIXIN = "group.budget.input.mixin"
# What the server derives from posted accounting alone, which the suite does
# not bound: the ledger and execution views, the flexible overruns recorded
# at posting time (a posting is never refused for their sake), and the
# commitments bridge add-ons keep from confirmed documents (no user writes
# them).
SERVER_KEPT = {
    "group.budget.ledger",
    "group.budget.execution",
    "group.budget.overrun",
    "group.budget.commitment",
}
FIFTEEN_MB = 15 * 1024 * 1024
ACTUAL = "group.budget.indicator.actual"


@tagged("post_install", "-at_install")
class TestInputBounds(JsonRpcCase, GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_arbitration()
        cls.period = cls.env["group.budget.period"].create(
            {"year": 2031, "company_id": cls.company_a.id}
        )
        # 1,200 vehicles sold in March by the subsidiary, entered by its officer.
        cls.actual = (
            cls.env[ACTUAL]
            .with_user(cls.user_officer)
            .create(
                {
                    "period_id": cls.period.id,
                    "centre_id": cls.centre_sub.id,
                    "item_id": cls.item_volume.id,
                    "date": "2031-03-01",
                    "value": 1200.0,
                }
            )
            .with_env(cls.env)
        )
        cls.reasons = "The margin is calculated on the wrong base."
        cls.arbitration = cls._arbitration(reasons=cls.reasons).with_env(cls.env)
        cls.profile = cls.env["group.budget.profile"].create(
            {"name": "Retail season", "company_id": cls.company_a.id}
        )

    def _value(self):
        return self.actual.sudo().read(["value"])[0]["value"]

    def _actual_vals(self, value, month="2031-04-01"):
        return {
            "period_id": self.period.id,
            "centre_id": self.centre_sub.id,
            "item_id": self.item_volume.id,
            "date": month,
            "value": value,
        }

    def _count_actuals(self):
        return self.env[ACTUAL].sudo().search_count([("period_id", "=", self.period.id)])

    # ------------------------------------------------------------------
    # Numbers
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_huge_value_is_refused(self):
        """Old code: 1e300 was stored."""
        self.authenticate("gb_officer", "gb_officer")
        message = self.assertRpc("!", ACTUAL, "write", [self.actual.ids, {"value": 1e300}])
        self.assertIn("Value of [T-VOL] Volume", message)
        self.assertIn("1e+300", message)
        self.assertIn("1,000,000,000,000,000", message)
        self.assertEqual(self._value(), 1200.0)
        before = self._count_actuals()
        message = self.assertRpc("!", ACTUAL, "create", [[self._actual_vals(-1e300)]])
        self.assertIn("Value of a new Indicator Actual", message)
        self.assertIn("-1e+300", message)
        self.assertEqual(self._count_actuals(), before)

    @mute_logger("odoo.http")
    def test_value_just_beyond_the_limit_is_refused_in_full(self):
        """Written out in full, in the user's language."""
        self.authenticate("gb_officer", "gb_officer")
        message = self.assertRpc(
            "!", ACTUAL, "write", [self.actual.ids, {"value": 1_500_000_000_000_000.0}]
        )
        self.assertIn("1,500,000,000,000,000.00", message)
        self.assertEqual(self._value(), 1200.0)

    @mute_logger("odoo.http")
    def test_nan_and_infinity_are_refused(self):
        """Old code: a ValueError or OverflowError of the rounding, no clear
        message (or NaN stored where the field has no digits, below)."""
        self.authenticate("gb_officer", "gb_officer")
        for sent, shown in (
            ("nan", "NaN"),
            (math.nan, "NaN"),  # the bare word NaN in the JSON body
            ("inf", "∞"),
            ("-Infinity", "-∞"),
            (math.inf, "∞"),
        ):
            with self.subTest(sent=sent):
                message = self.assertRpc("!", ACTUAL, "write", [self.actual.ids, {"value": sent}])
                self.assertIn("Value of [T-VOL] Volume", message)
                self.assertIn(shown, message)
                self.assertEqual(self._value(), 1200.0)

    @mute_logger("odoo.http")
    def test_nan_is_refused_where_the_field_has_no_digits(self):
        """Old code: a profile's weight (a float without digits) stored NaN,
        which then spread into every breakdown by the profile."""
        self.authenticate("gb_office", "gb_office")
        message = self.assertRpc(
            "!", "group.budget.profile", "write", [self.profile.ids, {"weight_01": "nan"}]
        )
        self.assertIn("Jan of Retail season", message)
        self.assertEqual(self.profile.weight_01, 1.0)
        # Through the ORM as well, with a true float NaN.
        with self.assertRaisesRegex(ValidationError, "Jan of Retail season"):
            self.profile.with_user(self.user_office).weight_01 = math.nan
        self.assertEqual(self.profile.weight_01, 1.0)

    @mute_logger("odoo.http")
    def test_the_limit_itself_is_accepted(self):
        """10^15 is accepted, and so is 999,999,999,999,999.99, the same
        float; the next float above (10^15 + 0.125) is refused.

        What is stored is not exactly 10^15: Odoo rounds a float to its
        digits with an epsilon of |value| x 2^-50 (odoo.tools.float_round),
        about 0.9 at 10^15, on every write and read. Figures that large are
        no real budget's; they only mark the limit."""
        self.authenticate("gb_officer", "gb_officer")
        for value in (1e15, 999_999_999_999_999.99, 10**15):
            with self.subTest(value=value):
                self.assertRpc("+", ACTUAL, "write", [self.actual.ids, {"value": value}])
                self.assertAlmostEqual(self._value(), 1e15, delta=5)
        self.assertRpc("+", ACTUAL, "write", [self.actual.ids, {"value": 10_000.0}])
        self.assertEqual(self._value(), 10_000.0)
        for value in (math.nextafter(1e15, math.inf), 1_000_000_000_000_000.2, 10**15 + 1):
            with self.subTest(value=value):
                self.assertRpc("!", ACTUAL, "write", [self.actual.ids, {"value": value}])
                self.assertEqual(self._value(), 10_000.0)
        # A negative item value at the limit (the item allows none below 0).
        self.item_volume.allow_negative = True
        self.assertRpc("+", ACTUAL, "write", [self.actual.ids, {"value": -1e15}])
        self.assertRpc("!", ACTUAL, "write", [self.actual.ids, {"value": -1e15 - 1}])
        self.assertAlmostEqual(self._value(), -1e15, delta=5)

    # ------------------------------------------------------------------
    # Texts
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_fifteen_megabyte_reason_is_refused(self):
        """Old code: 15 MB of reasons were stored."""
        self.authenticate("gb_officer", "gb_officer")
        message = self.assertRpc(
            "!",
            "group.budget.arbitration",
            "write",
            [self.arbitration.ids, {"reasons": "x" * FIFTEEN_MB}],
        )
        self.assertIn("Cause and Reasons of ARB/", message)
        self.assertIn("15,728,640 characters, at most 10,000", message)
        self.assertEqual(self.arbitration.reasons, self.reasons)

    @mute_logger("odoo.http")
    def test_text_limit_counts_characters(self):
        """10,000 Chinese characters (30,000 bytes) are accepted; one more is
        refused."""
        self.authenticate("gb_officer", "gb_officer")
        reasons = ("毛利计算基数有误。" * 1112)[:10_000]
        self.assertEqual(len(reasons), 10_000)
        args = [self.arbitration.ids, {"reasons": reasons}]
        self.assertRpc("+", "group.budget.arbitration", "write", args)
        self.assertEqual(self.arbitration.reasons, reasons)
        args = [self.arbitration.ids, {"applicant_opinion": reasons + "。"}]
        message = self.assertRpc("!", "group.budget.arbitration", "write", args)
        self.assertIn("10,001 characters", message)
        self.assertFalse(self.arbitration.applicant_opinion)

    @mute_logger("odoo.http")
    def test_one_line_and_formatted_texts(self):
        """A name keeps 1,000 characters, a formatted outline 100,000."""
        self.authenticate("gb_office", "gb_office")
        item = {
            "code": "T-LONG",
            "category": "operations",
            "company_id": self.company_a.id,
        }
        message = self.assertRpc(
            "!", "group.budget.item", "create", [[dict(item, name="Rent " * 200 + "!")]]
        )
        self.assertIn("Name of a new Budget Item is too long: 1,001 characters", message)
        self.assertRpc("+", "group.budget.item", "create", [[dict(item, name="Rent " * 200)]])
        outline = "<p>" + "预算编制大纲。" * 14_286 + "</p>"  # 100,009 characters
        message = self.assertRpc(
            "!", "group.budget.period", "write", [self.period.ids, {"outline": outline}]
        )
        self.assertIn("Compilation Outline of 2031", message)
        self.assertIn("with its formatting, at most 100,000", message)
        self.assertFalse(self.period.outline)

    @mute_logger("odoo.http")
    def test_translations_keep_the_limit(self):
        """The translation dialog writes past write(). Old code: a 15 MB
        name of the officer's own centre was stored."""
        self.authenticate("gb_officer", "gb_officer")
        args = [self.centre_sub.ids, "name", {"en_US": "x" * FIFTEEN_MB}]
        message = self.assertRpc("!", "group.budget.centre", "update_field_translations", args)
        self.assertIn("Name of [S] Subsidiary is too long", message)
        self.assertEqual(self.centre_sub.name, "Subsidiary")
        args = [self.centre_sub.ids, "name", {"en_US": "Subsidiary South"}]
        self.assertRpc("+", "group.budget.centre", "update_field_translations", args)
        self.assertEqual(self.centre_sub.name, "Subsidiary South")

    # ------------------------------------------------------------------
    # Every model users write, every field by its type
    # ------------------------------------------------------------------
    def test_every_model_users_write_inherits_the_mixin(self):
        children = set(self.env.registry[MIXIN]._inherit_children)
        models = {
            name
            for name, model in self.env.registry.items()
            if name.startswith("group.budget")
            and not model._abstract
            and model._auto
            and model._original_module.startswith("group_budget")
        }
        self.assertGreater(len(models), 30)
        self.assertEqual(models - SERVER_KEPT - children, set())

    def test_every_number_and_text_field_is_checked_by_its_type(self):
        """Checked on an empty recordset: what :meth:`create` checks."""
        covered = self.env.registry[MIXIN]._inherit_children
        samples = {
            "float": (1e300, 10_000.0),
            "monetary": (math.nan, 10_000.0),
            "char": ("x" * 1_001, "x" * 1_000),
            "text": ("x" * 10_001, "x" * 10_000),
            "html": ("x" * 100_001, "x" * 100_000),
        }
        checked = 0
        for name in covered:
            Model = self.env[name]
            for field in Model._fields.values():
                if field.type not in samples:
                    continue
                refused, accepted = samples[field.type]
                with self.subTest(model=name, field=field.name):
                    with self.assertRaises(ValidationError):
                        Model._check_input_values({field.name: refused})
                    Model._check_input_values({field.name: accepted})
                    checked += 1
        self.assertGreater(checked, 150)
