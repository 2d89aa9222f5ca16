/** @odoo-module **/
// A technician adds a part to a case, reserves it and consumes it.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("aftersales_stock_ticket_parts", {
    steps: () => [
        {
            content: "Open the Parts tab",
            trigger: ".o_notebook a.nav-link:contains(Parts)",
            run: "click",
        },
        {
            content: "Add a part",
            trigger: "div[name=part_line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose the part",
            trigger: "div[name=part_line_ids] .o_selected_row [name=product_id] input",
            run: "edit Tour Drain",
        },
        {
            content: "Pick it in the list",
            trigger: ".ui-menu-item-wrapper:contains(Tour Drain Pump)",
            run: "click",
        },
        {
            content: "Two of them",
            trigger: "div[name=part_line_ids] .o_selected_row [name=product_uom_qty] input",
            run: "edit 2",
        },
        {
            content: "Save the case",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Reserve the parts",
            trigger: ".o_form_saved button[name=action_confirm_parts]",
            run: "click",
        },
        {
            content: "The part is reserved",
            trigger: "div[name=part_line_ids] .o_data_row td[name=state]:contains(Reserved)",
        },
        {
            content: "Consume the parts",
            trigger: "button[name=action_consume_parts]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The part is consumed",
            trigger: "div[name=part_line_ids] .o_data_row td[name=state]:contains(Consumed)",
        },
    ],
});
