from odoo import _, models
from odoo.exceptions import UserError

STATE_CONTEXT_KEY = "group_budget_state_move"


class GroupBudgetStateMixin(models.AbstractModel):
    """States that change only through the records' own actions.

    The actions check who may move a record and from which state, then call
    :meth:`_set_state`; any other write of ``state`` (form, import, RPC) is
    refused on the server.
    """

    _name = "group.budget.state.mixin"
    _description = "Budget State Guard"

    def write(self, vals):
        if "state" in vals and not self.env.context.get(STATE_CONTEXT_KEY):
            raise UserError(
                _(
                    "The status of %(record)s changes only through its buttons.",
                    record=", ".join(self.mapped("display_name")),
                )
            )
        return super().write(vals)

    def _set_state(self, state, **vals):
        return self.with_context(**{STATE_CONTEXT_KEY: True}).write(dict(vals, state=state))

    def _is_state_move(self):
        return bool(self.env.context.get(STATE_CONTEXT_KEY))
