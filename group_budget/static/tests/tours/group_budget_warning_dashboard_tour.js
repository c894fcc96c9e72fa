/** @odoo-module **/
// Officer: the warning dashboard of the companies selected, a graph of the
// unresolved warnings by centre, then the same as a pivot by centre and level.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_tour_warning_dashboard", {
    steps: () => [
        {
            content: "The unresolved warnings by centre",
            trigger: ".o_graph_view .o_graph_canvas_container canvas",
        },
        {
            content: "See them as a pivot",
            trigger: ".o_control_panel .o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "A centre's warnings, counted",
            trigger: '.o_pivot_view .o_pivot_header_cell_closed:contains("[HT-SAL]")',
        },
        {
            trigger: ".o_pivot_view td.o_pivot_cell_value:not(:empty)",
        },
    ],
});
