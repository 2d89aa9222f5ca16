import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

import { Component } from "@odoo/owl";

/**
 * The figures other addons add to a service center's card of the management
 * dashboard: one line per figure, its label opening the report it comes
 * from, filtered to the center.
 */
export class DashboardFiguresField extends Component {
    static props = standardFieldProps;
    static template = "aftersales_survey.DashboardFiguresField";

    setup() {
        this.action = useService("action");
    }

    get figures() {
        return this.props.record.data[this.props.name] || [];
    }

    open(figure) {
        if (figure.action) {
            this.action.doAction(figure.action);
        }
    }
}

export const dashboardFiguresField = {
    component: DashboardFiguresField,
    supportedTypes: ["json"],
};

registry.category("fields").add("aftersales_dashboard_figures", dashboardFiguresField);
