from odoo.addons.group_budget.tests.common import GroupBudgetCase


class AppraisalCase(GroupBudgetCase):
    """The base of the appraisal's tests."""

    @classmethod
    def _setup_appraisal(cls):
        """The execution year (:meth:`_setup_execution`), the group managed
        by the Budget Committee member and the subsidiary by the officer:
        the issuer and the acceptor of the subsidiary's letters."""
        cls._setup_execution()
        cls.centre_group.manager_id = cls.user_committee
        cls.centre_sub.manager_id = cls.user_officer
