"""Nothing moves out of reach, and locks hold for every centre, over real
HTTP JSON-RPC as the officer.

An officer creates records on the centres they serve only; a later write of
another centre (or company) into them must be refused as well
(group.budget.input.mixin). A month the Budget Office locks is locked for the
officers of every centre, whose record rules hide the other centres' values.
"""

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import GroupBudgetCase
from .json_rpc import JsonRpcCase

ACTUAL = "group.budget.indicator.actual"
ARBITRATION = "group.budget.arbitration"


@tagged("post_install", "-at_install")
class TestReach(JsonRpcCase, GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_arbitration()
        Period = cls.env["group.budget.period"]
        cls.period = Period.create({"year": 2031, "company_id": cls.company_a.id})
        cls.period_next = Period.create({"year": 2032, "company_id": cls.company_a.id})
        cls.user_sibling_officer = new_test_user(
            cls.env,
            login="gb_sibling_officer",
            groups="group_budget.group_budget_officer",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.centre_sibling.officer_ids = [Command.link(cls.user_sibling_officer.id)]
        # The sibling's 1,150 vehicles of March; the Budget Office locks March.
        sibling_march = (
            cls.env[ACTUAL]
            .with_user(cls.user_sibling_officer)
            .create(cls._actual_vals(cls.centre_sibling, "2031-03-01", 1150.0))
        )
        sibling_march.with_user(cls.user_office).action_lock_month()
        # The subsidiary's April, entered by its officer.
        cls.own_april = (
            cls.env[ACTUAL]
            .with_user(cls.user_officer)
            .create(cls._actual_vals(cls.centre_sub, "2031-04-01", 1200.0))
            .with_env(cls.env)
        )

    @classmethod
    def _actual_vals(cls, centre, month, value, period=None):
        return {
            "period_id": (period or cls.period).id,
            "centre_id": centre.id,
            "item_id": cls.item_volume.id,
            "date": month,
            "value": value,
        }

    def _stored(self, records, fields):
        """What the database holds, read by the superuser."""
        return [
            {key: value[0] if isinstance(value, tuple) else value for key, value in row.items()}
            for row in records.sudo().read(fields)
        ]

    # ------------------------------------------------------------------
    # Moving a record out of reach
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_officer_cannot_move_an_indicator_actual_to_another_centre(self):
        """Old code: the officer created the value on their centre, then
        wrote the sibling centre into it."""
        self.authenticate("gb_officer", "gb_officer")
        actual_id = self.assertRpc(
            "+", ACTUAL, "create", [[self._actual_vals(self.centre_sub, "2031-05-01", 1180.0)]]
        )[0]
        actual = self.env[ACTUAL].browse(actual_id)
        message = self.assertRpc(
            "-", ACTUAL, "write", [[actual_id], {"centre_id": self.centre_sibling.id}]
        )
        self.assertIn("You cannot change Centre of Volume", message.replace("[T-VOL] ", ""))
        self.assertEqual(
            self._stored(actual, ["centre_id", "value"]),
            [{"id": actual_id, "centre_id": self.centre_sub.id, "value": 1180.0}],
        )
        # Within reach (the plant is the subsidiary's child) it moves.
        self.assertRpc("+", ACTUAL, "write", [[actual_id], {"centre_id": self.centre_dept.id}])
        self.assertEqual(actual.centre_id, self.centre_dept)

    @mute_logger("odoo.http")
    def test_budget_office_moves_an_indicator_actual(self):
        """The Budget Office writes every centre of its companies."""
        self.authenticate("gb_office", "gb_office")
        self.assertRpc(
            "+", ACTUAL, "write", [self.own_april.ids, {"centre_id": self.centre_sibling.id}]
        )
        self.assertEqual(self.own_april.centre_id, self.centre_sibling)

    @mute_logger("odoo.http")
    def test_officer_cannot_move_an_arbitration_draft_to_another_centre(self):
        """Old code: the draft application moved to the sibling centre."""
        self.authenticate("gb_officer", "gb_officer")
        vals = {
            "centre_id": self.centre_sub.id,
            "matter": "calculation",
            "reasons": "The margin of 10,000.00 is calculated on the wrong base.",
        }
        arbitration_id = self.assertRpc("+", ARBITRATION, "create", [[vals]])[0]
        arbitration = self.env[ARBITRATION].browse(arbitration_id)
        self.assertRpc(
            "-", ARBITRATION, "write", [[arbitration_id], {"centre_id": self.centre_sibling.id}]
        )
        self.assertEqual(
            self._stored(arbitration, ["centre_id", "company_id", "state"]),
            [
                {
                    "id": arbitration_id,
                    "centre_id": self.centre_sub.id,
                    "company_id": self.company_a.id,
                    "state": "draft",
                }
            ],
        )

    @mute_logger("odoo.http")
    def test_officer_cannot_move_an_arbitration_draft_to_another_company(self):
        """The officer manages company B's plant, but works in company A
        only: the draft may not move into company B. Old code: it did."""
        self.authenticate("gb_officer", "gb_officer")
        arbitration = self._arbitration().with_env(self.env)
        self.assertRpc(
            "-",
            ARBITRATION,
            "write",
            [arbitration.ids, {"centre_id": self.centre_other_company.id}],
        )
        self.assertEqual(
            self._stored(arbitration, ["centre_id", "company_id"]),
            [
                {
                    "id": arbitration.id,
                    "centre_id": self.centre_sub.id,
                    "company_id": self.company_a.id,
                }
            ],
        )
        # With company B allowed too, the plant is within reach.
        both = self.company_a | self.company_b
        self.assertRpc(
            "+",
            ARBITRATION,
            "write",
            [arbitration.ids, {"centre_id": self.centre_other_company.id}],
            companies=both,
        )
        self.assertEqual(arbitration.company_id, self.company_b)

    def test_reach_fields_come_from_the_record_rules(self):
        """The officer's rules read the centre and the company; the company
        follows the year (indicator actuals) or the centre (arbitrations)."""
        Actual = self.env[ACTUAL].with_user(self.user_officer)
        self.assertEqual(Actual._reach_fields(), {"centre_id", "company_id", "period_id"})
        Arbitration = self.env[ARBITRATION].with_user(self.user_officer)
        self.assertEqual(Arbitration._reach_fields(), {"centre_id", "company_id"})
        # A centre is reached through the hierarchy: its parent decides.
        Centre = self.env["group.budget.centre"].with_user(self.user_officer)
        self.assertEqual(Centre._reach_fields(), {"id", "parent_id", "company_id"})
        # Writes of other fields are not checked again; the superuser's never.
        self.assertFalse(
            self.own_april.with_user(self.user_officer)._reach_fields_written({"value": 1.0})
        )
        self.assertFalse(self.own_april.sudo()._reach_fields_written({"centre_id": 1}))

    # ------------------------------------------------------------------
    # Locks apply to every centre
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_officer_of_another_centre_cannot_enter_a_locked_month(self):
        """March is locked (the sibling's values). Old code: the
        subsidiary's officer, who does not see them, entered March."""
        self.authenticate("gb_officer", "gb_officer")
        Actual = self.env[ACTUAL].sudo()
        before = Actual.search_count([])
        message = self.assertRpc(
            "!", ACTUAL, "create", [[self._actual_vals(self.centre_sub, "2031-03-01", 1210.0)]]
        )
        self.assertIn("2031-03", message)
        self.assertIn("is locked", message)
        self.assertEqual(Actual.search_count([]), before)

    @mute_logger("odoo.http")
    def test_officer_cannot_move_an_own_entry_into_a_locked_month(self):
        """Old code: the April value moved into locked March."""
        self.authenticate("gb_officer", "gb_officer")
        message = self.assertRpc("!", ACTUAL, "write", [self.own_april.ids, {"date": "2031-03-20"}])
        self.assertIn("is locked", message)
        self.assertEqual(self.own_april.sudo().date.isoformat(), "2031-04-01")
        self.assertFalse(self.own_april.sudo().locked)

    @mute_logger("odoo.http")
    def test_officer_cannot_move_an_entry_of_another_year_into_a_locked_month(self):
        """By writing the year and the month. Old code: accepted."""
        self.authenticate("gb_officer", "gb_officer")
        next_march = (
            self.env[ACTUAL]
            .with_user(self.user_officer)
            .create(self._actual_vals(self.centre_sub, "2032-03-01", 1300.0, self.period_next))
        )
        vals = {"period_id": self.period.id, "date": "2031-03-01"}
        message = self.assertRpc("!", ACTUAL, "write", [next_march.ids, vals])
        self.assertIn("is locked", message)
        self.assertEqual(
            self._stored(next_march, ["period_id", "date"]),
            [
                {
                    "id": next_march.id,
                    "period_id": self.period_next.id,
                    "date": next_march.sudo().date,
                }
            ],
        )
        self.assertEqual(next_march.sudo().date.isoformat(), "2032-03-01")

    @mute_logger("odoo.http")
    def test_unlocked_months_stay_open(self):
        """April is not locked: the officer enters and corrects it."""
        self.authenticate("gb_officer", "gb_officer")
        self.assertRpc("+", ACTUAL, "write", [self.own_april.ids, {"value": 1250.0}])
        self.assertEqual(self.own_april.sudo().value, 1250.0)
