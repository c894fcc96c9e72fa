/** @odoo-module **/
// Officer: the warnings of their centres, as cards and as a list; acknowledge
// one with a comment.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_tour_warnings", {
    steps: () => [
        {
            content: "The open warnings of my centres",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "See them as cards, by level",
            trigger: ".o_control_panel .o_switch_view.o_kanban",
            run: "click",
        },
        {
            trigger: ".o_kanban_view .o_kanban_record",
        },
        {
            content: "Back to the list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the tour's warning",
            trigger: '.o_list_view .o_data_row:contains("[TOUR]") td.o_data_cell:eq(1)',
            run: "click",
        },
        {
            content: "Say what is done about it",
            trigger: '.o_form_view .o_field_widget[name="comment"] textarea',
            run: "edit The trade fair was moved forward; spending is back on plan next month.",
        },
        {
            content: "Acknowledge the warning",
            trigger: '.o_form_view button[name="action_acknowledge"]',
            run: "click",
        },
        {
            trigger:
                '.o_statusbar_status button.o_arrow_button_current[data-value="acknowledged"]',
        },
    ],
});
