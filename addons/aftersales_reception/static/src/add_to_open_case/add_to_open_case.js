import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

import { Component } from "@odoo/owl";

/**
 * While a new case is typed, the open cases of the same customer and unit,
 * each with a button to add this contact to it instead: what was typed goes
 * on the open case as a note, and the new case is not created.
 */
export class AddToOpenCase extends Component {
    static props = standardWidgetProps;
    static template = "aftersales_reception.AddToOpenCase";

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
    }

    get openCases() {
        const cases = this.props.record.data.duplicate_ticket_ids;
        return cases ? cases.records : [];
    }

    async addTo(openCase) {
        const data = this.props.record.data;
        const action = await this.orm.call(
            "aftersales.ticket",
            "action_add_contact",
            [[openCase.resId]],
            {
                fault_description: data.fault_description || false,
                channel: data.channel || false,
                summary: data.summary || false,
            }
        );
        await this.props.record.discard();
        await this.action.doAction(action);
    }
}

registry.category("view_widgets").add("aftersales_add_to_open_case", {
    component: AddToOpenCase,
});
