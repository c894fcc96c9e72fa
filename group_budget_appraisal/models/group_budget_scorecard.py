from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import formatLang

from odoo.addons.group_budget import messages

from ..logic import scoring

SCORECARD_STATES = [
    ("draft", "Draft"),
    ("computed", "Computed"),
    ("reviewed", "Reviewed"),
    ("decided", "Decided"),
]
PERIOD_TYPES = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]
MONTH_FIELDS = [f"month_{month:02d}" for month in range(1, 13)]
#: What the Budget Committee records of the board's decision (manual §九 4.1, 6.2 (6)).
BOARD_FIELDS = frozenset({"board_decision", "board_decision_date", "veto_lifted"})
#: Scores show two decimals (the engine decides on exact figures).
SHOWN_SCORE_DIGITS = 2
#: The scores a scorecard computes from its lines, kept once it is decided.
SCORE_FIELDS = (
    "kpi_total",
    "gs_total",
    "total_raw",
    "total",
    "score_raw",
    "score",
    "vetoed",
    "has_exception",
)


def in_message_lang(record):
    """``record`` in the language the messages the server writes on it read
    in: the one the acting user works in (the client's, else the user's
    own), else its company's. The chatter keeps a message as written: it is
    written once, in the language of who wrote it."""
    env = record.env
    # Not the system's own user (a scheduled action): the company's.
    user = env.user if env.uid != SUPERUSER_ID else None
    lang = messages.lang_of(env, env.context.get("lang"), user, record.company_id, "en_US")
    return record.with_context(lang=lang)


class GroupBudgetScorecard(models.Model):
    """Scorecard (考评表, manual §九): one centre's appraisal for a month, a
    quarter or the year, with a line per KPI, work task (GS) and veto item of
    its signed responsibility letter. The Budget Office computes it, the
    Budget Committee reviews and decides it (for subsidiaries and vetoes,
    recording the board's decision); a decided scorecard never changes."""

    _name = "group.budget.scorecard"
    _description = "Scorecard"
    _inherit = ["mail.thread", "group.budget.state.mixin", "group.budget.input.mixin"]
    _order = "period_id desc, period_type, period_index, score desc, centre_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    centre_id = fields.Many2one(
        "group.budget.centre",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    period_id = fields.Many2one(
        "group.budget.period",
        string="Budget Year",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
        precompute=True,
    )
    letter_id = fields.Many2one(
        "group.budget.letter",
        string="Responsibility Letter",
        required=True,
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    period_type = fields.Selection(
        PERIOD_TYPES, string="Period", required=True, default="year", readonly=True
    )
    period_index = fields.Integer(
        string="Period Number",
        aggregator=None,
        default=1,
        required=True,
        readonly=True,
        help="The month (1–12) or quarter (1–4); 1 for the year.",
    )
    date_from = fields.Date(compute="_compute_dates", store=True, precompute=True)
    date_to = fields.Date(compute="_compute_dates", store=True, precompute=True)
    provisional = fields.Boolean(
        readonly=True,
        help="Appraised before the ledger closed the period: actuals may still change.",
    )
    appraised_by_group = fields.Boolean(
        compute="_compute_appraised_by_group",
        store=True,
        help="A subsidiary, appraised by the group yearly; its board decides (manual §九 4.1).",
    )
    state = fields.Selection(
        SCORECARD_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True
    )
    line_ids = fields.One2many("group.budget.scorecard.line", "scorecard_id", string="Lines")
    kpi_line_ids = fields.One2many(
        "group.budget.scorecard.line",
        "scorecard_id",
        domain=[("kind", "=", "kpi")],
        string="KPI Lines",
    )
    gs_line_ids = fields.One2many(
        "group.budget.scorecard.line",
        "scorecard_id",
        domain=[("kind", "=", "gs")],
        string="Work Tasks (GS)",
    )
    veto_line_ids = fields.One2many(
        "group.budget.scorecard.line",
        "scorecard_id",
        domain=[("kind", "=", "veto")],
        string="Veto Items",
    )
    kpi_total = fields.Float(
        string="KPI Score", compute="_compute_scores", store=True, digits=(16, 4)
    )
    gs_total = fields.Float(
        string="GS Score", compute="_compute_scores", store=True, digits=(16, 4)
    )
    total_raw = fields.Float(
        string="Weighted Total before Exceptions",
        compute="_compute_scores",
        store=True,
        digits=(16, 4),
    )
    total = fields.Float(
        string="Weighted Total", compute="_compute_scores", store=True, digits=(16, 4)
    )
    score_raw = fields.Float(
        string="Score before Exceptions",
        compute="_compute_scores",
        store=True,
        digits=(16, 4),
        aggregator="avg",
    )
    score = fields.Float(
        compute="_compute_scores",
        store=True,
        digits=(16, 4),
        aggregator="avg",
        help="The weighted total clamped as the manual says: 0 at or below 0.6, 1.5 at or "
        "above 1.5; 0 when a veto item occurred.",
    )
    vetoed = fields.Boolean(compute="_compute_scores", store=True, string="Veto Occurred")
    has_exception = fields.Boolean(compute="_compute_scores", store=True)
    board_decision = fields.Text(
        tracking=True,
        help="The board's decision (由相应董事会审定), filed with the group Budget Office.",
    )
    board_decision_date = fields.Date(tracking=True)
    veto_lifted = fields.Boolean(
        string="Veto Lifted by the Board",
        tracking=True,
        help="The board, which decides a scorecard with a veto item (manual §九 6.2 (6)), "
        "lifted the veto: the score follows from the KPI and work-task scores. Recorded by "
        "the Budget Committee with the board's decision and its date.",
    )
    awaiting_board = fields.Boolean(
        compute="_compute_awaiting_board",
        store=True,
        help="Reviewed, and waits for the board's decision (a subsidiary or a veto).",
    )
    computed_on = fields.Datetime(readonly=True, copy=False)
    reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decided_on = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "centre_period_unique",
            "UNIQUE(centre_id, period_id, period_type, period_index)",
            "A centre has one scorecard per period.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("centre_id.display_name", "period_id.name", "period_type", "period_index")
    def _compute_name(self):
        # Stored once, in English, to search by; people read display_name.
        for card in self.with_context(lang="en_US"):
            card.name = card._title()

    @api.depends("centre_id.display_name", "period_id.name", "period_type", "period_index")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The title in the reader's language: "2025年第1季度 · [HT-ASM]
        卡车总装厂" for a Chinese reader, "2025 Q1 · [HT-ASM] Truck Assembly
        Plant" for an English one."""
        for card in self:
            card.display_name = card._title()

    def _title(self):
        self.ensure_one()
        return f"{self._period_label()} · {self.centre_id.display_name or ''}"

    def _period_label(self):
        """The period in the language of ``self.env``: 2025, 2025-03,
        2025 Q1."""
        self.ensure_one()
        year = self.period_id.name or ""
        if self.period_type == "month":
            month = str(self.period_index).zfill(2)
            return self.env._("%(year)s-%(month)s", year=year, month=month)
        if self.period_type == "quarter":
            return self.env._("%(year)s Q%(quarter)s", year=year, quarter=self.period_index)
        return year

    @api.depends("centre_id.company_id", "period_id.company_id")
    def _compute_company_id(self):
        for card in self:
            card.company_id = (
                card.centre_id.company_id or card.period_id.company_id or self.env.company
            )

    @api.depends("period_id.date_from", "period_type", "period_index")
    def _compute_dates(self):
        for card in self:
            if not card.period_id.date_from:
                card.date_from = card.date_to = False
                continue
            try:
                months = scoring.period_months(card.period_type, card.period_index)
            except scoring.ScoringError:
                card.date_from = card.date_to = False
                continue
            start = card.period_id.date_from
            card.date_from = start + relativedelta(month=months[0], day=1)
            card.date_to = start + relativedelta(month=months[-1], day=31)

    @api.depends("centre_id.parent_id.company_id", "centre_id.company_id")
    def _compute_appraised_by_group(self):
        for card in self:
            centre = card.centre_id.sudo()
            card.appraised_by_group = bool(
                centre
                and (not centre.parent_id or centre.parent_id.company_id != centre.company_id)
            )

    @api.depends(
        "line_ids.kind",
        "line_ids.weight",
        "line_ids.score",
        "line_ids.target",
        "line_ids.actual",
        "line_ids.cap",
        "line_ids.direction",
        "line_ids.excepted",
        "line_ids.occurred",
        "veto_lifted",
    )
    def _compute_scores(self):
        for card in self:
            if card.id and card.state == "decided":
                # A decided scorecard keeps its scores, which set pay: nothing
                # recomputes them (its lines keep theirs too).
                for name in SCORE_FIELDS:
                    card[name] = card[name]
                continue
            result = card._engine_result()
            card.kpi_total = round(
                sum(result.weighted[line.id] for line in card.line_ids if line.kind == "kpi"), 4
            )
            card.gs_total = round(
                sum(result.weighted[line.id] for line in card.line_ids if line.kind == "gs"), 4
            )
            card.total_raw = result.total_raw
            card.total = result.total
            card.score_raw = result.score_raw
            card.score = result.score
            card.vetoed = result.vetoed
            card.has_exception = any(card.line_ids.mapped("excepted"))

    def _engine_result(self):
        """The engine's result for this scorecard, keyed by line id: on the
        lines' exact scores, not the two decimals they are stored with
        (manual §九 6.2 (4): a total of 0.60001 stands)."""
        self.ensure_one()
        scored = self.line_ids.filtered(lambda line: line.kind in ("kpi", "gs"))
        return scoring.score(
            [
                scoring.Line(line.id, line.weight, line._exact_score(), line.excepted)
                for line in scored
            ],
            vetoed=any(line.occurred for line in self.line_ids if line.kind == "veto"),
            veto_lifted=self.veto_lifted,
        )

    @api.depends("state", "vetoed", "appraised_by_group", "board_decision_date")
    def _compute_awaiting_board(self):
        for card in self:
            card.awaiting_board = (
                card.state == "reviewed"
                and (card.vetoed or card.appraised_by_group)
                and not card.board_decision_date
            )

    # ------------------------------------------------------------------
    # Constraints and guards
    # ------------------------------------------------------------------
    @api.constrains("period_type", "period_index", "centre_id")
    def _check_period(self):
        for card in self:
            try:
                scoring.period_months(card.period_type, card.period_index)
                if card.period_type == "year" and card.period_index != 1:
                    raise scoring.ScoringError("period", "The year is period 1.")
            except scoring.ScoringError as error:
                raise ValidationError(
                    _(
                        "%(card)s: %(period)s %(index)s is not a period of the year.",
                        card=card.centre_id.display_name,
                        period=dict(card._fields["period_type"]._description_selection(self.env))[
                            card.period_type
                        ],
                        index=card.period_index,
                    )
                ) from error
            allowed = scoring.allowed_period_types(card.appraised_by_group)
            if card.period_type not in allowed:
                raise ValidationError(
                    _(
                        "%(centre)s is a subsidiary: the group appraises it at the end of "
                        "the year only (manual §九 3), not by month or quarter.",
                        centre=card.centre_id.display_name,
                    )
                )

    @api.constrains("letter_id", "centre_id", "period_id")
    def _check_letter(self):
        for card in self:
            letter = card.letter_id
            if (
                letter.state != "signed"
                or letter.centre_id != card.centre_id
                or letter.period_id != card.period_id
            ):
                raise ValidationError(
                    _(
                        "%(centre)s has no signed responsibility letter for %(year)s: a "
                        "centre is appraised against its signed letter.",
                        centre=card.centre_id.display_name,
                        year=card.period_id.name,
                    )
                )

    @api.constrains("provisional", "date_to", "period_id")
    def _check_period_closed(self):
        for card in self.filtered(lambda c: not c.provisional):
            if not card._ledger_closed():
                raise ValidationError(
                    _(
                        "The ledger has not closed %(period)s yet (the budget year is not closed "
                        "and the accounts are not locked up to %(date)s): mark the scorecard of "
                        "%(centre)s provisional to appraise it now.",
                        period=card._period_label(),
                        date=card.date_to,
                        centre=card.centre_id.display_name,
                    )
                )

    @api.constrains("veto_lifted", "board_decision", "board_decision_date")
    def _check_veto_lifted(self):
        for card in self.filtered("veto_lifted"):
            if not ((card.board_decision or "").strip() and card.board_decision_date):
                raise ValidationError(
                    _(
                        "Only the board lifts the veto on %(card)s: record its decision and the "
                        "date of the decision with it.",
                        card=card.display_name,
                    )
                )

    def _ledger_closed(self):
        """The period is closed when its budget year is, or when the
        company's accounts are locked up to its last day."""
        self.ensure_one()
        if self.period_id.state == "closed":
            return True
        company = self.company_id.sudo()
        locks = [
            company[name]
            for name in ("fiscalyear_lock_date", "hard_lock_date")
            if name in company._fields and company[name]
        ]
        return bool(locks) and max(locks) >= self.date_to

    def write(self, vals):
        if not self._is_state_move():
            self._check_not_decided()
            self._check_not_computed(vals)
            if BOARD_FIELDS & set(vals) and not self.env.su:
                self._check_role("group_budget.group_budget_committee")
                self._check_decision_date(vals.get("board_decision_date"))
        return super().write(vals)

    def _check_decision_date(self, value):
        """A decision is recorded once taken: its date is not in the future."""
        date = fields.Date.to_date(value) if value else None
        today = fields.Date.context_today(self)
        if date and date > today:
            raise UserError(
                _(
                    "The board's decision on %(card)s is dated %(date)s, after today "
                    "(%(today)s): record a decision once it has been taken.",
                    card=self[:1].display_name,
                    date=fields.Date.to_string(date),
                    today=fields.Date.to_string(today),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        self._check_not_decided()

    def _check_not_decided(self):
        decided = self.filtered(lambda card: card.state == "decided")
        if decided:
            raise UserError(
                _(
                    "The scorecard %(card)s is decided and can no longer change.",
                    card=decided[0].display_name,
                )
            )

    def _check_not_computed(self, vals, records=None):
        """The scores (and every other computed field) of ``records`` (these
        scorecards, or their lines) follow from the lines: a client writing
        one would have the Committee decide a figure nobody computed, and a
        decided scorecard keeps it."""
        records = self if records is None else records
        computed = [
            name
            for name in vals
            if name in records._fields
            and records._fields[name].compute
            and records._fields[name].readonly
        ]
        if computed:
            raise UserError(
                _(
                    "%(field)s of %(record)s is computed: it cannot be written.",
                    field=records._fields[computed[0]]._description_string(self.env),
                    record=records[:1].display_name,
                )
            )

    def _check_role(self, group):
        if not self.env.user.has_group(group):
            raise AccessError(
                _(
                    "Only the %(role)s may do this on %(card)s.",
                    role=self.env.ref(group).name,
                    card=self[:1].display_name,
                )
            )

    def _check_states(self, states, action):
        wrong = self.filtered(lambda card: card.state not in states)
        if wrong:
            raise UserError(
                _(
                    "%(card)s is %(state)s: it cannot be %(action)s now.",
                    card=wrong[0].display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        wrong[0].state
                    ],
                    action=action,
                )
            )

    # ------------------------------------------------------------------
    # Generation (manual §九 3, 4): by the Budget Office, in bulk
    # ------------------------------------------------------------------
    @api.model
    def _generate(self, period, period_type, period_index=1, centres=None, provisional=False):
        """Create, in one batch, a draft scorecard for a budget year and a
        period: for ``centres`` (each must have a signed letter of that year),
        or every centre of the year's company that has one. Centres that
        already have a scorecard for the period are left out."""
        self._check_role("group_budget.group_budget_office")
        Letter = self.env["group.budget.letter"]
        domain = [("period_id", "=", period.id), ("state", "=", "signed")]
        if centres is not None:
            domain.append(("centre_id", "in", centres.ids))
        letters = Letter.search(domain)
        if centres is not None:
            missing = centres - letters.centre_id
            if missing:
                raise UserError(
                    _(
                        "No signed responsibility letter of %(year)s for: %(centres)s. A centre "
                        "is appraised against its signed letter.",
                        year=period.name,
                        centres=", ".join(missing.mapped("display_name")),
                    )
                )
        if not letters:
            raise UserError(
                _(
                    "No centre has a signed responsibility letter of %(year)s: nothing to "
                    "appraise.",
                    year=period.name,
                )
            )
        existing = self.search(
            [
                ("period_id", "=", period.id),
                ("period_type", "=", period_type),
                ("period_index", "=", period_index),
                ("centre_id", "in", letters.centre_id.ids),
            ]
        ).centre_id
        todo = letters.filtered(lambda letter: letter.centre_id not in existing)
        return self.create(
            [
                self._prepare_scorecard_vals(letter, period_type, period_index, provisional)
                for letter in todo
            ]
        )

    @api.model
    def _prepare_scorecard_vals(self, letter, period_type, period_index, provisional):
        Command = fields.Command
        lines = [
            Command.create(
                {
                    "kind": "kpi",
                    "sequence": index,
                    "name": kpi.item_id.name,
                    "item_id": kpi.item_id.id,
                    "weight": kpi.weight,
                    "target": kpi.target_value if period_type == "year" else 0.0,
                }
            )
            for index, kpi in enumerate(letter.kpi_line_ids)
        ]
        lines += [
            Command.create(
                {
                    "kind": "gs",
                    "sequence": 1000 + index,
                    "name": task.name,
                    "measure": task.measure,
                    "weight": task.weight,
                }
            )
            for index, task in enumerate(letter.task_line_ids)
        ]
        lines += [
            Command.create({"kind": "veto", "sequence": 2000 + index, "name": text})
            for index, text in enumerate(scoring.veto_lines(letter.veto_items))
        ]
        return {
            "centre_id": letter.centre_id.id,
            "period_id": letter.period_id.id,
            "letter_id": letter.id,
            "period_type": period_type,
            "period_index": period_index,
            "provisional": provisional,
            "line_ids": lines,
        }

    # ------------------------------------------------------------------
    # Messages
    # ------------------------------------------------------------------
    def _creation_message(self):
        # "考评表 创建": the model's name and the sentence in one language.
        return super(GroupBudgetScorecard, in_message_lang(self))._creation_message()

    # ------------------------------------------------------------------
    # Procedure (manual §九 4)
    # ------------------------------------------------------------------
    def action_compute(self):
        """Take each KPI's target for the period from the letter's target
        (its months) and, for items the ledger carries, the actual of the
        period as the ledger counts it: a fixed number of queries whatever
        the number of lines (one UPDATE writes them all; scores follow)."""
        self._check_role("group_budget.group_budget_office")
        self._check_states(("draft", "computed"), _("computed"))
        self._check_letter()
        self._check_period_closed()
        kpis = self.line_ids.filtered(lambda line: line.kind == "kpi")
        targets = self._period_targets(kpis)
        actuals = self._ledger_actuals(kpis)
        values = []
        for line in kpis:
            key = (line.scorecard_id.id, line.item_id.id)
            ledger = line.actual_source == "ledger"
            values.append(
                (
                    line.id,
                    targets.get(key, line.target),
                    actuals.get(key, 0.0) if ledger else line.actual,
                )
            )
        if values:
            kpis.flush_recordset(["target", "actual"])
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE group_budget_scorecard_line AS line
                       SET target = v.target, actual = v.actual
                      FROM (VALUES %s) AS v(id, target, actual)
                     WHERE line.id = v.id
                    """,
                    SQL(", ").join(SQL("(%s, %s::numeric, %s::numeric)", *row) for row in values),
                )
            )
            kpis.invalidate_recordset(["target", "actual"])
            kpis.modified(["target", "actual"])
        self._set_state("computed", computed_on=fields.Datetime.now())
        return True

    def _period_targets(self, kpis):
        """{(scorecard id, item id): target of the period}, from the months of
        the letters' target lines, read in one query."""
        rows = (
            self.env["group.budget.target.line"]
            .sudo()
            .search_read(
                [("target_id", "in", self.letter_id.target_id.ids)],
                ["target_id", "item_id", "aggregation", *MONTH_FIELDS],
            )
        )
        by_target = {(row["target_id"][0], row["item_id"][0]): row for row in rows}
        result = {}
        for line in kpis:
            card = line.scorecard_id
            row = by_target.get((card.letter_id.target_id.id, line.item_id.id))
            if not row or card.period_type == "year" and line.target:
                continue
            months = scoring.period_months(card.period_type, card.period_index)
            result[(card.id, line.item_id.id)] = round(
                scoring.period_value(
                    [row[MONTH_FIELDS[month - 1]] for month in months], row["aggregation"]
                ),
                2,
            )
        return result

    def _ledger_actuals(self, kpis):
        """{(scorecard id, item id): actual of the period}, as the budget
        ledger counts it (posted journal items on the item's accounts and the
        centre's analytic account, ``group.budget.actuals``), in one grouped
        query for all scorecards."""
        ledger_lines = kpis.filtered(lambda line: line.actual_source == "ledger")
        if not ledger_lines:
            return {}
        monthly = (
            self.env["group.budget.actuals"]
            .sudo()
            ._monthly_actuals(
                self.centre_id.sudo(),
                ledger_lines.item_id.sudo(),
                min(self.mapped("date_from")),
                max(self.mapped("date_to")),
            )
        )
        result = {}
        for line in ledger_lines:
            card = line.scorecard_id
            year = card.date_from.year
            months = scoring.period_months(card.period_type, card.period_index)
            key = (card.centre_id.id, line.item_id.id)
            result[(card.id, line.item_id.id)] = round(
                sum(monthly.get((*key, (year, month)), 0.0) for month in months), 2
            )
        return result

    def action_review(self):
        """The Budget Committee reviews the computed scorecards."""
        self._check_role("group_budget.group_budget_committee")
        self._check_states(("computed",), _("reviewed"))
        self._set_state("reviewed", reviewed_by_id=self.env.user.id)
        return True

    def action_decide(self):
        """Decide reviewed scorecards. A subsidiary's, or one with a veto item,
        needs the board's decision and its date first (manual §九 4.1, 6.2 (6))."""
        self._check_role("group_budget.group_budget_committee")
        self._check_states(("reviewed",), _("decided"))
        for card in self:
            if (card.vetoed or card.appraised_by_group) and not (
                card.board_decision and card.board_decision_date
            ):
                raise UserError(
                    _(
                        "%(card)s waits for the board: record its decision and the date of "
                        "the decision before deciding the scorecard.",
                        card=card.display_name,
                    )
                )
        # The figures are final from here on (_compute_scores, the lines'
        # _compute_direction and _compute_score keep them): compute what is
        # pending first.
        self.line_ids._recompute_recordset(["direction", "score"])
        self._recompute_recordset(list(SCORE_FIELDS))
        self._set_state("decided", decided_by_id=self.env.user.id, decided_on=fields.Datetime.now())
        for card in self:
            local = in_message_lang(card)
            local.message_post(
                body=local.env._(
                    "Decided with a score of %(score)s.",
                    score=formatLang(local.env, card.score, digits=SHOWN_SCORE_DIGITS),
                )
            )
        return True

    def action_reset_draft(self):
        self._check_role("group_budget.group_budget_office")
        self._check_states(("computed", "reviewed"), _("reset to draft"))
        self._set_state("draft")
        return True

    def action_dispute(self):
        """A dispute opens an arbitration of matter "appraisal difference"
        when the arbitration model is installed."""
        self.ensure_one()
        self.check_access("read")
        if "group.budget.arbitration" not in self.env:
            raise UserError(_("Budget arbitration is not available yet."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "group.budget.arbitration",
            "views": [(False, "form")],
            "context": {
                "default_centre_id": self.centre_id.id,
                "default_matter": "appraisal",
                "default_disputed_ref": f"{self._name},{self.id}",
            },
        }

    # ------------------------------------------------------------------
    # Outputs
    # ------------------------------------------------------------------
    @api.model
    def _pay_rows(self, period):
        """The year's decided results for pay (manual §九 7), one row per
        yearly scorecard of the budget year, best first."""
        cards = self.search(
            [
                ("period_id", "=", period.id),
                ("period_type", "=", "year"),
                ("state", "=", "decided"),
            ],
            order="score desc, centre_id",
        )
        return [
            {
                "rank": rank,
                "centre": card.centre_id.display_name,
                "manager": card.centre_id.manager_id.name or "",
                "kpi": card.kpi_total,
                "gs": card.gs_total,
                "total_raw": card.total_raw,
                "total": card.total,
                "score": card.score,
                "vetoed": card.vetoed,
                "board_decision": card.board_decision or "",
                "board_decision_date": card.board_decision_date,
            }
            for rank, card in enumerate(cards, start=1)
        ]
