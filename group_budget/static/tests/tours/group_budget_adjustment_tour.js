/** @odoo-module **/
// Officer: a mid-year adjustment application (manual §七). Set the proposed
// year value of the line (the months follow), read the rule checks, state
// the reasons and submit it to the Budget Office.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_tour_adjustment", {
    steps: () => [
        {
            content: "The line of the application",
            trigger: '.o_form_view .o_field_widget[name="line_ids"] .o_data_row td[name="proposed_value"]',
            run: "click",
        },
        {
            content: "Propose the new year value",
            trigger:
                '.o_field_widget[name="line_ids"] .o_data_row .o_field_widget[name="proposed_value"] input',
            run: "edit 300000",
        },
        {
            content: "The rule check is shown on the line",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row td[name="change_value"]',
            run: "click",
        },
        {
            content: "The reasons of the application",
            trigger: '.o_notebook a.nav-link[name="reasons"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="internal_measures"] textarea',
            run: "edit Overtime was cut and two vacant posts left open first.",
        },
        {
            content: "Submit it",
            trigger: '.o_form_view button[name="action_submit"]',
            run: "click",
        },
        {
            trigger:
                '.o_statusbar_status button.o_arrow_button_current[data-value="submitted"]',
        },
    ],
});
