/** @odoo-module **/
// Purchase commitments (manual §五 2.4, 3.3): a buyer without a budget role
// confirms an order that a rigid budget refuses and reads why; an officer
// who also buys requests the addition from the refusal; a bill of a
// confirmed order releases its commitment.
import { formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";

const { DateTime } = luxon;

function confirmRefused() {
    return [
        {
            content: "The line shows that it exceeds its budget",
            trigger: ".o_form_view .o_field_one2many[name=order_line] tr.o_data_row.text-danger",
        },
        {
            content: "Confirm the order",
            trigger: '.o_statusbar_buttons button[name="button_confirm"]',
            run: "click",
        },
        {
            content: "The confirmation is refused, with the plant's figures",
            trigger: ".modal .modal-body:contains(HT-ASM):contains(CAPEX)",
        },
    ];
}

registry.category("web_tour.tours").add("group_budget_purchase_tour_refused", {
    steps: () => [
        ...confirmRefused(),
        {
            content: "The refusal offers to request an addition",
            trigger: ".modal .modal-footer button.btn-primary",
        },
        {
            content: "Close the refusal",
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            content: "The order is still a quotation",
            trigger:
                'body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value="draft"]',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_purchase_tour_request_addition", {
    steps: () => [
        ...confirmRefused(),
        {
            content: "Request a budget addition from the refusal",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The addition is prefilled with the plant, the item and the shortfall",
            trigger:
                'body:not(:has(.modal)) .o_form_view .o_field_widget[name="centre_id"] input:value(HT-ASM)',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="item_id"] input:value(CAPEX)',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="amount"] input:value(/[1-9]/)',
        },
        {
            content: "Give the reason",
            trigger: '.o_form_view .o_field_widget[name="reason"] textarea',
            run: "edit The second welding cell moves the new cab line forward by a quarter.",
        },
        {
            content: "Draw it from the reserve",
            trigger: '.o_form_view .o_field_widget[name="funding"] input[data-value="reserve"]',
            run: "click",
        },
        {
            content: "Submit the addition",
            trigger: '.o_statusbar_buttons button[name="action_submit"]',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="submitted"]',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_purchase_tour_bill", {
    steps: () => [
        {
            content: "Bill what the order has not billed yet",
            trigger: '.o_statusbar_buttons button[name="action_create_invoice"]',
            run: "click",
        },
        {
            content: "Date the bill today",
            trigger: '.o_form_view .o_field_widget[name="invoice_date"] input',
            run: `edit ${formatDate(DateTime.now())}`,
        },
        {
            trigger: ".o_form_view .o_field_one2many[name=invoice_line_ids] tr.o_data_row",
        },
        {
            content: "Post the bill",
            trigger: '.o_statusbar_buttons button[name="action_post"]',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="posted"]',
        },
    ],
});
