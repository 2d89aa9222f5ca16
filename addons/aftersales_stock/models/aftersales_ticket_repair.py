# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .repair_order import QUOTATION_STATES, quotation_state

# case fields whose change may change what the warranty pays on its repairs
WARRANTY_FIELDS = {
    "equipment_id",
    "product_id",
    "date_received",
    "warranty_override",
    "warranty_override_state",
    "warranty_exclusion_ids",
    "warranty_policy_id",
}
OPEN_REPAIR_STATES = ("draft", "confirmed", "under_repair")


class AftersalesTicket(models.Model):
    """The repair of the case's unit runs on Odoo's repair orders: their
    moves are the parts used (reservation, lots, valuation, the return of
    the defective part), their sale orders the quotations of paid repairs."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    repair_order_ids = fields.One2many(
        comodel_name="repair.order",
        inverse_name="aftersales_ticket_id",
        string="Repair Orders",
        copy=False,
        readonly=True,
    )
    repair_order_count = fields.Integer(
        string="Repair Count", compute="_compute_repair_counts", compute_sudo=True
    )
    repair_open_count = fields.Integer(compute="_compute_repair_counts", compute_sudo=True)
    repair_part_move_ids = fields.One2many(
        comodel_name="stock.move",
        compute="_compute_repair_part_move_ids",
        string="Parts",
        help="The parts added, removed or recycled by the repair orders of the case.",
    )
    repair_sale_order_ids = fields.Many2many(
        comodel_name="sale.order",
        compute="_compute_repair_sale_order_ids",
        compute_sudo=True,
        string="Quotations",
    )
    supplier_claim_ids = fields.One2many(
        comodel_name="aftersales.supplier.claim",
        inverse_name="ticket_id",
        string="Supplier Claims",
        readonly=True,
    )
    supplier_claim_count = fields.Integer(compute="_compute_stock_counts")
    repair_quotation_state = fields.Selection(
        selection=QUOTATION_STATES,
        string="Quotation",
        compute="_compute_repair_sale_order_ids",
        compute_sudo=True,
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("repair_order_ids.state")
    def _compute_repair_counts(self):
        for ticket in self:
            repairs = ticket.repair_order_ids
            ticket.repair_order_count = len(repairs)
            ticket.repair_open_count = len(
                repairs.filtered(lambda r: r.state in OPEN_REPAIR_STATES)
            )

    @api.depends("repair_order_ids.move_ids")
    def _compute_repair_part_move_ids(self):
        for ticket in self:
            ticket.repair_part_move_ids = ticket.repair_order_ids.move_ids

    @api.depends("repair_order_ids.sale_order_id.state")
    def _compute_repair_sale_order_ids(self):
        for ticket in self:
            orders = ticket.repair_order_ids.sale_order_id
            ticket.repair_sale_order_ids = orders
            ticket.repair_quotation_state = quotation_state(orders)

    # ------------------------------------------------------------
    # CRUD and hooks
    # ------------------------------------------------------------

    def write(self, vals):
        res = super().write(vals)
        if WARRANTY_FIELDS & set(vals):
            self.repair_order_ids._aftersales_sync_warranty()
        return res

    def _check_stage_transition(self, stage):
        res = super()._check_stage_transition(stage)
        if stage.stage_type in ("done", "closed"):
            started = self.repair_order_ids.filtered(
                lambda r: r.state in ("confirmed", "under_repair")
            )
            if started:
                raise UserError(
                    self.env._(
                        "These repair orders are not finished: end them (End Repair) or "
                        "cancel them before the unit is handed back.\n%(repairs)s",
                        repairs="\n".join(
                            f"- {r.aftersales_ticket_id.name}: {r.name}" for r in started
                        ),
                    )
                )
        return res

    def _on_stage_changed(self, previous_stages):
        res = super()._on_stage_changed(previous_stages)
        cancelled = self.filtered(lambda t: t.stage_type == "cancelled")
        open_repairs = cancelled.repair_order_ids.filtered(lambda r: r.state in OPEN_REPAIR_STATES)
        if open_repairs:
            # a cancelled case frees the parts its repairs had reserved and
            # leaves no repair to do
            open_repairs.action_repair_cancel()
        return res

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_create_repair_order(self):
        self.ensure_one()
        self._ensure_parts_editable()
        repair = self.env["repair.order"].create(self._prepare_repair_order_vals())
        self._message_log(
            body=self.env._("Repair order %(repair)s opened.", repair=repair._get_html_link())
        )
        return self._aftersales_repair_action(repair)

    def action_view_repair_orders(self):
        self.ensure_one()
        return self._aftersales_repair_action(self.repair_order_ids)

    def action_create_quotation(self):
        """The quotation of a paid repair: the sale order of its repair
        order, priced by Odoo (pricelist, fiscal position, taxes)."""
        self.ensure_one()
        self._ensure_parts_editable()
        repairs = self.repair_order_ids.filtered(
            lambda r: r.state != "cancel" and not r.sale_order_id
        )
        if not repairs:
            if self.repair_sale_order_ids:
                return self._aftersales_sale_order_action(self.repair_sale_order_ids)
            repairs = self.env["repair.order"].create(self._prepare_repair_order_vals())
        for repair in repairs:
            repair.action_create_sale_order()
        return self._aftersales_sale_order_action(repairs.sale_order_id)

    def action_create_supplier_claim(self):
        """Claim a part replaced under warranty back from its supplier."""
        self.ensure_one()
        parts = self.repair_part_move_ids.filtered(
            lambda m: m.repair_line_type == "add" and m.state == "done"
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_stock.aftersales_supplier_claim_action"
        )
        action.update(
            {
                "views": [(False, "form")],
                "view_mode": "form",
                "context": {
                    "default_ticket_id": self.id,
                    "default_company_id": self.company_id.id,
                    "default_repair_id": parts[:1].repair_id.id,
                    "default_product_id": parts[:1].product_id.id,
                    "default_lot_id": parts[:1].lot_ids[:1].id,
                    "default_quantity": parts[:1].quantity or 1.0,
                },
            }
        )
        return action

    def action_view_supplier_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_stock.aftersales_supplier_claim_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_view_quotations(self):
        self.ensure_one()
        return self._aftersales_sale_order_action(self.repair_sale_order_ids)

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _aftersales_warranty_covers(self, scope):
        """Whether the warranty pays the ``scope`` ("parts" or "labour") of
        this case."""
        self.ensure_one()
        # a warranty granted without a policy (an override) covers everything
        return self.warranty_state == "in_warranty" and self.warranty_scope in (
            scope,
            "both",
            False,
        )

    def _aftersales_repair_picking_type(self):
        """The repair operation type of the warehouse serving the case."""
        self.ensure_one()
        center = self.unit_center_id or self.service_center_id
        if center:
            warehouse = center._aftersales_unit_warehouse(strict=True)
        else:
            warehouse = self.company_id._aftersales_warehouse()
        if not warehouse.aftersales_repair_type_id:
            warehouse._aftersales_setup()
        return warehouse.aftersales_repair_type_id

    def _prepare_repair_order_vals(self):
        """A repair order for the unit of this case (or, for work on site
        without a unit, for the case alone)."""
        self.ensure_one()
        lot = self.lot_id
        if self.product_id.tracking == "serial" and not lot:
            lot = self._aftersales_unit_lot()
        picking_type = self._aftersales_repair_picking_type()
        vals = {
            "aftersales_ticket_id": self.id,
            "company_id": self.company_id.id,
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "product_id": self.product_id.id,
            "lot_id": lot.id,
            "under_warranty": self._aftersales_warranty_covers("parts"),
            "user_id": self.technician_id.id or self.env.user.id,
            "internal_notes": self.fault_description,
        }
        parts_location = self._aftersales_default_part_location()
        if parts_location:
            vals["location_id"] = parts_location.id
        if self.unit_in_stock and self.unit_location_id.company_id == self.company_id:
            vals["product_location_src_id"] = self.unit_location_id.id
            vals["product_location_dest_id"] = self.unit_location_id.id
        return vals

    def _on_quotation_refused(self, orders):
        """A refused quotation: the unit goes back unrepaired."""
        self.ensure_one()
        if self.repair_sale_order_ids.filtered(lambda o: o.state != "cancel"):
            return
        self.repair_order_ids.filtered(lambda r: r.state == "draft").sudo().action_repair_cancel()
        self.sudo().write(
            {
                "outcome": "unrepaired",
                "outcome_reason": self.outcome_reason
                or self.env._("The customer refused the quotation."),
            }
        )
        self._message_log(
            body=self.env._(
                "The customer refused the quotation %(orders)s: the unit goes back unrepaired.",
                orders=", ".join(orders.mapped("name")),
            )
        )

    def _aftersales_repair_action(self, repairs):
        return self._aftersales_records_action("repair.action_repair_order_tree", repairs)

    def _aftersales_sale_order_action(self, orders):
        return self._aftersales_records_action("sale.action_quotations_with_onboarding", orders)

    def _aftersales_records_action(self, xmlid, records):
        """The window action ``xmlid`` on these records: their form when
        there is one, their list otherwise."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("id", "in", records.ids)]
        action["context"] = {"create": False}
        if len(records) == 1:
            action.update({"views": [(False, "form")], "view_mode": "form", "res_id": records.id})
        return action
