/** @odoo-module **/
// Budget Office (in Chinese): prepare next year's targets, share the truck
// company's target among its departments, issue every target.
// Data: a draft budget year without targets (test_tours.py); the Python test
// checks the outcome.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_tour_office_targets", {
    steps: () => [
        {
            content: "Prepare the targets of the year (the button reads in Chinese)",
            trigger: '.o_form_view button[name="action_prepare_targets"]:contains(准备预算目标)',
            run: "click",
        },
        {
            content: "Open the truck company's target",
            trigger: '.o_list_view .o_data_row td[name="centre_id"]:contains("[HT]")',
            run: "click",
        },
        {
            content: "Edit the first item's issued value",
            trigger: '.o_field_one2many .o_data_row:eq(0) td[name="issued_value"]',
            run: "click",
        },
        {
            trigger: '.o_field_one2many .o_selected_row td[name="issued_value"] input',
            run: "edit 1200000",
        },
        {
            content: "Share the target among the child centres",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(分解至下级责任中心)",
            run: "click",
        },
        {
            content: "Share by the default weights",
            trigger: '.modal button[name="action_apply"]',
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Back to the budget year",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(20)",
            run: "click",
        },
        {
            content: "Issue every target of the year",
            trigger: '.o_form_view button[name="action_issue_targets"]',
            run: "click",
        },
        {
            content: "Back to the year's targets, now issued",
            trigger: '.o_form_view button[name="action_view_targets"]',
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row",
        },
    ],
});
