/** @odoo-module **/
// Responsibility letter: the Budget Office sends it; the issuing manager signs
// with a drawn signature; the accepting manager signs.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("group_budget_tour_letter_send", {
    steps: () => [
        {
            content: "Send the letter to the accepting manager",
            trigger: '.o_statusbar_buttons button[name="action_send"]',
            run: "click",
        },
        {
            content: "The letter is sent",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="sent"]',
        },
    ],
});

function drawOnCanvas() {
    const canvas = this.anchor;
    const rect = canvas.getBoundingClientRect();
    const at = (x, y, buttons = 1) => ({
        bubbles: true,
        cancelable: true,
        pointerId: 1,
        pointerType: "mouse",
        isPrimary: true,
        button: 0,
        buttons,
        clientX: rect.left + x,
        clientY: rect.top + y,
    });
    canvas.dispatchEvent(new PointerEvent("pointerdown", at(20, 20)));
    for (let i = 1; i <= 12; i++) {
        canvas.dispatchEvent(new PointerEvent("pointermove", at(20 + i * 15, 20 + (i % 2) * 25)));
    }
    canvas.dispatchEvent(new PointerEvent("pointerup", at(200, 30, 0)));
}

registry.category("web_tour.tours").add("group_budget_tour_letter_sign_drawn", {
    steps: () => [
        {
            content: "Open the signatures",
            trigger: '.o_notebook a.nav-link[name="signatures"]',
            run: "click",
        },
        {
            content: "Draw the issuing manager's signature",
            trigger: '.o_field_widget[name="issuer_signature"] .o_signature',
            run: "click",
        },
        {
            trigger: ".modal .o_web_sign_draw_button",
            run: "click",
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: drawOnCanvas,
        },
        {
            content: "Adopt the drawn signature",
            trigger: ".modal .modal-footer button.btn-primary:enabled",
            run: "click",
        },
        {
            trigger: 'body:not(:has(.modal)) .o_field_widget[name="issuer_signature"] img',
        },
        {
            content: "Sign",
            trigger: '.o_statusbar_buttons button[name="action_sign"]',
            run: "click",
        },
        {
            content: "Signed by the issuing manager",
            trigger: '.o_field_widget[name="issuer_signed_by_id"]:contains(赵明)',
        },
    ],
});

registry.category("web_tour.tours").add("group_budget_tour_letter_sign", {
    steps: () => [
        {
            content: "Sign as the accepting manager",
            trigger: '.o_statusbar_buttons button[name="action_sign"]',
            run: "click",
        },
        {
            content: "Both have signed: nothing is left to sign",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="signed"]',
        },
    ],
});
