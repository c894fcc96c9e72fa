import logging
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

from ... import messages
from ...logic import budget_rules, warning_rules
from ...logic import forecast as forecast_logic
from ..mixins.group_budget_months_mixin import MONTH_FIELDS
from .group_budget_warning_rule import HORIZONS

_logger = logging.getLogger(__name__)

LEVELS = [("attention", "Attention"), ("serious", "Serious")]
STATES = [("open", "Open"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved")]


class GroupBudgetWarning(models.Model):
    """An early warning (预警, manual §五 4.5) on a centre's item for a
    month, quarter or year, raised by the daily scheduled action inside the
    manual's windows, or a forecast overrun before the last quarter."""

    _name = "group.budget.warning"
    _description = "Budget Warning"
    _inherit = ["mail.thread", "mail.activity.mixin", "group.budget.input.mixin"]
    _order = "date desc, level desc, centre_id, item_id"
    _rec_name = "item_id"
    _check_company_auto = True
    _sql_constraints = [
        (
            "warning_unique",
            "UNIQUE(period_id, centre_id, item_id, horizon, period_label, kind)",
            "A centre's item has one warning per horizon and period.",
        )
    ]

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_id = fields.Many2one(
        "group.budget.period", string="Budget Year", required=True, index=True, readonly=True
    )
    centre_id = fields.Many2one(
        "group.budget.centre", required=True, index=True, readonly=True, check_company=True
    )
    item_id = fields.Many2one(
        "group.budget.item", string="Budget Item", required=True, index=True, readonly=True
    )
    rule_id = fields.Many2one(
        "group.budget.warning.rule", string="Warning Standard", readonly=True, ondelete="set null"
    )
    kind = fields.Selection(
        [("threshold", "Threshold reached"), ("forecast", "Forecast off track")],
        required=True,
        default="threshold",
        readonly=True,
    )
    horizon = fields.Selection(HORIZONS, required=True, readonly=True)
    period_label = fields.Char(string="Period", required=True, readonly=True)
    date = fields.Date(string="Raised On", required=True, readonly=True, index=True)
    level = fields.Selection(LEVELS, required=True, readonly=True)
    budget = fields.Float(digits="Account", readonly=True, aggregator="sum")
    actual = fields.Float(digits="Account", readonly=True, aggregator="sum")
    committed = fields.Float(
        digits="Account",
        readonly=True,
        aggregator="sum",
        help="What confirmed documents (purchase orders, say) commit in the same "
        "months as the actual, not yet posted: consumed budget, counted in the "
        "percentage. Of a forecast warning, what they commit over the year.",
    )
    percent = fields.Float(
        string="Consumption / Completion (%)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Costs: actual and committed as a percentage of the period's budget. "
        "Revenue: actual and committed as a percentage of the budget to date.",
    )
    forecast = fields.Float(
        string="Year-end Forecast",
        digits="Account",
        readonly=True,
        aggregator="sum",
        help="Year-to-date actual ÷ year-to-date budget × year budget.",
    )
    state = fields.Selection(STATES, required=True, default="open", readonly=True, index=True)
    comment = fields.Text(help="Why the figures stand where they do, and what is done about it.")
    acknowledged_by_id = fields.Many2one("res.users", readonly=True)
    acknowledged_date = fields.Datetime(readonly=True)
    resolved_date = fields.Date(readonly=True)
    digest_sent = fields.Boolean(readonly=True, copy=False)
    is_mine = fields.Boolean(
        string="My Centres",
        compute="_compute_is_mine",
        search="_search_is_mine",
        help="Warnings of the centres the user manages or is an officer of, "
        "and of their descendants.",
    )

    def _my_centres(self):
        user = self.env.user
        return self.env["group.budget.centre"].search(
            [
                (
                    "id",
                    "child_of",
                    (user.budget_managed_centre_ids | user.budget_officer_centre_ids).ids,
                )
            ]
        )

    def _compute_is_mine(self):
        mine = self._my_centres()
        for warning in self:
            warning.is_mine = warning.centre_id in mine

    @api.model
    def get_empty_list_help(self, help_message):
        """Warnings are shown for the companies selected in the company
        switcher, as every multi-company screen. The centres' warnings live
        in their own companies (a group company's Budget Office sees the
        subsidiaries' only once it selects them): when the screen is empty,
        say which of the user's other companies have open warnings, counted
        under the user's own access."""
        help_message = super().get_empty_list_help(help_message)
        others = self.env.user.company_ids - self.env.companies
        if not others:
            return help_message
        readable = self.sudo(False).with_context(allowed_company_ids=self.env.user.company_ids.ids)
        counts = readable._read_group(
            [("company_id", "in", others.ids), ("state", "=", "open")],
            ["company_id"],
            ["__count"],
        )
        if not counts:
            return help_message
        return Markup(help_message or "") + Markup("<p>%s</p>") % _(
            "Open warnings in companies not selected: %(companies)s. Select them in the "
            "company switcher (top right) to see them.",
            companies=", ".join(f"{company.name} ({count})" for company, count in counts),
        )

    def _search_is_mine(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on My Centres."))
        positive = (operator == "=") == value
        return [("centre_id", "in" if positive else "not in", self._my_centres().ids)]

    @api.depends("centre_id", "item_id", "period_label")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for warning in self:
            warning.display_name = self._warning_name(
                warning.centre_id, warning.item_id, warning.period_label
            )

    @api.model
    def _warning_name(self, centre, item, label):
        return f"{centre.code or ''} · {item.display_name or ''} · {label or ''}"

    # ------------------------------------------------------------------
    # Users: a comment and the buttons, nothing else
    # ------------------------------------------------------------------
    def write(self, vals):
        if not self.env.su and set(vals) - {"comment"}:
            raise UserError(
                _(
                    "A warning's figures and state are kept by the scheduled action: "
                    "only its comment can be written; acknowledge it with its button."
                )
            )
        return super().write(vals)

    def action_acknowledge(self):
        for warning in self:
            if warning.state != "open":
                raise UserError(
                    _("Only an open warning can be acknowledged: %s is not.", warning.display_name)
                )
            if not (warning.comment or "").strip():
                raise UserError(
                    _(
                        "Write a comment before acknowledging the warning %s: what is "
                        "being done about it.",
                        warning.display_name,
                    )
                )
        self.check_access("write")
        self.sudo().write(
            {
                "state": "acknowledged",
                "acknowledged_by_id": self.env.uid,
                "acknowledged_date": fields.Datetime.now(),
            }
        )
        for warning in self:
            messages.post(warning, lambda local: local.env._("Acknowledged: %s", local.comment))
        self.activity_ids.sudo().unlink()
        return True

    # ------------------------------------------------------------------
    # The scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_raise_warnings(self, batch_size=200, today=None):
        """Raise, update and resolve the warnings of every budget year in
        execution today, in batches of centres, then send the digests.

        Idempotent: a rerun writes only what moved. So a run that stopped is
        taken up by the next one, which finds the batches already written as
        they are and goes on with the others. Under the scheduler, each call
        writes one batch that has changes and reports its progress
        (``ir.cron._notify_progress``): the scheduler commits it and calls
        again; the call that finds nothing more to write sends the digests.
        Called directly, it writes every batch at once."""
        today = today or fields.Date.context_today(self)
        stepwise = bool(self.env.context.get("ir_cron_progress_id"))
        Cron = self.env["ir.cron"]
        Period = self.env["group.budget.period"].sudo()
        periods = Period.search(
            [
                ("state", "=", "executing"),
                ("date_from", "<=", today),
                ("date_to", ">=", today),
            ],
            order="id",
        )
        Warning = self._cron_self()
        Actual = self.env["group.budget.indicator.actual"].sudo()
        done = 0
        for index, period in enumerate(periods):
            # Items computed by formula first: the warnings read them.
            Actual._compute_formula_actuals(period, today)
            pending = Warning._pending_batches(period, today, batch_size)
            for position, batch in enumerate(pending):
                Warning._apply_batch(period, today, *batch)
                done += 1
                remaining = len(pending) - position - 1 + len(periods) - index - 1
                if stepwise and remaining:
                    Cron._notify_progress(done=done, remaining=remaining)
                    return True
        Warning._send_digests()
        Cron._notify_progress(done=done, remaining=0)
        return True

    @api.model
    def _cron_self(self):
        """The model as the scheduled action writes it: as the server, with no
        tracking and no chatter of its own."""
        return self.sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )

    def _raise_period(self, period, today, batch_size):
        """Write every batch of ``period`` that has changes on ``today``."""
        for batch in self._pending_batches(period, today, batch_size):
            self._apply_batch(period, today, *batch)

    def _pending_batches(self, period, today, batch_size):
        """The batches of centres of ``period`` that a run on ``today``
        changes, as ``(wanted, existing, evaluated)``; none once they are
        written."""
        wanted = self._wanted(period, today)
        existing = self.search_fetch(
            [("period_id", "=", period.id)],
            [*warning_rules.KEY, "state", *warning_rules.FIGURES],
        )
        existing_by_key = {
            (w.centre_id.id, w.item_id.id, w.horizon, w.period_label, w.kind): w for w in existing
        }
        evaluated = warning_rules.evaluated_periods(today, period._warning_windows())
        pending = []
        centre_ids = {key[0] for key in wanted} | {key[0] for key in existing_by_key}
        for batch in warning_rules.batches(centre_ids, batch_size):
            batch_wanted = {key: vals for key, vals in wanted.items() if key[0] in batch}
            batch_existing = {key: w for key, w in existing_by_key.items() if key[0] in batch}
            if any(warning_rules.plan(batch_wanted, self._kept(batch_existing), evaluated, today)):
                pending.append((batch_wanted, batch_existing, evaluated))
        return pending

    def _wanted(self, period, today):
        """The warnings the figures of ``period`` call for on ``today``
        (``logic/warning_rules.evaluate``), each figure as its field stores
        it, so that a rerun compares like with like."""
        Rule = self.env["group.budget.warning.rule"].sudo()
        rules = Rule.search_fetch(
            [("company_id", "=", period.company_id.id)],
            [name for name, field in Rule._fields.items() if field.store and field.column_type],
        )
        figures = self._collect_figures(period)
        centres = self.env["group.budget.centre"].browse({c for c, _i in figures})
        items = self.env["group.budget.item"].browse({i for _c, i in figures})
        wanted = warning_rules.evaluate(
            figures,
            {
                item.id: {
                    "id": item.id,
                    "direction": item.direction,
                    "category": item.category,
                    "control_mode": item.control_mode,
                }
                for item in items
            },
            {
                centre.id: {"centre_type": centre.centre_type, "parent_path": centre.parent_path}
                for centre in centres
            },
            [rule._rule_dict() for rule in rules],
            today,
            period._warning_windows(),
        )
        # The amounts and percentages rounded as their fields store them (the
        # decimals read once, not for every value).
        digits = {
            name: self._fields[name].get_digits(self.env)
            for name in warning_rules.FIGURES
            if self._fields[name].type == "float"
        }
        for vals in wanted.values():
            for name, field_digits in digits.items():
                if field_digits:
                    vals[name] = float_round(vals[name] or 0.0, precision_digits=field_digits[1])
        return wanted

    @api.model
    def _kept(self, warnings):
        """``{key: {"id", "state", *FIGURES}}`` of ``{key: warning}``, as
        ``logic/warning_rules.plan`` compares them."""
        return {
            key: {
                "id": warning.id,
                "state": warning.state,
                **{name: warning[name] for name in warning_rules.FIGURES if name != "rule_id"},
                "rule_id": warning.rule_id.id,
            }
            for key, warning in warnings.items()
        }

    def _apply_batch(self, period, today, wanted, existing, evaluated):
        """Create, update and resolve the warnings of a batch of centres
        (``logic/warning_rules.plan``), with the ORM in batches: one create
        of the new warnings, one write per set of changes; then the to-dos
        of the new and reopened warnings."""
        create, update, resolve = warning_rules.plan(wanted, self._kept(existing), evaluated, today)
        created = self.create(
            [dict(vals, company_id=period.company_id.id, period_id=period.id) for vals in create]
        )
        by_changes = defaultdict(list)
        for warning_id, changes in update.items():
            by_changes[tuple(sorted(changes.items()))].append(warning_id)
        for changes, ids in by_changes.items():
            self.browse(ids).write(dict(changes))
        if resolve:
            self.env["mail.activity"].sudo().search(
                [("res_model", "=", self._name), ("res_id", "in", resolve)]
            ).unlink()
        reopened = self.browse(
            warning_id for warning_id, changes in update.items() if changes.get("state") == "open"
        )
        (created | reopened)._schedule_todos(today)

    def _schedule_todos(self, today):
        """A to-do on each warning for each responsible user of its centre,
        who follows the warning; each in the user's language, without the
        e-mail of each to-do (the users get a digest)."""
        if not self:
            return
        users = {centre.id: centre._responsible_users() for centre in self.centre_id}
        messages.todos(
            {warning: users[warning.centre_id.id] for warning in self},
            lambda local: local.env._(
                "%(level)s budget warning: %(item)s, %(period)s",
                level=local._level_labels()[local.level],
                item=local.item_id.display_name,
                period=local.period_label,
            ),
            notify=False,
            date_deadline=today,
        )

    def _responsible_users(self):
        """The warning's centre's manager and officers, active users only."""
        self.ensure_one()
        return self.centre_id._responsible_users()

    def _level_labels(self):
        """The levels' labels in the context's language, from the code's
        translations (the field's own would cost queries on every run)."""
        return {"attention": self.env._("Attention"), "serious": self.env._("Serious")}

    @api.model
    def _send_digests(self):
        """One e-mail per responsible user, listing the warnings raised (or
        become serious) since the last digest, and marked sent with it: a
        run that stops before leaves them to the next."""
        warnings = self.search_fetch(
            [("state", "=", "open"), ("digest_sent", "=", False)],
            ["centre_id", "item_id", "period_label", "level", "percent"],
            order="id",
        )
        if not warnings:
            return
        warnings.write({"digest_sent": True})
        # Serious first, then by centre, item and period.
        warnings = warnings.sorted(
            lambda w: (w.level != "serious", w.centre_id.id, w.item_id.id, w.period_label)
        )
        users = {centre.id: centre._responsible_users() for centre in warnings.centre_id}
        by_partner = defaultdict(list)
        for warning in warnings:
            for user in users[warning.centre_id.id]:
                if user.email:
                    by_partner[user.partner_id].append(warning)
        mails = []
        for partner, partner_warnings in by_partner.items():
            local = self.with_context(lang=messages.lang_of(self.env, partner))
            levels = local._level_labels()
            table_rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%.1f %%</td></tr>")
                % (
                    warning.centre_id.with_env(local.env).display_name,
                    warning.item_id.with_env(local.env).display_name,
                    warning.period_label,
                    levels[warning.level],
                    warning.percent or 0.0,
                )
                for warning in partner_warnings
            )
            body = Markup("<p>%s</p><table border='1' cellpadding='4'>%s</table>") % (
                escape(
                    local.env._(
                        "%(count)s budget warning(s) need your attention:",
                        count=len(partner_warnings),
                    )
                ),
                table_rows,
            )
            mails.append(
                {
                    "subject": local.env._("Budget warnings: daily digest"),
                    "body_html": body,
                    # The partner only: with an e-mail address as well, the
                    # user would get the digest twice.
                    "recipient_ids": [fields.Command.link(partner.id)],
                    "auto_delete": True,
                }
            )
        if mails:
            self.env["mail.mail"].sudo().create(mails)

    # ------------------------------------------------------------------
    # Figures: budgets and actuals of every centre and item of a year
    # ------------------------------------------------------------------
    @api.model
    def _collect_figures(self, period):
        """``{(centre_id, item_id): (12 budgets, 12 actuals, 12 committed)}``:
        the budget lines (the ledger's budgets), the posted actuals and what
        confirmed documents commit (consumed budget, as in the ledger) for the
        financial items that add up, budget lines and indicator actuals for
        the others (nothing committed).

        The hierarchy's rule (``logic/consolidation.py``): a centre's budget
        is its own line (a parent's is already consolidated), its posted
        actual is its own plus all its descendants' (a parent's actuals are
        posted to its children), so a parent compares its consolidated
        budget with its rolled-up actual. A centre without a line for an item
        is not evaluated for it. Commitments roll up as the actuals do, in
        the same query. Indicator actuals are entered per centre, a parent's
        for the parent: they are not added up."""
        figures = defaultdict(lambda: ([0.0] * 12, [0.0] * 12, [0.0] * 12))
        self.env["group.budget.actuals"]._flush_sources()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.centre_id, l.item_id,
                       i.item_type = 'financial' AND i.aggregation = 'sum', %(months)s
                  FROM group_budget_line l
                  JOIN group_budget b ON b.id = l.budget_id
                  JOIN group_budget_item i ON i.id = l.item_id
                 WHERE b.period_id = %(period)s AND b.state IN %(states)s
                """,
                months=SQL(", ").join(SQL.identifier("l", name) for name in MONTH_FIELDS),
                period=period.id,
                states=budget_rules.LEDGER_STATES,
            )
        )
        in_ledger, others = set(), set()
        for centre_id, item_id, is_posted, *months in self.env.cr.fetchall():
            (in_ledger if is_posted else others).add((centre_id, item_id))
            budgets = figures[centre_id, item_id][0]
            for index, amount in enumerate(months):
                budgets[index] += amount or 0.0
        posted, committed = self.env["group.budget.actuals"]._rolled_up_consumption(
            self.env["group.budget.centre"].browse({key[0] for key in in_ledger}),
            self.env["group.budget.item"].browse({key[1] for key in in_ledger}),
            period.date_from,
            period.date_to,
        )
        for column, amounts in ((1, posted), (2, committed)):
            for (centre_id, item_id, (_year, month)), amount in amounts.items():
                if (centre_id, item_id) in in_ledger:
                    figures[centre_id, item_id][column][month - 1] += amount
        # Indicator actuals, of the items outside the ledger only (if any).
        actuals = (
            self.env["group.budget.indicator.actual"].sudo()._monthly_values(period)
            if others
            else {}
        )
        for key, months in actuals.items():
            if key in others:
                figures[key][1][:] = [m or 0.0 for m in months]
        return dict(figures)

    @api.model
    def _forecast_figures(self, figures, month, method="run_rate"):
        """``{key: (forecast, off_track)}`` for ``figures`` as
        :meth:`_collect_figures` gives them."""
        items = self.env["group.budget.item"].browse({key[1] for key in figures})
        direction = {item.id: item.direction for item in items}
        return forecast_logic.forecast_rows(
            {key: (direction[key[1]], *months) for key, months in figures.items()},
            month,
            method,
        )
