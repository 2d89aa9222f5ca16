# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import tagged

from .common import AftersalesHttpCommon


@tagged("post_install", "-at_install")
class TestAftersalesCallerTour(AftersalesHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        germany = cls.env.ref("base.de")
        # numbers without a country prefix are read in the company's country
        cls.company.country_id = germany
        cls.caller = cls.env["res.partner"].create(
            {"name": "Tour Caller Kunde", "phone": "+49 30 1234567", "country_id": germany.id}
        )
        cls.caller_unit = cls.env["aftersales.equipment"].create(
            {
                "partner_id": cls.caller.id,
                "product_id": cls.product_washer.id,
                "serial_number": "TOUR-CALL-SN",
                "purchase_date": date(2026, 1, 10),
            }
        )
        cls.caller_case = cls._create_ticket(
            partner_id=cls.caller.id,
            equipment_id=cls.caller_unit.id,
            summary="Washer leaks",
        )

    def test_caller_card_opens_a_phone_case_for_the_known_caller(self):
        self.start_tour(
            "/odoo/aftersales/caller?number=030 1234567",
            "aftersales_caller_card_tour",
            login="as_reception",
        )
        card = self.env["aftersales.caller"].search([("number", "=", "030 1234567")])
        self.assertEqual(card.partner_id, self.caller)
        self.assertEqual(card.equipment_ids, self.caller_unit)
        self.assertIn(self.caller_case, card.ticket_ids)
        self.assertTrue(self.caller_case.name.startswith("AS/"))
        cases = self.env["aftersales.ticket"].search([("partner_id", "=", self.caller.id)])
        new_case = cases - self.caller_case
        self.assertEqual(len(new_case), 1)
        self.assertEqual(new_case.channel, "phone")
        self.assertEqual(new_case.summary, "Dishwasher does not heat")
        self.assertEqual(new_case.fault_description, "The water stays cold since yesterday.")
        self.assertEqual(new_case.user_id, self.user_reception)

    def test_caller_card_of_an_unknown_number(self):
        count = self.env["aftersales.ticket"].search_count([])
        self.start_tour(
            "/odoo/aftersales/caller?number=030 7654321",
            "aftersales_caller_unknown_tour",
            login="as_reception",
        )
        card = self.env["aftersales.caller"].search([("number", "=", "030 7654321")])
        self.assertEqual(len(card), 1)
        self.assertTrue(card.is_unknown)
        self.assertFalse(card.partner_id)
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)
