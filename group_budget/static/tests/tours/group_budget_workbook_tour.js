/** @odoo-module **/
// Compile in Excel: the budget officer downloads the template of a draft
// budget, imports a filled workbook with one bad cell, sees the error at its
// cell, then imports the corrected workbook.
import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

async function uploadAttachment(name) {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", name]], ["id"]],
        kwargs: {},
    });
    const blob = await (await fetch(`/web/content/${attachment.id}?download=true`)).blob();
    const file = new File([blob], name, {
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    const input = document.querySelector('.modal .o_field_widget[name="file"] input[type="file"]');
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

async function waitForTemplate() {
    // The download's button call has stored the template once it shows on
    // the server; the dialog's buttons are enabled again.
    for (let attempt = 0; attempt < 100; attempt++) {
        const found = await rpc("/web/dataset/call_kw/group.budget.workbook/search_count", {
            model: "group.budget.workbook",
            method: "search_count",
            args: [[["template_name", "!=", false]]],
            kwargs: {},
        });
        if (found) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("The template was not downloaded");
}

async function waitForFileName(name) {
    for (let attempt = 0; attempt < 100; attempt++) {
        const input = document.querySelector('.modal .o_field_widget[name="file"] input.o_input');
        if (input && input.value === name) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The workbook ${name} was not uploaded`);
}

registry.category("web_tour.tours").add("group_budget_tour_workbook", {
    steps: () => [
        {
            content: "Compile the budget in Excel",
            trigger: '.o_statusbar_buttons button[name="action_open_workbook"]',
            run: "click",
        },
        {
            content: "Download the template",
            trigger: '.modal button[name="action_download_template"]',
            run: "click",
        },
        {
            content: "The template is downloaded",
            trigger: '.modal footer button[name="action_import"]:not([disabled])',
            run: () => waitForTemplate(),
        },
        {
            content: "Upload the filled workbook, one cell of it wrong",
            trigger: '.modal footer button[name="action_import"]:not([disabled])',
            run: () => uploadAttachment("workbook_tour_bad.xlsx"),
        },
        {
            trigger: '.modal .o_field_widget[name="file"] input.o_input',
            run: () => waitForFileName("workbook_tour_bad.xlsx"),
        },
        {
            content: "Import it",
            trigger: '.modal button[name="action_import"]',
            run: "click",
        },
        {
            content: "The error is named by its cell",
            trigger: '.modal .o_field_widget[name="error_ids"] .o_data_row:contains("G6"):contains("ten is not a number")',
        },
        {
            content: "Upload the corrected workbook",
            trigger: '.modal footer button[name="action_import"]:not([disabled])',
            run: () => uploadAttachment("workbook_tour_fixed.xlsx"),
        },
        {
            trigger: '.modal .o_field_widget[name="file"] input.o_input',
            run: () => waitForFileName("workbook_tour_fixed.xlsx"),
        },
        {
            content: "Import it",
            trigger: '.modal button[name="action_import"]',
            run: "click",
        },
        {
            content: "Imported",
            trigger: '.modal .alert-success .o_field_widget[name="result"]:contains("1 values changed")',
        },
    ],
});
