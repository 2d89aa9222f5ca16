# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common_unit import AftersalesUnitCommon


@tagged("post_install", "-at_install")
class TestUnitAccess(AftersalesUnitCommon):
    """Who may use the unit's wizards and what each role may change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_portal = mail_new_test_user(
            cls.env, login="as_unit_access_portal", name="Portal Percy", groups="base.group_portal"
        )
        cls._sell(cls.lot_1)
        cls.unit = cls.env["aftersales.equipment"].search([("lot_id", "=", cls.lot_1.id)])
        cls.ticket = cls._create_repair_ticket(
            product_id=cls.product_unit.id,
            serial_number=cls.lot_1.name,
            service_center_id=cls.workshop_ca.id,
        )

    def _rights(self, model, user):
        records = self.env[model].with_user(user)
        return {
            operation
            for operation in ("read", "write", "create", "unlink")
            if records.has_access(operation)
        }

    def test_wizard_rights_per_role(self):
        full = {"read", "write", "create", "unlink"}
        expected = {
            "aftersales.equipment.owner.change": {
                self.user_employee: set(),
                self.user_portal: set(),
                self.user_technician: {"read"},
                self.user_warehouse: {"read"},
                self.user_reception: full,
                self.user_manager: full,
            },
            "aftersales.ticket.unit.transfer": {
                self.user_employee: set(),
                self.user_portal: set(),
                self.user_technician: full,
                self.user_warehouse: full,
                self.user_reception: full,
                self.user_manager: full,
            },
        }
        for model, rights in expected.items():
            for user, operations in rights.items():
                with self.subTest(model=model, user=user.login):
                    self.assertEqual(self._rights(model, user), operations)

    def test_transfer_wizard_per_role(self):
        self.ticket.action_receive_unit()
        wizard_model = self.env["aftersales.ticket.unit.transfer"]
        for user in (self.user_employee, self.user_portal):
            with self.assertRaises(AccessError):
                wizard_model.with_user(user).create(
                    {"ticket_id": self.ticket.id, "center_id": self.agent_tx.id}
                )
        wizard = wizard_model.with_user(self.user_warehouse).create(
            {"ticket_id": self.ticket.id, "center_id": self.agent_tx.id}
        )
        wizard.action_apply()
        self.assertEqual(self._internal_locations(self.lot_1), {self.agent_tx.unit_location_id})

    def test_case_lot_follows_the_serial_number(self):
        for user in (self.user_reception, self.user_manager):
            with self.assertRaisesRegex(AccessError, "correct the serial number"):
                self.ticket.with_user(user).write({"lot_id": self.lot_2.id})
        self.assertEqual(self.ticket.lot_id, self.lot_1)

    def test_portal_customer_moves_no_unit(self):
        self.ticket.partner_id = self.user_portal.partner_id
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.user_portal).action_receive_unit()
        self.assertFalse(self.ticket.aftersales_picking_ids)
