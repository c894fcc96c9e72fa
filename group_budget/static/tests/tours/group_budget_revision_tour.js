/** @odoo-module **/
// Officer: open an issued target and propose a revision past the threshold.
// Budget Office: accept the revision.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_tour_officer_revision", {
    steps: () => [
        {
            content: "Enter the centre's own estimate, 30 % under the issued value",
            trigger: '.o_field_one2many .o_data_row:eq(0) td[name="estimate_value"]',
            run: "click",
        },
        {
            trigger: '.o_field_one2many .o_selected_row td[name="estimate_value"] input',
            run: "edit 700000",
        },
        {
            content: "Leave the estimate: the gap is computed",
            trigger: '.o_field_one2many .o_selected_row td[name="gap_percent"]',
            run: "click",
        },
        {
            content: "Past the threshold, the centre may propose a value",
            trigger: '.o_field_one2many .o_selected_row td[name="has_proposal"] input:enabled',
            run: "click",
        },
        {
            trigger: '.o_field_one2many .o_selected_row td[name="proposed_value"] input',
            run: "edit 700000",
        },
        {
            content: "Save the lines",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_status_indicator_buttons.invisible:not(:visible)",
        },
        {
            content: "Write the reasons",
            trigger: '.o_notebook a.nav-link[name="revision"]',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="revision_reason"] textarea',
            run: "edit Two dealers closed; the market shrinks by a third.",
        },
        {
            content: "Propose the revision",
            trigger: '.o_statusbar_buttons button[name="action_propose_revision"]',
            run: "click",
        },
        {
            content: "The target waits for the Budget Office",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="revision"]',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_tour_office_accept_revision", {
    steps: () => [
        {
            content: "Accept the revision",
            trigger: '.o_statusbar_buttons button[name="action_accept_revision"]',
            run: "click",
        },
        {
            content: "The target is agreed",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="agreed"]',
        },
    ],
});
