/** @odoo-module **/
// Administrator of the Budget Office: the Budget Management settings open,
// save, and check the ledger's monthly actual totals against the journal.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_tour_settings", {
    steps: () => [
        {
            content: "The revision threshold is on the page",
            trigger: '.o_setting_box div[name="budget_revision_threshold"] input',
            run: "edit 12",
        },
        {
            content: "Save the settings",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Check the monthly actual totals",
            trigger: 'button[name="action_check_group_budget_actual_totals"]',
            run: "click",
        },
        {
            content: "They agree with the posted journal items",
            trigger: ".o_notification:contains(agree with the posted journal items)",
        },
    ],
});
