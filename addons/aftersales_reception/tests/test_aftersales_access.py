# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestAftersalesAccess(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_assigned = cls._create_ticket(
            technician_id=cls.user_technician.id, summary="Assigned to Theo"
        )
        # routed to the Texas agent: Theo does not work there
        cls.ticket_elsewhere = cls._create_ticket(
            partner_id=cls.customer_tx.id, summary="Texas case", user_id=False
        )
        # routed to the California workshop, where Theo works
        cls.ticket_center = cls._create_ticket(summary="California case", user_id=False)
        cls.user_portal = mail_new_test_user(
            cls.env,
            login="as_portal",
            name="Portal Customer",
            groups="base.group_portal",
        )
        cls.user_portal.partner_id.parent_id = cls.customer_tx
        cls.user_portal_other = mail_new_test_user(
            cls.env, login="as_portal_other", groups="base.group_portal"
        )
        cls.company_b = cls.env["res.company"].create({"name": "After-Sales Company B"})
        cls.ticket_company_b = cls.env["aftersales.ticket"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company_b.id,
                "team_id": False,
                "summary": "Company B case",
            }
        )

    def _visible(self):
        return self.env["aftersales.ticket"].search([])

    @users("as_technician")
    def test_technician_sees_own_and_center_cases(self):
        visible = self._visible()
        self.assertIn(self.ticket_assigned, visible)
        self.assertIn(self.ticket_center, visible)
        self.assertNotIn(self.ticket_elsewhere, visible)
        with self.assertRaises(AccessError):
            self.env["aftersales.ticket"].browse(self.ticket_elsewhere.id).summary  # noqa: B018
        # works on them, but cannot delete or configure
        ticket = self.env["aftersales.ticket"].browse(self.ticket_assigned.id)
        ticket.stage_id = self.stage_repair
        with self.assertRaises(AccessError):
            ticket.unlink()
        with self.assertRaises(AccessError):
            self.env["aftersales.service.center"].browse(self.workshop_ca.id).name = "Renamed"
        with self.assertRaises(AccessError):
            self.env["aftersales.warranty.policy"].create({"name": "No"})

    @users("as_technician_other")
    def test_other_technician_sees_only_followed(self):
        visible = self._visible()
        self.assertNotIn(self.ticket_assigned, visible)
        self.assertNotIn(self.ticket_center, visible)

    @users("as_reception")
    def test_reception_sees_all_and_records_intake(self):
        visible = self._visible()
        for ticket in (self.ticket_assigned, self.ticket_elsewhere, self.ticket_center):
            self.assertIn(ticket, visible)
        self.assertNotIn(self.ticket_company_b, visible, "other company's cases stay hidden")
        ticket = self.env["aftersales.ticket"].create(
            {"partner_id": self.customer.id, "channel": "walk_in", "summary": "At the desk"}
        )
        self.assertEqual(ticket.user_id, self.user_reception, "the receptionist owns the case")
        self.env["aftersales.equipment"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product_ac.id,
                "serial_number": "R1",
            }
        )
        with self.assertRaises(AccessError):
            ticket.unlink()
        with self.assertRaises(AccessError):
            self.env["aftersales.stage"].create({"name": "Not allowed"})

    @users("as_manager")
    def test_manager_configures(self):
        self.env["aftersales.stage"].create({"name": "Quality hold"})
        self.env["aftersales.warranty.policy"].create({"name": "Extended 60 months"})
        self.env["aftersales.service.center"].browse(self.agent_tx.id).name = "Renamed agent"
        draft = self.env["aftersales.ticket"].create({"partner_id": self.customer.id})
        draft.unlink()

    @users("as_employee")
    def test_employee_without_group_has_no_access(self):
        with self.assertRaises(AccessError):
            self._visible()

    @users("as_portal")
    def test_portal_sees_own_company_cases_only(self):
        visible = self._visible()
        self.assertEqual(visible, self.ticket_elsewhere, "only the Houston company's case")
        with self.assertRaises(AccessError):
            visible.summary = "Changed by the customer"
        # customers open cases through the portal's form only (its whitelist
        # of fields), never straight through the ORM
        for partner in (self.env.user.partner_id, self.customer):
            with self.assertRaises(AccessError):
                self.env["aftersales.ticket"].create(
                    {"partner_id": partner.id, "summary": "Mine", "channel": "portal"}
                )

    @users("as_portal_other")
    def test_portal_other_sees_nothing(self):
        self.assertFalse(self._visible())
        self.assertFalse(self.env["aftersales.equipment"].search([]))
