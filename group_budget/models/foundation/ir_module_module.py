import logging
import os

from odoo import models
from odoo.tools import file_open
from odoo.tools.translate import CodeTranslations, TranslationImporter, code_translations

_logger = logging.getLogger(__name__)

# Add-ons whose own translation leaves terms empty that the suite's screens
# show: the suite carries them in i18n_extra/<add-on>.<lang>.po.
COMPLETED_ADDONS = ("base_tier_validation",)
EXTRA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "i18n_extra")


def extra_po_paths(module_name, lang):
    """The suite's files of missing terms of ``module_name`` in ``lang``."""
    if module_name not in COMPLETED_ADDONS:
        return []
    path = os.path.join(EXTRA_DIR, f"{module_name}.{lang}.po")
    return [path] if os.path.isfile(path) else []


def _get_code_translations_completed(module_name, lang, filter_func):
    """Code terms (Python messages, web client) of ``module_name``: the
    suite's missing terms first, then the add-on's own, which win."""
    translations = {}
    for path in extra_po_paths(module_name, lang):
        with file_open(path, mode="rb") as fileobj:
            translations.update(CodeTranslations._read_code_translations_file(fileobj, filter_func))
    translations.update(_get_code_translations_completed.origin(module_name, lang, filter_func))
    return translations


class IrModuleModule(models.Model):
    """Supply the terms that base_tier_validation's zh_CN translation leaves
    empty (81 of 148 in 18.0.3.5.2): its approval banner and buttons, review
    states, messages and errors.

    Odoo reads an add-on's terms from that add-on's own ``i18n`` directories
    only. The suite's file is loaded (a) into the database whenever the
    suite's translations are, for base_tier_validation's records (views,
    fields, selections, subtypes), without overwriting any existing
    translation; (b) at run time for its code terms (Python messages and the
    web client), where the add-on's own translations come last and win. Once
    OCA's translation is complete, the file and this model can go.
    """

    _inherit = "ir.module.module"

    def _register_hook(self):
        super()._register_hook()
        original = CodeTranslations._get_code_translations
        if getattr(original, "__func__", original) is not _get_code_translations_completed:
            _get_code_translations_completed.origin = original
            CodeTranslations._get_code_translations = staticmethod(_get_code_translations_completed)
            # Terms read before the suite was loaded are read again.
            caches = (code_translations.python_translations, code_translations.web_translations)
            for cache in caches:
                for key in [key for key in cache if key[0] in COMPLETED_ADDONS]:
                    del cache[key]

    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if "group_budget" in modules and "group.budget.warning.rule" in self.env:
            # The default warning standards, named by the code: in the
            # languages just loaded as well.
            self.env["group.budget.warning.rule"].sudo()._translate_default_names(langs)
        if not {"group_budget", *COMPLETED_ADDONS} & set(modules):
            return res
        importer = TranslationImporter(self.env.cr, verbose=False)
        loaded = False
        for module_name in COMPLETED_ADDONS:
            for lang in langs:
                for path in extra_po_paths(module_name, lang):
                    _logger.info("group_budget: loading missing %s terms of %s", lang, module_name)
                    importer.load_file(path, lang)
                    loaded = True
        if loaded:
            # Only fill what is missing: a translation the add-on ships wins.
            importer.save(overwrite=False)
        return res
