/** @odoo-module **/
// A budget item's figure, as its item counts: an amount with the currency's
// decimals (1,200.50), a volume or a ratio with the decimals it has, at most
// four (800, 12.5), never padded with zeros. The record says how, in two
// fields the view names (options digits_field and trim_field).
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/views/fields/formatters";
import { FloatField, floatField } from "@web/views/fields/float/float_field";

export class FigureField extends FloatField {
    static props = {
        ...FloatField.props,
        digitsField: { type: String, optional: true },
        trimField: { type: String, optional: true },
    };
    static defaultProps = {
        ...FloatField.defaultProps,
        digitsField: "figure_digits",
        trimField: "figure_trim",
    };

    get formattedValue() {
        const data = this.props.record.data;
        const digits = data[this.props.digitsField];
        if (!this.props.formatNumber || typeof digits !== "number") {
            return super.formattedValue;
        }
        return formatFloat(this.value, {
            digits: [16, digits],
            trailingZeros: !data[this.props.trimField],
        });
    }
}

export const figureField = {
    ...floatField,
    component: FigureField,
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...floatField.extractProps(fieldInfo, dynamicInfo),
        digitsField: fieldInfo.options.digits_field,
        trimField: fieldInfo.options.trim_field,
    }),
};

registry.category("fields").add("group_budget_figure", figureField);
