import logging
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import _, api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import SQL, config

from ... import messages
from ...logic import forecast as forecast_logic
from ...logic import warning_rules
from ..execution.group_budget_actuals import flush_sources
from ..execution.group_budget_ledger import LEDGER_STATES
from ..mixins.group_budget_months_mixin import MONTH_FIELDS
from .group_budget_warning_rule import HORIZONS

_logger = logging.getLogger(__name__)

LEVELS = [("attention", "Attention"), ("serious", "Serious")]
STATES = [("open", "Open"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved")]
# Fields the cron keeps up to date; a rerun writes only those that changed.
FIGURES = ("level", "budget", "actual", "percent", "forecast", "rule_id")
# What makes a warning: one per centre, item, horizon, period and kind.
KEY_FIELDS = ("centre_id", "item_id", "horizon", "period_label", "kind")
# What a to-do needs of its warning.
TODO_FIELDS = ("id", "centre_id", "item_id", "period_label", "level", "date")


def _insert_rows(model, vals_list, returning=("id",), skip_conflicts=False):
    """Insert ``vals_list`` into ``model``'s table in one statement (the ORM
    inserts a hundred rows a query) and return the ``returning`` columns of
    the rows inserted. Only stored columns, given in full: no defaults, no
    computed fields, no ``create`` overrides (the callers give every value
    the ORM would compute). A value may be an ``SQL`` expression."""
    if not vals_list:
        return []
    names = sorted({name for vals in vals_list for name in vals})
    fields_ = [model._fields[name] for name in names]
    log = []
    if model._log_access:
        names += ["create_uid", "write_uid", "create_date", "write_date"]
        now = SQL("(now() AT TIME ZONE 'UTC')")
        log = [SQL("%s", model.env.uid)] * 2 + [now, now]

    def value(field, vals):
        value = vals.get(field.name)
        if isinstance(value, SQL):
            return value
        return SQL("%s", field.convert_to_column_insert(value, model, vals))

    model.env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) VALUES %s %s RETURNING %s",
            SQL.identifier(model._table),
            SQL(", ").join(SQL.identifier(name) for name in names),
            SQL(", ").join(
                SQL("(%s)", SQL(", ").join([value(field, vals) for field in fields_] + log))
                for vals in vals_list
            ),
            SQL("ON CONFLICT DO NOTHING") if skip_conflicts else SQL(),
            SQL(", ").join(SQL.identifier(name) for name in returning),
        )
    )
    return model.env.cr.fetchall()


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
    def _in_test_mode(self):
        return bool(config["test_enable"] or modules.module.current_test)

    @api.model
    def _cron_raise_warnings(self, batch_size=200, today=None):
        """Raise, update and resolve the warnings of every budget year in
        execution today. Idempotent: a rerun changes only what moved. Works
        in batches of centres, committing between them outside tests (the
        last one with the digests); after a crash the next run takes up where
        it stopped (what was committed is found and left as it is) and sends
        the digests not yet sent."""
        today = today or fields.Date.context_today(self)
        commit = not self._in_test_mode()
        Period = self.env["group.budget.period"].sudo()
        periods = Period.search_fetch(
            [
                ("state", "=", "executing"),
                ("date_from", "<=", today),
                ("date_to", ">=", today),
            ],
            [name for name, field in Period._fields.items() if field.store and field.column_type],
        )
        Warning = self.sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        Actual = self.env["group.budget.indicator.actual"].sudo()
        # The centres' responsible users, read once for the run.
        responsibles = {}
        for index, period in enumerate(periods):
            if commit and index:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            # Items computed by formula first: the warnings read them.
            Actual._compute_formula_actuals(period, today)
            Warning._raise_period(
                period, today, batch_size, commit=commit, responsibles=responsibles
            )
        Warning._send_digests(commit=commit, responsibles=responsibles)
        return True

    def _raise_period(self, period, today, batch_size, commit=False, responsibles=None):
        company = period.company_id
        windows = period._warning_windows()
        month = today.month
        open_horizons = [h for h, _label in HORIZONS if warning_rules.in_window(h, today, windows)]
        forecast_open = month <= 12 - windows["year"]
        Rule = self.env["group.budget.warning.rule"].sudo()
        rules = Rule.search_fetch(
            [("company_id", "=", company.id)],
            [name for name, field in Rule._fields.items() if field.store and field.column_type],
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
                    # The level on the exact ratio; the percentage kept unrounded.
                    exact = warning_rules.exact_ratio(actual, budget)
                    percent = None if exact is None else float(exact)
                    lv = warning_rules.level(
                        item["direction"], exact, rule["attention"], rule["serious"]
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
        # The existing warnings and the figures the cron keeps, in one query.
        existing = self.search_fetch(
            [("period_id", "=", period.id)],
            [*KEY_FIELDS, "state", "date", "resolved_date", "digest_sent", *FIGURES],
        )
        existing_by_key = {
            (w.centre_id.id, w.item_id.id, w.horizon, w.period_label, w.kind): w for w in existing
        }
        centre_ids = sorted({key[0] for key in wanted} | {key[0] for key in existing_by_key})
        for start in range(0, len(centre_ids), batch_size):
            if commit and start:
                # Between batches; the last one is committed with the digests.
                self.env.cr.commit()  # pylint: disable=invalid-commit
            batch = set(centre_ids[start : start + batch_size])
            self._apply_batch(
                period,
                today,
                {k: v for k, v in wanted.items() if k[0] in batch},
                {k: w for k, w in existing_by_key.items() if k[0] in batch},
                evaluated,
                responsibles=responsibles,
            )

    def _apply_batch(self, period, today, wanted, existing, evaluated, responsibles=None):
        """Create, update and resolve the warnings of a batch of centres, in a
        number of queries that does not depend on how many there are: one
        INSERT of the new warnings, one UPDATE of those that changed or are
        resolved, then their to-dos and followers (one INSERT each)."""
        to_create = []
        updates = {}
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
                        state="open",
                        digest_sent=False,
                    )
                )
                continue
            changes = {name: value for name, value in vals.items() if warning._differs(name, value)}
            if warning.state == "resolved":
                changes.update(state="open", resolved_date=False, digest_sent=False, date=today)
            elif changes.get("level") == "serious":
                changes["digest_sent"] = False
            if changes:
                updates[warning] = changes
        gone = self.browse(
            [
                w.id
                for key, w in existing.items()
                if key not in wanted and key[2:] in evaluated and w.state != "resolved"
            ]
        )
        for warning in gone:
            updates[warning] = {"state": "resolved", "resolved_date": today}
        # The reopened ones get their to-dos again, as the new ones.
        reopened = [
            (w.id, w.centre_id.id, w.item_id.id, w.period_label, changes.get("level") or w.level)
            for w, changes in updates.items()
            if changes.get("state") == "open"
        ]
        self._update_rows(updates)
        if gone:
            self.env["mail.activity"].sudo().search(
                [("res_model", "=", self._name), ("res_id", "in", gone.ids)]
            ).unlink()
        # A run going on at the same time may have raised some already.
        todo = _insert_rows(self, to_create, TODO_FIELDS, skip_conflicts=True)
        todo += [(*row, today) for row in reopened]
        if todo or updates:
            self._invalidate_views()
        self._schedule_activities(todo, responsibles)

    def _invalidate_views(self):
        """Mark stale what the ORM's create and write would: the cached rows
        of the views that read warnings (the execution dashboard)."""
        for model in self.env.registry.values():
            if self._name in (model._depends or {}):
                self.env[model._name].invalidate_model()

    def _update_rows(self, updates):
        """Write ``{warning: changes}`` in one UPDATE (the ORM writes a
        hundred rows per query): each row gets its changes, the other fields
        its current values."""
        if not updates:
            return
        self.flush_model()
        names = sorted({name for changes in updates.values() for name in changes})
        columns = {name: [] for name in names}
        for warning, changes in updates.items():
            for name in names:
                field = self._fields[name]
                value = changes[name] if name in changes else warning[name]
                if field.type == "many2one":
                    value = value.id if isinstance(value, models.BaseModel) else value
                columns[name].append(field.convert_to_column(value, warning))
        ids = [warning.id for warning in updates]
        self.env.cr.execute(
            SQL(
                """
                UPDATE %(table)s AS w
                   SET %(assignments)s,
                       write_uid = %(uid)s,
                       write_date = (now() AT TIME ZONE 'UTC')
                  FROM unnest(%(arrays)s) AS v(id, %(names)s)
                 WHERE w.id = v.id
                """,
                table=SQL.identifier(self._table),
                assignments=SQL(", ").join(
                    SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name)) for name in names
                ),
                uid=self.env.uid,
                arrays=SQL(", ").join(
                    [SQL("%s::int[]", ids)]
                    + [
                        SQL("%s::%s[]", columns[name], SQL(self._fields[name].column_type[1]))
                        for name in names
                    ]
                ),
                names=SQL(", ").join(SQL.identifier(name) for name in names),
            )
        )
        self.browse(ids).invalidate_recordset([*names, "write_uid", "write_date"])

    def _differs(self, name, value):
        """True when ``value`` changes the field ``name``, rounded as the
        field stores it (a rerun writes nothing that would not change)."""
        field = self._fields[name]
        if field.type == "many2one":
            return self[name].id != (value or False)
        return field.convert_to_cache(value, self) != field.convert_to_cache(self[name], self)

    @api.model
    def _responsibles(self, centre_ids, known=None):
        """``{centre_id: [user]}``: the centre's manager and officers, active
        users only, each a dict of what the to-dos, followers and digests
        need, read in one query. ``known``: what a previous call of the run
        returned, read again for the centres it lacks only (and updated)."""
        known = {} if known is None else known
        missing = set(centre_ids) - set(known)
        if not missing:
            return known
        self.env["group.budget.centre"].flush_model(["manager_id", "officer_ids"])
        self.env["res.users"].flush_model(["active", "partner_id"])
        self.env["res.partner"].flush_model(["tz", "lang", "email"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT c.id, u.id, p.id, p.tz, p.lang, p.email
                  FROM group_budget_centre c
                  JOIN res_users u
                    ON u.id = c.manager_id
                    OR u.id IN (SELECT r.user_id
                                  FROM group_budget_centre_officer_rel r
                                 WHERE r.centre_id = c.id)
                  JOIN res_partner p ON p.id = u.partner_id
                 WHERE c.id = ANY(%s) AND u.active
                 ORDER BY c.id, u.id
                """,
                sorted(missing),
            )
        )
        for centre_id in missing:
            known[centre_id] = []
        for centre_id, user_id, partner_id, tz, lang, email in self.env.cr.fetchall():
            known[centre_id].append(
                {
                    "id": user_id,
                    "partner_id": partner_id,
                    "tz": tz,
                    "lang": lang,
                    "email": email,
                }
            )
        return known

    def _responsible_users(self):
        """The centre's manager and officers, active users only."""
        self.ensure_one()
        users = self.centre_id.manager_id | self.centre_id.officer_ids
        return users.filtered("active")

    def _level_labels(self):
        """The levels' labels in the context's language, from the code's
        translations (the field's own would cost queries on every run)."""
        return {"attention": self.env._("Attention"), "serious": self.env._("Serious")}

    @api.model
    def _schedule_activities(self, rows, responsibles=None):
        """One to-do per warning for each of its centre's responsible users,
        who follow the warning; ``rows`` are the warnings' ``TODO_FIELDS``.
        One INSERT of the to-dos and one of the followers and their
        subtypes, whatever their number (the ORM would insert a hundred a
        query and subscribe user by user)."""
        if not rows:
            return
        responsibles = self._responsibles({row[1] for row in rows}, responsibles)
        # Iterated, so that the first one read prefetches the others.
        centres = {c.id: c for c in self.env["group.budget.centre"].browse({r[1] for r in rows})}
        item_ids = {r[2] for r in rows}
        # Each to-do reads in the language of its user: the texts of each
        # warning, once per language.
        by_lang, texts = {}, {}

        def texts_in(lang, warning_id, centre_id, item_id, label, level):
            if lang not in by_lang:
                local = self.with_context(lang=lang)
                items = local.env["group.budget.item"].browse(item_ids)
                by_lang[lang] = (local, local._level_labels(), {i.id: i for i in items})
            local, levels, items = by_lang[lang]
            if (warning_id, lang) not in texts:
                item = items[item_id]
                texts[warning_id, lang] = (
                    local.env._(
                        "%(level)s budget warning: %(item)s, %(period)s",
                        level=levels[level],
                        item=item.display_name,
                        period=label,
                    ),
                    local._warning_name(centres[centre_id], item, label),
                )
            return texts[warning_id, lang]

        # The model and the type, read by the INSERT itself.
        model_id = SQL("(SELECT id FROM ir_model WHERE model = %s)", self._name)
        todo_id = SQL(
            "(SELECT res_id FROM ir_model_data WHERE module = 'mail' "
            "AND name = 'mail_activity_data_todo')"
        )
        activities, followers = [], set()
        for warning_id, centre_id, item_id, label, level, date in rows:
            for user in responsibles.get(centre_id, ()):
                summary, name = texts_in(
                    messages.lang_of(self.env, user["lang"]),
                    warning_id,
                    centre_id,
                    item_id,
                    label,
                    level,
                )
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_model": self._name,
                        "res_id": warning_id,
                        "res_name": name,
                        "activity_type_id": todo_id,
                        "summary": summary,
                        "user_id": user["id"],
                        "user_tz": user["tz"],
                        "date_deadline": date,
                        "automated": True,
                        "active": True,
                    }
                )
                followers.add((warning_id, user["partner_id"]))
        if not activities:
            return
        Activity = self.env["mail.activity"].sudo()
        _insert_rows(Activity, activities)
        self._add_followers(sorted(followers))
        # What the ORM may have cached of these is stale.
        Activity.invalidate_model()
        self.env["mail.followers"].invalidate_model()
        self.browse({row[0] for row in rows}).invalidate_recordset(
            ["activity_ids", "message_follower_ids", "message_partner_ids"]
        )
        # The assigned users' activity counters refresh, as after an ORM create.
        if any(row[5] <= fields.Date.today() for row in rows):
            self.env["res.partner"].browse({partner for _w, partner in followers})._bus_send(
                "mail.activity/updated", {"activity_created": True}
            )

    def _add_followers(self, pairs):
        """Subscribe ``[(warning_id, partner_id)]`` with the default subtypes
        of the model (internal ones for internal users only), as
        ``message_subscribe`` does, in one statement; existing followers are
        left as they are."""
        self.env.cr.execute(
            SQL(
                """
                WITH new AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT %(model)s, t.res_id, t.partner_id
                      FROM unnest(%(res_ids)s::int[], %(partner_ids)s::int[])
                           AS t(res_id, partner_id)
                    ON CONFLICT DO NOTHING
                    RETURNING id, partner_id
                )
                INSERT INTO mail_followers_mail_message_subtype_rel
                       (mail_followers_id, mail_message_subtype_id)
                SELECT new.id, s.id
                  FROM new
                  JOIN res_partner p ON p.id = new.partner_id
                  JOIN mail_message_subtype s
                    ON s."default" AND (s.res_model IS NULL OR s.res_model = %(model)s)
                 WHERE NOT (s.internal AND COALESCE(p.partner_share, FALSE))
                """,
                model=self._name,
                res_ids=[pair[0] for pair in pairs],
                partner_ids=[pair[1] for pair in pairs],
            )
        )

    @api.model
    def _send_digests(self, commit=False, responsibles=None):
        """One e-mail per responsible user, listing the warnings raised (or
        become serious) since the last digest. The warnings are marked sent
        and read in one statement; a crash before the commit leaves them
        to the next run."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                UPDATE group_budget_warning
                   SET digest_sent = TRUE
                 WHERE state = 'open' AND digest_sent IS NOT TRUE
             RETURNING id, centre_id, item_id, period_label, level, percent
                """
            )
        )
        # Serious first, then by centre, item and period.
        rows = sorted(self.env.cr.fetchall(), key=lambda r: (r[4] != "serious", *r[1:4]))
        if not rows:
            return
        self.browse(row[0] for row in rows).invalidate_recordset(["digest_sent"])
        centres = self.env["group.budget.centre"].browse({row[1] for row in rows})
        items = self.env["group.budget.item"].browse({row[2] for row in rows})
        responsibles = self._responsibles(centres.ids, responsibles)
        by_partner, partners = defaultdict(list), {}
        for row in rows:
            for user in responsibles.get(row[1], ()):
                by_partner[user["partner_id"]].append(row)
                partners[user["partner_id"]] = user
        mails, names_by_lang = [], {}
        for partner_id, warnings in by_partner.items():
            lang = partners[partner_id]["lang"]
            if not partners[partner_id]["email"]:
                continue
            lang_self = self.with_context(lang=lang)
            levels = lang_self._level_labels()
            if lang not in names_by_lang:
                names_by_lang[lang] = (
                    {item.id: item.display_name for item in items.with_context(lang=lang)},
                    {centre.id: centre.display_name for centre in centres.with_context(lang=lang)},
                )
            item_names, centre_names = names_by_lang[lang]
            table_rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%.1f %%</td></tr>")
                % (
                    centre_names[centre_id],
                    item_names[item_id],
                    label,
                    levels[level],
                    percent or 0.0,
                )
                for _id, centre_id, item_id, label, level, percent in warnings
            )
            body = Markup("<p>%s</p><table border='1' cellpadding='4'>%s</table>") % (
                escape(
                    lang_self.env._(
                        "%(count)s budget warning(s) need your attention:",
                        count=len(warnings),
                    )
                ),
                table_rows,
            )
            mails.append(
                {
                    "subject": lang_self.env._("Budget warnings: daily digest"),
                    "body_html": body,
                    # The partner only: with an e-mail address as well, the
                    # user would get the digest twice.
                    "recipient_ids": [fields.Command.link(partner_id)],
                    "auto_delete": True,
                }
            )
        if mails:
            self.env["mail.mail"].sudo().create(mails)
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    # ------------------------------------------------------------------
    # Figures: budgets and actuals of every centre and item of a year
    # ------------------------------------------------------------------
    @api.model
    def _collect_figures(self, period):
        """``{(centre_id, item_id): (12 budgets, 12 actuals)}``: the budget
        lines (the ledger's budgets) and the posted actuals for the financial
        items that add up, budget lines and indicator actuals for the others.

        The hierarchy's rule (``logic/consolidation.py``): a centre's budget
        is its own line (a parent's is already consolidated), its posted
        actual is its own plus all its descendants' (a parent's actuals are
        posted to its children), so a parent compares its consolidated
        budget with its rolled-up actual. A centre without a line for an item
        is not evaluated for it. Indicator actuals are entered per centre, a
        parent's for the parent: they are not added up."""
        figures = defaultdict(lambda: ([0.0] * 12, [0.0] * 12))
        flush_sources(self.env)
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
                states=LEDGER_STATES,
            )
        )
        in_ledger, others = set(), set()
        for centre_id, item_id, is_posted, *months in self.env.cr.fetchall():
            (in_ledger if is_posted else others).add((centre_id, item_id))
            budgets = figures[centre_id, item_id][0]
            for index, amount in enumerate(months):
                budgets[index] += amount or 0.0
        posted = self.env["group.budget.actuals"]._rolled_up_actuals(
            self.env["group.budget.centre"].browse({key[0] for key in in_ledger}),
            self.env["group.budget.item"].browse({key[1] for key in in_ledger}),
            period.date_from,
            period.date_to,
        )
        for (centre_id, item_id, (_year, month)), amount in posted.items():
            if (centre_id, item_id) in in_ledger:
                figures[centre_id, item_id][1][month - 1] += amount
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
            {
                key: (direction[key[1]], budgets, actuals)
                for key, (budgets, actuals) in figures.items()
            },
            month,
            method,
        )
