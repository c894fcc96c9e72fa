"""Budget warnings (manual §六): the role matrix's rules and warnings.

A fixture mixin of :class:`.common.GroupBudgetCase`, which composes them: its
class methods build records in ``setUpClass`` on the base's companies, users,
centres and items.
"""


class WarningFixtures:
    """Budget warnings (manual §六): the role matrix's rules and warnings."""

    @classmethod
    def _setup_warning_matrix(cls):
        """Warning standards, warnings and indicator actuals for the
        role-isolation matrix (after :meth:`_setup_matrix`): each in the
        subsidiary, its sibling and company B."""
        Rule = cls.env["group.budget.warning.rule"]
        cls.warning_rule_a = Rule.search([("company_id", "=", cls.company_a.id)], limit=1)
        cls.warning_rule_b = Rule.search([("company_id", "=", cls.company_b.id)], limit=1)
        cls.warning_rule_spare = Rule.create(
            {"name": "Spare", "company_id": cls.company_a.id, "horizon": "quarter"}
        )
        cls.warning_sub, cls.warning_sibling, cls.warning_b = (
            cls.env["group.budget.warning"]
            .sudo()
            .create(
                [
                    {
                        "company_id": period.company_id.id,
                        "period_id": period.id,
                        "centre_id": centre.id,
                        "item_id": item.id,
                        "horizon": "month",
                        "period_label": f"{period.year}-11",
                        "date": f"{period.year}-11-25",
                        "level": "attention",
                        "comment": "Seen.",
                    }
                    for centre, item, period in (
                        (cls.centre_sub, cls.item_rent, cls.period),
                        (cls.centre_sibling, cls.item_rent, cls.period),
                        (cls.centre_other_company, cls.item_b, cls.period_b),
                    )
                ]
            )
        )
        Actual = cls.env["group.budget.indicator.actual"]
        cls.indicator_sub, cls.indicator_sibling, cls.indicator_b = Actual.create(
            [
                {
                    "period_id": period.id,
                    "centre_id": centre.id,
                    "item_id": cls.item_volume.id,
                    "date": f"{period.year}-03-01",
                    "value": 10.0,
                }
                for centre, period in (
                    (cls.centre_sub, cls.period),
                    (cls.centre_sibling, cls.period),
                    (cls.centre_other_company, cls.period_b),
                )
            ]
        )
