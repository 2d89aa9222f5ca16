import { useService } from "@web/core/utils/hooks";

import { Component, onWillStart } from "@odoo/owl";

/**
 * The figures of the user's companies above the cards of the management
 * dashboard, as other addons give them (aftersales.center.kpi's
 * get_company_figures): one line of figures per company, each opening the
 * report it comes from. Nothing at all when no addon gives any.
 */
export class CompanyFigures extends Component {
    static template = "aftersales_survey.CompanyFigures";
    static props = {};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        onWillStart(async () => {
            this.companies = await this.orm.call("aftersales.center.kpi", "get_company_figures");
        });
    }

    open(figure) {
        if (figure.action) {
            this.action.doAction(figure.action);
        }
    }
}
