"""18.0.1.1.0: the settings fields of the suite no longer start with
``group_`` (Odoo reads such fields of res.config.settings as group toggles,
and the settings page failed to open).

The views that extend the suite's settings page still name the old fields
and would fail the validation of that page while it loads: they are removed
here and recreated from the add-ons' files (group_budget_report's too, which
Odoo upgrades with group_budget).
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        WITH root AS (
            SELECT res_id FROM ir_model_data
             WHERE module = 'group_budget' AND name = 'res_config_settings_view_form'
        ),
        children AS (
            SELECT v.id FROM ir_ui_view v JOIN root ON v.inherit_id = root.res_id
        ),
        gone AS (
            DELETE FROM ir_model_data d USING children c
             WHERE d.model = 'ir.ui.view' AND d.res_id = c.id
        )
        DELETE FROM ir_ui_view v USING children c WHERE v.id = c.id
        """
    )
