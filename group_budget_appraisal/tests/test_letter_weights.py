from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.group_budget.tests.common import GroupBudgetCase


@tagged("post_install", "-at_install")
class TestLetterWeights(GroupBudgetCase):
    """Weights at the source (manual §九 6.1, 6.2): a letter is sent only
    when its KPI and work-task weights follow the rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_targets()
        cls.item_cost = cls._cost_item("Cost", "T-COST", "none", cls.env["account.account"])
        target = cls._target(
            cls.centre_sub,
            {cls.item_revenue: 100.0, cls.item_cost: 50.0, cls.item_volume: 10.0},
        )
        target._set_state("agreed")
        Letter = cls.env["group.budget.letter"]
        cls.letter = Letter.create(Letter._prepare_letter_vals(target))
        cls.kpi = {kpi.item_id: kpi for kpi in cls.letter.kpi_line_ids}

    def _weights(self, revenue, cost, volume, tasks=()):
        self.kpi[self.item_revenue].weight = revenue
        self.kpi[self.item_cost].weight = cost
        self.kpi[self.item_volume].weight = volume
        self.letter.task_line_ids = [Command.clear()] + [
            Command.create({"name": f"Task {i}", "weight": w}) for i, w in enumerate(tasks)
        ]

    def test_valid_weights_are_sent(self):
        self._weights(40, 20, 15, [25])
        self.assertEqual(self.letter.weight_total, 100)
        self.letter.action_send()
        self.assertEqual(self.letter.state, "sent")

    def test_total_must_be_exactly_100(self):
        self._weights(40, 20, 15, [24.9])
        with self.assertRefused(ValidationError, r"total 99\.9 %.*not exactly 100 %"):
            self.letter.action_send()
        self.assertEqual(self.letter.state, "draft")
        self._weights(40, 20, 15, [25.1])
        with self.assertRefused(ValidationError, r"total 100\.1 %"):
            self.letter.action_send()

    def test_financial_must_weigh_more(self):
        self._weights(25, 5, 30, [40])
        with self.assertRefused(ValidationError, r"financial KPIs weigh 30\.0 %.*\(30\.0 %\)"):
            self.letter.action_send()

    def test_core_must_weigh_more_within_a_class(self):
        self._weights(25, 25, 10, [40])
        with self.assertRefused(ValidationError, r"core financial KPIs weigh 25\.0 %"):
            self.letter.action_send()

    def test_every_broken_rule_is_listed(self):
        self._weights(10, 20, 40, [10])
        with self.assertRefused(
            ValidationError, r"(?s)total 80\.0 %.*financial KPIs weigh 30\.0 %.*core financial"
        ):
            self.letter.action_send()

    def test_weights_are_proposed_and_kept_by_a_new_version(self):
        # Financial 70 % (core 70 % of it, general 30 %), non-financial 30 %.
        self.assertEqual(
            {kpi.item_id: kpi.weight for kpi in self.letter.kpi_line_ids},
            {self.item_revenue: 49.0, self.item_cost: 21.0, self.item_volume: 30.0},
        )
        self.assertEqual(self.letter.weight_total, 100)
        self._weights(40, 20, 15, [25])
        self.letter.action_send()
        self.letter._set_state("signed")
        new = self.letter._supersede()
        self.assertEqual(sorted(new.kpi_line_ids.mapped("weight")), [15.0, 20.0, 40.0])
        self.assertEqual(new.weight_total, 100)
        new.action_send()

    def test_new_version_says_what_the_signed_one_said(self):
        """The Budget Office took the vehicles out of the letter (revenue 50 %,
        cost 20 %, two work tasks 30 %): the version an adjustment brings
        says the same, and nothing is proposed again (the vehicles would
        weigh 30 % more, 130 % in all); it may be sent as it stands."""
        self.kpi[self.item_volume].unlink()
        self.kpi[self.item_revenue].weight = 50
        self.kpi[self.item_cost].weight = 20
        self.letter.task_line_ids = [
            Command.create({"sequence": 2, "name": "Audit", "weight": 10, "measure": "Report"}),
            Command.create({"sequence": 1, "name": "ERP", "weight": 20, "measure": "Go-live"}),
        ]
        self.letter.action_send()
        self.letter._set_state("signed")
        new = self.letter._supersede()
        self.assertEqual(
            {kpi.item_id: kpi.weight for kpi in new.kpi_line_ids},
            {self.item_revenue: 50.0, self.item_cost: 20.0},
        )
        self.assertEqual(
            [(t.sequence, t.name, t.weight, t.measure) for t in new.task_line_ids],
            [(1, "ERP", 20.0, "Go-live"), (2, "Audit", 10.0, "Report")],
        )
        self.assertEqual((new.state, new.weight_total), ("draft", 100))
        new.action_send()
        self.assertEqual(new.state, "sent")
