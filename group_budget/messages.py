"""What the server writes for people reads in the reader's language, with
amounts and figures formatted for them.

- :func:`lang_of`: the language of a message, the first of the given users,
  partners or companies that has an active language, else the
  environment's.
- :func:`post`: a chatter message in the language of the one person it
  notifies, else of the record's company (everybody who follows the record
  reads it).
- :func:`todo`: a to-do in the language of the user it is assigned to;
  :func:`todos`: one to-do per record and user, for many records at once,
  skipping the users who hold one already (:func:`todo_holders`).
- :func:`money`, :func:`figure`, :func:`number`: an amount with its currency
  and grouping (¥ -30,000.00), a budget item's value (an amount, or a number
  with the item's unit) and any other number (grouping, the decimals it has).

The texts are given as functions of the record in the message's language:
``lambda local: local.env._("…", centre=local.centre_id.display_name)``, so
that names and labels read in that language too.
"""

from collections import defaultdict

from odoo import fields
from odoo.tools.misc import formatLang

from .logic import figures

TODO = "mail.mail_activity_data_todo"
# The decimals a number other than an amount shows at most in a message:
# those of the amounts, as the figures are compared.
MAX_DECIMALS = 2


def lang_of(env, *holders):
    """The code of the first active language among ``holders`` (users,
    partners, companies or language codes), else the environment's. English
    (``en_US``), the language the texts are written in, always counts."""
    Lang = env["res.lang"]
    for holder in holders:
        if not holder:
            continue
        if isinstance(holder, str):
            code = holder
        elif holder._name == "res.company":
            code = holder.sudo()[:1].partner_id.lang
        else:
            code = holder.sudo()[:1].lang
        if code and (code == "en_US" or Lang._lang_get(code)):
            return code
    return env.lang or "en_US"


def company_of(record):
    """The company whose language a record's messages follow (none when the
    record has no company)."""
    if "company_id" in record._fields:
        return record.company_id
    return None


def post(record, body, partners=None, **kwargs):
    """Post ``body(local)`` on ``record``, ``local`` being the record in the
    language of the one partner notified (``partners``), or else of the
    record's company."""
    partners = partners or record.env["res.partner"]
    notified = partners if len(partners) == 1 else None
    local = record.with_context(lang=lang_of(record.env, notified, company_of(record)))
    if partners:
        kwargs["partner_ids"] = partners.ids
    return record.message_post(body=body(local), **kwargs)


def todo(record, user, summary, note=None, **kwargs):
    """Schedule a to-do on ``record`` for ``user``, its summary
    (``summary(local)``) and note (``note(local)``) in the user's language;
    ``local`` is the record in that language (the to-do names it so)."""
    return todos({record: user}, summary, note, once=False, **kwargs)


def todo_holders(records):
    """``{record id: users}``: the users holding a to-do on each of
    ``records`` (of one model), read at once."""
    if not records:
        return {}
    groups = (
        records.env["mail.activity"]
        .sudo()
        ._read_group(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "=", records.env.ref(TODO).id),
            ],
            ["res_id"],
            ["user_id:recordset"],
        )
    )
    return {res_id: users.with_env(records.env) for res_id, users in groups}


def todos(assignments, summary, note=None, once=True, notify=True, **values):
    """Schedule a to-do on each record of ``assignments`` (``{record:
    users}``, records of one model) for each of its users; with ``once``,
    not for a user who holds a to-do on the record already. Each to-do
    reads in the language of its user: ``summary(local)`` and
    ``note(local)``, ``local`` being the record in that language (the
    to-do names it so too). The values are those of ``activity_schedule``
    (``values`` adds or overrides some: ``date_deadline``…); the to-dos of a
    language are created at once, with their users following the records.
    ``notify=False``: no e-mail to each user (they get a digest of their
    own). Returns the to-dos."""
    records = next(iter(assignments), None)
    if records is None:
        return None
    env = records.env
    Activity = env["mail.activity"]
    if env.context.get("mail_activity_automation_skip"):
        return Activity
    records = records.union(*assignments)
    holders = todo_holders(records) if once else {}
    by_lang, langs = defaultdict(list), {}
    for record, users in assignments.items():
        for user in users - holders.get(record.id, users.browse()):
            if user.id not in langs:
                langs[user.id] = lang_of(env, user)
            by_lang[langs[user.id]].append((record.id, user.id))
    todo_type = env.ref(TODO)
    defaults = {
        "activity_type_id": todo_type.id,
        "res_model_id": env["ir.model"]._get_id(records._name),
        "automated": True,
        "date_deadline": fields.Date.context_today(records),
    }
    if not notify:
        Activity = Activity.with_context(mail_activity_quick_update=True)
    created = []
    for lang, pairs in by_lang.items():
        local = {record.id: record for record in records.with_context(lang=lang)}
        vals_list = []
        for record_id, user_id in pairs:
            record = local[record_id]
            vals = dict(
                defaults,
                res_id=record_id,
                user_id=user_id,
                summary=summary(record) or todo_type.summary,
                note=(note(record) if note else None) or todo_type.default_note,
            )
            vals.update(values)
            vals_list.append(vals)
        activities = Activity.with_context(lang=lang).create(vals_list)
        # The to-do names its record in its user's language too (a field
        # Odoo computes later, in whatever language, unless read now).
        activities.mapped("res_name")
        created.append(activities)
    return Activity.union(*created)


def money(env, amount, currency):
    """An amount with its currency and the language's grouping: ¥ -30,000.00."""
    return formatLang(env, amount or 0.0, currency_obj=currency[:1] if currency else None)


def number(env, value, digits=None):
    """A number that is no amount (a volume, a ratio, a count), with the
    language's grouping and the decimals it has, up to two: 12,000 and
    12.5, not 12000.0 and 12.50."""
    value = value or 0.0
    if digits is None:
        exact = round(value, MAX_DECIMALS)
        digits = next(d for d in range(MAX_DECIMALS + 1) if round(value, d) == exact)
    return formatLang(env, value, digits=digits)


def figure(env, value, item, currency):
    """A budget item's value: an amount with the currency for a financial
    item that adds up, else the number with the item's unit (12,000
    vehicles, 12.5 %)."""
    if figures.is_amount(item.item_type, item.aggregation):
        return money(env, value, currency)
    text = number(env, value)
    unit = item.with_context(lang=env.lang).uom_label
    return f"{text} {unit}" if unit else text
