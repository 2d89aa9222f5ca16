# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

LOCKED_LINE_FIELDS = {
    "product_id",
    "quantity",
    "lot_id",
    "lot_name",
    "location_id",
    "location_dest_id",
    "product_uom_id",
}


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def write(self, vals):
        if LOCKED_LINE_FIELDS.intersection(vals):
            self.filtered(lambda line: line.state == "done").move_id._aftersales_ensure_not_done()
        return super().write(vals)

    # ------------------------------------------------------------
    # Installed base
    # ------------------------------------------------------------

    def _aftersales_is_unit_sale(self):
        """A serial delivered to a customer from the company (its stock, or a
        supplier for a dropship): a unit sold. The after-sales flows (a
        customer's own unit handed back, a loaner lent) sell nothing."""
        self.ensure_one()
        move = self.move_id
        owner = self.owner_id
        return bool(
            self.state == "done"
            and self.lot_id
            and self.product_id.tracking == "serial"
            and self.location_dest_id.usage == "customer"
            and self.location_id.usage != "customer"
            and not move.aftersales_ticket_id
            and not self.picking_id.aftersales_ticket_id
            and not self.picking_id.aftersales_loaner_id
            and not (owner and owner != self.company_id.partner_id)
        )

    def _aftersales_customer(self):
        """The customer the unit went to: the delivery's partner, or for a
        dropship the sale order's delivery address."""
        self.ensure_one()
        order = self.move_id.sale_line_id.order_id or self.picking_id.sale_id
        partner = self.picking_id.partner_id or self.move_id.partner_id
        if order and (not partner or self.location_id.usage == "supplier"):
            partner = order.partner_shipping_id
        return partner.commercial_partner_id

    def _prepare_aftersales_equipment_vals(self):
        """The installed-base unit this done delivery line creates or updates."""
        self.ensure_one()
        sale_line = self.move_id.sale_line_id
        order = sale_line.order_id or self.picking_id.sale_id
        delivered = fields.Datetime.context_timestamp(self, self.date).date()
        purchased = (
            fields.Datetime.context_timestamp(self, order.date_order).date()
            if order.date_order
            else delivered
        )
        return {
            "company_id": self.company_id.id,
            "partner_id": self._aftersales_customer().id,
            "product_id": self.product_id.id,
            "serial_number": self.lot_id.name,
            "lot_id": self.lot_id.id,
            "purchase_date": min(purchased, delivered),
            "delivery_date": delivered,
            "delivery_picking_id": self.picking_id.id,
            "sale_line_id": sale_line.id,
            "sale_order_id": order.id,
        }
