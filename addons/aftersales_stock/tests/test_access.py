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
        cls.own_repair = cls._open_repair(cls.own_ticket)
        cls.other_repair = cls._open_repair(cls.other_ticket)
        cls.plain_repair = cls.env["repair.order"].create(
            {"product_id": cls.product_washer.id, "partner_id": cls.customer.id}
        )

    @users("as_technician")
    def test_technician(self):
        repairs = self.env["repair.order"].search([])
        self.assertIn(self.own_repair, repairs)
        self.assertIn(self.plain_repair, repairs, "repairs outside the cases stay Odoo's")
        self.assertNotIn(self.other_repair, repairs, "repairs of others' cases stay hidden")
        ticket = self.own_ticket.with_user(self.env.user)
        repair = self._open_repair(ticket, self.env.user)
        self._add_repair_part(repair, self.part_pump, 2)
        repair.action_validate()
        repair.action_assign()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.move_ids.state, "done")
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 8)
        with self.assertRaises(AccessError):
            self.env["aftersales.part.family"].create({"name": "No", "code": "NO"})
        with self.assertRaises(AccessError):
            self.other_repair.with_user(self.env.user).internal_notes = "Not mine"
        with self.assertRaises(AccessError):
            self._add_repair_part(self.other_repair.with_user(self.env.user), self.part_pump)
        self.assertFalse(self.other_repair.move_ids)

    @users("as_reception")
    def test_reception(self):
        repairs = self.env["repair.order"].search([])
        self.assertIn(self.own_repair, repairs)
        self.assertIn(self.other_repair, repairs)
        self.other_repair.with_user(self.env.user).internal_notes = "Customer called"
        self.assertEqual(self.other_repair.internal_notes, "<p>Customer called</p>")
        with self.assertRaises(AccessError):
            self.env["aftersales.device.model"].create({"name": "No", "code": "NO"})
        with self.assertRaises(AccessError):
            self.env["aftersales.part.code.scheme"].create({"name": "No"})
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
        self.assertIn(self.other_repair, self.env["repair.order"].search([]))
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
            self.env["repair.order"].search([])
        with self.assertRaises(AccessError):
            self.env["aftersales.loaner"].search([])
        self.assertTrue(self.env["aftersales.part.family"].search_count([]) >= 0)

    def test_manager_is_warehouse_keeper(self):
        self.assertTrue(self.user_manager.has_group("aftersales_stock.group_aftersales_warehouse"))
        self.assertTrue(self.user_manager.has_group("stock.group_stock_user"))
        # technicians repair on repair orders, reception quotes paid repairs
        self.assertTrue(self.user_technician.has_group("stock.group_stock_user"))
        self.assertFalse(self.user_technician.has_group("sales_team.group_sale_salesman"))
        self.assertTrue(self.user_reception.has_group("sales_team.group_sale_salesman"))
