# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import AftersalesStockCommon


@tagged("post_install", "-at_install")
class TestStockTour(AftersalesStockCommon, HttpCase):
    def test_technician_adds_parts_and_consumes_them(self):
        self.part_pump.product_tmpl_id.name = "Tour Drain Pump"
        ticket = self._create_repair_ticket(summary="Tour washer does not drain")
        self.start_tour(
            f"/odoo/aftersales/{ticket.id}", "aftersales_stock_ticket_parts", login="as_technician"
        )
        line = ticket.part_line_ids
        self.assertEqual(line.product_id, self.part_pump)
        self.assertEqual(line.product_uom_qty, 2)
        self.assertEqual(line.state, "done")
        self.assertEqual(line.move_ids.state, "done")
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 8)
