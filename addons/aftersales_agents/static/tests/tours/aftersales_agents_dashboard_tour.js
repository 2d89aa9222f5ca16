/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("aftersales_agents_dashboard_tour", {
    steps: () => [
        {
            content: "The cards of the service centers show",
            trigger: ".o_kanban_renderer .o_kanban_record",
        },
        {
            content: "The company's warranty cost shows above them",
            trigger:
                ".o_aftersales_company_figure:contains('Warranty Cost per 1,000 Units Installed')",
        },
        {
            content: "Open the warranty cost per unit sold",
            trigger: ".o_aftersales_company_figure:contains('Warranty Cost per Unit Sold')",
            run: "click",
        },
        {
            content: "The warranty cost report opens as a pivot on the cost per unit sold",
            trigger: ".o_pivot_view .o_pivot th:contains('Cost Per Unit Sold')",
        },
        {
            content: "It is the company's report",
            trigger: ".o_breadcrumb:contains('Warranty Cost per Unit - ')",
        },
    ],
});
