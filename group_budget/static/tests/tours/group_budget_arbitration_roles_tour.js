/** @odoo-module **/
// Budget arbitration (manual §八), each role in Chinese: the officer applies
// against a rejected addition and submits; the Budget Office receives the
// application, writes its opinion and refers it to the Budget Committee; the
// Committee rules; the Budget Office opens the corrective adjustment from the
// ruling and files it. And the register, and the lines of an adjustment,
// read whole at 1,280 px.
import { registry } from "@web/core/registry";
import { pick } from "@group_budget/../tests/tours/tour_steps";

/** The cells of these columns whose content is cut off: "name: text". */
function cutOff(root, names) {
    const cells = [];
    for (const name of names) {
        cells.push(...root.querySelectorAll(`th[data-name="${name}"], td[name="${name}"]`));
    }
    const over = (el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 0.5;
    return cells
        .filter((cell) => over(cell) || [...cell.querySelectorAll("*")].some(over))
        .map((cell) => `${cell.dataset.name || cell.getAttribute("name")}: ${cell.textContent.trim()}`);
}

/** A step that fails when a cell of these columns of the table `trigger` is cut off. */
function readsWhole(content, trigger, names) {
    return {
        content,
        trigger,
        run() {
            const cut = cutOff(this.anchor, names);
            if (cut.length) {
                throw new Error(`Cut off at ${window.innerWidth} px: ${cut.join(" | ")}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("group_budget_tour_arbitration_file", {
    steps: () => [
        ...pick("centre_id", "HT-SAL", { content: "Choose the applicant centre (申请责任中心)" }),
        {
            content: "A difference over responsibility",
            trigger: '.o_form_view .o_field_widget[name="matter"] select',
            run: 'select "responsibility"',
        },
        {
            content: "The disputed record is a budget addition",
            trigger: '.o_form_view .o_field_widget[name="disputed_ref"] select',
            run: "select group.budget.addition",
        },
        ...pick("disputed_ref", "BA/TOUR", { content: "The rejected addition" }),
        {
            content: "Write the cause and reasons",
            trigger: '.o_form_view .o_field_widget[name="reasons"] textarea',
            run: "edit The rent rose with the renewed lease: the department cannot absorb it.",
        },
        {
            content: "The applicant's proposal",
            trigger: '.o_form_view .o_field_widget[name="applicant_opinion"] textarea',
            run: "edit Grant the addition from the reserve.",
        },
        {
            content: "Submit the application",
            trigger: '.o_statusbar_buttons button[name="action_submit"]',
            run: "click",
        },
        {
            content: "Submitted (已提交): it waits for the Budget Office",
            trigger:
                '.o_statusbar_status button.o_arrow_button_current[data-value="submitted"]:contains("已提交")',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_tour_arbitration_office_refer", {
    steps: () => [
        {
            content: "Receive the application (受理): the clocks start",
            trigger: '.o_statusbar_buttons button[name="action_receive"]:contains("受理")',
            run: "click",
        },
        {
            content: "Coordinating (协调中)",
            trigger:
                '.o_statusbar_status button.o_arrow_button_current[data-value="coordinating"]:contains("协调中")',
        },
        {
            content: "Open the procedure (仲裁程序)",
            trigger: '.o_notebook a.nav-link[name="procedure"]:contains("仲裁程序")',
            run: "click",
        },
        {
            content: "Coordination failed: write the office's opinion",
            trigger: '.o_form_view .o_field_widget[name="office_opinion"] textarea',
            run: "edit The lease was renewed before the budget was approved: grant the addition.",
        },
        {
            content: "Refer it to the Budget Committee",
            trigger: '.o_statusbar_buttons button[name="action_refer"]',
            run: "click",
        },
        {
            content: "Referred to the Committee",
            trigger:
                '.o_statusbar_status button.o_arrow_button_current[data-value="referred"]',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_tour_arbitration_committee_rule", {
    steps: () => [
        {
            content: "Open the procedure (仲裁程序)",
            trigger: '.o_notebook a.nav-link[name="procedure"]:contains("仲裁程序")',
            run: "click",
        },
        {
            content: "Write the ruling",
            trigger: '.o_form_view .o_field_widget[name="ruling"] textarea',
            run: "edit Grant the addition: the rent budget rises by 50,000.00 from this month.",
        },
        {
            content: "Record the ruling (记录裁定)",
            trigger: '.o_statusbar_buttons button[name="action_rule"]:contains("记录裁定")',
            run: "click",
        },
        {
            content: "The ruling is final: confirm",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Ruled (已裁定)",
            trigger:
                'body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value="ruled"]:contains("已裁定")',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_tour_arbitration_corrective", {
    steps: () => [
        {
            content: "Open the corrective record from the ruling (生成纠正单据)",
            trigger:
                '.o_statusbar_buttons button[name="action_open_corrective"]:contains("生成纠正单据")',
            run: "click",
        },
        {
            content: "A new adjustment of the sales department, in the disputed year",
            trigger:
                '.o_form_view .o_field_widget[name="centre_id"] input:value("HT-SAL")',
        },
        {
            trigger: `.o_form_view .o_field_widget[name="period_id"] input:value("${new Date().getFullYear()}")`,
        },
        {
            content: "The disputed item is on a line, with the figure asked for",
            trigger:
                '.o_field_widget[name="line_ids"] .o_data_row:has(td[name="item_id"]:contains("RENT")) td[name="proposed_value"]:contains("266,000.00")',
        },
        {
            content: "Nothing is decided for the applicant: no condition, the rules not ticked",
            trigger: '.o_form_view .o_field_widget[name="condition"] select',
            run() {
                if (this.anchor.value !== "false") {
                    throw new Error(`A condition is preset: ${this.anchor.value}`);
                }
                const ticked = document.querySelector(
                    '.o_form_view .o_field_widget[name="rules_met"] input:checked'
                );
                if (ticked) {
                    throw new Error("The rules are ticked on the applicant's behalf.");
                }
            },
        },
        {
            content: "The applicant recognises the case by the ruling",
            trigger: '.o_form_view .o_field_widget[name="condition"] select',
            run: 'select "other"',
        },
        {
            content: "The reasons",
            trigger: '.o_notebook a.nav-link[name="reasons"]',
            run: "click",
        },
        {
            content: "The ruling is the reason",
            trigger: '.o_form_view .o_field_widget[name="reason"] textarea',
            run() {
                if (!this.anchor.value.includes("Grant")) {
                    throw new Error(`The ruling is not the reason: ${this.anchor.value}`);
                }
            },
        },
        {
            trigger: '.o_form_view .o_field_widget[name="execution_status"] textarea',
            run: "edit Rent is on budget to date; the new lease starts this month.",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="factors"] textarea',
            run: "edit The landlord raised the rent of the showroom by a fifth.",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="internal_measures"] textarea',
            run: "edit The storage unit was given up first.",
        },
        {
            content: "File it",
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

registry.category("web_tour.tours").add("group_budget_tour_arbitration_register", {
    steps: () => [
        {
            content: "The register lists the arbitrations",
            trigger: ".o_list_view .o_list_table .o_data_row td[name='state'] .badge",
        },
        readsWhole("Numbers, dates, matters and states read whole", ".o_list_view .o_list_table", [
            "name",
            "centre_id",
            "date_submitted",
            "matter",
            "severity",
            "coordination_deadline",
            "ruling_deadline",
            "is_overdue",
            "state",
        ]),
    ],
});

registry.category("web_tour.tours").add("group_budget_tour_adjustment_lines_fit", {
    steps: () => [
        {
            content: "The lines with their rule checks",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row td[name="item_id"]',
        },
        readsWhole(
            "Figures, ratios and the check read whole",
            '.o_field_widget[name="line_ids"] .o_list_table',
            [
                "centre_id",
                "item_id",
                "current_value",
                "proposed_value",
                "change_value",
                "forecast_value",
                "deviation_ratio",
                "resource_ratio",
                "revenue_ratio",
                "rule_met",
            ]
        ),
    ],
});
