from odoo import _, api, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools.misc import formatLang

from ...logic import input_rules

NUMBER_TYPES = ("float", "monetary")
TEXT_TYPES = tuple(input_rules.MAX_LENGTH)


class GroupBudgetInputMixin(models.AbstractModel):
    """Two rules every write of a user's model of the suite obeys, on the
    server (forms, imports and RPC alike), whatever the field:

    * **Values a person could mean.** Every number field (Float, Monetary)
      and every text field (Char, Text, Html) present in the values of
      :meth:`create` and :meth:`write` is checked by its type, so that a new
      field is covered by itself: numbers lie within ±10^15 and are finite,
      texts keep their length limit (:mod:`..logic.input_rules`).
    * **Nothing moves out of reach.** A write that changes a field the
      model's record rules read for writing (the centre, the company, the
      year, or what these follow from) must leave the user allowed to write
      the record; otherwise it is refused (AccessError) and nothing is saved.
      The fields are read from the rules themselves (:meth:`_reach_fields`),
      so that a new rule cannot be forgotten. The superuser's writes are the
      server's own and pass.
    """

    _name = "group.budget.input.mixin"
    _description = "Budget Input Checks"

    @api.model
    def default_get(self, fields_list):
        """A client's context defaults are values it sends: they obey the same
        checks, and fill no field the server keeps (declared read-only:
        who entered or approved, when, a lock), which takes its own default."""
        defaults = super().default_get(fields_list)
        if self.env.su:
            return defaults
        context = self.env.context
        for name in list(defaults):
            field = self._fields.get(name)
            if not (field and field.readonly and field.store and not field.compute):
                continue
            if f"default_{name}" not in context:
                continue
            own = field.default(self) if field.default else None
            if own is None:
                del defaults[name]
            else:
                defaults[name] = field.convert_to_write(own, self)
        self._check_input_values(defaults)
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_input_values(vals)
        moved = self._reach_fields_written(vals)
        if not moved:
            return super().write(vals)
        # Named as they were: the user may not read where a refused write
        # would have taken them.
        names = ", ".join(self[:5].mapped("display_name"))
        result = super().write(vals)
        if self - self._filtered_access("write"):
            raise AccessError(
                _(
                    "You cannot change %(fields)s of %(records)s: you could no longer "
                    "edit it afterwards (it would leave the responsibility centres, "
                    "companies or budget years you answer for). Nothing was saved.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env) for name in sorted(moved)
                    ),
                    records=names,
                )
            )
        return result

    def update_field_translations(self, field_name, translations, source_lang=None):
        """The translation dialog writes a translated text in SQL, past
        :meth:`write`: its texts keep the same limit. ``translations`` is
        ``{lang: text}``, or ``{lang: {term: translated term}}`` for texts
        translated term by term."""
        field = self._fields.get(field_name)
        if field is not None and field.type in TEXT_TYPES:
            for value in translations.values():
                for text in value.values() if isinstance(value, dict) else (value,):
                    if input_rules.text_too_long(text, field.type):
                        raise ValidationError(self._text_message(field, text))
        return super().update_field_translations(field_name, translations, source_lang=source_lang)

    # ------------------------------------------------------------------
    # Values a person could mean
    # ------------------------------------------------------------------
    def _check_input_values(self, vals):
        """Refuse a number beyond ±10^15, NaN or infinity, or a text over its
        length limit, among the fields of ``vals``."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                continue
            if field.type in NUMBER_TYPES:
                problem = input_rules.number_problem(value)
                if problem:
                    raise ValidationError(self._number_message(field, value, problem))
            elif field.type in TEXT_TYPES and input_rules.text_too_long(value, field.type):
                raise ValidationError(self._text_message(field, value))

    def _input_record_label(self):
        """The records written, or the kind of record being created."""
        if self:
            return ", ".join(self[:5].mapped("display_name"))
        model = self.env["ir.model"].sudo()._get(self._name).name or self._description
        return _("a new %(model)s", model=model)

    def _number_message(self, field, value, problem):
        number = input_rules.as_number(value)
        shown = input_rules.display(number) or formatLang(self.env, number)
        params = {
            "field": field._description_string(self.env),
            "record": self._input_record_label(),
            "value": shown,
        }
        if problem == input_rules.NOT_A_NUMBER:
            return _(
                "%(field)s of %(record)s is not a number (%(value)s): enter an amount or a value.",
                **params,
            )
        return _(
            "%(field)s of %(record)s cannot be %(value)s: amounts and values lie "
            "between -%(limit)s and %(limit)s.",
            limit=formatLang(self.env, input_rules.MAX_NUMBER, digits=0),
            **params,
        )

    def _text_message(self, field, value):
        params = {
            "field": field._description_string(self.env),
            "record": self._input_record_label(),
            "length": formatLang(self.env, input_rules.text_length(value), digits=0),
            "limit": formatLang(self.env, input_rules.MAX_LENGTH[field.type], digits=0),
        }
        if field.type == "html":
            return _(
                "%(field)s of %(record)s is too long: %(length)s characters with its "
                "formatting, at most %(limit)s are accepted. Attach longer documents "
                "as files.",
                **params,
            )
        if field.type == "text":
            return _(
                "%(field)s of %(record)s is too long: %(length)s characters, at most "
                "%(limit)s are accepted. Attach longer documents as files.",
                **params,
            )
        return _(
            "%(field)s of %(record)s is too long: %(length)s characters, at most "
            "%(limit)s are accepted on one line.",
            **params,
        )

    # ------------------------------------------------------------------
    # Nothing moves out of reach
    # ------------------------------------------------------------------
    def _reach_fields_written(self, vals):
        """The fields of ``vals`` that the user's record rules for writing
        read, directly or through what they are computed from; empty for
        the superuser."""
        if self.env.su or not self:
            return set()
        written = set(vals) & set(self._fields)
        return written & self._reach_fields() if written else set()

    def _reach_fields(self):
        """The fields the current user's record rules for writing read on
        this model (the first field of each path of their domains), and the
        fields those are computed or related from: writing any of them may
        move a record out of the user's reach."""
        domain = self.env["ir.rule"]._compute_domain(self._name, "write")
        todo = []
        for leaf in domain or ():
            if not (isinstance(leaf, list | tuple) and len(leaf) == 3 and isinstance(leaf[0], str)):
                continue
            todo.append(leaf[0].split(".", 1)[0])
            # A record's own place in a hierarchy: its parent decides.
            if leaf[0] == "id" and leaf[1] in ("child_of", "parent_of") and self._parent_name:
                todo.append(self._parent_name)
        found = set()
        while todo:
            name = todo.pop()
            field = self._fields.get(name)
            if field is None or name in found:
                continue
            found.add(name)
            if field.compute or field.related:
                todo.extend(path.split(".", 1)[0] for path in self.pool.field_depends[field])
        return found
