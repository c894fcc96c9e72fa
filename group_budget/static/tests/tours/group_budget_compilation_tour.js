/** @odoo-module **/
// Compilation: the Budget Office starts it; the officer submits a budget; the
// reviewers approve every step; a reviewer returns another budget with a reason.
import { registry } from "@web/core/registry";
import { approveReview } from "@group_budget/../tests/tours/tour_steps";

registry.category("web_tour.tours").add("group_budget_tour_start_compilation", {
    steps: () => [
        {
            content: "Start compilation: every centre gets a draft budget",
            trigger: '.o_form_view button[name="action_start_compilation"]',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="compiling"]',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_tour_budget_submit", {
    steps: () => [
        {
            content: "Submit the budget for review",
            trigger: '.o_statusbar_buttons button[name="action_submit"]',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="submitted"]',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_tour_budget_validate", {
    steps: () => approveReview("Approve this review step, and wait for the next one to show"),
});

registry.category("web_tour.tours").add("group_budget_tour_budget_return", {
    steps: () => [
        {
            content: "Return the budget for modification",
            trigger: '.o_statusbar_buttons button[name="action_open_return_wizard"]',
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: '.modal .o_field_widget[name="reason"] textarea',
            run: "edit The selling expenses double without a plan: split them by quarter.",
        },
        {
            trigger: '.modal button[name="action_return"]',
            run: "click",
        },
        {
            content: "The budget is back in draft",
            trigger: 'body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value="draft"]',
        },
    ],
});
