from odoo import _, api, models
from odoo.exceptions import UserError

from ... import guard


class GroupBudgetStateMixin(models.AbstractModel):
    """States that change only through the records' own actions.

    The actions check who may move a record and from which state, then call
    :meth:`_set_state`; any other write of ``state`` (form, import, RPC) is
    refused on the server. :meth:`_set_state` writes with the private grant of
    :mod:`odoo.addons.group_budget.guard`, which no client can send: no
    context key relaxes the guard.

    A new record starts in its first state: a status given on create by a user
    (not by the superuser's data files), or by a ``default_state`` of the
    client's context, is ignored (the input mixin ignores context defaults
    of every field the server keeps, the status among them).
    """

    _name = "group.budget.state.mixin"
    _description = "Budget State Guard"

    @api.model_create_multi
    def create(self, vals_list):
        # The superuser (data files, the demo) creates records in any state:
        # no client reaches it.
        if not (self.env.su or self._is_state_move()) and "state" in self._fields:
            field = self._fields["state"]
            initial = field.default(self) if field.default else False
            started = [vals["state"] for vals in vals_list if vals.get("state", initial) != initial]
            if started:
                labels = dict(field._description_selection(self.env))
                raise UserError(
                    _(
                        "A new %(document)s starts as %(initial)s, not %(state)s: its status "
                        "changes only through its buttons.",
                        document=self.env["ir.model"]._get(self._name).name,
                        initial=labels.get(initial, initial),
                        state=labels.get(started[0], started[0]),
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals and not self._is_state_move():
            raise UserError(
                _(
                    "The status of %(record)s changes only through its buttons.",
                    record=", ".join(self.mapped("display_name")),
                )
            )
        return super().write(vals)

    def _set_state(self, state, **vals):
        return guard.grant(self, guard.STATE_MOVE).write(dict(vals, state=state))

    def _privileged_write(self, vals):
        """Write fields the procedure keeps (numbers, reminders, signatures)
        without moving the status: the server's own write."""
        return guard.grant(self, guard.STATE_MOVE).write(vals)

    def _is_state_move(self):
        return guard.holds(self, guard.STATE_MOVE)
