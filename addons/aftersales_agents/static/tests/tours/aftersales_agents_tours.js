/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("aftersales_agents_settle_and_pay_tour", {
    steps: () => [
        {
            content: "Settle last month's fees",
            trigger: "button[name=action_settle]",
            run: "click",
        },
        {
            content: "The agent got a settlement: open it",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains('Test Texas Agent Co')",
            run: "click",
        },
        {
            content: "Its vendor bill is posted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Billed')",
        },
        {
            content: "Pay it with the accounting's payment wizard",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_register_payment]",
            run: "click",
        },
        {
            content: "Create the payment",
            trigger: ".modal button[name=action_create_payments]",
            run: "click",
        },
        {
            content: "The settlement shows it is paid",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Paid')",
        },
    ],
});
