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

    @classmethod
    def _appraisal_card(
        cls,
        centre,
        period,
        kpis,
        tasks=(),
        veto="",
        period_type="year",
        period_index=1,
        provisional=True,
        with_card=True,
    ):
        """A signed responsibility letter of ``centre`` for ``period`` with
        ``{item: (target, weight %)}`` and ``[(task, weight %)]``, from an agreed
        target (:meth:`_signed_letter`), and its draft scorecard for the
        period. Returns ``(letter, scorecard)``; the scorecard is None
        without ``with_card``."""
        letter = cls._signed_letter(centre, period, kpis, tasks, veto)
        if not with_card:
            return letter, None
        Scorecard = cls.env["group.budget.scorecard"]
        card = Scorecard.create(
            Scorecard._prepare_scorecard_vals(letter, period_type, period_index, provisional)
        )
        return letter, card

    @classmethod
    def _setup_matrix_appraisal(cls):
        """Provisional yearly scorecards of 2034 for centre A, centre B and
        company B, a computed and a reviewed one of centre A by quarter, and
        a generation wizard of the superuser (the role matrix's records,
        :meth:`_setup_matrix`)."""
        Period = cls.env["group.budget.period"]
        cls.period_appraisal, period_b = Period.create(
            [
                {"year": 2034, "company_id": cls.company_a.id},
                {"year": 2034, "company_id": cls.company_b.id},
            ]
        )
        kpis = {cls.item_volume: (10.0, 100)}
        cls.letter_appraisal, cls.card_sub = cls._appraisal_card(
            cls.centre_sub, cls.period_appraisal, kpis
        )
        _letter, cls.card_sibling = cls._appraisal_card(
            cls.centre_sibling, cls.period_appraisal, kpis
        )
        _letter, cls.card_b = cls._appraisal_card(cls.centre_other_company, period_b, kpis)
        Scorecard = cls.env["group.budget.scorecard"]
        cls.card_computed, cls.card_reviewed = Scorecard.create(
            [
                Scorecard._prepare_scorecard_vals(cls.letter_appraisal, "quarter", q, True)
                for q in (1, 2)
            ]
        )
        cls.card_computed._set_state("computed")
        cls.card_reviewed._set_state("reviewed")
        cls.scorecard_wizard = cls.env["group.budget.scorecard.generate"].create(
            {"period_id": cls.period_appraisal.id, "period_type": "year"}
        )
