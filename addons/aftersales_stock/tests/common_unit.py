# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customers' units on top of the spare-parts fixtures: a serial-tracked
appliance with three serials in stock, sold and delivered through Odoo's own
sale orders and deliveries."""

from odoo import Command

from .common import AftersalesStockCommon


class AftersalesUnitCommon(AftersalesStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customers_location = cls.env.ref("stock.stock_location_customers")
        cls.product_unit = cls.env["product.product"].create(
            {
                "name": "Test Serial Washer",
                "default_code": "T-SWASH",
                "categ_id": cls.categ_appliances.id,
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 500.0,
            }
        )
        cls.unit_lots = cls.env["stock.lot"].create(
            [{"name": f"T-SW-{index}", "product_id": cls.product_unit.id} for index in range(1, 4)]
        )
        for lot in cls.unit_lots:
            cls._add_stock(cls.product_unit, cls.stock_location, 1, lot=lot)
        cls.lot_1, cls.lot_2, cls.lot_3 = cls.unit_lots

    # ------------------------------------------------------------
    # Sales and deliveries
    # ------------------------------------------------------------

    @classmethod
    def _sell(cls, lots, partner=None, **values):
        """Sell and deliver ``lots`` to ``partner`` (a sale order, its
        delivery validated with exactly these serials)."""
        vals = {
            "partner_id": (partner or cls.customer).id,
            "order_line": [
                Command.create({"product_id": cls.product_unit.id, "product_uom_qty": len(lots)})
            ],
        }
        vals.update(values)
        order = cls.env["sale.order"].create(vals)
        order.action_confirm()
        cls._validate_with_lots(order.picking_ids, lots)
        return order

    @classmethod
    def _validate_with_lots(cls, picking, lots):
        """Validate ``picking`` (one move) with exactly the serials ``lots``."""
        picking.do_unreserve()
        move = picking.move_ids
        lines = move.move_line_ids
        lines.unlink()
        cls.env["stock.move.line"].create(
            [
                dict(move._prepare_move_line_vals(), lot_id=lot.id, quantity=1.0, picked=True)
                for lot in lots
            ]
        )
        picking.button_validate()
        return picking

    @classmethod
    def _return(cls, picking):
        """Return ``picking`` entirely with Odoo's return wizard, validated."""
        wizard = (
            cls.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        action = wizard.action_create_returns_all()
        returned = cls.env["stock.picking"].browse(action["res_id"])
        returned.action_assign()
        lots = picking.move_line_ids.lot_id
        return cls._validate_with_lots(returned, lots)

    @classmethod
    def _ship(cls, lots, partner, source=None, destination=None, picking_type=None):
        """A delivery of ``lots`` to ``partner`` without a sale order."""
        picking_type = picking_type or cls.warehouse.out_type_id
        source = source or cls.stock_location
        destination = destination or cls.customers_location
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": cls.product_unit.name,
                            "product_id": cls.product_unit.id,
                            "product_uom": cls.product_unit.uom_id.id,
                            "product_uom_qty": len(lots),
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return cls._validate_with_lots(picking, lots)

    # ------------------------------------------------------------
    # Where the serials are
    # ------------------------------------------------------------

    def _units(self, lot):
        return (
            self.env["aftersales.equipment"]
            .with_context(active_test=False)
            .search([("lot_id", "=", lot.id)])
        )

    def _net_quantities(self, lot):
        """Quantity of ``lot`` per location (owners together), zero left out."""
        quantities = {}
        for quant in self.env["stock.quant"].search([("lot_id", "=", lot.id)]):
            quantities.setdefault(quant.location_id, 0.0)
            quantities[quant.location_id] += quant.quantity
        return {location: qty for location, qty in quantities.items() if qty}

    def _internal_locations(self, lot):
        return {
            location
            for location, qty in self._net_quantities(lot).items()
            if location.usage == "internal" and qty > 0
        }
