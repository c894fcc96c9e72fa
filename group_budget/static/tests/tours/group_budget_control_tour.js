/** @odoo-module **/
// Accountant: posting a rigid overrun is refused; the refusal's button opens
// the prefilled budget addition, which is submitted.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_tour_rigid_overrun", {
    steps: () => [
        {
            content: "Post the entry",
            trigger: '.o_statusbar_buttons button[name="action_post"]',
            run: "click",
        },
        {
            content: "The posting is refused, with the shortfall",
            trigger: ".modal .modal-body:contains(Rent)",
        },
        {
            content: "Request a budget addition from the refusal",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The addition is prefilled with the centre, item and shortfall",
            trigger: 'body:not(:has(.modal)) .o_form_view .o_field_widget[name="amount"] input',
        },
        {
            content: "Give the reason",
            trigger: '.o_form_view .o_field_widget[name="reason"] textarea',
            run: "edit The showroom rent rose by a fifth this month.",
        },
        {
            content: "Draw it from the reserve",
            trigger: '.o_form_view .o_field_widget[name="funding"] input[data-value="reserve"]',
            run: "click",
        },
        {
            content: "Submit the addition",
            trigger: '.o_statusbar_buttons button[name="action_submit"]',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="submitted"]',
        },
    ],
});
