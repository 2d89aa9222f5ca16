# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import tagged

from .common import AftersalesHttpCommon


@tagged("post_install", "-at_install")
class TestAftersalesReceptionTour(AftersalesHttpCommon):
    def test_walk_in_intake_tour(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Walk-in Customer",
                "phone": "+1 510 555 0199",
                "city": "Fremont",
                "state_id": self.state_ca.id,
                "country_id": self.country.id,
            }
        )
        unit = self.env["aftersales.equipment"].create(
            {
                "partner_id": customer.id,
                "product_id": self.product_washer.id,
                "serial_number": "TOUR-SN-1",
                "purchase_date": date.today(),
            }
        )
        self.start_tour(
            "/odoo/action-aftersales_reception.aftersales_ticket_action_intake",
            "aftersales_reception_walk_in_tour",
            login="as_reception",
        )
        ticket = self.env["aftersales.ticket"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.channel, "walk_in")
        self.assertEqual(ticket.equipment_id, unit)
        self.assertEqual(ticket.user_id, self.user_reception)
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(ticket.service_center_id, self.workshop_ca)
        self.assertEqual(ticket.summary, "Drum does not spin")
