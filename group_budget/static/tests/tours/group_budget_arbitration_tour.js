/** @odoo-module **/
// Officer: apply for an arbitration (manual §八 4.1) and submit it.
// Budget Committee: write the ruling on a referred matter and record it.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_tour_arbitration_apply", {
    steps: () => [
        {
            content: "Choose the applicant centre",
            trigger: '.o_form_view .o_field_widget[name="centre_id"] input',
            run: "edit HT-SAL",
        },
        {
            trigger: '.o-autocomplete--dropdown-menu li a:contains("HT-SAL")',
            run: "click",
        },
        {
            content: "Write the cause and reasons",
            trigger: '.o_form_view .o_field_widget[name="reasons"] textarea',
            run: "edit The market share counts export markets the department does not serve.",
        },
        {
            content: "Submit the application",
            trigger: '.o_statusbar_buttons button[name="action_submit"]',
            run: "click",
        },
        {
            content: "The application waits for the Budget Office",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="submitted"]',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_tour_arbitration_rule", {
    steps: () => [
        {
            content: "Open the procedure",
            trigger: '.o_notebook a.nav-link[name="procedure"]',
            run: "click",
        },
        {
            content: "Write the ruling",
            trigger: '.o_form_view .o_field_widget[name="ruling"] textarea',
            run: "edit Export markets leave the indicator's scope from this year.",
        },
        {
            content: "Record the ruling",
            trigger: '.o_statusbar_buttons button[name="action_rule"]',
            run: "click",
        },
        {
            content: "The ruling is final: confirm",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The matter is ruled",
            trigger: 'body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value="ruled"]',
        },
    ],
});
