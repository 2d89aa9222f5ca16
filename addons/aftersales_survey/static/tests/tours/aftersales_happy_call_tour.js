/** @odoo-module **/
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("aftersales_happy_call_tour", {
    url: "/odoo/action-aftersales_survey.aftersales_happy_call_action",
    steps: () => [
        {
            content: "Open today's call to the customer",
            trigger: ".o_data_row:contains('Tour Happy Customer') td[name='partner_id']",
            run: "click",
        },
        {
            content: "Start the call: the call script opens",
            trigger: ".o_form_view button[name='action_start_call']",
            run: "click",
        },
        {
            content: "Begin the script",
            trigger: "button[value='start']:not(.disabled)",
            run: "click",
        },
        {
            content: "The customer rates the service 4 out of 5",
            trigger: "div.js_question-wrapper:contains('Overall, how satisfied') label:contains('4')",
            run: "click",
        },
        {
            content: "The unit works",
            trigger: "div.js_question-wrapper:contains('working properly') label:contains('Yes')",
            run: "click",
        },
        {
            content: "Note what the customer said",
            trigger: "div.js_question-wrapper:contains('anything else') textarea",
            run: "edit The technician was very careful.",
        },
        {
            content: "Submit the answers",
            trigger: "button[value='finish']",
            run: "click",
        },
        {
            content: "The script is recorded",
            trigger: ".o_survey_finished h1:contains('Thank you')",
        },
    ],
});
