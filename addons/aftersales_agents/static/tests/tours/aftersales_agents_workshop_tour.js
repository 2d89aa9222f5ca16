/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("aftersales_agents_workshop_tour", {
    steps: () => [
        {
            content: "Open the case given to the workshop",
            trigger: ".o_aftersales_workshop_row a:contains('AS')",
            run: "click",
        },
        {
            content: "Start the diagnosis",
            trigger: ".o_aftersales_stage_button:contains('Diagnosis')",
            run: "click",
        },
        {
            content: "The case moved on",
            trigger: ".o_aftersales_workshop_success",
        },
        {
            content: "The case is in diagnosis",
            trigger: ".o_aftersales_workshop_stage:contains('Diagnosis')",
        },
        {
            content: "The drain pump of the consignment stock is offered",
            trigger: "select[name=product_id]:has(option:contains('Portal Drain Pump'))",
        },
        {
            content: "One of them",
            trigger: "input[name=quantity]",
            run: "edit 1",
        },
        {
            content: "Record it",
            trigger: "button.o_aftersales_record_part",
            run: "click",
        },
        {
            content: "The part is on the case's repair",
            trigger: ".o_aftersales_workshop_part:contains('Portal Drain Pump')",
        },
    ],
});
