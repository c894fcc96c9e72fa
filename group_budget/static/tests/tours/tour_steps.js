/** @odoo-module **/
// Steps the tours of the suite share, as functions that return the steps:
// a tour spreads them into its own (...pick("centre_id", "HT-SAL")).

/**
 * Choose a record in the many2one field `field`: type `search`, then click
 * the record whose name holds `option` (`search` by default), never "Create"
 * or "Search More...". `scope` is the element that holds the field.
 */
export function pick(field, search, { scope = ".o_form_view", option, content } = {}) {
    return [
        {
            content: content || `Choose ${field}`,
            trigger: `${scope} .o_field_widget[name="${field}"] input`,
            run: `edit ${search}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-menu li:not(.o_m2o_dropdown_option) a:contains("${option || search}")`,
            run: "click",
        },
    ];
}

/**
 * Approve the review step now open (its button reads `label`, when given)
 * and wait for the next step, or for the end of the steps, to show.
 */
export function approveReview(content, label) {
    const button = '.o_form_view button[name="validate_tier"]';
    return [
        {
            content,
            trigger: label ? `${button}:contains("${label}")` : button,
            async run(helpers) {
                const nextReview = () =>
                    document.querySelector('.o_form_view .o_field_widget[name="next_review"]')
                        ?.textContent;
                const before = nextReview();
                await helpers.click();
                for (let i = 0; i < 100 && nextReview() === before; i++) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                if (nextReview() === before) {
                    throw new Error(`The review step "${before}" was not approved.`);
                }
            },
        },
        {
            trigger: ".o_form_view .o_form_sheet",
        },
    ];
}
