/** @odoo-module **/
// Budget additions (manual §五 4.7, §七), each role in Chinese: the centre's
// officer files and submits an operating addition funded by savings; the
// Budget Office and then the general manager approve their review steps.
import { registry } from "@web/core/registry";
import { approveReview, pick } from "@group_budget/../tests/tours/tour_steps";

function firstOfMonth() {
    const today = new Date();
    const month = String(today.getMonth() + 1).padStart(2, "0");
    return `${today.getFullYear()}-${month}-01`;
}

registry.category("web_tour.tours").add("group_budget_tour_addition_file", {
    steps: () => [
        {
            content: "The new addition is a draft (草稿)",
            trigger:
                '.o_statusbar_status button.o_arrow_button_current[data-value="draft"]:contains("草稿")',
        },
        ...pick("period_id", String(new Date().getFullYear())),
        ...pick("centre_id", "HT-SAL"),
        ...pick("item_id", "RENT", { option: "[RENT]" }),
        {
            content: "From this month",
            trigger: '.o_form_view .o_field_widget[name="date_from"] input',
            run: `edit ${firstOfMonth()}`,
        },
        {
            content: "To this month",
            trigger: '.o_form_view .o_field_widget[name="date_to"] input',
            run: `edit ${firstOfMonth()}`,
        },
        {
            content: "The amount",
            trigger: '.o_form_view .o_field_widget[name="amount"] input',
            run: "edit 50000",
        },
        {
            content: "An operating addition (日常经营): the general manager approves it",
            trigger:
                '.o_form_view .o_field_widget[name="kind"] input[data-value="operating"]:checked',
        },
        {
            content: "Funded by savings (预算节约)",
            trigger:
                '.o_form_view .o_field_widget[name="funding"] input[data-value="savings"]:checked',
        },
        ...pick("source_centre_id", "HT-SAL"),
        ...pick("source_item_id", "SAL", { option: "[SAL]" }),
        {
            content: "Why the budget must be exceeded",
            trigger: '.o_form_view .o_field_widget[name="reason"] textarea',
            run: "edit The showroom needs a second storage unit for the new-energy tractors.",
        },
        {
            content: "Submit it",
            trigger: '.o_statusbar_buttons button[name="action_submit"]',
            run: "click",
        },
        {
            content: "Submitted (已提交): the review steps start",
            trigger:
                '.o_statusbar_status button.o_arrow_button_current[data-value="submitted"]:contains("已提交")',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="next_review"]',
        },
    ],
});

// A reviewer approves the step now open (批准) and waits for the next step,
// or for the end of the steps, to show.
registry.category("web_tour.tours").add("group_budget_tour_review_approve", {
    steps: () => approveReview("Approve this review step", "批准"),
});
