/** @odoo-module **/
// Copyright 2026 After-Sales Suite Developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("aftersales_appointment_confirm_tour", {
    steps: () => [
        {
            content: "The proposed slot is offered first",
            trigger: "label.o_aftersales_slot_proposed",
        },
        {
            content: "Pick the second slot of the list instead",
            trigger: "label.o_aftersales_slot:eq(1)",
            run: "click",
        },
        {
            content: "Confirm the date",
            trigger: "button.o_aftersales_appointment_submit",
            run: "click",
        },
        {
            content: "The visit is confirmed",
            trigger: ".o_aftersales_appointment_confirmed",
        },
    ],
});
