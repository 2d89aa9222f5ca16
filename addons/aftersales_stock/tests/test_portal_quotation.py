# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.aftersales_reception.tests.common import AftersalesHttpCommon
from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestPortalQuotation(AftersalesHttpCommon):
    """The customer accepts the quotation of a paid repair on the portal, with
    a signature; the work starts only then."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_portal = mail_new_test_user(
            cls.env, login="as_portal_quote", name="Portal Pete", groups="base.group_portal"
        )
        cls.env.company.portal_confirmation_sign = True
        cls.part = cls.env["product.product"].create(
            {"name": "Test Spare Pump", "type": "consu", "list_price": 45.0}
        )
        cls.ticket = cls._create_ticket(partner_id=cls.user_portal.partner_id.id)
        cls.ticket.action_create_repair_order()
        cls.repair = cls.ticket.repair_order_ids
        cls.repair.move_ids = [
            Command.create(
                {"repair_line_type": "add", "product_id": cls.part.id, "product_uom_qty": 1.0}
            )
        ]
        cls.ticket.action_create_quotation()
        cls.order = cls.repair.sale_order_id
        # no online payment asked: the signature confirms the order
        cls.order.require_payment = False
        cls.order.action_quotation_sent()

    def test_customer_accepts_the_quotation_on_the_portal(self):
        self.assertFalse(self.repair.under_warranty)
        self.assertEqual(self.ticket.repair_quotation_state, "waiting")
        self.repair._action_repair_confirm()
        with self.assertRaisesRegex(UserError, "not accepted the quotation"):
            self.repair.action_repair_start()

        self.start_tour(
            f"/my/aftersales/{self.ticket.id}",
            "aftersales_portal_quotation",
            login="as_portal_quote",
        )

        self.assertEqual(self.order.state, "sale")
        self.assertEqual(self.order.signed_by, "Portal Pete")
        self.assertTrue(self.order.signature)
        self.assertEqual(self.ticket.repair_quotation_state, "accepted")
        self.repair.action_repair_start()
        self.assertEqual(self.repair.state, "under_repair")

    def test_quotation_accepted_once(self):
        """A second acceptance of the same quotation (a double submit, a
        replayed request) changes nothing."""
        self.order.action_confirm()
        self.authenticate("as_portal_quote", "as_portal_quote")
        response = self.make_jsonrpc_request(
            f"/my/orders/{self.order.id}/accept",
            {
                "access_token": self.order._portal_ensure_token(),
                "name": "Portal Pete",
                "signature": "R0lGODlhAQABAAAAACw=",
            },
        )
        self.assertIn("error", response)
        self.assertEqual(self.order.state, "sale")
        self.assertFalse(self.order.signature, "the confirmed quotation keeps no late signature")
        self.assertEqual(len(self.ticket.repair_sale_order_ids), 1)
