"""The variance analysis screen and the replica (issue 26).

*Analyse* writes the matrix's rows, on the primary; the web client reads them
at once, before a replica may have them: their reads stay on the primary.
The explanations' list only reads, and runs on a read-only cursor (see
``group_budget/tests/read_only.py``).
"""

from odoo.tests import tagged

from odoo.addons.group_budget.tests.read_only import ReadOnlyCase


@tagged("post_install", "-at_install")
class TestReadOnly(ReadOnlyCase):
    def setUp(self):
        super().setUp()
        self._require_demo()

    def test_the_matrix_is_read_from_the_primary(self):
        wizard = (
            self.env["group.budget.analysis.wizard"]
            .with_user(self.officer)
            .create({"period_kind": "ytd"})
        )
        action = wizard.action_analyse()
        self.assertEqual(action["res_model"], "group.budget.analysis.line")
        spec = self.list_spec(
            self.officer, "group_budget_report.group_budget_analysis_line_view_list"
        )
        rows = self.on_primary(
            "budget_officer",
            "group.budget.analysis.line",
            "web_search_read",
            [action["domain"], spec],
            {"limit": 80},
        )
        self.assertEqual(rows["length"], len(wizard.line_ids))
        self.assertTrue(any(row["budget"] and row["actual"] for row in rows["records"]))
        pivot = self.on_primary(
            "budget_officer",
            "group.budget.analysis.line",
            "read_group",
            [action["domain"], ["__count"], ["centre_id"]],
            {"lazy": False},
        )
        self.assertEqual(sum(group["__count"] for group in pivot), len(wizard.line_ids))
        [line] = self.on_primary(
            "budget_officer",
            "group.budget.analysis.line",
            "web_read",
            [wizard.line_ids[:1].ids, {"name": {}, "budget_variance": {}}],
        )
        self.assertEqual(line["name"], wizard.line_ids[:1].name)

    def test_explanations_list(self):
        spec = self.list_spec(
            self.office, "group_budget_report.group_budget_variance_explanation_view_list"
        )
        explanations = self.read_only(
            "budget_office", "group.budget.variance.explanation", "web_search_read", [[], spec]
        )
        self.assertTrue(explanations["records"])
        self.assertTrue(any(row["variance"] for row in explanations["records"]))
