# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import AftersalesStockCommon


@tagged("post_install", "-at_install")
class TestStockTour(AftersalesStockCommon, HttpCase):
    def test_technician_repairs_the_unit_of_a_case(self):
        self.part_pump.product_tmpl_id.name = "Tour Drain Pump"
        # the tour types the code's family, component and device model
        self.assertTrue(self.part_pump.default_code.startswith("TPMH-TW100"))
        self.assertFalse(
            self.part_filter.default_code.startswith("TPMH-TW100"), "one part for that code"
        )
        ticket = self._create_repair_ticket(summary="Tour washer does not drain")
        self.start_tour(
            f"/odoo/aftersales/{ticket.id}", "aftersales_stock_ticket_repair", login="as_technician"
        )
        repair = ticket.repair_order_ids
        self.assertEqual(len(repair), 1)
        self.assertEqual(repair.state, "confirmed")
        self.assertEqual(repair.picking_type_id, self.warehouse.aftersales_repair_type_id)
        self.assertEqual(repair.user_id, self.user_technician)
        move = repair.move_ids
        self.assertEqual(move.product_id, self.part_pump)
        self.assertEqual(move.product_uom_qty, 2)
        self.assertEqual(move.repair_line_type, "add")
        self.assertEqual(move.aftersales_ticket_id, ticket)
        self.assertEqual(move.location_id, self.parts_location)
        self.assertEqual(move.state, "confirmed", "reserved when the technician picks it")
