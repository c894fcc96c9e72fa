"""The base of every browser tour test of the suite (the three add-ons).

Odoo's ``HttpCase`` skips a tour when it finds no Chrome or Chromium, or no
websocket-client: here that is a failure, with a line that says so. The tours
start from the demo data; a database installed without it skips them.
"""

import unittest

from odoo import Command, fields
from odoo.tests import HttpCase


class TourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_demo_refs()

    @classmethod
    def _set_demo_refs(cls):
        """Set ``has_demo`` and, with the demo data, the demo records the
        tours start from: the truck company, its centres, the users of
        every role, the items and the current budget year
        (``current_period``)."""
        ref = cls.env.ref
        cls.has_demo = bool(ref("group_budget.demo_centre_group", raise_if_not_found=False))
        if not cls.has_demo:
            return
        cls.trucks_company = ref("group_budget.demo_company_trucks")
        cls.trucks = ref("group_budget.demo_centre_trucks")
        cls.sales = ref("group_budget.demo_centre_trucks_sales")
        cls.assembly = ref("group_budget.demo_centre_trucks_assembly")
        cls.admin_centre = ref("group_budget.demo_centre_trucks_admin")
        cls.office = ref("group_budget.demo_user_office")
        cls.officer = ref("group_budget.demo_user_officer")
        cls.committee = ref("group_budget.demo_user_committee")
        cls.trucks_gm = ref("group_budget.demo_user_trucks_gm")
        cls.revenue = ref("group_budget.demo_item_revenue")
        cls.salaries = ref("group_budget.demo_item_salaries")
        cls.rent = ref("group_budget.demo_item_rent")
        cls.volume = ref("group_budget.demo_item_volume")
        cls.current_period = ref("group_budget.demo_period_trucks_current")

    def start_tour(self, url_path, tour_name, **kwargs):
        """Odoo skips a tour when no browser is found: fail instead."""
        try:
            return super().start_tour(url_path, tour_name, **kwargs)
        except unittest.SkipTest as exc:
            self.fail(
                f"The browser tour {tour_name} could not run ({exc}): the tours need "
                "Chromium and the websocket-client package (tools/test.sh installs both)"
            )

    def start_read_only_tour(self, url_path, tour_name, **kwargs):
        """Run a tour of screens that only read. With ``--db_replica_host``
        Odoo sends their calls to the replica; here they run on read-only
        cursors, and one that wrote would fail there and be retried on a
        read/write cursor, with a warning of ``odoo.http``: none may."""
        with self.assertNoLogs("odoo.http", "WARNING"):
            return self.start_tour(url_path, tour_name, **kwargs)

    def _require_demo(self):
        if not self.has_demo:
            self.skipTest("the database was installed without demo data")

    def _created_by_tour(self, model, url_path, tour_name, **kwargs):
        """Run the tour; return the records of ``model`` it created."""
        Model = self.env[model]
        before = Model.search([])
        self.start_tour(url_path, tour_name, **kwargs)
        return Model.search([]) - before

    def _rent_adjustment(self):
        """The officer's draft adjustment of the sales department's rent to
        250,000 in the current budget year, from this month: another case
        (另行认定), its reasons written."""
        return (
            self.env["group.budget.adjustment"]
            .with_user(self.officer)
            .create(
                {
                    "period_id": self.current_period.id,
                    "centre_id": self.sales.id,
                    "source": "subsidiary",
                    "condition": "other",
                    "kind": "raise",
                    "date_effective": fields.Date.today().replace(day=1),
                    "reason": "The showroom lease was renewed at a higher rent.",
                    "execution_status": "Rent is on budget to date.",
                    "factors": "Commercial rents in Xi'an rose by a third.",
                    "internal_measures": "Negotiated.",
                    "line_ids": [
                        Command.create(
                            {
                                "centre_id": self.sales.id,
                                "item_id": self.rent.id,
                                "proposed_value": 250_000,
                            }
                        )
                    ],
                }
            )
        )
