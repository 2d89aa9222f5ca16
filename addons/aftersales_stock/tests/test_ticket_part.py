# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesStockCommon


@tagged("post_install", "-at_install")
class TestTicketPart(AftersalesStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_repair_ticket()

    # ------------------------------------------------------------
    # Reserve and consume
    # ------------------------------------------------------------

    def test_reserve_creates_a_transfer_with_the_case_as_origin(self):
        line = self._add_part_line(self.ticket, self.part_pump, 2)
        self.assertEqual(line.location_id, self.parts_location)
        self.assertEqual(line.state, "draft")
        self.ticket.with_user(self.user_technician).action_confirm_parts()
        self.assertEqual(line.state, "confirmed")
        move = line.move_ids
        picking = move.picking_id
        self.assertEqual(picking.origin, self.ticket.name)
        self.assertEqual(picking.aftersales_ticket_id, self.ticket)
        self.assertEqual(move.aftersales_ticket_id, self.ticket)
        self.assertEqual(picking.picking_type_id, self.warehouse.aftersales_consume_type_id)
        self.assertEqual(picking.partner_id, self.ticket.partner_id)
        self.assertEqual(move.state, "assigned")
        self.assertEqual(line.transfer_name, picking.name)
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 8, "reserved")
        self.assertEqual(self.ticket.aftersales_picking_count, 1)

    def test_consume_takes_the_parts_out_of_stock(self):
        line = self._add_part_line(self.ticket, self.part_pump, 3)
        self.ticket.with_user(self.user_technician).action_consume_parts()
        self.assertEqual(line.state, "done")
        move = line.move_ids
        self.assertEqual(move.state, "done")
        self.assertEqual(move.location_dest_id.aftersales_usage, "consumption")
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.part_pump.id), ("location_id", "=", self.parts_location.id)]
        )
        self.assertEqual(quant.quantity, 7)
        self.assertIn("Parts consumed", self.ticket.message_ids[0].body)
        self.assertEqual(self.ticket.part_to_consume_count, 0)

    def test_each_line_keeps_its_own_move(self):
        first = self._add_part_line(self.ticket, self.part_pump, 1)
        second = self._add_part_line(self.ticket, self.part_pump, 2)
        self.ticket.action_consume_parts()
        self.assertEqual(first.move_ids.product_uom_qty, 1)
        self.assertEqual(second.move_ids.product_uom_qty, 2)
        self.assertEqual(first.move_ids.picking_id, second.move_ids.picking_id)
        self.assertEqual((first | second).mapped("state"), ["done", "done"])

    def test_consume_from_the_technicians_consignment_stock(self):
        self.user_technician.action_create_aftersales_consignment_location()
        holder = self.user_technician.aftersales_consignment_location_id
        self._add_stock(self.part_pump, holder, 2)
        ticket = self._create_repair_ticket()
        line = self._add_part_line(ticket, self.part_pump, 2)
        self.assertEqual(line.location_id, holder, "the technician's own stock comes first")
        ticket.with_user(self.user_technician).action_consume_parts()
        self.assertEqual(self._on_hand(self.part_pump, holder), 0)
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 10)
        self.assertEqual(line.move_ids.location_id, holder)

    def test_agent_case_takes_from_the_agent_consignment_stock(self):
        self.agent_tx.action_create_consignment_location()
        ticket = self._create_repair_ticket(partner_id=self.customer_tx.id, technician_id=False)
        self.assertEqual(ticket.service_center_id, self.agent_tx)
        line = self._add_part_line(ticket, self.part_pump)
        self.assertEqual(line.location_id, self.agent_tx.consignment_location_id)

    def test_serial_part_records_the_consumed_serial(self):
        line = self._add_part_line(self.ticket, self.part_motor)
        self.ticket.action_consume_parts()
        self.assertEqual(line.state, "done")
        self.assertIn(line.lot_id, self.motor_lots)
        self.assertEqual(line.move_ids.move_line_ids.lot_id, line.lot_id)

    def test_chosen_serial_is_the_one_consumed(self):
        lot = self.motor_lots[2]
        line = self._add_part_line(self.ticket, self.part_motor, lot_id=lot.id)
        self.ticket.action_confirm_parts()
        self.assertEqual(line.move_ids.move_line_ids.lot_id, lot)
        self.ticket.action_consume_parts()
        self.assertEqual(self._on_hand(self.part_motor, self.parts_location, lot=lot), 0)
        self.assertEqual(self._on_hand(self.part_motor, self.parts_location), 2)

    def test_cancel_a_reserved_line_frees_the_stock(self):
        line = self._add_part_line(self.ticket, self.part_pump, 4)
        self.ticket.action_confirm_parts()
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 6)
        line.action_cancel()
        self.assertEqual(line.state, "cancel")
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 10)

    def test_cancelling_the_case_frees_its_parts(self):
        self._add_part_line(self.ticket, self.part_pump, 4)
        self.ticket.action_confirm_parts()
        self.ticket.stage_id = self.stage_cancelled
        self.assertEqual(self.ticket.part_line_ids.state, "cancel")
        self.assertEqual(self._on_hand(self.part_pump, self.parts_location), 10)

    def test_reserved_parts_block_the_hand_back(self):
        self._add_part_line(self.ticket, self.part_pump)
        self.ticket.action_confirm_parts()
        with self.assertRaisesRegex(UserError, "still reserved"):
            self.ticket.stage_id = self.stage_done
        self.ticket.action_consume_parts()
        self.ticket.stage_id = self.stage_done
        self.assertEqual(self.ticket.stage_id, self.stage_done)

    @freeze_time("2026-06-01 09:00:00")
    def test_warranty_decides_the_billing(self):
        self.equipment.purchase_date = date(2026, 1, 10)
        in_warranty = self._create_repair_ticket()
        self.assertEqual(in_warranty.warranty_state, "in_warranty")
        line = self._add_part_line(in_warranty, self.part_pump, 2)
        self.assertEqual(line.charge_type, "warranty")
        self.assertEqual(line.price_subtotal, 0)
        self.equipment.purchase_date = date(2020, 1, 10)
        expired = self._create_repair_ticket()
        self.assertEqual(expired.warranty_state, "expired")
        line = self._add_part_line(expired, self.part_pump, 2)
        self.assertEqual(line.charge_type, "chargeable")
        self.assertEqual(line.price_subtotal, 100)
        self.assertEqual(expired.part_chargeable_amount, 100)

    # ------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------

    def test_more_than_available_is_refused(self):
        line = self._add_part_line(self.ticket, self.part_pump, 11)
        pickings_before = self.env["stock.picking"].search_count([])
        with self.assertRaisesRegex(
            UserError, "11.0 Units needed in WH/Spare Parts, 10.0 available"
        ):
            self.ticket.with_user(self.user_technician).action_consume_parts()
        self.assertEqual(line.state, "draft", "nothing was lost or half done")
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings_before)
        # two lines together also count
        line.product_uom_qty = 6
        self._add_part_line(self.ticket, self.part_pump, 6)
        with self.assertRaisesRegex(UserError, "Not enough stock"):
            self.ticket.action_confirm_parts()

    def test_serial_of_another_product_is_refused(self):
        other_lot = self.env["stock.lot"].create(
            {"name": "T-PUMP-LOT", "product_id": self.part_filter.id}
        )
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            self._add_part_line(self.ticket, self.part_pump, lot_id=other_lot.id)
        with self.assertRaisesRegex(ValidationError, "one line per serial"):
            self._add_part_line(self.ticket, self.part_motor, 2, lot_id=self.motor_lots[0].id)

    def test_zero_or_negative_quantity_is_refused(self):
        for quantity in (0, -1):
            with self.assertRaisesRegex(ValidationError, "must be positive"):
                self._add_part_line(self.ticket, self.part_pump, quantity)
        line = self._add_part_line(self.ticket, self.part_pump, 1)
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            line.product_uom_qty = -2

    def test_part_not_fitting_needs_a_manager(self):
        ticket_form = Form(self.ticket.with_user(self.user_technician))
        with (
            self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs,
            ticket_form.part_line_ids.new() as line_form,
        ):
            line_form.product_id = self.part_filter
            self.assertEqual(line_form.fit_state, "not_fitting")
        self.assertIn("does not fit", logs.output[0])
        ticket = ticket_form.save()
        line = ticket.part_line_ids
        with self.assertRaisesRegex(UserError, "not listed as fitting"):
            ticket.with_user(self.user_technician).action_confirm_parts()
        with self.assertRaisesRegex(AccessError, "Only an after-sales manager"):
            line.with_user(self.user_technician).fit_override = True
        line.with_user(self.user_manager).fit_override = True
        self.assertIn("Fit check overridden", ticket.message_ids[0].body)
        ticket.with_user(self.user_technician).action_confirm_parts()
        self.assertEqual(line.state, "confirmed")

    def test_unknown_or_mistyped_part_code(self):
        ticket_form = Form(self.ticket.with_user(self.user_technician))
        with ticket_form.part_line_ids.new() as line_form:
            line_form.part_code = self.part_pump.default_code
            self.assertEqual(line_form.product_id, self.part_pump)
        with (
            self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs,
            ticket_form.part_line_ids.new() as line_form,
        ):
            code = self.part_motor.default_code
            typo = code[:-2] + ("7" if code[-2] != "7" else "8") + code[-1]
            line_form.product_id = self.part_pump
            line_form.part_code = typo
            self.assertEqual(
                line_form.product_id, self.part_pump, "a mistyped code changes nothing"
            )
        self.assertIn("probably mistyped", logs.output[0])
        self.assertEqual(len(ticket_form.save().part_line_ids), 2)
        with self.assertRaisesRegex(ValidationError, "probably mistyped"):
            self.env["aftersales.ticket.part"].create(
                {"ticket_id": self.ticket.id, "product_id": self.part_pump.id, "part_code": typo}
            )

    def test_done_parts_and_moves_cannot_be_edited(self):
        line = self._add_part_line(self.ticket, self.part_pump, 2)
        self.ticket.action_consume_parts()
        with self.assertRaisesRegex(UserError, "reserved or consumed"):
            line.with_user(self.user_technician).product_uom_qty = 1
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            line.move_ids.quantity = 1
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            line.move_ids.move_line_ids.quantity = 5
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            line.unlink()
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            line.action_cancel()
        self.assertEqual(line.move_ids.quantity, 2)

    def test_case_with_used_parts_is_kept(self):
        self._add_part_line(self.ticket, self.part_pump)
        self.ticket.action_consume_parts()
        with self.assertRaisesRegex(UserError, "kept as"):
            self.ticket.with_user(self.user_manager).unlink()
        draft_only = self._create_repair_ticket()
        self._add_part_line(draft_only, self.part_pump)
        draft_only.with_user(self.user_manager).unlink()
        self.assertFalse(draft_only.exists())

    def test_closed_case_takes_no_parts(self):
        self._add_part_line(self.ticket, self.part_pump)
        self.ticket.stage_id = self.stage_closed
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            self.ticket.action_consume_parts()

    # ------------------------------------------------------------
    # Defective parts
    # ------------------------------------------------------------

    def _consume_with_defective_back(self, product, **values):
        line = self._add_part_line(self.ticket, product, return_defective=True, **values)
        self.ticket.action_consume_parts()
        return line

    def test_defective_part_comes_back_with_the_case_as_origin(self):
        line = self._consume_with_defective_back(self.part_pump)
        self.assertEqual(line.defective_state, "to_receive")
        receipt = line.defective_move_ids.picking_id
        self.assertEqual(receipt.origin, self.ticket.name)
        self.assertEqual(receipt.aftersales_ticket_id, self.ticket)
        self.assertEqual(receipt.location_dest_id, self.defective_location)
        with self.assertRaisesRegex(UserError, "warehouse keeper"):
            self.ticket.with_user(self.user_technician).action_receive_defective_parts()
        self.ticket.with_user(self.user_warehouse).action_receive_defective_parts()
        self.assertEqual(line.defective_state, "received")
        self.assertEqual(receipt.state, "done")
        self.assertEqual(self._on_hand(self.part_pump, self.defective_location), 1)

    def test_defective_serial_is_required_and_recorded(self):
        line = self._consume_with_defective_back(self.part_motor)
        with self.assertRaisesRegex(UserError, "Defective Serial"):
            self.ticket.with_user(self.user_warehouse).action_receive_defective_parts()
        line.defective_lot_name = "OLD-MOTOR-77"
        self.ticket.with_user(self.user_warehouse).action_receive_defective_parts()
        quant = self.env["stock.quant"].search(
            [
                ("location_id", "=", self.defective_location.id),
                ("product_id", "=", self.part_motor.id),
            ]
        )
        self.assertEqual(quant.lot_id.name, "OLD-MOTOR-77")

    def test_defective_parts_are_scrapped_or_returned_to_the_supplier(self):
        vendor = self.env["res.partner"].create({"name": "Test Pump Maker"})
        self.part_pump.product_tmpl_id.seller_ids = [Command.create({"partner_id": vendor.id})]
        self._add_stock(self.part_pump, self.defective_location, 3)
        quant = self.env["stock.quant"].search(
            [
                ("location_id", "=", self.defective_location.id),
                ("product_id", "=", self.part_pump.id),
            ]
        )
        action = quant.with_user(self.user_warehouse).action_aftersales_return_to_supplier()
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(picking.partner_id, vendor)
        self.assertEqual(picking.location_id, self.defective_location)
        self.assertEqual(picking.picking_type_id, self.warehouse.aftersales_supplier_return_type_id)
        self.assertEqual(picking.move_ids.product_uom_qty, 3)
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True).button_validate()
        self.assertEqual(self._on_hand(self.part_pump, self.defective_location), 1)
        quant.with_user(self.user_warehouse).action_aftersales_scrap()
        scrap = self.env["stock.scrap"].search([("product_id", "=", self.part_pump.id)])
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.location_id, self.defective_location)
        self.assertEqual(self._on_hand(self.part_pump, self.defective_location), 0)
        with self.assertRaisesRegex(UserError, "Defective Parts location"):
            self.env["stock.quant"].search(
                [("location_id", "=", self.parts_location.id)], limit=1
            ).action_aftersales_scrap()

    # ------------------------------------------------------------
    # Scale
    # ------------------------------------------------------------

    def test_consumption_queries_stay_flat(self):
        """Consuming parts of many cases at once costs about the same number of
        queries per case, whatever the number of cases."""

        def run(count):
            tickets = self.env["aftersales.ticket"].create(
                [
                    {
                        "partner_id": self.customer.id,
                        "team_id": self.team.id,
                        "product_id": self.product_washer.id,
                        "summary": f"Bulk {index}",
                        "part_line_ids": [
                            Command.create(
                                {"product_id": self.part_filter.id, "fit_override": True}
                            )
                        ],
                    }
                    for index in range(count)
                ]
            )
            self._add_stock(self.part_filter, self.parts_location, count)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            tickets.action_consume_parts()
            self.env.flush_all()
            self.assertEqual(set(tickets.part_line_ids.mapped("state")), {"done"})
            return (self.env.cr.sql_log_count - before) / count

        small, large = run(5), run(25)
        self.assertLess(large, small * 1.1 + 2, (small, large))
