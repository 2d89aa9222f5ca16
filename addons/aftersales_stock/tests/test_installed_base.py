# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged, users

from .common_unit import AftersalesUnitCommon


@tagged("post_install", "-at_install")
class TestInstalledBase(AftersalesUnitCommon):
    def _delivery_date(self, picking):
        line = picking.move_line_ids[:1]
        return fields.Datetime.context_timestamp(line, line.date).date()

    # ------------------------------------------------------------
    # Deliveries feed the installed base
    # ------------------------------------------------------------

    def test_delivery_creates_equipment(self):
        contact = self.env["res.partner"].create(
            {"name": "Test Fremont Contact", "parent_id": self.customer.id}
        )
        order = self._sell(self.lot_1, partner=contact)
        picking = order.picking_ids
        self.assertEqual(picking.state, "done")
        unit = self._units(self.lot_1)
        self.assertEqual(len(unit), 1)
        self.assertEqual(unit.partner_id, self.customer, "the commercial partner owns the unit")
        self.assertEqual(unit.product_id, self.product_unit)
        self.assertEqual(unit.serial_number, "T-SW-1")
        self.assertEqual(unit.company_id, self.company)
        self.assertEqual(unit.sale_order_id, order)
        self.assertEqual(unit.sale_line_id, order.order_line)
        self.assertEqual(unit.delivery_picking_id, picking)
        delivered = self._delivery_date(picking)
        self.assertEqual(unit.delivery_date, delivered)
        self.assertEqual(unit.warranty_start_date, delivered)
        self.assertEqual(unit.warranty_policy_id, self.policy_appliances)
        self.assertEqual(unit.warranty_end_date, delivered + relativedelta(months=24))
        self.assertEqual(unit.warranty_state, "in_warranty")
        self.assertEqual(unit.service_center_id, self.workshop_ca)
        self.assertFalse(self._units(self.lot_2), "only the delivered serial")

    def test_several_serials_in_one_delivery(self):
        lots = self.lot_1 | self.lot_2 | self.lot_3
        self._sell(lots, partner=self.customer_tx)
        units = self.env["aftersales.equipment"].search([("lot_id", "in", lots.ids)])
        self.assertEqual(len(units), 3)
        self.assertEqual(units.partner_id, self.customer_tx)
        self.assertEqual(set(units.mapped("serial_number")), {"T-SW-1", "T-SW-2", "T-SW-3"})

    def test_return_creates_none_and_redelivery_keeps_one_unit(self):
        order = self._sell(self.lot_1)
        unit = self._units(self.lot_1)
        first_delivery = order.picking_ids
        returned = self._return(first_delivery)
        self.assertEqual(returned.state, "done")
        self.assertEqual(returned.location_id.usage, "customer")
        self.assertEqual(self._units(self.lot_1), unit, "a return creates no unit")
        self.assertEqual(unit.delivery_picking_id, first_delivery)
        self.assertEqual(self._internal_locations(self.lot_1), {self.stock_location})
        # delivered again to the same customer: the same unit, its new delivery
        redelivery = self._ship(self.lot_1, self.customer)
        self.assertEqual(self._units(self.lot_1), unit)
        self.assertEqual(unit.delivery_picking_id, redelivery)
        self.assertEqual(unit.partner_id, self.customer)
        self.assertEqual(
            self.env["aftersales.equipment"].search_count([("serial_number", "=", "T-SW-1")]), 1
        )

    def test_resold_unit_moves_to_its_new_owner(self):
        order = self._sell(self.lot_1)
        unit = self._units(self.lot_1)
        unit.installation_date = unit.delivery_date
        self._return(order.picking_ids)
        self._sell(self.lot_1, partner=self.customer_tx)
        self.assertEqual(self._units(self.lot_1), unit)
        self.assertEqual(unit.partner_id, self.customer_tx)
        self.assertFalse(unit.installation_date, "the first owner's installation is not theirs")
        self.assertEqual(unit.purchase_date, unit.delivery_date)

    def test_receipt_from_customer_creates_no_unit(self):
        lot = self.env["stock.lot"].create(
            {"name": "T-SW-BACK", "product_id": self.product_unit.id}
        )
        self._ship(
            lot,
            self.customer,
            source=self.customers_location,
            destination=self.stock_location,
            picking_type=self.warehouse.in_type_id,
        )
        self.assertEqual(self._internal_locations(lot), {self.stock_location})
        self.assertFalse(self._units(lot))

    def test_dropship_from_supplier_creates_unit(self):
        suppliers = self.env.ref("stock.stock_location_suppliers")
        lot = self.env["stock.lot"].create(
            {"name": "T-SW-DROP", "product_id": self.product_unit.id}
        )
        self._ship(lot, self.customer_tx, source=suppliers)
        unit = self._units(lot)
        self.assertEqual(len(unit), 1)
        self.assertEqual(unit.partner_id, self.customer_tx)

    def test_untracked_products_stay_out(self):
        self._add_stock(self.part_pump, self.stock_location, 2)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": self.part_pump.name,
                            "product_id": self.part_pump.id,
                            "product_uom_qty": 2,
                            "product_uom": self.part_pump.uom_id.id,
                            "location_id": self.stock_location.id,
                            "location_dest_id": self.customers_location.id,
                        },
                    )
                ],
            }
        )
        count = self.env["aftersales.equipment"].search_count([])
        picking.action_confirm()
        picking.action_assign()
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.env["aftersales.equipment"].search_count([]), count)

    def test_unit_registered_by_hand_gets_its_lot(self):
        unit = self.env["aftersales.equipment"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product_unit.id,
                "serial_number": "T-SW-2",
                "purchase_date": date(2025, 5, 1),
            }
        )
        self.assertEqual(unit.lot_id, self.lot_2, "found from the serial number")
        self._sell(self.lot_2)
        self.assertEqual(self._units(self.lot_2), unit, "no second unit for the serial")
        self.assertTrue(unit.delivery_date)

    # ------------------------------------------------------------
    # Warranty start
    # ------------------------------------------------------------

    def _invoice(self, order, invoice_date):
        invoice = order._create_invoices()
        invoice.invoice_date = invoice_date
        invoice.action_post()
        return invoice

    def test_warranty_from_invoice_date(self):
        self.company.aftersales_warranty_start = "invoice"
        order = self._sell(self.lot_1)
        unit = self._units(self.lot_1)
        # not invoiced yet: the delivery counts
        self.assertEqual(unit.warranty_start_date, unit.delivery_date)
        invoice_date = unit.delivery_date + relativedelta(days=10)
        invoice = self._invoice(order, invoice_date)
        self.assertEqual(unit.invoice_id, invoice)
        self.assertEqual(unit.invoice_date, invoice_date)
        self.assertEqual(unit.warranty_start_date, invoice_date)
        self.assertEqual(unit.warranty_end_date, invoice_date + relativedelta(months=24))
        # back to the delivery date
        self.company.aftersales_warranty_start = "delivery"
        self.assertEqual(unit.warranty_start_date, unit.delivery_date)

    def test_warranty_from_installation_date(self):
        self.company.aftersales_warranty_start = "installation"
        self._sell(self.lot_1)
        unit = self._units(self.lot_1)
        self.assertEqual(unit.warranty_start_date, unit.delivery_date)
        installed = unit.delivery_date + relativedelta(days=20)
        unit.installation_date = installed
        self.assertEqual(unit.warranty_start_date, installed)
        self.assertEqual(unit.warranty_end_date, installed + relativedelta(months=24))

    def test_warranty_of_units_bought_elsewhere(self):
        self.company.aftersales_warranty_start = "delivery"
        self.assertEqual(self.equipment.warranty_start_date, date(2026, 1, 10))
        self.equipment.installation_date = date(2026, 2, 1)
        self.assertEqual(self.equipment.warranty_start_date, date(2026, 2, 1))
        self.assertEqual(self.equipment.warranty_end_date, date(2028, 2, 1))

    def test_warranty_start_in_settings(self):
        self.assertEqual(
            self.env["res.config.settings"].create({}).aftersales_warranty_start, "delivery"
        )
        settings = self.env["res.config.settings"].create({"aftersales_warranty_start": "invoice"})
        settings.set_values()
        self.assertEqual(self.company.aftersales_warranty_start, "invoice")

    # ------------------------------------------------------------
    # Units registered at intake
    # ------------------------------------------------------------

    def test_intake_registers_unit_with_purchase_date(self):
        form = Form(
            self.env["aftersales.ticket"].with_user(self.user_reception),
            view="aftersales_reception.aftersales_ticket_view_form_quick_create",
        )
        form.partner_id = self.customer
        form.channel = "phone"
        form.product_id = self.product_washer
        form.serial_number = "T-WASH-NEW-1"
        form.purchase_date = fields.Date.today() - relativedelta(months=3)
        form.summary = "Does not spin"
        ticket = form.save()
        unit = ticket.equipment_id
        self.assertEqual(unit.serial_number, "T-WASH-NEW-1")
        self.assertEqual(unit.purchase_date, fields.Date.today() - relativedelta(months=3))
        self.assertEqual(unit.warranty_state, "in_warranty")
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(ticket.service_type, "warranty_repair")

    def test_intake_without_purchase_date(self):
        ticket = self._create_ticket(
            product_id=self.product_washer.id, serial_number="T-WASH-NEW-2"
        )
        self.assertFalse(ticket.equipment_id.purchase_date)
        self.assertEqual(ticket.warranty_state, "not_applicable")

    def test_known_unit_keeps_its_dates(self):
        ticket = self._create_ticket(
            product_id=self.product_washer.id,
            serial_number="T-WASH-0001",
            purchase_date=date(2020, 1, 1),
        )
        self.assertEqual(ticket.equipment_id, self.equipment)
        self.assertEqual(self.equipment.purchase_date, date(2026, 1, 10))

    # ------------------------------------------------------------
    # Owners
    # ------------------------------------------------------------

    def _owner_change(self, unit, partner, reason, user=None, **values):
        wizard_model = self.env["aftersales.equipment.owner.change"]
        if user:
            wizard_model = wizard_model.with_user(user)
        return wizard_model.create(
            dict(
                {"equipment_id": unit.id, "partner_id": partner.id, "reason": reason},
                **values,
            )
        )

    def test_change_owner_with_reason(self):
        self._sell(self.lot_1)
        unit = self._units(self.lot_1)
        wizard = self._owner_change(
            unit, self.customer_tx, "Sold on to the neighbour", user=self.user_reception
        )
        wizard.action_apply()
        self.assertEqual(unit.partner_id, self.customer_tx)
        notes = unit.message_ids.filtered(
            lambda message: "Sold on to the neighbour" in message.body
        )
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes.author_id, self.user_reception.partner_id)

    def test_change_owner_refused(self):
        self._sell(self.lot_1)
        unit = self._units(self.lot_1)
        with self.assertRaisesRegex(UserError, "reason is required"):
            self._owner_change(
                unit, self.customer_tx, "   ", user=self.user_reception
            ).action_apply()
        with self.assertRaisesRegex(UserError, "already owns"):
            self._owner_change(unit, self.customer, "Same", user=self.user_reception).action_apply()
        with self.assertRaises(AccessError):
            self._owner_change(unit, self.customer_tx, "Because", user=self.user_technician)
        self.assertEqual(unit.partner_id, self.customer)

    def test_partner_written_directly_only_by_managers(self):
        self._sell(self.lot_1)
        unit = self._units(self.lot_1)
        with self.assertRaisesRegex(AccessError, "Change Owner"):
            unit.with_user(self.user_reception).partner_id = self.customer_tx
        with self.assertRaises(AccessError):
            unit.with_user(self.user_technician).partner_id = self.customer_tx
        self.assertEqual(unit.partner_id, self.customer)
        unit.with_user(self.user_manager).partner_id = self.customer_tx
        self.assertEqual(unit.partner_id, self.customer_tx)

    def test_sale_and_delivery_are_not_written_by_hand(self):
        self._sell(self.lot_1)
        unit = self._units(self.lot_1)
        for user in (self.user_reception, self.user_manager):
            with self.assertRaisesRegex(AccessError, "cannot be edited by hand"):
                unit.with_user(user).delivery_date = date(2020, 1, 1)
        with self.assertRaisesRegex(AccessError, "serial number"):
            unit.with_user(self.user_technician).lot_id = self.lot_2
        self.assertEqual(unit.lot_id, self.lot_1)

    # ------------------------------------------------------------
    # Cases find the serial
    # ------------------------------------------------------------

    def test_case_resolves_lot_and_equipment(self):
        self._sell(self.lot_1)
        ticket = self._create_ticket(product_id=self.product_unit.id, serial_number="T-SW-1")
        self.assertEqual(ticket.equipment_id, self._units(self.lot_1))
        self.assertEqual(ticket.lot_id, self.lot_1)
        self.assertFalse(ticket.unit_owner_mismatch)
        in_stock = self._create_ticket(product_id=self.product_unit.id, serial_number="T-SW-2")
        self.assertEqual(in_stock.lot_id, self.lot_2, "found from product and serial")

    def test_case_warns_when_serial_sold_to_another_customer(self):
        self._sell(self.lot_1, partner=self.customer_tx)
        form = Form(self.env["aftersales.ticket"].with_user(self.user_reception))
        form.partner_id = self.customer
        form.summary = "Bought it second hand"
        form.product_id = self.product_unit
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.serial_number = "T-SW-1"
        self.assertIn("belongs to another customer", "\n".join(logs.output))
        self.assertIn(self.customer_tx.name, "\n".join(logs.output))
        ticket = form.save()
        self.assertTrue(ticket.unit_owner_mismatch)
        self.assertEqual(ticket.lot_partner_id, self.customer_tx)
        # the unit moves to its new owner, with a reason on both chatters
        action = ticket.with_user(self.user_reception).action_change_unit_owner()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_reception)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.partner_id, self.customer)
        wizard.reason = "Bought from the first owner"
        wizard.save().action_apply()
        self.assertEqual(ticket.equipment_id.partner_id, self.customer)
        self.assertFalse(ticket.unit_owner_mismatch)
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda message: "Bought from the first owner" in message.body
            )
        )

    @users("as_technician")
    def test_technician_reads_the_unit_origin(self):
        self._sell(self.lot_1)
        unit = self._units(self.lot_1).with_user(self.env.user)
        [values] = unit.web_read(
            {
                "sale_order_id": {"fields": {"display_name": {}}},
                "delivery_picking_id": {"fields": {"display_name": {}}},
                "delivery_date": {},
                "lot_id": {"fields": {"display_name": {}}},
            }
        )
        self.assertEqual(values["sale_order_id"]["display_name"], unit.sudo().sale_order_id.name)
        self.assertEqual(values["lot_id"]["display_name"], "T-SW-1")
        self.assertTrue(values["delivery_date"])
