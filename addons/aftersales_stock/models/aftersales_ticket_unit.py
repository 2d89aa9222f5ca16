# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

RECEPTION_GROUP = "aftersales_reception.group_aftersales_reception"
TECHNICIAN_GROUP = "aftersales_reception.group_aftersales_technician"
WAREHOUSE_GROUP = "aftersales_stock.group_aftersales_warehouse"
# what the customer's portal page shows of the unit's journey (its serial
# number's lot too, which the unit's whereabouts are computed from); never
# whom else the serial was delivered to
PORTAL_UNIT_FIELDS = {
    "lot_id",
    "unit_location_id",
    "unit_location_date",
    "unit_center_id",
    "unit_in_stock",
}


class AftersalesTicket(models.Model):
    """The customer's unit as stock: its serial (lot), where it is now, and
    its journey through the service centers (receipt, transfers between
    workshops, hand-back), each step a validated transfer of the case."""

    # the case is split by topic (parts and loaners here, the unit's journey
    # in this file): one concern per file
    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    # Unit in the stock
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Lot/Serial Number",
        compute="_compute_lot_id",
        store=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="The unit's serial number in the stock, found from the equipment or from the "
        "product and serial number; created when the unit is received.",
    )
    lot_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Unit Delivered To",
        compute="_compute_lot_partner_id",
        compute_sudo=True,
        help="The owner of the unit in the installed base, else the customer its serial "
        "number was last delivered to.",
    )
    unit_owner_mismatch = fields.Boolean(
        string="Unit of Another Customer", compute="_compute_lot_partner_id", compute_sudo=True
    )
    unit_location_id = fields.Many2one(
        comodel_name="stock.location",
        compute="_compute_unit_location",
        compute_sudo=True,
        help="Where the unit is now, after its last transfer.",
    )
    unit_location_date = fields.Datetime(
        string="Unit There Since", compute="_compute_unit_location", compute_sudo=True
    )
    unit_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        string="Unit At",
        compute="_compute_unit_location",
        compute_sudo=True,
        help="The service center holding the unit now.",
    )
    unit_in_stock = fields.Boolean(
        string="Unit With Us",
        compute="_compute_unit_location",
        compute_sudo=True,
        help="The unit is in a location of the company's stock.",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("equipment_id.lot_id", "serial_number", "product_id", "company_id")
    def _compute_lot_id(self):
        def fits(ticket, lot):
            return (
                lot
                and (not ticket.product_id or lot.product_id == ticket.product_id)
                and (not ticket.serial_number or lot.name == ticket.serial_number)
            )

        todo = self.browse()
        for ticket in self:
            if fits(ticket, ticket.equipment_id.lot_id):
                ticket.lot_id = ticket.equipment_id.lot_id
            elif fits(ticket, ticket.lot_id) and ticket.serial_number and ticket.product_id:
                continue
            elif ticket.serial_number and ticket.product_id:
                todo |= ticket
            else:
                ticket.lot_id = False
        if not todo:
            return
        lots = (
            self.env["stock.lot"]
            .sudo()
            .search(
                [
                    ("name", "in", list(set(todo.mapped("serial_number")))),
                    ("product_id", "in", todo.product_id.ids),
                    ("company_id", "in", todo.company_id.ids + [False]),
                ]
            )
        )
        by_key = {(lot.company_id.id, lot.product_id.id, lot.name): lot.id for lot in lots}
        for ticket in todo:
            key = (ticket.product_id.id, ticket.serial_number)
            ticket.lot_id = by_key.get((ticket.company_id.id,) + key) or by_key.get((False,) + key)

    @api.depends("lot_id", "equipment_id.lot_id", "equipment_id.partner_id", "partner_id")
    def _compute_lot_partner_id(self):
        for ticket in self:
            lot = ticket.lot_id
            unit = ticket.equipment_id
            if lot and unit.lot_id == lot:
                owner = unit.partner_id.commercial_partner_id
            else:
                owner = lot.last_delivery_partner_id.commercial_partner_id
            ticket.lot_partner_id = owner
            ticket.unit_owner_mismatch = bool(
                owner and ticket.partner_id and owner != ticket.partner_id.commercial_partner_id
            )

    @api.depends("lot_id")
    def _compute_unit_location(self):
        lots = self.lot_id
        last_lines = {}
        if lots:
            lines = self.env["stock.move.line"].search(
                [("lot_id", "in", lots.ids), ("state", "=", "done")], order="date desc, id desc"
            )
            for line in lines:
                last_lines.setdefault((line.company_id, line.lot_id), line)
        centers = {}
        destinations = self.env["stock.location"].browse(
            {line.location_dest_id.id for line in last_lines.values()}
        )
        for location in destinations.filtered("aftersales_unit_center_id"):
            centers[location] = location.aftersales_unit_center_id
        for ticket in self:
            line = last_lines.get((ticket.company_id, ticket.lot_id))
            location = line.location_dest_id if line else self.env["stock.location"]
            ticket.unit_location_id = location
            ticket.unit_location_date = line.date if line else False
            ticket.unit_center_id = centers.get(location, False)
            ticket.unit_in_stock = location.usage == "internal"

    # ------------------------------------------------------------
    # Constraints and onchange
    # ------------------------------------------------------------

    def _check_intake_values(self, vals_list):
        res = super()._check_intake_values(vals_list)
        if not self.env.su and any("lot_id" in vals for vals in vals_list):
            raise AccessError(
                self.env._(
                    "The lot of a case follows its product and serial number: correct the "
                    "serial number instead."
                )
            )
        return res

    @api.onchange("partner_id", "serial_number", "product_id", "equipment_id")
    def _onchange_warn_unit_owner(self):
        if self.unit_owner_mismatch:
            return {
                "warning": {
                    "title": self.env._("This unit belongs to another customer"),
                    "message": self.env._(
                        "Serial number %(serial)s was delivered to %(owner)s, not to "
                        "%(customer)s. Check the serial number; if the unit has changed "
                        "hands, move it to its new owner with Change Owner, which asks for "
                        "the reason.",
                        serial=self.lot_id.name,
                        owner=self.lot_partner_id.display_name,
                        customer=self.partner_id.display_name,
                    ),
                }
            }

    # ------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------

    @api.model
    def _portal_readable_fields(self):
        return super()._portal_readable_fields() | PORTAL_UNIT_FIELDS

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_receive_unit(self):
        """Receive the customer's unit into the case's service center."""
        for ticket in self:
            ticket._action_receive_unit()
        return True

    def action_send_unit(self):
        """Choose the service center the unit goes to."""
        self.ensure_one()
        self._ensure_can_be_moved()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_stock.aftersales_ticket_unit_transfer_action"
        )
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_hand_back_unit(self):
        """Hand the unit back to the customer."""
        for ticket in self:
            ticket._action_hand_back_unit()
        return True

    def action_change_unit_owner(self):
        """Move the unit to the case's customer, with a reason."""
        self.ensure_one()
        action = self.equipment_id.action_change_owner()
        action["context"] = dict(
            action["context"],
            default_partner_id=self.partner_id.commercial_partner_id.id,
            default_ticket_id=self.id,
        )
        return action

    # ------------------------------------------------------------
    # The unit's journey
    # ------------------------------------------------------------

    def _ensure_can_be_moved(self):
        """The unit of a case is moved by staff who work on it: technicians,
        reception and managers who see the case, and warehouse keepers."""
        if self.env.su:
            return
        user = self.env.user
        if not (user.has_group(TECHNICIAN_GROUP) or user.has_group(WAREHOUSE_GROUP)):
            raise AccessError(
                self.env._(
                    "Customers' units are received, sent to workshops and handed back by "
                    "after-sales staff and warehouse keepers."
                )
            )
        self.check_access("read")

    def _ensure_open(self, step):
        closed = self.filtered("is_closed")
        if closed:
            raise UserError(
                self.env._(
                    "Case %(case)s is closed: reopen it to %(step)s.",
                    case=", ".join(closed.mapped("name")),
                    step=step,
                )
            )

    def _action_receive_unit(self):
        """Receive the unit, with its serial, from the customer into the units
        location of the case's service center. Returns the done receipt."""
        self.ensure_one()
        self._ensure_can_be_moved()
        self._ensure_open(self.env._("receive its unit"))
        ticket = self.sudo()
        center = ticket.service_center_id
        if not center:
            raise UserError(
                self.env._(
                    "Case %(case)s has no service center: choose the center receiving the "
                    "unit first.",
                    case=ticket.name,
                )
            )
        lot = ticket._aftersales_unit_lot()
        in_stock = ticket._aftersales_unit_quants()
        if in_stock:
            raise UserError(
                self.env._(
                    "Serial number %(serial)s of case %(case)s is already in stock at "
                    "%(location)s: the unit was received before. Send it on with Send to "
                    "Workshop, or correct the serial number of the case.",
                    serial=lot.name,
                    case=ticket.name,
                    location=", ".join(in_stock.location_id.mapped("complete_name")),
                )
            )
        destination = center._aftersales_unit_location()
        picking_type = ticket._aftersales_unit_picking_type(
            destination.warehouse_id, "aftersales_unit_in_type_id"
        )
        source = (
            ticket.partner_id.property_stock_customer
            or picking_type.default_location_src_id
            or self.env.ref("stock.stock_location_customers")
        )
        owner = ticket.partner_id.commercial_partner_id
        picking = ticket._aftersales_move_unit(picking_type, source, destination, lot, owner)
        ticket._post_unit_message(
            self.env._(
                "Unit %(serial)s received at %(center)s (%(transfer)s).",
                serial=lot.name,
                center=center.name,
                transfer=picking.name,
            )
        )
        return picking.with_env(self.env)

    def _action_send_unit(self, center, note=False):
        """Move the unit to the units location of ``center`` with an internal
        transfer. Returns the done transfer."""
        self.ensure_one()
        self._ensure_can_be_moved()
        self._ensure_open(self.env._("send its unit to a workshop"))
        ticket = self.sudo()
        center = center.sudo()
        if center.company_id != ticket.company_id:
            raise UserError(
                self.env._(
                    "%(center)s belongs to %(center_company)s, case %(case)s to %(company)s: "
                    "a unit moves between the service centers of its case's company. Choose "
                    "a center of %(company)s.",
                    center=center.name,
                    center_company=center.company_id.name,
                    case=ticket.name,
                    company=ticket.company_id.name,
                )
            )
        quant = ticket._aftersales_unit_quant_or_raise(
            self.env._("receive it with Receive Unit before sending it to a workshop")
        )
        destination = center._aftersales_unit_location()
        if quant.location_id == destination:
            raise UserError(
                self.env._(
                    "The unit of case %(case)s is already at %(center)s.",
                    case=ticket.name,
                    center=center.name,
                )
            )
        picking_type = ticket._aftersales_unit_picking_type(
            quant.location_id.warehouse_id, "aftersales_unit_move_type_id"
        )
        picking = ticket._aftersales_move_unit(
            picking_type, quant.location_id, destination, quant.lot_id, quant.owner_id, note=note
        )
        ticket._post_unit_message(
            self.env._(
                "Unit %(serial)s sent from %(origin)s to %(center)s (%(transfer)s).",
                serial=quant.lot_id.name,
                origin=quant.location_id.aftersales_unit_center_id.name
                or quant.location_id.complete_name,
                center=center.name,
                transfer=picking.name,
            )
            + (f"\n{note}" if note else "")
        )
        return picking.with_env(self.env)

    def _action_hand_back_unit(self):
        """Deliver the unit back to the customer. Returns the done delivery."""
        self.ensure_one()
        self._ensure_can_be_moved()
        ticket = self.sudo()
        quant = ticket._aftersales_unit_quant_or_raise(
            self.env._("receive it with Receive Unit before handing it back")
        )
        picking_type = ticket._aftersales_unit_picking_type(
            quant.location_id.warehouse_id, "aftersales_unit_out_type_id"
        )
        destination = (
            ticket.partner_id.property_stock_customer
            or picking_type.default_location_dest_id
            or self.env.ref("stock.stock_location_customers")
        )
        picking = ticket._aftersales_move_unit(
            picking_type, quant.location_id, destination, quant.lot_id, quant.owner_id
        )
        ticket._post_unit_message(
            self.env._(
                "Unit %(serial)s handed back to %(customer)s (%(transfer)s).",
                serial=quant.lot_id.name,
                customer=ticket.partner_id.display_name,
                transfer=picking.name,
            )
        )
        return picking.with_env(self.env)

    def _aftersales_unit_lot(self):
        """The unit's lot; created from the serial number for a unit new to
        the stock (and linked to its equipment)."""
        self.ensure_one()
        product = self.product_id
        if not product or not self.serial_number:
            raise UserError(
                self.env._(
                    "Case %(case)s needs the unit's product and serial number before the unit "
                    "can move: enter them on the case.",
                    case=self.name,
                )
            )
        if not product.is_storable or product.tracking != "serial":
            raise UserError(
                self.env._(
                    "%(product)s is not tracked by unique serial number, so its units cannot "
                    "be followed in the stock: on the product, tick Track Inventory and choose "
                    "By Unique Serial Number.",
                    product=product.display_name,
                )
            )
        lot = self.lot_id
        if not lot:
            lot = self.env["stock.lot"].create(
                {
                    "name": self.serial_number,
                    "product_id": product.id,
                    "company_id": self.company_id.id,
                }
            )
            if self.equipment_id and not self.equipment_id.lot_id:
                self.equipment_id.lot_id = lot
            self.lot_id = lot
        return lot

    def _aftersales_unit_quants(self):
        """The unit's quants in the internal locations of the case's company."""
        self.ensure_one()
        if not self.lot_id:
            return self.env["stock.quant"]
        return self.env["stock.quant"].search(
            [
                ("lot_id", "=", self.lot_id.id),
                ("location_id.usage", "=", "internal"),
                ("company_id", "=", self.company_id.id),
                ("quantity", ">", 0),
            ]
        )

    def _aftersales_unit_quant_or_raise(self, what_to_do):
        quant = self._aftersales_unit_quants()[:1]
        if not quant:
            raise UserError(
                self.env._(
                    "The unit %(serial)s of case %(case)s is not in the stock of %(company)s "
                    "(last seen at: %(location)s): %(what_to_do)s.",
                    serial=self.lot_id.name or self.serial_number or "-",
                    case=self.name,
                    company=self.company_id.name,
                    location=self.unit_location_id.complete_name or self.env._("nowhere yet"),
                    what_to_do=what_to_do,
                )
            )
        return quant

    def _aftersales_unit_picking_type(self, warehouse, field_name):
        self.ensure_one()
        warehouse = warehouse or self.company_id._aftersales_warehouse()
        if not warehouse[field_name]:
            warehouse._aftersales_setup()
        return warehouse[field_name]

    def _prepare_unit_picking_vals(self, picking_type, source, destination, lot, owner):
        """The transfer of this case's unit from ``source`` to ``destination``."""
        self.ensure_one()
        product = lot.product_id
        move_vals = self._prepare_case_move_vals(
            source, destination, product, product.uom_id, 1.0, product.display_name
        )
        move_vals["restrict_partner_id"] = owner.id
        return self._prepare_case_picking_vals(picking_type, source, destination, [move_vals])

    def _aftersales_move_unit(self, picking_type, source, destination, lot, owner, note=False):
        """Create and validate the transfer of exactly this serial (and its
        owner): the quant of the source location is reserved as it is."""
        self.ensure_one()
        vals = self._prepare_unit_picking_vals(picking_type, source, destination, lot, owner)
        if note:
            vals["note"] = note
        picking = self.env["stock.picking"].with_company(self.company_id).create(vals)
        picking.action_confirm()
        move = picking.move_ids
        line_vals = {
            "lot_id": lot.id,
            "owner_id": owner.id,
            "quantity": 1.0,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "picked": True,
        }
        lines = move.move_line_ids
        if lines:
            lines[1:].unlink()
            lines[:1].write(line_vals)
        else:
            self.env["stock.move.line"].create(dict(move._prepare_move_line_vals(), **line_vals))
        move.picked = True
        # the customer is there: no confirmation text message to send
        picking.with_context(skip_sms=True).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "Transfer %(transfer)s of case %(case)s could not be validated: open it "
                    "from the case's Transfers and finish it there.",
                    transfer=picking.name,
                    case=self.name,
                )
            )
        self.invalidate_recordset(
            ["unit_location_id", "unit_location_date", "unit_center_id", "unit_in_stock"]
        )
        return picking

    def _post_unit_message(self, body):
        self.ensure_one()
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
