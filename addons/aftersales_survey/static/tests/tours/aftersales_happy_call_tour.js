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

registry.category("web_tour.tours").add("aftersales_survey_reports_tour", {
    url: "/odoo/action-aftersales_survey.aftersales_center_kpi_action",
    steps: () => [
        {
            content: "The dashboard shows a card per service center",
            trigger: ".o_kanban_record:contains('Test California Workshop'):contains('Last 12 months')",
        },
        {
            content: "Compute the twelve months' figures again",
            trigger: ".o_control_panel button[name='action_refresh_figures']",
            run: "click",
        },
        {
            content: "The cards say when their figures were computed",
            trigger: ".o_kanban_record:contains('Test California Workshop'):contains('as of')",
        },
        {
            content: "Open the failures of the workshop",
            trigger:
                ".o_kanban_record:contains('Test California Workshop') button[name='action_open_failures']",
            run: "click",
        },
        {
            content: "The failure analysis pivot opens",
            trigger: ".o_pivot_view .o_pivot",
        },
        {
            content: "Open the saved analyses",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Pick the shared analysis per model and age",
            trigger: ".o_favorite_menu .o_menu_item:contains('Failures per model and age of the unit')",
            run: "click",
        },
        {
            content: "The pivot shows the models' failures",
            trigger: ".o_pivot th:contains('T-WASH')",
        },
    ],
});
