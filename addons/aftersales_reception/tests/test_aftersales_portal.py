# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from urllib.parse import urlparse

from odoo import http
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AftersalesHttpCommon


@tagged("post_install", "-at_install")
class TestAftersalesPortal(AftersalesHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_portal = mail_new_test_user(
            cls.env, login="as_portal", name="Portal Pete", groups="base.group_portal"
        )
        cls.portal_partner = cls.user_portal.partner_id
        cls.portal_partner.write(
            {"city": "Fremont", "state_id": cls.state_ca.id, "country_id": cls.country.id}
        )
        cls.portal_unit = cls.env["aftersales.equipment"].create(
            {
                "partner_id": cls.portal_partner.id,
                "product_id": cls.product_washer.id,
                "serial_number": "PORTAL-SN-1",
            }
        )
        cls.own_ticket = cls._create_ticket(
            partner_id=cls.portal_partner.id,
            summary="Pete's washer",
            fault_description="Pete's washer leaks",
        )
        cls.other_ticket = cls._create_ticket(summary="Someone else's case")

    def _new_case(self, **data):
        data.setdefault("csrf_token", http.Request.csrf_token(self))
        return self.url_open("/my/aftersales/new", data=data)

    def test_list_shows_own_cases_only(self):
        self.authenticate("as_portal", "as_portal")
        page = self.url_open("/my/aftersales").text
        self.assertIn(self.own_ticket.name, page)
        self.assertNotIn(self.other_ticket.name, page)
        detail = self.url_open(f"/my/aftersales/{self.own_ticket.id}").text
        self.assertIn("Pete&#39;s washer leaks", detail)
        self.assertIn(self.own_ticket.stage_id.name, detail)

    def test_other_customers_case_redirects(self):
        self.authenticate("as_portal", "as_portal")
        response = self.url_open(f"/my/aftersales/{self.other_ticket.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))

    def test_access_token_opens_case_without_login(self):
        token = self.own_ticket._portal_ensure_token()
        page = self.url_open(f"/my/aftersales/{self.own_ticket.id}?access_token={token}").text
        self.assertIn("Pete&#39;s washer leaks", page)

    def test_open_case_for_own_unit(self):
        self.authenticate("as_portal", "as_portal")
        response = self._new_case(
            equipment_id=str(self.portal_unit.id),
            summary="Spin is noisy",
            fault_description="Loud noise at 1400 rpm",
        )
        ticket = self.env["aftersales.ticket"].search([("summary", "=", "Spin is noisy")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(urlparse(response.url).path, f"/my/aftersales/{ticket.id}")
        self.assertEqual(ticket.partner_id, self.portal_partner)
        self.assertEqual(ticket.channel, "portal")
        self.assertEqual(ticket.equipment_id, self.portal_unit)
        self.assertEqual(ticket.product_id, self.product_washer)
        self.assertEqual(ticket.service_center_id, self.workshop_ca)

    def test_refuses_case_for_another_customer(self):
        self.authenticate("as_portal", "as_portal")
        count = self.env["aftersales.ticket"].search_count([])
        page = self._new_case(
            partner_id=str(self.customer.id), summary="Sneaky", fault_description="For him"
        ).text
        self.assertIn("not for another customer", page)
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)

    def test_refuses_someone_elses_unit_and_empty_fields(self):
        self.authenticate("as_portal", "as_portal")
        count = self.env["aftersales.ticket"].search_count([])
        page = self._new_case(
            equipment_id=str(self.equipment.id), summary="X", fault_description="Y"
        ).text
        self.assertIn("not registered to you", page)
        page = self._new_case(summary="No description", fault_description="  ").text
        self.assertIn("Description", page)
        self.assertIn("No description", page, "what the customer typed is kept")
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)

    def test_portal_tour_open_and_read_case(self):
        self.start_tour("/my/aftersales", "aftersales_portal_tour", login="as_portal")
        ticket = self.env["aftersales.ticket"].search([("summary", "=", "Dryer makes a loud bang")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, self.portal_partner)
        self.assertEqual(ticket.equipment_id, self.portal_unit)
        self.assertIn("customer note from the portal", ticket.message_ids.mapped("body")[0])
