# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..examples.create_case_jsonrpc import call, create_case
from .common import AftersalesHttpCommon


@tagged("post_install", "-at_install")
class TestAftersalesApi(AftersalesHttpCommon):
    def test_documented_jsonrpc_example_opens_a_case(self):
        """The example shipped in examples/ works against a live server."""
        case_id, reference = create_case(
            self.base_url(),
            self.env.cr.dbname,
            "as_reception",
            "as_reception",
            self.customer.email,
            "Unit reported by the e-shop",
            "Does not power on",
            serial="T-WASH-0001",
        )
        ticket = self.env["aftersales.ticket"].browse(case_id)
        self.assertEqual(ticket.name, reference)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.channel, "api")
        self.assertEqual(ticket.equipment_id, self.equipment)
        self.assertEqual(ticket.user_id, self.user_reception)

    def test_api_refuses_bad_input_with_a_clear_message(self):
        url, db = self.base_url(), self.env.cr.dbname
        uid = call(url, "common", "login", db, "as_reception", "as_reception")
        values = {
            "partner_id": self.customer.id,
            "product_id": self.product_ac.id,
            "serial_number": "T-WASH-0001",
        }
        count = self.env["aftersales.ticket"].search_count([])
        with self.assertRaisesRegex(RuntimeError, "is registered for"), mute_logger("odoo.http"):
            call(
                url,
                "object",
                "execute_kw",
                db,
                uid,
                "as_reception",
                "aftersales.ticket",
                "create",
                [values],
                {},
            )
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)
