/** @odoo-module **/
// Officer: analyse the year to date, keep the material variances, explain
// one of them (cause, person responsible, measures) and submit it to the
// Budget Office (manual §六 2.4).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_report_tour_analysis", {
    steps: () => [
        {
            content: "Analyse the year to date",
            trigger: '.modal .o_field_widget[name="period_kind"] select',
            run: 'select "ytd"',
        },
        {
            trigger: '.modal button[name="action_analyse"]',
            run: "click",
        },
        {
            content: "The matrix: centres and items with their variances",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Keep the material variances",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: '.o_filter_menu .o-dropdown-item:contains("Material")',
            run: "click",
        },
        {
            content: "Explain the first one",
            trigger: '.o_list_view .o_data_row:eq(0) button[name="action_explain"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="cause_type"] select',
            run: 'select "internal"',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="cause"] textarea',
            run: "edit The showroom rent rose before the budget was approved.",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="responsible_id"] input',
            run: "edit 王强",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("王强")',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="measures"] textarea',
            run: "edit Renegotiate the lease.",
        },
        {
            content: "Submit it to the Budget Office",
            trigger: '.o_form_view button[name="action_submit"]',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="submitted"]',
        },
    ],
});
