"""The scorecards' ranking reads on a read-only cursor (issue 26): with
``--db_replica_host`` Odoo serves it from the replica (see
``group_budget/tests/read_only.py``)."""

from odoo.tests import tagged

from odoo.addons.group_budget.tests.read_only import ReadOnlyCase


@tagged("post_install", "-at_install")
class TestReadOnly(ReadOnlyCase):
    def test_scorecard_ranking(self):
        self._require_demo()
        Scorecard = self.env["group.budget.scorecard"]
        yearly = [("period_type", "=", "year")]
        # The ranking opens grouped by budget year, yearly scorecards only.
        grouped = self.read_only(
            "budget_office",
            "group.budget.scorecard",
            "web_read_group",
            [yearly, ["score:avg"], ["period_id"]],
            {"limit": 80, "lazy": True},
        )
        self.assertEqual(
            sum(group["period_id_count"] for group in grouped["groups"]),
            Scorecard.search_count(yearly),
        )
        spec = self.list_spec(
            self.office, "group_budget_appraisal.group_budget_scorecard_ranking_view_list"
        )
        period = grouped["groups"][0]["period_id"][0]
        ranking = self.read_only(
            "budget_office",
            "group.budget.scorecard",
            "web_search_read",
            [[*yearly, ("period_id", "=", period)], spec],
            {"limit": 80, "order": "score desc, centre_id"},
        )
        scores = [row["score"] for row in ranking["records"]]
        self.assertTrue(scores)
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertGreater(scores[0], 0)
        # The graph: the score of each centre.
        graph = self.read_only(
            "budget_office",
            "group.budget.scorecard",
            "read_group",
            [yearly, ["score:max"], ["centre_id"]],
            {"lazy": True},
        )
        self.assertTrue(any(group["score"] for group in graph))
