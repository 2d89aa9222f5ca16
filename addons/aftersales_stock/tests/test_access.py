# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import AftersalesStockCommon


@tagged("post_install", "-at_install")
class TestAccess(AftersalesStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_ticket = cls._create_repair_ticket(user_id=cls.user_reception.id)
        cls.other_ticket = cls._create_repair_ticket(
            technician_id=cls.user_technician_other.id, service_center_id=cls.head_office.id
        )
        cls.own_line = cls._add_part_line(cls.own_ticket, cls.part_pump)
        cls.other_line = cls._add_part_line(cls.other_ticket, cls.part_pump)

    @users("as_technician")
    def test_technician(self):
        lines = self.env["aftersales.ticket.part"].search([])
        self.assertIn(self.own_line, lines)
        self.assertNotIn(self.other_line, lines, "parts of others' cases stay hidden")
        ticket = self.own_ticket.with_user(self.env.user)
        self.env["aftersales.ticket.part"].create(
            {"ticket_id": ticket.id, "product_id": self.part_pump.id, "product_uom_qty": 2}
        )
        ticket.action_consume_parts()
        self.assertEqual(set(ticket.part_line_ids.mapped("state")), {"done"})
        with self.assertRaises(AccessError):
            self.env["aftersales.part.family"].create({"name": "No", "code": "NO"})
        with self.assertRaises(AccessError):
            self.env["stock.picking"].search([])
        with self.assertRaises(AccessError):
            self.other_line.with_user(self.env.user).product_uom_qty = 2

    @users("as_reception")
    def test_reception(self):
        lines = self.env["aftersales.ticket.part"].search([])
        self.assertIn(self.own_line, lines)
        self.assertIn(self.other_line, lines)
        with self.assertRaises(AccessError):
            self.env["aftersales.device.model"].create({"name": "No", "code": "NO"})
        with self.assertRaises(AccessError):
            self.env["aftersales.part.code.scheme"].create({"name": "No"})
        with self.assertRaisesRegex(AccessError, "warehouse keeper"):
            self.own_ticket.with_user(self.env.user).action_receive_defective_parts()
        self.assertTrue(self.env["aftersales.part.code.scheme"].search([]))

    @users("as_warehouse")
    def test_warehouse_keeper(self):
        family = self.env["aftersales.part.family"].create({"name": "Keeper Family", "code": "KF"})
        model = self.env["aftersales.device.model"].create({"name": "Keeper Model", "code": "KM"})
        part = self.env["product.template"].create(
            {
                "name": "Keeper Part",
                "is_spare_part": True,
                "part_family_id": family.id,
                "part_component_id": self.component_elec.id,
                "compatible_device_model_ids": [(6, 0, model.ids)],
            }
        )
        self.assertTrue(part.default_code, "a keeper creates coded parts")
        lines = self.env["aftersales.ticket.part"].search([])
        self.assertIn(self.other_line, lines)
        tickets = self.env["aftersales.ticket"].search([])
        self.assertIn(self.other_ticket, tickets, "keepers read every case")
        with self.assertRaises(AccessError):
            self.other_ticket.with_user(self.env.user).summary = "Changed by the keeper"
        with self.assertRaises(AccessError):
            self.env["aftersales.part.code.scheme"].create({"name": "No"})
        self.assertTrue(self.env["stock.picking"].search([], limit=1) is not None)

    @users("as_employee")
    def test_other_employees(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.ticket.part"].search([])
        with self.assertRaises(AccessError):
            self.env["aftersales.loaner"].search([])
        self.assertTrue(self.env["aftersales.part.family"].search_count([]) >= 0)

    def test_manager_is_warehouse_keeper(self):
        self.assertTrue(self.user_manager.has_group("aftersales_stock.group_aftersales_warehouse"))
        self.assertTrue(self.user_manager.has_group("stock.group_stock_user"))
        self.assertFalse(self.user_technician.has_group("stock.group_stock_user"))
