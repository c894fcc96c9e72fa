"""The base of every browser tour test of the suite (the three add-ons).

Odoo's ``HttpCase`` skips a tour when it finds no Chrome or Chromium, or no
websocket-client: here that is a failure, with a line that says so. The tours
start from the demo data; a database installed without it skips them.
"""

import unittest

from odoo.tests import HttpCase


class TourCase(HttpCase):
    def start_tour(self, url_path, tour_name, **kwargs):
        """Odoo skips a tour when no browser is found: fail instead."""
        try:
            return super().start_tour(url_path, tour_name, **kwargs)
        except unittest.SkipTest as exc:
            self.fail(
                f"The browser tour {tour_name} could not run ({exc}): the tours need "
                "Chromium and the websocket-client package (tools/test.sh installs both)"
            )

    def _require_demo(self):
        if not self.env.ref("group_budget.demo_centre_group", raise_if_not_found=False):
            self.skipTest("the database was installed without demo data")
