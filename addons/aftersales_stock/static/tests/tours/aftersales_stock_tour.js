/** @odoo-module **/
// A technician opens the repair of a case, adds a part by its code and
// confirms the repair; the case lists it on its Repair tab.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("aftersales_stock_ticket_repair", {
    steps: () => [
        {
            content: "Open a repair order from the case",
            trigger: ".o_form_view button[name=action_create_repair_order]",
            run: "click",
        },
        {
            content: "The repair order of the case is open",
            trigger: ".o_form_view button[name=action_view_aftersales_ticket]",
        },
        {
            content: "Add a part",
            trigger: "div[name=move_ids] .o_field_x2many_list_row_add a:contains(Add a line)",
            run: "click",
        },
        {
            content: "Type the part code",
            trigger: "div[name=move_ids] .o_selected_row [name=product_id] input",
            run: "edit TPMH-TW100",
        },
        {
            content: "Pick the part in the list",
            trigger: ".o-autocomplete--dropdown-item a:contains(Tour Drain Pump)",
            run: "click",
        },
        {
            content: "Two of them",
            trigger: "div[name=move_ids] .o_selected_row [name=product_uom_qty] input",
            run: "edit 2",
        },
        {
            content: "Confirm the repair",
            trigger: ".o_form_view button[name=action_validate]",
            run: "click",
        },
        {
            content: "The repair is confirmed: it can start",
            trigger: ".o_form_view button[name=action_repair_start]",
        },
        {
            content: "Back to the case",
            trigger: ".o_form_view button[name=action_view_aftersales_ticket]",
            run: "click",
        },
        {
            content: "The case is open again, with its repair",
            trigger: ".o_form_view button[name=action_view_repair_orders]:contains(1)",
        },
        {
            content: "Open the Repair tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=parts]",
            run: "click",
        },
        {
            content: "The case lists its confirmed repair",
            trigger: "div[name=repair_order_ids] .o_data_row td[name=state]:contains(Confirmed)",
        },
        {
            content: "and the part it uses",
            trigger: "div[name=repair_part_move_ids] .o_data_row td[name=product_id]:contains(Tour Drain Pump)",
        },
    ],
});
