# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.aftersales_stock.models.stock_warehouse import (
    AFTERSALES_LOCATIONS,
    AFTERSALES_PICKING_TYPES,
)

from .common import AftersalesStockCommon


@tagged("post_install", "-at_install")
class TestStockSetup(AftersalesStockCommon):
    def _count(self):
        location = self.env["stock.location"].with_context(active_test=False)
        picking_type = self.env["stock.picking.type"].with_context(active_test=False)
        return (
            location.search_count([]),
            picking_type.search_count([]),
            self.env["ir.sequence"].search_count([]),
        )

    def test_every_warehouse_is_set_up(self):
        warehouse = self.warehouse
        for name in AFTERSALES_LOCATIONS + tuple(AFTERSALES_PICKING_TYPES):
            self.assertTrue(warehouse[name], f"{name} is set up")
        self.assertEqual(warehouse.aftersales_parts_location_id.usage, "internal")
        self.assertEqual(warehouse.aftersales_consignment_location_id.usage, "view")
        repair_type = warehouse.aftersales_repair_type_id
        self.assertEqual(repair_type.code, "repair_operation")
        self.assertEqual(repair_type.default_location_src_id, self.parts_location)
        self.assertEqual(repair_type.default_location_dest_id.usage, "production")
        self.assertEqual(repair_type.default_remove_location_dest_id, self.defective_location)
        self.assertEqual(repair_type.default_recycle_location_dest_id, self.parts_location)
        self.assertEqual(repair_type.reservation_method, "manual")
        self.assertNotEqual(repair_type, warehouse.repair_type_id, "Odoo's own type stays")
        self.assertEqual(
            warehouse.aftersales_loan_type_id.return_picking_type_id,
            warehouse.aftersales_loan_return_type_id,
        )

    def test_setup_is_idempotent(self):
        before = self._count()
        locations = {name: self.warehouse[name] for name in AFTERSALES_LOCATIONS}
        self.env["res.company"].search([])._aftersales_stock_setup()
        self.env["res.company"].search([])._aftersales_stock_setup()
        self.assertEqual(self._count(), before)
        self.assertEqual({name: self.warehouse[name] for name in AFTERSALES_LOCATIONS}, locations)

    def test_setup_repairs_a_missing_location(self):
        self.warehouse.aftersales_defective_location_id = False
        self.warehouse.action_aftersales_setup()
        self.assertEqual(
            self.warehouse.aftersales_defective_location_id.aftersales_usage, "defective"
        )

    def test_new_company_is_set_up(self):
        company = self.env["res.company"].create({"name": "Test After-Sales Branch"})
        warehouse = company._aftersales_warehouse()
        self.assertEqual(warehouse.company_id, company)
        for name in AFTERSALES_LOCATIONS + tuple(AFTERSALES_PICKING_TYPES):
            self.assertEqual(warehouse[name].company_id, company)
        repair_type = warehouse.aftersales_repair_type_id
        self.assertEqual(repair_type.default_location_src_id.company_id, company)
        self.assertEqual(repair_type.default_remove_location_dest_id.company_id, company)

    # ------------------------------------------------------------
    # Consignment stock
    # ------------------------------------------------------------

    def test_consignment_location_per_agent_and_technician(self):
        center = self.agent_tx.with_user(self.user_warehouse)
        center.action_create_consignment_location()
        center.action_create_consignment_location()
        location = self.agent_tx.consignment_location_id
        self.assertEqual(location.location_id, self.consignment_location)
        self.assertEqual(location.aftersales_holder_center_id, self.agent_tx)
        self.assertEqual(location.usage, "internal")
        self.assertEqual(
            self.env["stock.location"].search_count(
                [("aftersales_holder_center_id", "=", self.agent_tx.id)]
            ),
            1,
            "created once",
        )
        with self.assertRaisesRegex(UserError, "not an agent workshop"):
            self.workshop_ca.action_create_consignment_location()
        self.user_technician.with_user(
            self.user_warehouse
        ).action_create_aftersales_consignment_location()
        tech_location = self.user_technician.aftersales_consignment_location_id
        self.assertEqual(tech_location.aftersales_holder_user_id, self.user_technician)
        self.assertEqual(tech_location.location_id, self.consignment_location)

    def test_replenish_and_on_hand_per_holder(self):
        self.agent_tx.action_create_consignment_location()
        holder = self.agent_tx.consignment_location_id
        action = self.agent_tx.with_user(self.user_warehouse).action_replenish_consignment()
        self.assertEqual(action["res_model"], "stock.picking")
        picking_form = Form(
            self.env["stock.picking"]
            .with_user(self.user_warehouse)
            .with_context(**action["context"])
        )
        with picking_form.move_ids_without_package.new() as move:
            move.product_id = self.part_pump
            move.product_uom_qty = 4
        picking = picking_form.save()
        self.assertEqual(picking.picking_type_id, self.warehouse.aftersales_replenish_type_id)
        self.assertEqual(picking.location_dest_id, holder)
        picking.action_confirm()
        picking.action_assign()
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._on_hand(self.part_pump, holder), 4)
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 6)
        self.assertEqual(self.agent_tx.consignment_quant_count, 1)
        quants = self.env["stock.quant"].search(
            self.agent_tx.action_view_consignment_stock()["domain"]
        )
        self.assertEqual(quants.product_id, self.part_pump)
        consignment = self.env["stock.quant"].search(
            [("location_id.aftersales_usage", "=", "holder"), ("quantity", "!=", 0)]
        )
        self.assertIn(holder, consignment.location_id)

    # ------------------------------------------------------------
    # Minimum stock
    # ------------------------------------------------------------

    def test_parts_below_minimum(self):
        orderpoint_model = self.env["stock.warehouse.orderpoint"]
        low = orderpoint_model.create(
            {
                "product_id": self.part_filter.id,
                "location_id": self.parts_location.id,
                "warehouse_id": self.warehouse.id,
                "product_min_qty": 8,
                "product_max_qty": 20,
                "trigger": "manual",
            }
        )
        enough = orderpoint_model.create(
            {
                "product_id": self.part_pump.id,
                "location_id": self.parts_location.id,
                "warehouse_id": self.warehouse.id,
                "product_min_qty": 3,
                "product_max_qty": 20,
                "trigger": "manual",
            }
        )
        below = orderpoint_model.search(
            [("is_spare_part", "=", True), ("aftersales_below_minimum", "=", True)]
        )
        self.assertIn(low, below)
        self.assertNotIn(enough, below)
        not_below = orderpoint_model.search([("aftersales_below_minimum", "=", False)])
        self.assertIn(enough, not_below)
