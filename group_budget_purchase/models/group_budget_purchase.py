import json

import pytz

from odoo import _, api, fields, models
from odoo.tools import SQL

from odoo.addons.group_budget.logic import control_rules
from odoo.addons.group_budget.models.execution.group_budget_commitment import BUDGET_COPIES

from ..logic import commitment_rules

# Order states whose lines commit budget, and whose lines show what is
# available before they commit.
OPEN = "open"
CLOSED = "closed"
UNCOMMITTED_STATES = ("draft", "sent", "to approve")


# What the mapping query (:meth:`GroupBudgetPurchase._read_lines`) reads of
# each model besides the budgets' own tables; None: every field.
MAPPING_FIELDS = {
    "purchase.order.line": [
        "order_id",
        "company_id",
        "product_id",
        "product_uom",
        "date_planned",
        "analytic_distribution",
    ],
    "purchase.order": ["user_id", "fiscal_position_id"],
    "product.product": ["product_tmpl_id"],
    "product.template": ["categ_id", "purchase_method", "property_account_expense_id"],
    "product.category": ["property_account_expense_categ_id"],
    "account.fiscal.position.account": ["position_id", "account_src_id", "account_dest_id"],
    "account.move.line": ["move_id", "purchase_line_id", "quantity", "product_uom_id"],
    "account.move": ["move_type", "state"],
    "uom.uom": ["factor"],
    "res.users": ["partner_id"],
    "res.company": ["partner_id"],
    "res.partner": ["tz"],
    "group.budget.commitment": None,
}


class GroupBudgetPurchase(models.AbstractModel):
    """Budget commitments of purchase orders (manual §五 2.4, 3.3, 4.4).

    A confirmed order's lines commit budget (``group.budget.commitment``, one
    row per line and centre) until posted bills replace them with actuals.
    Every change that can move a commitment refreshes it: the rows a line
    should have are computed, compared with those it has, and the
    difference is written through the ORM in batches (one insert, one
    update, one delete at most), whatever the number of lines.

    The budget's part of a confirmation costs the same queries whatever the
    number of lines: one maps the lines to budgets and items (their
    analytic distribution, the expense account of their product through the
    order's fiscal position), reads the quantities their posted bills bill
    and their existing commitments, and locks the budgets it finds (the
    core's lock, ``group.budget.control._lock_budgets_sql``, in the same
    query) and the budget's centre, year and company the commitments copy;
    the ORM creates the commitments in one insert, reading nothing more;
    one reads the year's figures of the budgets (control at posting's own
    query, commitments included): three queries.
    """

    _name = "group.budget.purchase"
    _description = "Budget Commitments of Purchase Orders"

    # ------------------------------------------------------------------
    # Which orders commit
    # ------------------------------------------------------------------
    @api.model
    def _stage(self, order):
        """``"open"`` for an order whose lines commit what is not billed
        yet, ``"closed"`` for one locked as done (it commits only what it
        will still be billed), ``None`` for one that commits nothing (a
        quotation, an order waiting for approval, a cancelled one).

        A company that locks its orders at confirmation (``po_lock`` is
        *lock*) says nothing about completion by locking: its locked
        orders are open."""
        if order.state == "purchase":
            return OPEN
        if order.state == "done":
            return OPEN if order.company_id.po_lock == "lock" else CLOSED
        return None

    # ------------------------------------------------------------------
    # Refresh
    # ------------------------------------------------------------------
    @api.model
    def _refresh(self, lines, check=False, change=False):
        """Bring the commitments of the purchase order ``lines`` up to what
        they should be. With ``check``, what the refresh commits more is
        checked like a posting (a rigid item refuses it, a flexible one
        records an overrun), after locking the budgets concerned: refused
        as a change of a confirmed order with ``change``, else as a
        confirmation."""
        # Whoever changes the order or posts its bill (an accountant who
        # cannot read purchase orders, say), the lines are read in full.
        lines = lines.sudo().filtered(lambda line: line.id and not line.display_type)
        if not lines:
            return
        shares, info, existing, budgets = self._read_lines(lines, lock=check)
        wanted, origins = self._wanted(lines, shares, info)
        digits = self._digits()
        plan = commitment_rules.plan(existing, wanted, digits)
        self._write_plan(plan, lines, budgets)
        if check and plan["changes"]:
            self._check_plan(plan, shares, origins, change=change)

    @api.model
    def _digits(self):
        return self.env["decimal.precision"].precision_get("Account")

    def _wanted(self, lines, shares, info):
        """``{(line_id, budget_id, item_id): (month, amount)}``: what each
        line should commit, and ``{(budget_id, item_id, month): order ids}``."""
        wanted, origins = {}, {}
        rates = {}
        digits = self._digits()
        for line in lines:
            line_shares = shares.get(line.id)
            order = line.order_id
            stage = self._stage(order)
            if not line_shares or not stage:
                continue
            billed, billed_on_receipt, month = info[line.id]
            quantity = commitment_rules.open_quantity(
                line.product_qty,
                line.qty_received,
                billed,
                closed=stage == CLOSED,
                billed_on_receipt=billed_on_receipt,
            )
            if order.id not in rates:
                rates[order.id] = self._rate(order)
            amount = commitment_rules.line_amount(
                line.price_subtotal, line.product_qty, quantity, rates[order.id]
            )
            percents = {key: values[0] for key, values in line_shares.items()}
            for (budget_id, item_id), share in commitment_rules.split(
                amount, percents, digits
            ).items():
                wanted[line.id, budget_id, item_id] = (month, share)
                origins.setdefault((budget_id, item_id, month), set()).add(order.id)
        return wanted, origins

    @api.model
    def _rate(self, order):
        """The rate from the order's currency to its company's, at the
        order date."""
        company = order.company_id
        if order.currency_id == company.currency_id:
            return 1.0
        return self.env["res.currency"]._get_conversion_rate(
            order.currency_id,
            company.currency_id,
            company,
            fields.Date.to_date(order.date_order) or fields.Date.context_today(self),
        )

    # ------------------------------------------------------------------
    # The mapping query
    # ------------------------------------------------------------------
    def _read_lines(self, lines, lock=False):
        """One query: ``shares`` (``{line_id: {(budget_id, item_id):
        (percent, control_mode, date_from)}}``), ``info`` (``{line_id:
        (billed quantity, billed on receipt, month)}``), ``existing``
        commitments (``{(line_id, budget_id, item_id): (row_id, month,
        amount)}``) and the ``budgets`` found (``{budget_id: {"centre_id",
        "period_id", "company_id"}}``, what their commitments copy). With
        ``lock``, the budgets found are locked."""
        self._flush_sources()
        # The lines with what decides their commitment: their expense
        # account and month, their distribution, what posted bills (less
        # refunds) billed of them in their unit, and how they are billed.
        line_rows = SQL(
            """
            SELECT pol.id AS line_key, pol.company_id, %(account)s AS account_id,
                   %(month)s AS date, pol.analytic_distribution AS distribution,
                   pt.purchase_method = 'receive' AS billed_on_receipt,
                   COALESCE((
                       SELECT SUM(CASE WHEN m.move_type = 'in_refund' THEN -1 ELSE 1 END
                                  * aml.quantity / fu.factor * tu.factor)
                         FROM account_move_line aml
                         JOIN account_move m ON m.id = aml.move_id
                              AND m.move_type IN ('in_invoice', 'in_refund')
                         JOIN uom_uom fu ON fu.id = COALESCE(aml.product_uom_id, pol.product_uom)
                         JOIN uom_uom tu ON tu.id = pol.product_uom
                        WHERE aml.purchase_line_id = pol.id AND aml.parent_state = 'posted'
                   ), 0) AS billed
              FROM purchase_order_line pol
              JOIN purchase_order po ON po.id = pol.order_id
              JOIN product_product pp ON pp.id = pol.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN product_category pc ON pc.id = pt.categ_id
             WHERE pol.id = ANY(%(lines)s) AND pol.date_planned IS NOT NULL
            """,
            account=self._expense_account_sql(lines.company_id),
            month=SQL(
                "date_trunc('month', timezone(%s, pol.date_planned AT TIME ZONE 'UTC'))::date",
                self._timezone_sql(
                    SQL(
                        """(SELECT p.tz FROM res_users u JOIN res_partner p ON p.id = u.partner_id
                             WHERE u.id = po.user_id)"""
                    ),
                    SQL(
                        """(SELECT p.tz FROM res_company c JOIN res_partner p ON p.id = c.partner_id
                             WHERE c.id = pol.company_id)"""
                    ),
                ),
            ),
            lines=lines.ids,
        )
        Control = self.env["group.budget.control"]
        lock_sql = SQL(",%s", Control._lock_budgets_sql(SQL("SELECT budget_id FROM po_share")))
        query = SQL(
            """
            WITH po_line AS (%(line_rows)s),
            po_share AS (%(shares)s)%(lock)s
            SELECT 's', s.line_key, s.budget_id, s.item_id, s.control_mode, s.date_from,
                   s.percent, NULL::numeric, NULL::boolean, NULL::date,
                   s.centre_id, s.period_id, s.company_id
              FROM po_share s
            UNION ALL
            SELECT 'l', l.line_key, NULL, NULL, NULL, NULL, NULL, l.billed,
                   l.billed_on_receipt, l.date, NULL, NULL, NULL
              FROM po_line l
            UNION ALL
            SELECT 'c', cm.purchase_line_id, cm.budget_id, cm.item_id, NULL, NULL, cm.id,
                   cm.amount, NULL, cm.date, NULL, NULL, NULL
              FROM group_budget_commitment cm
             WHERE cm.purchase_line_id = ANY(%(lines)s)
            """,
            line_rows=line_rows,
            shares=self._shares_sql(SQL("po_line")),
            lock=lock_sql if lock else SQL(""),
            lines=lines.ids,
        )
        self.env.cr.execute(query, log_exceptions=not lock)
        if lock:
            Control._budgets_locked()
        shares, info, existing, budgets = {}, {}, {}, {}
        for row in self.env.cr.fetchall():
            head, copies = row[:10], row[10:]
            kind, line_id, budget_id, item_id, mode, date_from, percent, value, flag, month = head
            if kind == "s":
                shares.setdefault(line_id, {})[budget_id, item_id] = (
                    float(percent),
                    mode,
                    date_from,
                )
                budgets[budget_id] = dict(zip(BUDGET_COPIES, copies, strict=True))
            elif kind == "l":
                info[line_id] = (float(value), bool(flag), month)
            else:
                existing[line_id, budget_id, item_id] = (int(percent), month, float(value))
        return shares, info, existing, budgets

    def _shares_sql(self, rows):
        """The shares of ``rows`` (``SQL``: a relation of ``line_key,
        company_id, account_id, date`` (a month), ``distribution``): one row
        per line and budget of a centre its distribution names (the
        percentages of its keys that name the centre's analytic account,
        added up), for an item under rigid or flexible control fed by its
        account, in a budget of the centre's year that is approved or
        executing: ``line_key, budget_id, item_id, control_mode, date_from,
        percent``, and the budget's ``centre_id, period_id, company_id``."""
        return SQL(
            """
            SELECT l.line_key, b.id AS budget_id, i.id AS item_id, i.control_mode,
                   p.date_from, SUM(d.value::numeric) AS percent,
                   b.centre_id, b.period_id, b.company_id
              FROM %(rows)s l
             CROSS JOIN LATERAL jsonb_each_text(l.distribution) AS d(key, value)
             CROSS JOIN LATERAL (
                    SELECT CASE WHEN a ~ '^[0-9]+$' THEN a::int END AS id
                      FROM unnest(string_to_array(d.key, ',')) AS a
                   ) AS a
              JOIN group_budget_centre c ON c.analytic_account_id = a.id
                   AND c.company_id = l.company_id
              JOIN group_budget_item_account_rel r ON r.account_id = l.account_id
              JOIN group_budget_item i ON i.id = r.item_id AND i.active
                   AND i.control_mode IN ('rigid', 'flexible')
                   AND (i.company_id IS NULL OR i.company_id = l.company_id)
              JOIN group_budget_period p ON p.company_id = l.company_id
                   AND l.date BETWEEN p.date_from AND p.date_to
              JOIN group_budget b ON b.centre_id = c.id AND b.period_id = p.id
                   AND b.state IN ('approved', 'executing')
             WHERE l.distribution IS NOT NULL AND l.account_id IS NOT NULL
             GROUP BY 1, 2, 3, 4, 5
            """,
            rows=rows,
        )

    def _expense_account_sql(self, companies):
        """The expense account a bill of the line ``pol`` (product template
        ``pt``, category ``pc``, order ``po``) posts to, as Odoo's bills
        choose it: the product's, else its category's, in the line's
        company, mapped by the order's fiscal position."""
        Template = self.env["product.template"].sudo()
        Category = self.env["product.category"].sudo()
        cases = []
        for company in companies:
            account = SQL(
                "COALESCE(%s, %s)",
                Template.with_company(company)._field_to_sql("pt", "property_account_expense_id"),
                Category.with_company(company)._field_to_sql(
                    "pc", "property_account_expense_categ_id"
                ),
            )
            cases.append(SQL("WHEN %s THEN %s", company.id, account))
        product_account = SQL("(CASE pol.company_id %s END)", SQL(" ").join(cases))
        return SQL(
            """COALESCE((
                SELECT f.account_dest_id FROM account_fiscal_position_account f
                 WHERE f.position_id = po.fiscal_position_id
                   AND f.account_src_id = %(account)s
                 ORDER BY f.id LIMIT 1
            ), %(account)s)""",
            account=product_account,
        )

    @api.model
    def _timezone_sql(self, *zones):
        """The first of ``zones`` (``SQL`` of time-zone names) that is set,
        else UTC."""
        return SQL("COALESCE(%s, 'UTC')", SQL(", ").join(SQL("NULLIF(%s, '')", z) for z in zones))

    @api.model
    def _timezone(self, order):
        """The time zone whose calendar gives the month of a line's planned
        date: the buyer's, else the company's, else UTC (as
        :meth:`_read_lines` reads it)."""
        return order.user_id.sudo().tz or order.company_id.sudo().partner_id.tz or "UTC"

    @api.model
    def _month(self, order, date_planned):
        """The first day of the month of ``date_planned`` (UTC) in the
        order's time zone (:meth:`_timezone`)."""
        local = pytz.utc.localize(date_planned).astimezone(pytz.timezone(self._timezone(order)))
        return local.date().replace(day=1)

    def _flush_sources(self):
        """Write what the mapping query reads, and only that: flushing the
        whole order and its lines in the middle of a confirmation would
        write them twice (Odoo's confirmation changes them after the
        budget part)."""
        self.env["group.budget.actuals"]._flush_sources()
        for model, fnames in MAPPING_FIELDS.items():
            self.env[model].flush_model(fnames)

    # ------------------------------------------------------------------
    # Writing the commitments
    # ------------------------------------------------------------------
    def _write_plan(self, plan, lines, budgets):
        """Create, update and delete the commitments as ``plan`` says,
        through the ORM in batches (one statement each when written, none
        when there is nothing to do): what a new commitment copies of its
        budget comes from ``budgets`` (see :meth:`_read_lines`), so that
        creating reads nothing. No role writes commitments: the bridge
        writes them as superuser, whoever confirms or bills."""
        Commitment = self.env["group.budget.commitment"].sudo()
        if plan["create"]:
            orders = {line.id: line.order_id for line in lines}
            Commitment.create(
                [
                    self._prepare_commitment_vals(
                        key, month, amount, orders[key[0]], budgets[key[1]]
                    )
                    for key, month, amount in plan["create"]
                ]
            )
        # Each its own values, written one by one: read at once before
        # (which Odoo otherwise reads for each record apart).
        updated = Commitment.browse([row_id for row_id, _month, _amount in plan["update"]])
        updated.fetch(["date", "amount"])
        for commitment, (_row_id, month, amount) in zip(updated, plan["update"], strict=True):
            commitment.write({"date": month, "amount": amount})
        if plan["delete"]:
            Commitment.browse(plan["delete"]).unlink()
        # Control reads them in its query.
        Commitment.flush_model()

    @api.model
    def _prepare_commitment_vals(self, key, month, amount, order, budget):
        """The commitment of the order line, budget and item ``key`` in
        ``month``; ``budget``: the budget's centre, year and company."""
        line_id, budget_id, item_id = key
        return {
            "budget_id": budget_id,
            **budget,
            "item_id": item_id,
            "date": month,
            "amount": amount,
            "origin": order.name,
            "res_model": "purchase.order",
            "res_id": order.id,
            "purchase_line_id": line_id,
            "purchase_order_id": order.id,
        }

    # ------------------------------------------------------------------
    # Control at confirmation
    # ------------------------------------------------------------------
    def _check_plan(self, plan, shares, origins, change=False):
        """Check what ``plan`` commits more, as control at posting checks a
        posting, on the budgets :meth:`_read_lines` locked."""
        modes = {
            key: (mode, date_from)
            for line_shares in shares.values()
            for key, (_percent, mode, date_from) in line_shares.items()
        }
        contributions = {}
        for key, changes in plan["changes"].items():
            if key not in modes:
                continue  # released only
            mode, date_from = modes[key]
            months = commitment_rules.year_months(changes, date_from.year)
            if not commitment_rules.commits_more(months, self._digits()):
                continue
            contributions[key] = {
                "control_mode": mode,
                "date_from": date_from,
                "months": months,
                # The orders behind each month (control's lines name them
                # where it names a posting's entries).
                "move_ids": {
                    month: origins.get((*key, date_from.replace(month=month)), set())
                    for month in range(1, 13)
                },
            }
        Control = self.env["group.budget.control"]
        Control._check_contributions(
            contributions,
            change=change,
            refuse=lambda lines: Control._refuse(
                lines, message=self._refusal_message(lines, change=change)
            ),
            warn=self._record_overruns,
            locked=True,
            describe=lambda control, line: control.env["group.budget.purchase"]._line_text(line),
        )

    @api.model
    def _line_text(self, line):
        """A line of control's refusal or overrun, in the words of an order."""
        return self.env._(
            "%(centre)s, %(item)s, %(month)s: budget to date %(budget)s, "
            "consumed %(consumed)s, this order %(posting)s, "
            "short by %(shortfall)s.",
            **self.env["group.budget.control"]._line_values(line),
        )

    @api.model
    def _refusal_message(self, lines, change=False):
        bullets = "\n".join(f"• {line['text']}" for line in lines)
        if change:
            return _(
                "This purchase order exceeds a budget under rigid control (manual §五 3.3); "
                "the change has not been saved.\n%(lines)s\nRequest a budget addition, "
                "or change the order.",
                lines=bullets,
            )
        return _(
            "This purchase order exceeds a budget under rigid control (manual §五 3.3); "
            "it has not been confirmed.\n%(lines)s\nRequest a budget addition, or "
            "change the order.",
            lines=bullets,
        )

    @api.model
    def _record_overruns(self, lines):
        """A flexible overrun of an order: recorded for the ledger, with a
        message in the order's chatter."""
        self.env["group.budget.control"]._warn(
            lines, document_field="purchase_order_id", note=self._overrun_note
        )

    @api.model
    def _overrun_note(self, env, lines):
        return env._(
            "This order commits over a budget under flexible control (manual §五 3.3): %(lines)s",
            lines=self.env["group.budget.control"]._lines_text(env, lines),
        )

    # ------------------------------------------------------------------
    # Availability on draft orders
    # ------------------------------------------------------------------
    @api.model
    def _availability(self, orders):
        """``{line: (available, exceeds)}`` for the lines of the draft
        ``orders`` (saved or not) that a budget under control covers, in
        one query, by the rule of a draft journal entry's lines
        (:func:`control_rules.entry_availability`)."""
        entries = []  # (line, company, account, month, distribution, amount)
        by_order = {}
        for order in orders:
            company = order.company_id
            rate = self._rate(order)
            lines = order.order_line.filtered(
                lambda line: not line.display_type and line.product_id and line.date_planned
            )
            indexed = sorted(enumerate(lines), key=lambda pair: (pair[1].sequence, pair[0]))
            by_order[order] = []
            for _index, line in indexed:
                account = (
                    line.product_id.product_tmpl_id.with_company(company)
                    .sudo()
                    .get_product_accounts(fiscal_pos=order.fiscal_position_id)["expense"]
                )
                if not account or not line.analytic_distribution:
                    continue
                key = len(entries)
                entries.append(
                    (
                        line,
                        company.id,
                        account.id,
                        self._month(order, line.date_planned),
                        line.analytic_distribution,
                        line.price_subtotal * rate,
                    )
                )
                by_order[order].append(key)
        if not entries:
            return {}
        rows = SQL(
            """
            SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::date[], %s::jsonb[])
                   AS x(line_key, company_id, account_id, date, distribution)
            """,
            list(range(len(entries))),
            [entry[1] for entry in entries],
            [entry[2] for entry in entries],
            [entry[3] for entry in entries],
            [json.dumps(entry[4]) for entry in entries],
        )
        Control = self.env["group.budget.control"]
        self.env["group.budget.actuals"]._flush_sources()
        self.env["group.budget.commitment"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH po_share AS (%(shares)s)
                SELECT 's', line_key, budget_id, item_id, NULL::int, percent, NULL::numeric,
                       NULL::numeric
                  FROM po_share
                UNION ALL
                SELECT 'f', NULL, f.budget_id, f.item_id, f.month, f.budget, f.actual, f.lines
                  FROM (%(figures)s) AS f(budget_id, item_id, month, budget, actual, lines)
                """,
                shares=self._shares_sql(SQL("(%s)", rows)),
                figures=Control._year_figures_query(
                    SQL("SELECT DISTINCT budget_id, item_id FROM po_share")
                ),
            )
        )
        shares, figures = {}, {}
        for row in self.env.cr.fetchall():
            kind, key, budget_id, item_id, month, first, second, count = row
            if kind == "s":
                shares.setdefault(key, []).append((budget_id, item_id, float(first)))
            else:
                year = figures.setdefault(
                    (budget_id, item_id),
                    {"budget": [0.0] * 12, "consumed": [0.0] * 12, "lines": [0] * 12},
                )
                year["budget"][month - 1] = float(first or 0)
                year["consumed"][month - 1] = float(second or 0)
                year["lines"][month - 1] = int(count or 0)
        # A budget and item under control without a budget line nor
        # consumption has nothing available, as control at confirmation says.
        for line_shares in shares.values():
            for budget_id, item_id, _percent in line_shares:
                figures.setdefault(
                    (budget_id, item_id),
                    {"budget": [0.0] * 12, "consumed": [0.0] * 12, "lines": [0] * 12},
                )
        # The rule of a draft journal entry's lines, on the order's lines.
        result = {}
        digits = self._digits()
        for keys in by_order.values():
            lines = [
                [
                    (
                        (budget_id, item_id),
                        entries[key][3].month,
                        entries[key][5] * percent / 100,
                        percent / 100,
                    )
                    for budget_id, item_id, percent in shares.get(key, [])
                ]
                for key in keys
            ]
            outcome = control_rules.entry_availability(figures, lines, digits)
            for key, figures_of_line in zip(keys, outcome, strict=True):
                if figures_of_line["available"] is not None:
                    result[entries[key][0]] = (
                        figures_of_line["available"],
                        figures_of_line["exceeds"],
                    )
        return result
