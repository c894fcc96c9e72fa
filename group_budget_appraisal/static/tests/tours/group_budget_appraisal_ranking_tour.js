/** @odoo-module **/
// The Budget Office ranks the centres: the yearly scorecards by budget year,
// best score first, then as a bar chart.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_appraisal_tour_ranking", {
    steps: () => [
        {
            content: "Open a budget year",
            trigger: ".o_list_view .o_group_header:eq(0)",
            run: "click",
        },
        {
            content: "Its centres, best score first",
            trigger: '.o_list_view .o_data_row:eq(0) .o_data_cell[name="score"]',
        },
        {
            content: "The ranking as a chart",
            trigger: ".o_control_panel .o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_view .o_graph_canvas_container canvas",
        },
    ],
});
