# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A case repairs its unit on Odoo's repair orders: the parts are the
repair's moves, a paid repair is quoted on the repair's sale order."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AftersalesStockCommon
from .common_unit import AftersalesUnitCommon

PAID = {
    "warranty_override": True,
    "warranty_override_state": "expired",
    "warranty_override_reason": "Bought abroad, no local warranty",
}


@tagged("post_install", "-at_install")
class TestRepairOrder(AftersalesStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_repair_ticket()
        cls.repair_type = cls.warehouse.aftersales_repair_type_id
        cls.shelf = cls.env["stock.location"].create(
            {"name": "Test Shelf A", "location_id": cls.parts_location.id, "usage": "internal"}
        )
        cls.production = cls.repair_type.default_location_dest_id
        cls.labour = cls.env["product.product"].create(
            {"name": "Test Labour Hour", "type": "service", "list_price": 30.0}
        )

    def _finish(self, repair):
        """Confirm, reserve, start and end ``repair`` as the technician does."""
        repair.action_validate()
        repair.action_assign()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")

    def _positive_quants(self, lot):
        quants = self.env["stock.quant"].search([("lot_id", "=", lot.id)])
        return {q.location_id: q.quantity for q in quants if q.quantity > 0}

    # ------------------------------------------------------------
    # Opening a repair
    # ------------------------------------------------------------

    def test_case_opens_a_repair_of_its_unit(self):
        self.assertEqual(self.ticket.warranty_state, "in_warranty")
        action = self.ticket.with_user(self.user_technician).action_create_repair_order()
        repair = self.ticket.repair_order_ids
        self.assertEqual(len(repair), 1)
        self.assertEqual((action["res_model"], action["res_id"]), ("repair.order", repair.id))
        self.assertEqual(repair.aftersales_ticket_id, self.ticket)
        self.assertEqual(repair.product_id, self.product_washer)
        self.assertEqual(repair.partner_id, self.customer)
        self.assertEqual(repair.company_id, self.ticket.company_id)
        self.assertEqual(repair.picking_type_id, self.repair_type)
        self.assertEqual(repair.picking_type_id.code, "repair_operation")
        self.assertEqual(repair.location_id, self.parts_location)
        self.assertEqual(repair.parts_location_id, self.defective_location)
        self.assertEqual(repair.location_dest_id.usage, "production")
        self.assertEqual(repair.user_id, self.user_technician)
        self.assertTrue(repair.under_warranty, "the case's warranty pays the parts")
        self.assertEqual(repair.state, "draft")
        self.assertEqual(self.ticket.repair_order_count, 1)
        self.assertEqual(self.ticket.repair_open_count, 1)
        self.assertEqual(self.ticket.repair_quotation_state, "none")
        self.assertIn(repair.name, self.ticket.message_ids[0].body)
        self.assertIn("opened", self.ticket.message_ids[0].body)

    def test_technicians_consignment_stock_comes_first(self):
        self.user_technician.action_create_aftersales_consignment_location()
        holder = self.user_technician.aftersales_consignment_location_id
        self._add_stock(self.part_pump, holder, 2)
        repair = self._open_repair(self.ticket, self.user_technician)
        self.assertEqual(repair.location_id, holder)
        move = self._add_repair_part(repair, self.part_pump, 2)
        self.assertEqual(move.location_id, holder)
        self._finish(repair)
        self.assertEqual(self._on_hand(self.part_pump, holder), 0)
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 10)

    def test_agent_case_takes_from_the_agent_consignment_stock(self):
        self.agent_tx.action_create_consignment_location()
        ticket = self._create_repair_ticket(partner_id=self.customer_tx.id, technician_id=False)
        self.assertEqual(ticket.service_center_id, self.agent_tx)
        repair = self._open_repair(ticket)
        self.assertEqual(repair.location_id, self.agent_tx.consignment_location_id)

    def test_case_without_product_repairs_on_site(self):
        self.company.aftersales_quote_acceptance_required = False
        on_site = self._create_ticket(summary="Noise, unit unknown")
        repair = self._open_repair(on_site)
        self.assertEqual(repair.aftersales_ticket_id, on_site)
        self.assertFalse(repair.product_id)
        self.assertFalse(repair.lot_id)
        self.assertFalse(repair.under_warranty, "no unit, no warranty")
        self._add_repair_part(repair, self.part_pump)
        self._finish(repair)
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 9)

    def test_closed_case_opens_no_repair(self):
        self.ticket.stage_id = self.stage_closed
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            self.ticket.action_create_repair_order()
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            self.ticket.action_create_quotation()
        self.assertFalse(self.ticket.repair_order_ids)

    def test_repair_in_another_company_is_refused(self):
        company_b = self.env["res.company"].create({"name": "Test Repair Company B"})
        repair_type_b = company_b._aftersales_warehouse().aftersales_repair_type_id
        self.assertEqual(repair_type_b.company_id, company_b)
        repair_model = self.env["repair.order"]
        with self.assertRaisesRegex(UserError, "Incompatible companies|belongs to"):
            repair_model.create(
                {
                    "aftersales_ticket_id": self.ticket.id,
                    "company_id": company_b.id,
                    "picking_type_id": repair_type_b.id,
                    "product_id": self.product_washer.id,
                }
            )
        repair_b = repair_model.create(
            {
                "company_id": company_b.id,
                "picking_type_id": repair_type_b.id,
                "product_id": self.product_washer.id,
            }
        )
        with self.assertRaisesRegex(UserError, "Incompatible companies|belongs to"):
            repair_b.aftersales_ticket_id = self.ticket

    # ------------------------------------------------------------
    # Parts
    # ------------------------------------------------------------

    def test_parts_from_a_shelf_of_the_spare_parts_stock(self):
        self._add_stock(self.part_pump, self.shelf, 5)
        shelf_serial = self.env["stock.lot"].create(
            {"name": "T-MOT-SHELF", "product_id": self.part_motor.id}
        )
        self._add_stock(self.part_motor, self.shelf, 1, lot=shelf_serial)
        old_serial = self.env["stock.lot"].create(
            {"name": "T-MOT-OLD", "product_id": self.part_motor.id}
        )
        repair = self._open_repair(self.ticket, self.user_technician)
        pump = self._add_repair_part(repair, self.part_pump, 12)
        motor = self._add_repair_part(repair, self.part_motor)
        removed = self._add_repair_part(repair, self.part_motor, line_type="remove")
        self.assertEqual(pump.aftersales_ticket_id, self.ticket)
        self.assertEqual(removed.location_id, self.production)
        self.assertEqual(removed.location_dest_id, self.defective_location)
        repair.action_validate()
        self.assertEqual(repair.state, "confirmed")
        repair.action_assign()
        # the technician picks the serial on the shelf and names the old one
        motor.lot_ids = shelf_serial
        removed.lot_ids = old_serial
        self.assertEqual(motor.move_line_ids.location_id, self.shelf)
        self.assertEqual(pump.quantity, 12, "10 in the stock, 5 on its shelf")
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual((pump | motor | removed).mapped("state"), ["done"] * 3)
        # the 10 of the spare-parts stock first, then 2 of the 5 on the shelf
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 3)
        self.assertEqual(self._on_hand(self.part_pump, self.shelf), 3)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.part_pump, self.parts_location, strict=True
            ),
            0,
        )
        # the serial fitted is in the unit, nowhere in the stock
        self.assertEqual(self._positive_quants(shelf_serial), {self.production: 1.0})
        self.assertEqual(self._on_hand(self.part_motor, self.parts_location), 3)
        # the defective part is in the defective-parts stock
        self.assertEqual(self._positive_quants(old_serial), {self.defective_location: 1.0})
        self.assertEqual(motor.move_line_ids.lot_id, shelf_serial)
        self.assertEqual(self.ticket.repair_part_move_ids, pump | motor | removed)
        self.assertEqual(self.ticket.repair_open_count, 0)

    def test_lot_tracked_part(self):
        part = self._create_part(
            "Test Gasket Kit", self.family_pump, self.component_hydro, tracking="lot"
        )
        batch = self.env["stock.lot"].create({"name": "T-GASKET-B1", "product_id": part.id})
        self._add_stock(part, self.shelf, 5, lot=batch)
        repair = self._open_repair(self.ticket)
        move = self._add_repair_part(repair, part, 2)
        self._finish(repair)
        self.assertEqual(move.move_line_ids.lot_id, batch)
        self.assertEqual(self._on_hand(part, self.shelf, lot=batch), 3)
        self.assertEqual(self._positive_quants(batch), {self.shelf: 3.0, self.production: 2.0})

    def test_parts_used_are_history(self):
        repair = self._open_repair(self.ticket)
        move = self._add_repair_part(repair, self.part_pump, 2)
        self._finish(repair)
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            move.quantity = 1
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            move.location_id = self.shelf
        self.assertEqual(move.quantity, 2)
        with self.assertRaisesRegex(UserError, "kept as history"):
            self.ticket.with_user(self.user_manager).unlink()
        draft_only = self._create_repair_ticket()
        self._open_repair(draft_only)
        draft_only.with_user(self.user_manager).unlink()
        self.assertFalse(draft_only.exists())

    # ------------------------------------------------------------
    # Fitting parts
    # ------------------------------------------------------------

    def test_part_not_fitting_is_flagged_not_blocked(self):
        repair = self._open_repair(self.ticket, self.user_technician)
        repair_form = Form(repair.with_user(self.user_technician))
        with repair_form.move_ids.new() as line:
            line.product_id = self.part_pump
        with (
            self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs,
            repair_form.move_ids.new() as line,
        ):
            line.product_id = self.part_filter
        self.assertIn("does not fit", logs.output[0])
        self.assertIn("Test AC Model", logs.output[0])
        repair = repair_form.save()
        pump = repair.move_ids.filtered(lambda m: m.product_id == self.part_pump)
        filter_move = repair.move_ids - pump
        self.assertEqual(pump.aftersales_fit_state, "fits")
        self.assertEqual(filter_move.aftersales_fit_state, "not_fitting")
        self._finish(repair.with_user(self.user_technician))
        self.assertEqual(filter_move.state, "done", "the technician decides")
        self.assertEqual(self._on_hand(self.part_filter, self.parts_location), 4)

    def test_fitting_parts_come_first_in_the_search(self):
        product = self.env["product.product"]
        plain = [pid for pid, _name in product.name_search("Test", limit=None)]
        fitting_first = [
            pid
            for pid, _name in product.with_context(
                aftersales_fit_device_model_id=self.device_washer.id
            ).name_search("Test", limit=None)
        ]
        self.assertEqual(sorted(plain), sorted(fitting_first), "the same products")
        fitting = {self.part_pump.id, self.part_motor.id}
        self.assertEqual(set(fitting_first[:2]), fitting)
        self.assertIn(self.part_filter.id, fitting_first[2:])
        first = product.with_context(
            aftersales_fit_device_model_id=self.device_washer.id
        ).name_search("Test", limit=1)
        self.assertIn(first[0][0], fitting)
        by_code = product.with_context(
            aftersales_fit_device_model_id=self.device_washer.id
        ).name_search(self.part_filter.default_code)
        self.assertEqual([pid for pid, _name in by_code], [self.part_filter.id])

    # ------------------------------------------------------------
    # Warranty
    # ------------------------------------------------------------

    def test_under_warranty_follows_the_case(self):
        done = self._open_repair(self.ticket)
        self._add_repair_part(done, self.part_pump)
        self._finish(done)
        repair = self._open_repair(self.ticket)
        self.assertTrue(repair.under_warranty)
        self.ticket.write(PAID)
        self.assertEqual(self.ticket.warranty_state, "expired")
        self.assertFalse(repair.under_warranty, "the open repair is now paid")
        self.assertTrue(done.under_warranty, "a done repair keeps its terms")
        self.ticket.write({"warranty_override": False})
        self.assertEqual(self.ticket.warranty_state, "in_warranty")
        self.assertTrue(repair.under_warranty)

    def test_warranty_change_reprices_the_quotation(self):
        ticket = self._create_repair_ticket(**PAID)
        ticket.action_create_quotation()
        repair = ticket.repair_order_ids
        line = self._add_repair_part(repair, self.part_pump, 2).sale_line_id
        self.assertEqual(line.order_id, repair.sale_order_id)
        self.assertEqual((line.product_uom_qty, line.price_unit), (2.0, 50.0))
        ticket.write({"warranty_override_state": "in_warranty"})
        self.assertTrue(repair.under_warranty)
        self.assertEqual(line.price_unit, 0.0)
        self.assertEqual(line.order_id.amount_untaxed, 0.0)

    # ------------------------------------------------------------
    # Paid repairs: quotation, acceptance, prices
    # ------------------------------------------------------------

    def test_paid_repair_waits_for_the_accepted_quotation(self):
        ticket = self._create_repair_ticket(**PAID)
        self.assertFalse(ticket._aftersales_warranty_covers("parts"))
        action = ticket.with_user(self.user_reception).action_create_quotation()
        repair = ticket.repair_order_ids
        order = repair.sale_order_id
        self.assertEqual((action["res_model"], action["res_id"]), ("sale.order", order.id))
        self.assertFalse(repair.under_warranty)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.aftersales_ticket_id, ticket)
        self.assertEqual(order.state, "draft")
        self.assertEqual(ticket.repair_quotation_state, "waiting")
        self.assertEqual(repair.aftersales_quotation_state, "waiting")
        self._add_repair_part(repair.with_user(self.user_technician), self.part_pump, 2)
        self.assertEqual(order.order_line.product_id, self.part_pump)
        repair.action_validate()
        with self.assertRaisesRegex(UserError, "not accepted the quotation"):
            repair.with_user(self.user_technician).action_repair_start()
        self.assertEqual(repair.state, "confirmed")
        order.with_user(self.user_reception).action_confirm()
        self.assertEqual(ticket.repair_quotation_state, "accepted")
        repair = repair.with_user(self.user_technician)
        repair.action_assign()
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 2.0)
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 8)
        # a second call shows the same quotation
        again = ticket.action_create_quotation()
        self.assertEqual(again["res_id"], order.id)
        self.assertEqual(ticket.repair_order_ids, repair)

    def test_paid_repair_starts_at_once_without_the_setting(self):
        self.company.aftersales_quote_acceptance_required = False
        ticket = self._create_repair_ticket(**PAID)
        repair = self._open_repair(ticket)
        self.assertFalse(repair.under_warranty)
        repair.with_user(self.user_technician).action_repair_start()
        self.assertEqual(repair.state, "under_repair")

    def test_repair_under_warranty_needs_no_quotation(self):
        repair = self._open_repair(self.ticket)
        repair.with_user(self.user_technician).action_repair_start()
        self.assertEqual(repair.state, "under_repair")

    def test_refused_quotation_cancels_the_draft_repair(self):
        ticket = self._create_repair_ticket(**PAID)
        ticket.with_user(self.user_reception).action_create_quotation()
        repair = ticket.repair_order_ids
        self._add_repair_part(repair, self.part_pump)
        order = repair.sale_order_id
        order.with_user(self.user_reception).action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(repair.state, "cancel")
        self.assertEqual(ticket.repair_quotation_state, "refused")
        self.assertIn("refused the quotation", ticket.message_ids[0].body)
        self.assertIn(order.name, ticket.message_ids[0].body)
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 10)

    def test_labour_is_free_when_the_warranty_pays_it(self):
        self.policy_appliances.scope = "labour"
        ticket = self._create_repair_ticket()
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertTrue(ticket._aftersales_warranty_covers("labour"))
        ticket.action_create_quotation()
        repair = ticket.repair_order_ids
        self.assertFalse(repair.under_warranty, "the parts are paid")
        order = repair.sale_order_id
        part_line = self._add_repair_part(repair, self.part_pump).sale_line_id
        order.order_line = [Command.create({"product_id": self.labour.id, "product_uom_qty": 2})]
        labour_line = order.order_line.filtered(lambda line: line.product_id == self.labour)
        self.assertEqual(part_line.price_unit, 50.0)
        self.assertEqual(labour_line.price_unit, 0.0)
        self.assertEqual(order.amount_untaxed, 50.0)

    def test_labour_and_parts_at_the_customers_pricelist(self):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Test Trade Customers",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": product.id,
                            "compute_price": "fixed",
                            "fixed_price": price,
                        }
                    )
                    for product, price in ((self.part_pump, 42.0), (self.labour, 25.0))
                ],
            }
        )
        self.customer.property_product_pricelist = pricelist
        ticket = self._create_repair_ticket(**PAID)
        ticket.action_create_quotation()
        order = ticket.repair_sale_order_ids
        self.assertEqual(order.pricelist_id, pricelist)
        order.order_line = [Command.create({"product_id": self.labour.id, "product_uom_qty": 1})]
        part_line = self._add_repair_part(ticket.repair_order_ids, self.part_pump, 2).sale_line_id
        self.assertEqual(part_line.price_unit, 42.0)
        labour_line = order.order_line.filtered(lambda sol: sol.product_id == self.labour)
        self.assertEqual(labour_line.price_unit, 25.0)
        self.assertEqual(order.amount_untaxed, 109.0)

    # ------------------------------------------------------------
    # The case's stages
    # ------------------------------------------------------------

    def test_unfinished_repair_blocks_the_hand_back(self):
        repair = self._open_repair(self.ticket)
        self._add_repair_part(repair, self.part_pump)
        repair.action_validate()
        for stage in (self.stage_done, self.stage_closed):
            with self.assertRaisesRegex(UserError, "not finished"):
                self.ticket.stage_id = stage
        repair.action_assign()
        repair.action_repair_start()
        with self.assertRaisesRegex(UserError, repair.name):
            self.ticket.stage_id = self.stage_done
        repair.action_repair_end()
        self.ticket.stage_id = self.stage_done
        self.assertEqual(self.ticket.stage_id, self.stage_done)

    def test_cancelled_case_cancels_its_open_repairs(self):
        confirmed = self._open_repair(self.ticket)
        move = self._add_repair_part(confirmed, self.part_pump, 4)
        confirmed.action_validate()
        confirmed.action_assign()
        self.assertEqual(move.quantity, 4)
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 6, "reserved")
        draft = self._open_repair(self.ticket)
        self.ticket.stage_id = self.stage_cancelled
        self.assertEqual(confirmed.state, "cancel")
        self.assertEqual(draft.state, "cancel")
        self.assertEqual(move.state, "cancel")
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 10, "freed")
        self.assertEqual(self.ticket.repair_open_count, 0)


@tagged("post_install", "-at_install")
class TestRepairOfAReceivedUnit(AftersalesUnitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._sell(cls.lot_1)
        cls.ticket = cls._create_repair_ticket(
            product_id=cls.product_unit.id,
            serial_number=cls.lot_1.name,
            service_center_id=cls.workshop_ca.id,
        )

    def test_repair_of_the_unit_where_it_was_received(self):
        self.ticket.action_receive_unit()
        workshop_location = self.workshop_ca.unit_location_id
        self.assertEqual(self.ticket.unit_location_id, workshop_location)
        repair = self._open_repair(self.ticket, self.user_technician)
        self.assertEqual(repair.lot_id, self.lot_1)
        self.assertEqual(repair.product_location_src_id, workshop_location)
        self.assertEqual(repair.product_location_dest_id, workshop_location)
        self._add_repair_part(repair, self.part_pump)
        repair.action_validate()
        self.assertEqual(repair.state, "confirmed", "the unit is there, owned by the customer")
        repair.action_assign()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.move_id.move_line_ids.lot_id, self.lot_1)
        self.assertEqual(self._internal_locations(self.lot_1), {workshop_location})
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", self.lot_1.id), ("location_id", "=", workshop_location.id)]
        )
        self.assertEqual(quant.owner_id, self.customer, "still the customer's unit")
        self.assertEqual(self.ticket.unit_location_id, workshop_location)

    def test_unit_not_received_keeps_the_default_locations(self):
        repair = self._open_repair(self.ticket)
        self.assertEqual(repair.lot_id, self.lot_1)
        type_ = self.warehouse.aftersales_repair_type_id
        self.assertEqual(repair.product_location_src_id, type_.default_product_location_src_id)
