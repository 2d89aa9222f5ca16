/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("aftersales_reception_walk_in_tour", {
    steps: () => [
        {
            content: "Record a new walk-in case",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Type the customer's name",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Walk-in",
        },
        {
            content: "Pick the customer",
            trigger: ".ui-menu-item a:contains('Tour Walk-in Customer')",
            run: "click",
        },
        {
            content: "The customer came in person",
            trigger: ".o_field_widget[name=channel] select",
            run: 'select "walk_in"',
        },
        {
            content: "Scan the serial number",
            trigger: ".o_field_widget[name=serial_number] input",
            run: "edit TOUR-SN-1",
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name=summary] input",
            run: "edit Drum does not spin",
        },
        {
            content: "The unit is found in the installed base: its warranty shows at once",
            trigger: ".o_field_widget[name=warranty_state]:contains('In Warranty')",
        },
        {
            content: "The customer's own words",
            trigger: ".o_field_widget[name=fault_description] textarea",
            run: "edit The drum stays still, the motor hums.",
        },
        {
            content: "Save the case",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The case has its reference",
            trigger: ".o_field_widget[name=name]:contains('AS/')",
        },
        {
            content: "Routed to the nearest workshop",
            trigger: ".o_field_widget[name=service_center_id] input:value(Test California Workshop)",
        },
    ],
});

registry.category("web_tour.tours").add("aftersales_portal_tour", {
    steps: () => [
        {
            content: "Open a new case from the portal",
            trigger: "a.o_aftersales_new_case",
            run: "click",
        },
        {
            content: "Pick the unit",
            trigger: "select[name=equipment_id]",
            run: "selectByLabel [T-WASH] Test Washer [PORTAL-SN-1]",
        },
        {
            content: "Subject",
            trigger: "input[name=summary]",
            run: "edit Dryer makes a loud bang",
        },
        {
            content: "Description",
            trigger: "textarea[name=fault_description]",
            run: "edit A loud bang at the start of every programme.",
        },
        {
            content: "Send",
            trigger: "button.o_aftersales_submit",
            run: "click",
        },
        {
            content: "The case page shows its stage",
            trigger: ".o_aftersales_stage:contains('New')",
        },
        {
            content: "and what the customer wrote",
            trigger: ".o_aftersales_fault:contains('A loud bang')",
        },
        {
            content: "Write to the service team",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit A customer note from the portal",
        },
        {
            content: "Send the message",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the history",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('A customer note from the portal')",
        },
    ],
});
