"""Numbers that name something (a year, a month, a version, a position) are
not amounts: a list grouped by them does not add them up ("4052 (2)" for two
documents of 2026), and a form shows a year as 2026, not "2,026"."""

import re

from lxml import etree

from odoo.tests import TransactionCase, tagged

from .suite import suite_addons

ORDINALS = {"year", "month", "number", "version", "period_index", "sequence", "control_sequence"}


@tagged("post_install", "-at_install")
class TestNumberFields(TransactionCase):
    def _suite_models(self):
        return [
            self.env[name]
            for name in self.env.registry
            if name.startswith("group.budget")
            and not self.env[name]._abstract
            and not self.env[name]._transient
        ]

    def test_ordinal_numbers_are_never_summed(self):
        summed = [
            f"{model._name}.{name}"
            for model in self._suite_models()
            for name, field in model._fields.items()
            if field.type == "integer" and field.store and name in ORDINALS and field.aggregator
        ]
        self.assertFalse(summed, "ordinal numbers a grouped list would add up")

    def test_years_are_shown_without_grouping(self):
        views = self.env["ir.ui.view"].search(
            [("model", "=like", "group.budget%"), ("type", "in", ("form", "list", "kanban"))]
        )
        external = views._get_external_ids()
        suite = suite_addons(self.env)
        grouped = []
        for view in views.filtered(lambda v: external.get(v.id, [""])[0].split(".")[0] in suite):
            arch = etree.fromstring(view.arch_db.encode())
            model = self.env[view.model]
            for node in arch.iter("field"):
                field = model._fields.get(node.get("name"))
                if not field or field.type != "integer" or field.name != "year":
                    continue
                if not re.search(r"['\"]format['\"]\s*:\s*(false|False)", node.get("options", "")):
                    grouped.append(f"{external[view.id][0]}: {field.name}")
        self.assertFalse(grouped, "years shown with a thousands separator")
