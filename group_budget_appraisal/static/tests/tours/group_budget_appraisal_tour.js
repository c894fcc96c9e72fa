/** @odoo-module **/
// Scoring (manual §九): the Budget Office computes a draft scorecard; the
// actuals come from the ledger and the scores follow.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_appraisal_tour_compute", {
    steps: () => [
        {
            content: "The scorecard lists its KPI lines",
            trigger: ".o_notebook .o_field_one2many[name='kpi_line_ids'] .o_data_row",
        },
        {
            content: "Compute the scorecard",
            trigger: '.o_statusbar_buttons button[name="action_compute"]',
            run: "click",
        },
        {
            content: "The scorecard is computed",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="computed"]',
        },
        {
            content: "Its score shows",
            trigger: ".o_field_widget[name='score']",
        },
        {
            content: "Open the veto items",
            trigger: ".o_notebook a[name='veto']",
            run: "click",
        },
        {
            content: "The letter's veto items are listed",
            trigger: ".o_field_one2many[name='veto_line_ids'] .o_data_row",
        },
    ],
});
