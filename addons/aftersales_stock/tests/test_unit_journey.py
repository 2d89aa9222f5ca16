# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_unit import AftersalesUnitCommon


@tagged("post_install", "-at_install")
class TestUnitJourney(AftersalesUnitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._sell(cls.lot_1)
        cls.unit = cls.env["aftersales.equipment"].search([("lot_id", "=", cls.lot_1.id)])
        cls.ticket = cls._create_repair_ticket(
            product_id=cls.product_unit.id,
            serial_number=cls.lot_1.name,
            service_center_id=cls.workshop_ca.id,
        )
        cls.workshop_location = cls.workshop_ca.unit_location_id
        cls.agent_location = cls.agent_tx.unit_location_id

    def _send(self, ticket, center, user=None):
        action = ticket.with_user(user or self.env.user).action_send_unit()
        form = Form(
            self.env[action["res_model"]]
            .with_user(user or self.env.user)
            .with_context(**action["context"])
        )
        form.center_id = center
        return form.save().action_apply()

    def test_receive_send_and_hand_back(self):
        ticket = self.ticket.with_user(self.user_technician)
        self.assertEqual(ticket.equipment_id, self.unit)
        self.assertEqual(ticket.lot_id, self.lot_1)
        self.assertEqual(ticket.unit_location_id, self.customers_location)
        self.assertFalse(ticket.unit_in_stock)
        delivered = self.unit.delivery_date

        # received at the California workshop, with the customer as owner
        ticket.action_receive_unit()
        receipt = self.ticket.aftersales_picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(receipt.picking_type_id, self.warehouse.aftersales_unit_in_type_id)
        self.assertEqual(receipt.move_line_ids.lot_id, self.lot_1)
        self.assertEqual(self._internal_locations(self.lot_1), {self.workshop_location})
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", self.lot_1.id), ("location_id", "=", self.workshop_location.id)]
        )
        self.assertEqual(quant.quantity, 1.0)
        self.assertEqual(quant.owner_id, self.customer, "the unit stays the customer's")
        self.assertTrue(ticket.unit_in_stock)
        self.assertEqual(ticket.unit_location_id, self.workshop_location)
        self.assertEqual(ticket.unit_center_id, self.workshop_ca)
        self.assertEqual(ticket.unit_location_date, receipt.move_line_ids.date)
        self.assertEqual(self.ticket.aftersales_picking_count, 1)

        # to the Texas agent and back: internal transfers
        self._send(ticket, self.agent_tx, user=self.user_technician)
        self.assertEqual(self._internal_locations(self.lot_1), {self.agent_location})
        self.assertEqual(ticket.unit_center_id, self.agent_tx)
        self._send(ticket, self.workshop_ca, user=self.user_technician)
        self.assertEqual(self._internal_locations(self.lot_1), {self.workshop_location})
        transfers = self.ticket.aftersales_picking_ids - receipt
        self.assertEqual(len(transfers), 2)
        self.assertEqual(transfers.picking_type_id, self.warehouse.aftersales_unit_move_type_id)
        self.assertEqual(set(transfers.mapped("state")), {"done"})

        # handed back: out of the stock, at the customer's again
        ticket.action_hand_back_unit()
        hand_back = self.ticket.aftersales_picking_ids - receipt - transfers
        self.assertEqual(hand_back.picking_type_id, self.warehouse.aftersales_unit_out_type_id)
        self.assertEqual(hand_back.location_dest_id.usage, "customer")
        self.assertEqual(self._internal_locations(self.lot_1), set())
        self.assertEqual(self._net_quantities(self.lot_1), {self.customers_location: 1.0})
        self.assertFalse(ticket.unit_in_stock)
        self.assertEqual(ticket.unit_location_id, self.customers_location)
        # handing back sells nothing: the unit keeps its sale and warranty
        self.assertEqual(self._units(self.lot_1), self.unit)
        self.assertEqual(self.unit.delivery_date, delivered)
        self.assertEqual(self.unit.delivery_picking_id, self.order.picking_ids)
        notes = self.ticket.message_ids.mapped("body")
        self.assertTrue(any("received at" in body for body in notes))
        self.assertTrue(any("handed back" in body for body in notes))

    def test_unit_new_to_stock_gets_its_lot(self):
        ticket = self._create_repair_ticket(
            product_id=self.product_unit.id,
            serial_number="T-SW-ELSEWHERE",
            service_center_id=self.workshop_ca.id,
        )
        self.assertFalse(ticket.lot_id)
        ticket.with_user(self.user_reception).action_receive_unit()
        lot = ticket.lot_id
        self.assertEqual(lot.name, "T-SW-ELSEWHERE")
        self.assertEqual(lot.product_id, self.product_unit)
        self.assertEqual(ticket.equipment_id.lot_id, lot)
        self.assertEqual(self._internal_locations(lot), {self.workshop_location})
        ticket.action_hand_back_unit()
        self.assertEqual(self._net_quantities(lot), {})
        self.assertFalse(
            self.env["aftersales.equipment"].search_count(
                [("serial_number", "=", "T-SW-ELSEWHERE"), ("delivery_picking_id", "!=", False)]
            ),
            "a unit bought elsewhere is not sold by its hand-back",
        )

    def test_warehouse_keeper_moves_units(self):
        ticket = self.ticket.with_user(self.user_warehouse)
        ticket.action_receive_unit()
        self._send(ticket, self.head_office, user=self.user_warehouse)
        self.assertEqual(self._internal_locations(self.lot_1), {self.head_office.unit_location_id})

    # ------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------

    def test_receive_serial_already_in_stock(self):
        self.ticket.action_receive_unit()
        second = self._create_repair_ticket(
            product_id=self.product_unit.id,
            serial_number=self.lot_1.name,
            service_center_id=self.workshop_ca.id,
            summary="Same unit again",
        )
        with self.assertRaisesRegex(UserError, "already in stock") as error:
            second.action_receive_unit()
        self.assertIn(self.lot_1.name, str(error.exception))
        self.assertIn(second.name, str(error.exception))
        self.assertEqual(len(self.ticket.aftersales_picking_ids), 1)
        self.assertFalse(second.aftersales_picking_ids)
        # a serial never sold, still in the company's stock
        unsold = self._create_repair_ticket(
            product_id=self.product_unit.id,
            serial_number=self.lot_2.name,
            service_center_id=self.workshop_ca.id,
        )
        with self.assertRaisesRegex(UserError, "already in stock"):
            unsold.action_receive_unit()
        self.assertEqual(self._internal_locations(self.lot_2), {self.stock_location})

    def test_hand_back_unit_not_in_stock(self):
        with self.assertRaisesRegex(UserError, "is not in the stock of") as error:
            self.ticket.action_hand_back_unit()
        self.assertIn(self.ticket.name, str(error.exception))
        self.assertIn("Receive Unit", str(error.exception))
        with self.assertRaisesRegex(UserError, "is not in the stock of"):
            self.ticket._action_send_unit(self.agent_tx)
        self.assertFalse(self.ticket.aftersales_picking_ids)

    def test_send_to_center_of_another_company(self):
        other_company = self.env["res.company"].create({"name": "Test Other After-Sales Co"})
        other_center = self.env["aftersales.service.center"].create(
            {
                "name": "Test Other Workshop",
                "center_type": "workshop",
                "company_id": other_company.id,
                "resource_calendar_id": other_company.resource_calendar_id.id,
            }
        )
        self.assertEqual(other_center.unit_location_id.company_id, other_company)
        self.ticket.action_receive_unit()
        with self.assertRaisesRegex(UserError, "belongs to Test Other After-Sales Co") as error:
            self.ticket._action_send_unit(other_center)
        self.assertIn(self.ticket.name, str(error.exception))
        self.assertEqual(self._internal_locations(self.lot_1), {self.workshop_location})

    def test_send_where_the_unit_is(self):
        self.ticket.action_receive_unit()
        with self.assertRaisesRegex(UserError, "already at"):
            self.ticket._action_send_unit(self.workshop_ca)

    def test_untracked_product_cannot_move(self):
        ticket = self._create_repair_ticket(service_center_id=self.workshop_ca.id)
        with self.assertRaisesRegex(UserError, "not tracked by unique serial number"):
            ticket.action_receive_unit()
        no_serial = self._create_repair_ticket(
            product_id=self.product_unit.id, serial_number=False, summary="No serial"
        )
        with self.assertRaisesRegex(UserError, "needs the unit's product and serial number"):
            no_serial.action_receive_unit()

    def test_closed_case_receives_nothing_but_hands_back(self):
        self.ticket.action_receive_unit()
        self.ticket.stage_id = self.stage_cancelled
        with self.assertRaisesRegex(UserError, "is closed: reopen it"):
            self.ticket._action_send_unit(self.agent_tx)
        self.ticket.action_hand_back_unit()
        self.assertEqual(self._internal_locations(self.lot_1), set())
        with self.assertRaisesRegex(UserError, "is closed: reopen it"):
            self.ticket.action_receive_unit()

    def test_receive_needs_a_service_center(self):
        self.ticket.service_center_id = False
        with self.assertRaisesRegex(UserError, "has no service center"):
            self.ticket.action_receive_unit()

    def test_rights_to_move_units(self):
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.user_employee).action_receive_unit()
        # a technician acts on the cases they see only
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.user_technician_other).action_receive_unit()
        self.assertFalse(self.ticket.aftersales_picking_ids)

    # ------------------------------------------------------------
    # Set-up
    # ------------------------------------------------------------

    def _count(self):
        location = self.env["stock.location"].with_context(active_test=False)
        picking_type = self.env["stock.picking.type"].with_context(active_test=False)
        return (location.search_count([]), picking_type.search_count([]))

    def test_every_center_has_its_units_location(self):
        units_parent = self.warehouse.aftersales_units_location_id
        self.assertEqual(units_parent.usage, "view")
        self.assertEqual(units_parent.aftersales_usage, "units")
        for center in self.head_office | self.workshop_ca | self.agent_tx:
            location = center.unit_location_id
            self.assertEqual(location.location_id, units_parent)
            self.assertEqual(location.usage, "internal")
            self.assertEqual(location.aftersales_unit_center_id, center)
        unit_in = self.warehouse.aftersales_unit_in_type_id
        self.assertEqual(unit_in.code, "incoming")
        self.assertEqual(unit_in.default_location_dest_id, units_parent)
        self.assertEqual(unit_in.return_picking_type_id, self.warehouse.aftersales_unit_out_type_id)
        self.assertEqual(self.warehouse.aftersales_unit_move_type_id.code, "internal")
        self.assertEqual(self.warehouse.aftersales_unit_out_type_id.code, "outgoing")

    def test_setup_twice_creates_nothing_twice(self):
        before = self._count()
        centers = self.env["aftersales.service.center"].search([])
        locations = {center: center.unit_location_id for center in centers}
        self.env["res.company"].search([])._aftersales_stock_setup()
        self.env["res.company"].search([])._aftersales_stock_setup()
        centers._aftersales_setup_unit_location()
        self.assertEqual(self._count(), before)
        self.assertEqual({center: center.unit_location_id for center in centers}, locations)

    def test_new_center_and_company_are_set_up(self):
        before = self._count()
        center = self.env["aftersales.service.center"].create(
            {"name": "Test Nevada Workshop", "center_type": "workshop"}
        )
        self.assertEqual(self._count()[0], before[0] + 1, "one location for the new center")
        self.assertEqual(center.unit_location_id.aftersales_unit_center_id, center)
        # a lost link is found again, not created twice
        location = center.unit_location_id
        center.unit_location_id = False
        center._aftersales_setup_unit_location()
        self.assertEqual(center.unit_location_id, location)
        company = self.env["res.company"].create({"name": "Test Unit Branch"})
        warehouse = company._aftersales_warehouse()
        self.assertEqual(warehouse.aftersales_unit_in_type_id.company_id, company)
        self.assertEqual(warehouse.aftersales_units_location_id.company_id, company)

    def test_lost_operation_type_is_set_up_again(self):
        self.warehouse.aftersales_unit_out_type_id = False
        self.ticket.action_receive_unit()
        self.ticket.action_hand_back_unit()
        self.assertEqual(
            self.ticket.aftersales_picking_ids.filtered(
                lambda picking: picking.picking_type_code == "outgoing"
            ).picking_type_id,
            self.warehouse.aftersales_unit_out_type_id,
        )
