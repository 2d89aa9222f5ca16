/** @odoo-module **/
// Copyright 2026 After-Sales Suite Developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

// The customer opens their case on the portal, reviews the quotation of the
// paid repair and accepts it with a signature (data made by the Python test).
registry.category("web_tour.tours").add("aftersales_portal_quotation", {
    steps: () => [
        {
            content: "the case shows the repair quotation",
            trigger: ".o_aftersales_quotation:contains(Repair quotation)",
        },
        {
            content: "review the quotation",
            trigger: "a.o_aftersales_quotation_review",
            run: "click",
        },
        {
            content: "the quotation lists the part",
            trigger: "#quote_content:contains(Test Spare Pump)",
        },
        {
            content: "accept and sign",
            trigger: "a:contains(Sign)",
            run: "click",
        },
        {
            content: "the name is filled in",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Portal Pete)",
        },
        {
            content: "choose a signature style",
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item:eq(1)",
            run: "click",
        },
        {
            content: "sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "the quotation is accepted",
            trigger: "#quote_content:contains(Thank You)",
            // confirming the order (invoicing rules, mails) may take longer
            // than a click on a busy server
            timeout: 30000,
        },
    ],
});
