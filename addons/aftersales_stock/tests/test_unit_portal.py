# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.tests import tagged
from odoo.tools import format_datetime, mute_logger

from odoo.addons.aftersales_reception.tests.common import AftersalesHttpCommon
from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestUnitPortal(AftersalesHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_portal = mail_new_test_user(
            cls.env, login="as_unit_portal", name="Portal Paula", groups="base.group_portal"
        )
        cls.portal_partner = cls.user_portal.partner_id
        # a customer of California: dates on her pages are in her time zone
        cls.portal_partner.write(
            {
                "city": "Fremont",
                "state_id": cls.state_ca.id,
                "country_id": cls.country.id,
                "tz": "America/Los_Angeles",
            }
        )
        cls.product_unit = cls.env["product.product"].create(
            {
                "name": "Test Serial Dryer",
                "categ_id": cls.categ_appliances.id,
                "is_storable": True,
                "tracking": "serial",
            }
        )
        cls.ticket = cls._create_ticket(
            partner_id=cls.portal_partner.id,
            product_id=cls.product_unit.id,
            serial_number="T-DRY-1",
            summary="Paula's dryer",
            service_center_id=cls.workshop_ca.id,
        )

    def _page(self):
        self.authenticate("as_unit_portal", "as_unit_portal")
        return self.url_open(f"/my/aftersales/{self.ticket.id}").text

    def test_portal_shows_where_the_unit_is(self):
        page = self._page()
        self.assertNotIn("o_aftersales_unit_location", page, "not received yet")
        self.ticket.action_receive_unit()
        since = format_datetime(
            self.env, self.ticket.unit_location_date, tz=self.user_portal.tz, dt_format="d MMM"
        )
        page = self._page()
        self.assertIn("o_aftersales_unit_location", page)
        self.assertIn("Test California Workshop", page)
        self.assertIn(since, page)
        self.ticket.action_hand_back_unit()
        self.assertNotIn("o_aftersales_unit_location", self._page(), "back with the customer")

    def test_portal_reads_the_unit_fields_only(self):
        self.ticket.action_receive_unit()
        self.authenticate("as_unit_portal", "as_unit_portal")
        values = self.make_jsonrpc_request(
            "/web/dataset/call_kw/aftersales.ticket/read",
            {
                "model": "aftersales.ticket",
                "method": "read",
                "args": [[self.ticket.id], ["unit_center_id", "unit_location_date"]],
                "kwargs": {},
            },
        )
        self.assertEqual(values[0]["unit_center_id"][0], self.workshop_ca.id)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "aftersales.ticket",
                "method": "read",
                "args": [[self.ticket.id], ["lot_partner_id"]],
                "kwargs": {},
            },
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw/aftersales.ticket/read",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        error = response.json().get("error")
        self.assertTrue(error, "whom else the serial went to is not for customers")
        self.assertTrue(error["data"]["name"].endswith("AccessError"))
        self.assertIn("lot_partner_id", error["data"]["message"])
