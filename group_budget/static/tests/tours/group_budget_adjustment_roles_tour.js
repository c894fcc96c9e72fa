/** @odoo-module **/
// Mid-year adjustments (manual §七 6.2), each role in Chinese: the officer
// completes and submits the application; the Budget Office writes its
// opinion during its review and approves its step. The Budget Committee's
// steps (recognising another case, then approving) use the reviewer's tour
// group_budget_tour_review_approve.
import { registry } from "@web/core/registry";
import { approveReview } from "@group_budget/../tests/tours/tour_steps";

registry.category("web_tour.tours").add("group_budget_tour_adjustment_officer_submit", {
    steps: () => [
        {
            content: "The lines (明细行)",
            trigger: '.o_notebook a.nav-link[name="lines"]:contains("明细行")',
            run: "click",
        },
        {
            content: "The line of the application",
            trigger:
                '.o_form_view .o_field_widget[name="line_ids"] .o_data_row td[name="proposed_value"]',
            run: "click",
        },
        {
            content: "Propose the new year value",
            trigger:
                '.o_field_widget[name="line_ids"] .o_data_row .o_field_widget[name="proposed_value"] input',
            run: "edit 300000",
        },
        {
            content: "The change is shown on the line",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row td[name="change_value"]',
            run: "click",
        },
        {
            content: "The reasons of the application (调整原因)",
            trigger: '.o_notebook a.nav-link[name="reasons"]:contains("调整原因")',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="internal_measures"] textarea',
            run: "edit The showroom lease was renegotiated first; the landlord refused.",
        },
        {
            content: "Submit it",
            trigger: '.o_statusbar_buttons button[name="action_submit"]',
            run: "click",
        },
        {
            content: "Submitted (已提交)",
            trigger:
                '.o_statusbar_status button.o_arrow_button_current[data-value="submitted"]:contains("已提交")',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_tour_adjustment_office_review", {
    steps: () => [
        {
            content: "The Budget Office's tab (预算管理办公室意见)",
            trigger: '.o_notebook a.nav-link[name="opinion"]:contains("预算管理办公室意见")',
            run: "click",
        },
        {
            content: "Write the opinion while reviewing",
            trigger: '.o_form_view .o_field_widget[name="office_opinion"] textarea',
            run: "edit The new lease is signed and the rent checked against the market: recommended.",
        },
        ...approveReview("Approve the Budget Office's step (批准)", "批准"),
    ],
});
