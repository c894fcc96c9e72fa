import logging
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import _, api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import SQL, config

from ..logic import forecast as forecast_logic
from ..logic import warning_rules
from .group_budget_ledger import LEDGER_STATES
from .group_budget_months_mixin import MONTH_FIELDS
from .group_budget_warning_rule import HORIZONS

_logger = logging.getLogger(__name__)

LEVELS = [("attention", "Attention"), ("serious", "Serious")]
STATES = [("open", "Open"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved")]
# Fields the cron keeps up to date; a rerun writes only those that changed.
FIGURES = ("level", "budget", "actual", "percent", "forecast", "rule_id")


class GroupBudgetWarning(models.Model):
    """An early warning (预警, manual §五 4.5) on a centre's item for a
    month, quarter or year, raised by the daily scheduled action inside the
    manual's windows, or a forecast overrun before the last quarter."""

    _name = "group.budget.warning"
    _description = "Budget Warning"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
    percent = fields.Float(
        string="Consumption / Completion (%)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Costs: actual as a percentage of the period's budget. Revenue: "
        "actual as a percentage of the budget to date.",
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

    def _search_is_mine(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on My Centres."))
        positive = (operator == "=") == value
        return [("centre_id", "in" if positive else "not in", self._my_centres().ids)]

    @api.depends("centre_id", "item_id", "period_label")
    def _compute_display_name(self):
        for warning in self:
            warning.display_name = (
                f"{warning.centre_id.code or ''} · {warning.item_id.display_name or ''} · "
                f"{warning.period_label or ''}"
            )

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
            warning.message_post(body=_("Acknowledged: %s", warning.comment))
        self.activity_ids.sudo().unlink()
        return True

    # ------------------------------------------------------------------
    # The scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _in_test_mode(self):
        return bool(config["test_enable"] or modules.module.current_test)

    @api.model
    def _cron_raise_warnings(self, batch_size=200, today=None):
        """Raise, update and resolve the warnings of every budget year in
        execution today. Idempotent: a rerun changes only what moved. Works
        in batches of centres, committing after each one outside tests; after
        a crash the next run takes up where it stopped (what was committed
        is found and left as it is) and sends the digests not yet sent."""
        today = today or fields.Date.context_today(self)
        commit = not self._in_test_mode()
        periods = (
            self.env["group.budget.period"]
            .sudo()
            .search(
                [
                    ("state", "=", "executing"),
                    ("date_from", "<=", today),
                    ("date_to", ">=", today),
                ]
            )
        )
        Warning = self.sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        Actual = self.env["group.budget.indicator.actual"].sudo()
        for period in periods:
            # Items computed by formula first: the warnings read them.
            Actual._compute_formula_actuals(period, today)
            Warning._raise_period(period, today, batch_size, commit=commit)
        Warning._send_digests(commit=commit)
        return True

    def _raise_period(self, period, today, batch_size, commit=False):
        company = period.company_id
        windows = period._warning_windows()
        month = today.month
        open_horizons = [h for h, _label in HORIZONS if warning_rules.in_window(h, today, windows)]
        forecast_open = month <= 12 - windows["year"]
        rules = (
            self.env["group.budget.warning.rule"].sudo().search([("company_id", "=", company.id)])
        )
        rule_data = [rule._rule_dict() for rule in rules]
        figures = self._collect_figures(period)
        centres = self.env["group.budget.centre"].browse({c for c, _i in figures}).with_prefetch()
        items = self.env["group.budget.item"].browse({i for _c, i in figures})
        item_data = {
            item.id: {
                "id": item.id,
                "direction": item.direction,
                "category": item.category,
                "control_mode": item.control_mode,
                "aggregation": item.aggregation,
            }
            for item in items
        }
        centre_data = {
            centre.id: {"centre_type": centre.centre_type, "parent_path": centre.parent_path}
            for centre in centres
        }
        labels = {h: warning_rules.period_label(h, today) for h, _label in HORIZONS}
        wanted = {}
        for (centre_id, item_id), (budgets, actuals) in figures.items():
            item, centre = item_data[item_id], centre_data[centre_id]
            matching = [r for r in rule_data if warning_rules.matches(r, item, centre)]
            if not matching:
                continue
            year_forecast, off_track = forecast_logic.forecast_rows(
                {0: (item["direction"], budgets, actuals)}, month
            )[0]
            for horizon in open_horizons:
                found = []
                for rule in matching:
                    if rule["horizon"] != horizon:
                        continue
                    budget, actual = warning_rules.period_figures(
                        horizon, month, item["direction"], budgets, actuals
                    )
                    percent = warning_rules.ratio(actual, budget)
                    lv = warning_rules.level(
                        item["direction"], percent, rule["attention"], rule["serious"]
                    )
                    if lv:
                        found.append(
                            (warning_rules.LEVELS.index(lv), rule, budget, actual, percent)
                        )
                if found:
                    _rank, rule, budget, actual, percent = max(found, key=lambda f: f[0])
                    wanted[centre_id, item_id, horizon, labels[horizon], "threshold"] = {
                        "level": warning_rules.LEVELS[_rank],
                        "budget": budget,
                        "actual": actual,
                        "percent": percent or 0.0,
                        "forecast": year_forecast or 0.0,
                        "rule_id": rule["id"],
                    }
            if forecast_open and off_track:
                year_rules = [r for r in matching if r["horizon"] == "year"]
                if year_rules:
                    year_budget = sum(budgets)
                    wanted[centre_id, item_id, "year", labels["year"], "forecast"] = {
                        "level": "attention",
                        "budget": year_budget,
                        "actual": sum(actuals[:month]),
                        "percent": warning_rules.ratio(year_forecast, year_budget) or 0.0,
                        "forecast": year_forecast,
                        "rule_id": year_rules[0]["id"],
                    }
        # What may be resolved: warnings of the periods evaluated today.
        evaluated = {(h, labels[h], "threshold") for h in open_horizons}
        if forecast_open:
            evaluated.add(("year", labels["year"], "forecast"))
        existing = self.search([("period_id", "=", period.id)])
        existing_by_key = {
            (w.centre_id.id, w.item_id.id, w.horizon, w.period_label, w.kind): w for w in existing
        }
        centre_ids = sorted({key[0] for key in wanted} | {key[0] for key in existing_by_key})
        for start in range(0, len(centre_ids), batch_size):
            batch = set(centre_ids[start : start + batch_size])
            self._apply_batch(
                period,
                today,
                {k: v for k, v in wanted.items() if k[0] in batch},
                {k: w for k, w in existing_by_key.items() if k[0] in batch},
                evaluated,
            )
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _apply_batch(self, period, today, wanted, existing, evaluated):
        to_create = []
        reopened = self.browse()
        for key, vals in wanted.items():
            warning = existing.get(key)
            if warning is None:
                centre_id, item_id, horizon, label, kind = key
                to_create.append(
                    dict(
                        vals,
                        company_id=period.company_id.id,
                        period_id=period.id,
                        centre_id=centre_id,
                        item_id=item_id,
                        horizon=horizon,
                        period_label=label,
                        kind=kind,
                        date=today,
                    )
                )
                continue
            changes = {name: value for name, value in vals.items() if warning._differs(name, value)}
            if warning.state == "resolved":
                changes.update(state="open", resolved_date=False, digest_sent=False, date=today)
                reopened |= warning
            elif changes.get("level") == "serious":
                changes["digest_sent"] = False
            if changes:
                warning.write(changes)
        gone = self.browse(
            [
                w.id
                for key, w in existing.items()
                if key not in wanted and key[2:] in evaluated and w.state != "resolved"
            ]
        )
        if gone:
            gone.write({"state": "resolved", "resolved_date": today})
            gone.activity_ids.unlink()
        created = self.create(to_create) if to_create else self.browse()
        (created | reopened)._schedule_activities()

    def _differs(self, name, value):
        """True when ``value`` changes the field ``name``, rounded as the
        field stores it (a rerun writes nothing that would not change)."""
        field = self._fields[name]
        if field.type == "many2one":
            return self[name].id != (value or False)
        return field.convert_to_cache(value, self) != field.convert_to_cache(self[name], self)

    def _responsible_users(self):
        """The centre's manager and officers, active users only."""
        self.ensure_one()
        users = self.centre_id.manager_id | self.centre_id.officer_ids
        return users.filtered("active")

    def _schedule_activities(self):
        if not self:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for warning in self:
            summary = _(
                "%(level)s budget warning: %(item)s, %(period)s",
                level=dict(self._fields["level"]._description_selection(self.env))[warning.level],
                item=warning.item_id.display_name,
                period=warning.period_label,
            )
            vals_list.extend(
                {
                    "res_model_id": model_id,
                    "res_id": warning.id,
                    "activity_type_id": todo.id,
                    "summary": summary,
                    "user_id": user.id,
                    "date_deadline": warning.date,
                    # Given, not computed one by one after the insert.
                    "res_name": warning.display_name,
                    "date_done": False,
                    "user_tz": user.tz,
                }
                for user in warning._responsible_users()
            )
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            vals_list
        )

    @api.model
    def _send_digests(self, commit=False):
        """One e-mail per responsible user, listing the warnings raised (or
        become serious) since the last digest."""
        warnings = self.search([("digest_sent", "=", False), ("state", "=", "open")])
        if not warnings:
            return
        by_user = defaultdict(lambda: self.browse())
        for warning in warnings:
            for user in warning._responsible_users():
                by_user[user] |= warning
        mails = []
        for user, user_warnings in by_user.items():
            if not user.email:
                continue
            lang_self = self.with_context(lang=user.lang)
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%.1f %%</td></tr>")
                % (
                    w.centre_id.display_name,
                    w.item_id.with_context(lang=user.lang).display_name,
                    w.period_label,
                    dict(lang_self._fields["level"]._description_selection(lang_self.env))[w.level],
                    w.percent,
                )
                for w in user_warnings
            )
            body = Markup("<p>%s</p><table border='1' cellpadding='4'>%s</table>") % (
                escape(
                    lang_self.env._(
                        "%(count)s budget warning(s) need your attention:",
                        count=len(user_warnings),
                    )
                ),
                rows,
            )
            mails.append(
                {
                    "subject": lang_self.env._("Budget warnings: daily digest"),
                    "body_html": body,
                    "email_to": user.email_formatted,
                    "recipient_ids": [fields.Command.link(user.partner_id.id)],
                    "auto_delete": True,
                }
            )
        if mails:
            self.env["mail.mail"].sudo().create(mails)
        # One statement for all of them (the ORM updates a hundred at a time).
        self.env.cr.execute(
            SQL(
                "UPDATE group_budget_warning SET digest_sent = TRUE WHERE id = ANY(%s)",
                warnings.ids,
            )
        )
        warnings.invalidate_recordset(["digest_sent"])
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    # ------------------------------------------------------------------
    # Figures: budgets and actuals of every centre and item of a year
    # ------------------------------------------------------------------
    @api.model
    def _collect_figures(self, period):
        """``{(centre_id, item_id): (12 budgets, 12 actuals)}``: the ledger
        for the financial items that add up, budget lines and indicator
        actuals for the others."""
        figures = defaultdict(lambda: ([0.0] * 12, [0.0] * 12))
        Ledger = self.env["group.budget.ledger"].sudo()
        for centre, item, month, budget, actual in Ledger._read_group(
            [("period_id", "=", period.id)],
            ["centre_id", "item_id", "month"],
            ["budget:sum", "actual:sum"],
        ):
            budgets, actuals = figures[centre.id, item.id]
            budgets[month - 1] += budget
            actuals[month - 1] += actual
        in_ledger = {key for key in figures}
        self.env.cr.execute(
            SQL(
                """
                SELECT l.centre_id, l.item_id, %(months)s
                  FROM group_budget_line l
                  JOIN group_budget b ON b.id = l.budget_id
                  JOIN group_budget_item i ON i.id = l.item_id
                 WHERE b.period_id = %(period)s AND b.state IN %(states)s
                   AND (i.item_type <> 'financial' OR i.aggregation <> 'sum')
                """,
                months=SQL(", ").join(SQL.identifier("l", name) for name in MONTH_FIELDS),
                period=period.id,
                states=LEDGER_STATES,
            )
        )
        for centre_id, item_id, *months in self.env.cr.fetchall():
            if (centre_id, item_id) in in_ledger:
                continue
            figures[centre_id, item_id][0][:] = [m or 0.0 for m in months]
        actuals = self.env["group.budget.indicator.actual"].sudo()._monthly_values(period)
        for key, months in actuals.items():
            if key in figures and key not in in_ledger:
                figures[key][1][:] = [m or 0.0 for m in months]
        return dict(figures)

    @api.model
    def _forecast_figures(self, figures, month, method="run_rate"):
        """``{key: (forecast, off_track)}`` for ``figures`` as
        :meth:`_collect_figures` gives them."""
        items = self.env["group.budget.item"].browse({key[1] for key in figures})
        direction = {item.id: item.direction for item in items}
        return forecast_logic.forecast_rows(
            {
                key: (direction[key[1]], budgets, actuals)
                for key, (budgets, actuals) in figures.items()
            },
            month,
            method,
        )

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------
    @api.model
    def _load_demo_warnings(self):
        """Demo (this year only): this month's costs of the trucks assembly
        (flexible control) over budget, above the year's pace as well — a
        serious warning and a forecast overrun —, the trucks admin's finance
        costs at 85 % of the month's budget — an attention warning —, and
        the monthly actuals of the volume and market-share items."""
        ref = self.env.ref
        period = ref("group_budget.demo_period_trucks_current")
        today = fields.Date.context_today(self)
        if today.year != period.year or period.state != "executing":
            return
        trucks = period.company_id
        month = today.month
        Ledger = self.env["group.budget.ledger"]
        accounts = {
            "cogs": ref(f"account.{trucks.id}_cost_of_goods_sold"),
            "finance_cost": ref(f"account.{trucks.id}_expense_finance"),
        }
        targets = (
            ("demo_centre_trucks_assembly", "cogs", 1.05, 1.02),
            ("demo_centre_trucks_admin", "finance_cost", None, 0.85),
        )
        lines = []
        for centre_xmlid, code, ytd_share, month_share in targets:
            centre = ref(f"group_budget.{centre_xmlid}")
            item = ref(f"group_budget.demo_item_{code}")
            row = Ledger.search(
                [
                    ("period_id", "=", period.id),
                    ("centre_id", "=", centre.id),
                    ("item_id", "=", item.id),
                    ("month", "=", month),
                ]
            )
            if not row:
                continue
            amount = month_share * row.budget - row.actual
            if ytd_share:
                amount = max(amount, ytd_share * row.ytd_budget - row.ytd_actual)
            if amount > 0:
                lines.append((accounts[code], round(amount, 2), centre))
        if lines:
            journal = self.env["account.journal"].search(
                [("company_id", "=", trucks.id), ("type", "=", "general")], limit=1
            )
            counterpart = ref(f"account.{trucks.id}_current_assets")
            move = self.env["account.move"].create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": today,
                    "ref": "Demo month-end costs",
                    "line_ids": [
                        fields.Command.create(
                            {
                                "name": account.name,
                                "account_id": account.id,
                                "debit": amount,
                                "analytic_distribution": {str(centre.analytic_account_id.id): 100},
                            }
                        )
                        for account, amount, centre in lines
                    ]
                    + [
                        fields.Command.create(
                            {
                                "name": "Settlement",
                                "account_id": counterpart.id,
                                "credit": round(sum(line[1] for line in lines), 2),
                            }
                        )
                    ],
                }
            )
            move.action_post()
        # Non-financial actuals: vehicles sold and market share, entered by
        # the officer month by month; the months before last are locked.
        trucks_centre = ref("group_budget.demo_centre_trucks")
        volume = ref("group_budget.demo_item_volume")
        share = ref("group_budget.demo_item_market_share")
        Actual = self.env["group.budget.indicator.actual"]
        actuals = Actual.create(
            [
                {
                    "period_id": period.id,
                    "centre_id": trucks_centre.id,
                    "item_id": item.id,
                    "date": today.replace(month=m, day=1),
                    "value": value,
                }
                for m in range(1, month + 1)
                for item, value in (
                    (volume, round(1000 * SEASON_DEMO[m - 1])),
                    (share, round(11.5 + 0.1 * m, 1)),
                )
            ]
        )
        if month > 2:
            actuals.filtered(lambda a: a.month <= month - 2).with_user(
                ref("group_budget.demo_user_office")
            ).action_lock_month()
        # The daily run, on the last day of this month (every window of the
        # month open), as the scheduled action will do.
        last_day = warning_rules.window_start("month", today, {"month": 1})
        self.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )._raise_period(period, last_day, batch_size=200)


SEASON_DEMO = [0.8, 0.7, 1.1, 1.1, 1.0, 1.0, 0.9, 0.9, 1.1, 1.2, 1.1, 1.1]
