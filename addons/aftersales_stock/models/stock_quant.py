# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, models
from odoo.exceptions import UserError


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _aftersales_defective_quants(self):
        quants = self.filtered(
            lambda q: q.location_id.aftersales_usage == "defective" and q.quantity > 0
        )
        if not quants or quants != self:
            raise UserError(
                self.env._(
                    "Select defective parts held in a Defective Parts location (with a "
                    "positive quantity)."
                )
            )
        return quants

    def action_aftersales_scrap(self):
        """Scrap the selected defective parts through Odoo's scrap orders."""
        quants = self._aftersales_defective_quants()
        scraps = self.env["stock.scrap"].create(
            [
                {
                    "product_id": quant.product_id.id,
                    "product_uom_id": quant.product_uom_id.id,
                    "scrap_qty": quant.quantity - quant.reserved_quantity,
                    "location_id": quant.location_id.id,
                    "lot_id": quant.lot_id.id,
                    "company_id": quant.company_id.id,
                    "origin": self.env._("Defective parts"),
                }
                for quant in quants
                if quant.quantity - quant.reserved_quantity > 0
            ]
        )
        if not scraps:
            raise UserError(
                self.env._("The selected defective parts are all reserved for other transfers.")
            )
        scraps.action_validate()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Scrapped Defective Parts"),
            "res_model": "stock.scrap",
            "view_mode": "list,form",
            "domain": [("id", "in", scraps.ids)],
        }

    def action_aftersales_return_to_supplier(self):
        """Prepare returns to the parts' vendors (one transfer per vendor and
        location) with the selected defective parts."""
        quants = self._aftersales_defective_quants()
        groups = {}
        for quant in quants:
            vendor = quant.product_id.seller_ids[:1].partner_id
            groups.setdefault((vendor, quant.location_id), self.browse())
            groups[(vendor, quant.location_id)] |= quant
        pickings = self.env["stock.picking"]
        for (vendor, location), vendor_quants in groups.items():
            warehouse = location.warehouse_id
            picking_type = warehouse.aftersales_supplier_return_type_id
            if not picking_type:
                raise UserError(
                    self.env._(
                        "Warehouse %(warehouse)s has no Returns to Supplier operation type: "
                        "run the after-sales set-up of its company.",
                        warehouse=warehouse.name,
                    )
                )
            destination = vendor.property_stock_supplier or picking_type.default_location_dest_id
            pickings |= pickings.create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": vendor.id,
                    "location_id": location.id,
                    "location_dest_id": destination.id,
                    "origin": self.env._("Defective parts"),
                    "move_ids": [
                        Command.create(
                            {
                                "name": quant.product_id.display_name,
                                "product_id": quant.product_id.id,
                                "product_uom": quant.product_uom_id.id,
                                "product_uom_qty": quant.quantity,
                                "location_id": location.id,
                                "location_dest_id": destination.id,
                            }
                        )
                        for quant in vendor_quants
                    ],
                }
            )
        pickings.action_confirm()
        pickings.action_assign()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("id", "in", pickings.ids)]
        if len(pickings) == 1:
            action.update({"views": [(False, "form")], "res_id": pickings.id})
        return action
