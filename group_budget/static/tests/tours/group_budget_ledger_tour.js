/** @odoo-module **/
// Officer: open the budget ledger, group it by centre, open the journal items
// behind a row.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_tour_ledger", {
    steps: () => [
        {
            content: "Open the search options",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Group by centre",
            trigger: ".o_group_by_menu .o-dropdown-item:contains(Centre)",
            run: "click",
        },
        {
            content: "Open the sales department's group",
            trigger: '.o_list_view .o_group_header:contains("[HT-SAL]")',
            run: "click",
        },
        {
            content: "Open the journal items behind a row",
            trigger: '.o_list_view .o_data_row:eq(0) button[name="action_open_move_lines"]',
            run: "click",
        },
        {
            content: "The journal items of that month",
            trigger: ".o_breadcrumb .active:contains(HT-SAL), .o_last_breadcrumb_item:contains(HT-SAL)",
        },
        {
            trigger: ".o_list_view .o_data_row",
        },
    ],
});
