# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# case fields whose change may change the fees of a done case
FEE_TRIGGER_FIELDS = {
    "service_type",
    "service_center_id",
    "technician_id",
    "date_done",
    "travel_distance_km",
    "visit_count",
    "equipment_id",
    "product_id",
    "date_received",
    "warranty_override",
    "warranty_override_state",
    "warranty_exclusion_ids",
}
FEE_STAGE_TYPES = ("done", "closed", "cancelled")


class AftersalesTicket(models.Model):
    _inherit = "aftersales.ticket"

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    # Work done, read from the repair orders and their quotations
    service_labour_amount = fields.Monetary(
        string="Labour Value", compute="_compute_service_amounts", store=True
    )
    service_parts_amount = fields.Monetary(
        string="Parts Value", compute="_compute_service_amounts", store=True
    )
    service_travel_amount = fields.Monetary(
        string="Travel Value", compute="_compute_service_amounts", store=True
    )
    service_amount_charged = fields.Monetary(
        string="Charged to Customer",
        compute="_compute_service_amounts",
        store=True,
        help="Untaxed amount of the accepted quotations of the case's repairs.",
    )
    travel_distance_km = fields.Float(
        string="Travel Distance (km)",
        digits=(16, 1),
        tracking=True,
        help="One-way distance to the customer for on-site work; prices travel fees.",
    )
    visit_count = fields.Integer(
        string="Visits", tracking=True, help="Number of trips to the customer."
    )
    # Fees
    fee_line_ids = fields.One2many(
        comodel_name="aftersales.fee.line", inverse_name="ticket_id", string="Fee Lines"
    )
    fee_line_count = fields.Integer(compute="_compute_fee_totals")
    fee_amount_total = fields.Monetary(string="Provider Fees", compute="_compute_fee_totals")
    agent_contract_id = fields.Many2one(
        comodel_name="aftersales.agent.contract",
        compute="_compute_agent_contract_id",
        help="The agent's contract covering this case today.",
    )
    certification_warning = fields.Char(compute="_compute_certification_warning")
    # Invoicing
    invoice_ids = fields.One2many(
        comodel_name="account.move",
        inverse_name="aftersales_ticket_id",
        string="Invoices",
        readonly=True,
    )
    # counted for anyone seeing the case, whether they may read invoices or not
    invoice_count = fields.Integer(compute="_compute_invoice_count", compute_sudo=True)

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends(
        "repair_order_ids.state",
        "repair_order_ids.move_ids.state",
        "repair_order_ids.move_ids.quantity",
        "repair_order_ids.sale_order_id.state",
        "repair_order_ids.sale_order_id.order_line.price_subtotal",
        "repair_order_ids.sale_order_id.order_line.product_uom_qty",
    )
    def _compute_service_amounts(self):
        travel = self.env.ref("aftersales_agents.product_travel", raise_if_not_found=False)
        for ticket in self:
            labour = travel_value = charged = 0.0
            for line in ticket._aftersales_sale_lines():
                value = ticket._aftersales_line_value(line)
                if line.product_id == travel:
                    travel_value += value
                elif line.product_id.type == "service":
                    labour += value
                if line.order_id.state == "sale":
                    charged += line.price_subtotal
            ticket.service_labour_amount = labour
            ticket.service_travel_amount = travel_value
            ticket.service_parts_amount = sum(
                ticket._aftersales_part_sale_price(move) * move.quantity
                for move in ticket._aftersales_parts_used()
            )
            ticket.service_amount_charged = charged

    @api.depends("fee_line_ids.amount")
    def _compute_fee_totals(self):
        for ticket in self:
            ticket.fee_line_count = len(ticket.fee_line_ids)
            ticket.fee_amount_total = sum(ticket.fee_line_ids.mapped("amount"))

    @api.depends("service_center_id", "service_type", "partner_id")
    def _compute_agent_contract_id(self):
        agent_tickets = self.filtered(lambda t: t.service_center_id.center_type == "agent")
        (self - agent_tickets).agent_contract_id = False
        if not agent_tickets:
            return
        today = fields.Date.context_today(self)
        # informative: shown to anyone who sees the case
        contracts = (
            self.env["aftersales.agent.contract"]
            .sudo()
            ._find_in_force("agent", agent_tickets.service_center_id, agent_tickets.company_id.ids)
        )
        for ticket in agent_tickets:
            ticket.agent_contract_id = next(
                (
                    c
                    for c in contracts.get(ticket.service_center_id._origin.id, [])
                    if c._covers_ticket(ticket, today)
                ),
                False,
            )

    @api.depends("service_center_id", "technician_id", "product_id")
    def _compute_certification_warning(self):
        for ticket in self:
            ticket.certification_warning = ticket._aftersales_certification_message()

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for ticket in self:
            ticket.invoice_count = len(ticket.invoice_ids)

    # ------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------

    @api.constrains("service_center_id", "service_type", "partner_id")
    def _check_agent_contract(self):
        """An open case goes to an agent workshop only under an active
        contract covering its service type and the customer's address.

        An agent workshop comes under this control with its first contract:
        until then it works as before the module was installed (and earns no
        fee)."""
        todo = self.filtered(
            lambda t: (
                t.service_center_id.center_type == "agent"
                and t.stage_type in (False, "new", "progress", "waiting")
            )
        )
        if not todo:
            return
        # whoever assigns the case (reception, a technician, a customer on the
        # portal) must be held to every contract, including those they cannot read
        contract_model = (
            self.env["aftersales.agent.contract"].sudo().with_context(active_test=False)
        )
        managed = {
            center.id
            for [center] in contract_model._read_group(
                [("service_center_id", "in", todo.service_center_id.ids)], ["service_center_id"]
            )
        }
        todo = todo.filtered(lambda t: t.service_center_id.id in managed)
        if not todo:
            return
        today = fields.Date.context_today(self)
        contracts = contract_model._find_in_force(
            "agent", todo.service_center_id, todo.company_id.ids
        )
        service_types = dict(self._fields["service_type"]._description_selection(self.env))
        for ticket in todo:
            if any(
                contract._covers_ticket(ticket, today)
                for contract in contracts.get(ticket.service_center_id.id, [])
            ):
                continue
            partner = ticket.partner_id
            raise ValidationError(
                self.env._(
                    "Case %(case)s cannot go to the agent workshop %(center)s: it has no "
                    "active contract covering %(service_type)s work for a customer in "
                    "%(area)s today. Activate or renew the agent's contract (or widen its "
                    "service types or territory), or choose another service center.",
                    case=ticket.name,
                    center=ticket.service_center_id.display_name,
                    service_type=service_types.get(ticket.service_type, ticket.service_type),
                    area=", ".join(
                        filter(
                            None,
                            [
                                partner.zip,
                                partner.city,
                                partner.state_id.name,
                                partner.country_id.name,
                            ],
                        )
                    )
                    or self.env._("an unknown place"),
                )
            )

    @api.onchange("service_center_id", "technician_id", "product_id")
    def _onchange_warn_certification(self):
        message = self._aftersales_certification_message()
        if message:
            return {
                "warning": {
                    "title": self.env._("Provider not certified"),
                    "message": message,
                }
            }

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        res = super().write(vals)
        if FEE_TRIGGER_FIELDS & set(vals):
            self._aftersales_fees_changed()
        return res

    def _on_stage_changed(self, previous_stages):
        res = super()._on_stage_changed(previous_stages)
        self._aftersales_fees_changed()
        return res

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_recompute_fees(self):
        self._aftersales_fees_changed()

    def action_view_fee_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_agents.aftersales_fee_line_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        if len(self.invoice_ids) == 1:
            action.update(
                {
                    "views": [(False, "form")],
                    "view_mode": "form",
                    "res_id": self.invoice_ids.id,
                }
            )
        else:
            action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action

    # ------------------------------------------------------------
    # Fees
    # ------------------------------------------------------------

    def _default_outcomes(self):
        defaults = super()._default_outcomes()
        # configuration, read by whoever opens a case
        types = (
            self.env["aftersales.service.type"]
            .sudo()
            ._get_by_code(set(self.mapped("service_type")) - {False})
        )
        defaults.update(
            {code: service_type.default_outcome for code, service_type in types.items()}
        )
        return defaults

    def _aftersales_work_type(self):
        """Warranty work is paid by the company, any other by the customer."""
        self.ensure_one()
        return "warranty" if self.warranty_state == "in_warranty" else "paid"

    def _aftersales_fee_facts(self):
        """What the fee rules price, per case id."""
        return {
            ticket.id: {
                "labour": ticket.service_labour_amount,
                "parts": ticket.service_parts_amount,
                "visits": ticket.visit_count,
                "distance": ticket.travel_distance_km,
                "work_type": ticket._aftersales_work_type(),
            }
            for ticket in self
        }

    def _aftersales_sale_lines(self):
        """The lines of the quotations of the case's repairs (cancelled
        quotations left out)."""
        self.ensure_one()
        orders = self.repair_order_ids.sudo().sale_order_id.filtered(lambda o: o.state != "cancel")
        return orders.order_line.filtered(lambda line: not line.display_type)

    def _aftersales_line_value(self, line):
        """What the work of a quotation line is worth: its price, else (work
        the warranty pays) the product's list price."""
        price = line.price_unit
        if not price:
            price = line.product_id.with_company(self.company_id).lst_price
            price = line.product_id.uom_id._compute_price(price, line.product_uom)
        return price * line.product_uom_qty

    def _aftersales_parts_used(self):
        """The parts the case's repairs added to the unit, done."""
        self.ensure_one()
        return self.repair_order_ids.sudo().move_ids.filtered(
            lambda m: m.repair_line_type == "add" and m.state == "done"
        )

    def _aftersales_part_sale_price(self, move):
        """The sale price of a part used: its quotation's price, else (a part
        the warranty pays) the part's list price."""
        line = move.sale_line_id
        if line and line.price_unit:
            return line.product_uom._compute_price(line.price_unit, move.product_uom)
        price = move.product_id.with_company(self.company_id).lst_price
        return move.product_id.uom_id._compute_price(price, move.product_uom)

    def _aftersales_fees_changed(self):
        """Recompute the fees of the done, closed or cancelled cases among
        these.

        Fee lines are bookkeeping of the company, not of the person moving the
        case: a technician closing a case cannot write fee lines, yet closing
        it must price it. Hence the superuser, on the cases' own companies."""
        todo = self.filtered(lambda t: t.stage_type in FEE_STAGE_TYPES)
        if todo:
            self.env["aftersales.fee.line"].sudo()._sync_tickets(todo.sudo())

    def _aftersales_certification_message(self):
        self.ensure_one()
        categ = self.product_id.categ_id
        if not categ or not self.company_id.aftersales_certification_warning:
            return False
        pairs = []
        if self.service_center_id.center_type == "agent":
            pairs.append((self.service_center_id._origin, categ))
        if self.technician_id:
            pairs.append((self.technician_id._origin, categ))
        # informative: anyone giving out the case may be warned
        missing = self.env["aftersales.certification"].sudo()._uncertified(pairs)
        if not missing:
            return False
        providers = ", ".join(provider.display_name for provider, _categ in missing)
        return self.env._(
            "Not certified for %(category)s products: %(providers)s. Check they were "
            "trained before giving them the case.",
            providers=providers,
            category=categ.display_name,
        )
