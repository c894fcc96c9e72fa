"""Uninstall hook of the suite: remove what Odoo's own uninstall leaves.

Odoo drops the tables, columns and constraints it created for the add-ons'
models and deletes the records of their data files. It does not know about:

- the PostgreSQL objects the add-ons create by hand in SQL: the triggers
  and functions that keep the monthly totals of actuals (whose table, that
  of a model without ``_auto``, is created by hand too) and of commitments
  (a table of no model), the range type of codes that
  the items' exclusion constraint uses (with the multirange type and the
  constructor functions PostgreSQL creates with it);
- the records other modules keep about the add-ons' models: tier reviews and
  tier definitions (base_tier_validation), the arbitration sequences created
  per company at run time, the foreign keys Odoo records for the add-ons'
  fields of other models (on ``res.company``, ``res.users``…).

It also tries to delete, one by one, every record of the add-ons' data and
demo files before it drops the add-ons' tables, and logs an error for each
one it cannot delete: the records of the add-ons' own models go with their
tables anyway, and the companies, users and partners of the demo and the
analytic plan of the centres stay (the journal and the analytic items refer
to them). The hook forgets their external ids first, so that the uninstall
runs without an error and leaves no external id of the add-ons behind.

Group Budget's hook runs for the whole suite: the other add-ons depend on it
and go with it; on their own they create none of these objects.
"""

from odoo.tools import SQL, split_every

from .models.execution.group_budget_actuals import (
    TOTALS_FUNCTION_NAME,
    TOTALS_TABLE,
    TOTALS_TRIGGERS,
)
from .models.execution.group_budget_commitment import (
    MONTH_TOTALS_FUNCTION,
    MONTH_TOTALS_TABLE,
    MONTH_TOTALS_TRIGGERS,
)
from .models.execution.monthly_totals import drop_totals
from .models.foundation.group_budget_item import CODE_RANGE_TYPE

BATCH_SIZE = 1000

# Records the uninstall keeps: the journal and the analytic items refer to
# them. The analytic plan stays only when it has analytic accounts.
KEPT_MODELS = ("res.company", "res.partner", "res.users", "account.analytic.plan")

# The codes of the add-ons' sequences: those of the data files have an
# external id; those created at run time (the arbitrations', one per
# company) have none.
SEQUENCE_CODES = "group.budget.%"


def uninstall_hook(env):
    env = env(su=True)
    modules = _removed_modules(env)
    models = _own_models(env, modules)
    _drop_database_objects(env.cr)
    _unlink(_without_xmlid(env["tier.review"].search([("model", "in", models)])))
    definitions = env["tier.definition"].with_context(active_test=False)
    _unlink(_without_xmlid(definitions.search([("model", "in", models)])))
    _unlink(_without_xmlid(env["ir.sequence"].search([("code", "=like", SEQUENCE_CODES)])))
    _unlink(
        _without_xmlid(
            env["ir.model.constraint"].search(
                [("module", "in", modules.ids), ("model.model", "not in", models)]
            )
        )
    )
    _forget_xmlids(env, modules, models)


def _removed_modules(env):
    """Group Budget and the installed add-ons that depend on it."""
    module = env["ir.module.module"].search([("name", "=", "group_budget")])
    return module | module.downstream_dependencies(exclude_states=("uninstalled", "uninstallable"))


def _own_models(env, modules):
    """Names of the models that only ``modules`` define: Odoo deletes them
    (and their tables) with the modules."""
    Data = env["ir.model.data"]
    ours = Data.search([("model", "=", "ir.model"), ("module", "in", modules.mapped("name"))])
    shared = Data.search(
        [
            ("model", "=", "ir.model"),
            ("res_id", "in", ours.mapped("res_id")),
            ("module", "not in", modules.mapped("name")),
        ]
    )
    model_ids = set(ours.mapped("res_id")) - set(shared.mapped("res_id"))
    return env["ir.model"].browse(sorted(model_ids)).mapped("model")


def _drop_database_objects(cr):
    # Odoo would drop the actual totals' table with its model; before the
    # function, all the same. The commitments' have no model of their own.
    drop_totals(cr, TOTALS_TABLE, "account_move_line", TOTALS_TRIGGERS, TOTALS_FUNCTION_NAME)
    drop_totals(
        cr,
        MONTH_TOTALS_TABLE,
        "group_budget_commitment",
        MONTH_TOTALS_TRIGGERS,
        MONTH_TOTALS_FUNCTION,
    )
    # CASCADE: the exclusion constraint on the items' codes is built on the
    # type (its table goes next); the multirange type and the constructor
    # functions go with the range type.
    cr.execute(SQL("DROP TYPE IF EXISTS %s CASCADE", SQL.identifier(CODE_RANGE_TYPE)))


def _without_xmlid(records):
    """``records`` less those with an external id: Odoo deletes those."""
    data = records.env["ir.model.data"].search(
        [("model", "=", records._name), ("res_id", "in", records.ids)]
    )
    return records - records.browse(data.mapped("res_id"))


def _forget_xmlids(env, modules, models):
    """Forget the external ids of the records Odoo would try to delete one
    by one and fail to: those of the add-ons' own models (their tables go
    anyway) and the kept ones (see ``KEPT_MODELS``)."""
    data = env["ir.model.data"].search(
        [("module", "in", modules.mapped("name")), ("model", "in", [*models, *KEPT_MODELS])]
    )
    Account = env["account.analytic.account"].with_context(active_test=False)
    unused_plans = data.filtered(
        lambda d: (
            d.model == "account.analytic.plan"
            and not Account.search_count([("plan_id", "child_of", d.res_id)], limit=1)
        )
    )
    _unlink(data - unused_plans)


def _unlink(records):
    for ids in split_every(BATCH_SIZE, records.ids):
        records.browse(ids).unlink()
