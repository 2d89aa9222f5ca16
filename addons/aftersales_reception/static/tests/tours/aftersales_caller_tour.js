/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("aftersales_caller_card_tour", {
    steps: () => [
        {
            content: "The number is recognised: the caller card names the customer",
            trigger: ".o_field_widget[name=partner_id] input:value(Tour Caller Kunde)",
            timeout: 30000,
        },
        {
            content: "Their open case is listed with its reference",
            trigger: ".o_field_widget[name=ticket_ids] .o_data_row:contains('AS/'):contains('Washer leaks')",
        },
        {
            content: "Look at the caller's units",
            trigger: ".o_notebook .nav-link:contains('Units')",
            run: "click",
        },
        {
            content: "The unit is shown with its serial number",
            trigger: ".o_field_widget[name=equipment_ids] .o_data_row:contains('TOUR-CALL-SN')",
        },
        {
            content: "Open a new case for the caller",
            trigger: ".o_form_view button[name=action_new_case]",
            run: "click",
        },
        {
            content: "The case form opens",
            trigger: ".o_form_view .o_field_widget[name=fault_description] textarea",
            timeout: 30000,
        },
        {
            content: "The customer is already filled in",
            trigger: ".o_field_widget[name=partner_id] input:value(Tour Caller Kunde)",
        },
        {
            content: "The case came in by phone",
            trigger: ".o_field_widget[name=channel] select:value(phone)",
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name=summary] input",
            run: "edit Dishwasher does not heat",
        },
        {
            content: "The customer's own words",
            trigger: ".o_field_widget[name=fault_description] textarea",
            run: "edit The water stays cold since yesterday.",
        },
        {
            content: "Save the case",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The case is saved with its reference",
            trigger: ".o_form_saved .o_field_widget[name=name]:contains('AS/')",
            timeout: 30000,
        },
    ],
});

registry.category("web_tour.tours").add("aftersales_caller_unknown_tour", {
    steps: () => [
        {
            content: "Nobody has this number: the card says the caller is unknown",
            trigger: ".o_form_view .alert-warning:contains('Unknown caller')",
            timeout: 30000,
        },
        {
            content: "No customer is named",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=partner_id]))",
        },
        {
            content: "A new case can still be opened with the number",
            trigger: ".o_form_view button[name=action_new_case]",
        },
    ],
});
