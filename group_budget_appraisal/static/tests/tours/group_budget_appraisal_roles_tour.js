/** @odoo-module **/
// Appraisal and indicator actuals, each role in its own session, in Chinese:
// the Budget Office generates and computes a month's scorecards, the Budget
// Committee reviews one and records the board's decision on a veto; a centre
// officer enters an indicator actual and the Budget Office locks its month;
// the letter an adjustment brings is sent and signed again.
import { registry } from "@web/core/registry";
import { pick } from "@group_budget/../tests/tours/tour_steps";

// The demo's current budget year is the calendar year.
const YEAR = String(new Date().getFullYear());

function isoDate(date) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// Latin words outside bracketed codes ([HT-ADM] is a code, the same in
// every language): what a Chinese reader should not meet.
function englishWords(text) {
    return (text || "").replace(/\[[^\]]*\]/g, "").match(/[A-Za-z]{2,}/g) || [];
}

function assertChinese(what, text) {
    const words = englishWords(text);
    if (words.length) {
        throw new Error(`${what} has English words ${words.join(", ")}: "${text}"`);
    }
}

function assertText(expected) {
    return function () {
        const text = this.anchor.innerText.trim();
        if (text !== expected) {
            throw new Error(`"${expected}" expected, "${text}" shown`);
        }
    };
}

registry.category("web_tour.tours").add("group_budget_appraisal_tour_office_generate", {
    steps: () => [
        {
            content: "The scorecards are listed",
            trigger: ".o_list_view",
        },
        {
            content: "Open the appraisal menu",
            trigger:
                '.o_menu_sections [data-menu-xmlid="group_budget_appraisal.group_budget_appraisal_menu_appraisal"]',
            run: "click",
        },
        {
            content: "Generate scorecards",
            trigger:
                '.o-dropdown--menu [data-menu-xmlid="group_budget_appraisal.group_budget_scorecard_generate_menu"]',
            run: "click",
        },
        ...pick("period_id", YEAR, { scope: ".modal", content: "Choose the budget year" }),
        {
            content: "A month",
            trigger: '.modal .o_field_widget[name="period_type"] select',
            run: 'select "month"',
        },
        {
            content: "January",
            trigger: '.modal .o_field_widget[name="period_index"] input',
            run: "edit 1",
        },
        {
            content: "Appraise before the ledger closes the month",
            trigger: '.modal .o_field_widget[name="provisional"] input',
            run: "click",
        },
        {
            content: "Generate",
            trigger: '.modal button[name="action_generate"]',
            run: "click",
        },
        {
            content: "Open the new scorecard",
            trigger: "body:not(:has(.modal)) .o_list_view .o_data_row .o_data_cell",
            run: "click",
        },
        {
            content: "Compute it",
            trigger: '.o_statusbar_buttons button[name="action_compute"]',
            run: "click",
        },
        {
            content: "The scorecard is computed",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="computed"]',
        },
        {
            content: "Its title reads in Chinese",
            trigger: ".o_form_view .oe_title h1",
            run() {
                assertChinese("The title", this.anchor.innerText);
            },
        },
        {
            content: "Its score shows two decimals",
            trigger: '.o_form_view .o_field_widget[name="score"]',
            run() {
                const text = this.anchor.innerText.trim();
                if (!/^\d+\.\d{2}$/.test(text)) {
                    throw new Error(`A score with two decimals expected, "${text}" shown`);
                }
            },
        },
        {
            content: "The chatter says, in Chinese, that the scorecard was created",
            trigger: '.o-mail-Chatter .o-mail-Message-body:contains("考评表")',
            run() {
                const messages = document.querySelectorAll(
                    ".o-mail-Chatter .o-mail-Message-body"
                );
                for (const message of messages) {
                    assertChinese("A chatter message", message.innerText);
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_appraisal_tour_committee_review", {
    steps: () => [
        {
            content: "The scorecard is computed",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="computed"]',
        },
        {
            content: "Review it",
            trigger: '.o_statusbar_buttons button[name="action_review"]',
            run: "click",
        },
        {
            content: "The scorecard is reviewed",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="reviewed"]',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_appraisal_tour_board_lifts_veto", {
    steps: () => [
        {
            content: "A veto item occurred: the board decides",
            trigger: '.o_form_view [name="veto_banner"]',
        },
        {
            content: "Open the decision",
            trigger: '.o_notebook a[name="decision"]',
            run: "click",
        },
        {
            content: "Write the board's decision",
            trigger: '.o_field_widget[name="board_decision"] textarea',
            run: "edit 事故系承包商责任，董事会决定取消一票否决。",
        },
        {
            content: "Date it (yesterday: a decision already taken)",
            trigger: '.o_field_widget[name="board_decision_date"] input',
            run: `edit ${isoDate(new Date(Date.now() - 24 * 3600 * 1000))}`,
        },
        {
            content: "The board lifts the veto",
            trigger: '.o_field_widget[name="veto_lifted"] input',
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The veto banner is gone; the lift is noted",
            trigger: '.o_form_view:not(:has([name="veto_banner"])) [name="veto_lifted_banner"]',
        },
        {
            content: "Decide the scorecard",
            trigger: '.o_statusbar_buttons button[name="action_decide"]',
            run: "click",
        },
        {
            content: "The scorecard is decided, with a score of two decimals",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="decided"]',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="score"]',
            run() {
                const text = this.anchor.innerText.trim();
                if (!/^\d+\.\d{2}$/.test(text) || Number(text) === 0) {
                    throw new Error(`A score above 0 with two decimals expected, "${text}" shown`);
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_appraisal_tour_officer_indicator", {
    steps: () => [
        {
            content: "The indicator actuals are listed",
            trigger: ".o_list_view",
        },
        {
            content: "New",
            trigger: ".o_list_button_add",
            run: "click",
        },
        ...pick("period_id", YEAR, { scope: ".o_selected_row", content: "The budget year" }),
        ...pick("centre_id", "HT-SAL", { scope: ".o_selected_row", content: "The sales department" }),
        ...pick("item_id", "VOL", { scope: ".o_selected_row", content: "Vehicles sold" }),
        {
            content: "December",
            trigger: '.o_selected_row .o_field_widget[name="date"] input',
            run: `edit ${YEAR}-12-01`,
        },
        {
            content: "873 vehicles",
            trigger: '.o_selected_row .o_field_widget[name="value"] input',
            run: "edit 873",
        },
        {
            content: "Save",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Saved: 873 vehicles, without padded zeros",
            trigger:
                '.o_data_row:not(.o_selected_row):has(td[name="centre_id"]:contains("HT-SAL")) td[name="value"]',
            run: assertText("873"),
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_appraisal_tour_office_lock", {
    steps: () => [
        {
            content: "The indicator actuals are listed",
            trigger: ".o_list_view",
        },
        {
            content: "Search the sales department",
            trigger: ".o_searchview_input",
            run: "edit HT-SAL",
        },
        {
            content: "By its centre",
            trigger: ".o_searchview_autocomplete .o_menu_item:first-child",
            run: "click",
        },
        {
            content: "Select its December",
            trigger:
                '.o_data_row:has(td[name="centre_id"]:contains("HT-SAL")) .o_list_record_selector input',
            run: "click",
        },
        {
            content: "Lock the month",
            trigger: 'button[name="action_lock_month"]',
            run: "click",
        },
        {
            content: "The month is locked",
            trigger:
                '.o_data_row:has(td[name="centre_id"]:contains("HT-SAL")) td[name="locked"] input:checked',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_appraisal_tour_letter_send_again", {
    steps: () => [
        {
            content: "The letter to sign again is a draft",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="draft"]',
        },
        {
            content: "Its weights follow the rules: no warning",
            trigger: '.o_form_view:not(:has([name="weight_breach_banner"])) .oe_title',
        },
        {
            content: "Send it",
            trigger: '.o_statusbar_buttons button[name="action_send"]',
            run: "click",
        },
        {
            content: "The letter is sent",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="sent"]',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_appraisal_tour_letter_sign_issuer", {
    steps: () => [
        {
            content: "Sign as the issuing manager",
            trigger: '.o_statusbar_buttons button[name="action_sign"]',
            run: "click",
        },
        {
            content: "Open the signatures",
            trigger: '.o_notebook a.nav-link[name="signatures"]',
            run: "click",
        },
        {
            content: "Signed by the issuing manager",
            trigger: '.o_field_widget[name="issuer_signed_by_id"]:contains("陈军")',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_appraisal_tour_letter_sign_acceptor", {
    steps: () => [
        {
            content: "Sign as the accepting manager",
            trigger: '.o_statusbar_buttons button[name="action_sign"]',
            run: "click",
        },
        {
            content: "Both have signed",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="signed"]',
        },
    ],
});
