# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.aftersales_reception.tests.common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestOutcomes(AftersalesCommon):
    """What the customer gets back: the unit repaired, a replacement (in
    advance or after receipt), a credit note on the original invoice, or the
    unit unrepaired with the reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.company._aftersales_warehouse()
        cls.unit_product = cls.env["product.product"].create(
            {
                "name": "Test Dryer DR-9",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 500.0,
                "invoice_policy": "order",
            }
        )
        cls.dryer_lot = cls.env["stock.lot"].create(
            {"name": "DR9-NEW-001", "product_id": cls.unit_product.id}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.unit_product, cls.warehouse.lot_stock_id, 1, lot_id=cls.dryer_lot
        )

    def _case(self, **values):
        return self._create_ticket(
            **dict(
                {
                    "product_id": self.unit_product.id,
                    "serial_number": "DR9-CUST-7",
                    "service_center_id": self.workshop_ca.id,
                },
                **values,
            )
        )

    def test_outcome_defaults_to_repair(self):
        self.assertEqual(self._case().outcome, "repair")

    def test_replacement_in_advance(self):
        case = self._case(outcome="replace_advance")
        self.assertFalse(case.unit_in_stock, "the defective unit is still with the customer")
        case.action_ship_replacement()
        picking = case.replacement_picking_id
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.location_id, self.warehouse.lot_stock_id)
        self.assertEqual(picking.location_dest_id.usage, "customer")
        self.assertEqual(picking.move_ids.product_id, self.unit_product)
        self.assertEqual(picking.move_line_ids.lot_id, self.dryer_lot)
        self.assertEqual(picking.aftersales_ticket_id, case)
        with self.assertRaisesRegex(UserError, "already on its way"):
            case.action_ship_replacement()

    def test_replacement_needs_stock(self):
        case = self._case(outcome="replace_advance")
        case.action_ship_replacement()
        other = self._case(outcome="replace_advance", serial_number="DR9-CUST-8")
        pickings = self.env["stock.picking"].search_count([])
        with self.assertRaisesRegex(UserError, "No .*Test Dryer DR-9.* is available"):
            other.action_ship_replacement()
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings, "nothing made")
        self.assertFalse(other.replacement_picking_id)

    def test_replacement_after_receipt_waits_for_the_unit(self):
        case = self._case(outcome="replace_after")
        with self.assertRaisesRegex(UserError, "receive the defective unit first"):
            case.action_ship_replacement()
        case.action_receive_unit()
        self.assertTrue(case.unit_in_stock)
        case.action_ship_replacement()
        self.assertEqual(case.replacement_picking_id.state, "assigned")

    def test_replacement_needs_the_outcome(self):
        with self.assertRaisesRegex(UserError, "is not a replacement"):
            self._case().action_ship_replacement()

    def test_refund_against_the_original_invoice(self):
        other_product = self.env["product.product"].create(
            {"name": "Test Dryer Stand", "list_price": 40.0, "invoice_policy": "order"}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": self.unit_product.id, "product_uom_qty": 1}),
                    Command.create({"product_id": other_product.id, "product_uom_qty": 1}),
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        unit = self.env["aftersales.equipment"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.unit_product.id,
                "serial_number": "DR9-CUST-7",
                "sale_line_id": order.order_line.filtered(
                    lambda line: line.product_id == self.unit_product
                ).id,
            }
        )
        self.assertEqual(unit.invoice_id, invoice)
        case = self._case(equipment_id=unit.id, outcome="refund")
        case.action_refund()
        refund = case.refund_move_id
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertEqual(refund.state, "draft")
        self.assertEqual(
            [(line.product_id, line.quantity) for line in refund.invoice_line_ids],
            [(self.unit_product, 1.0)],
            "only the unit is credited",
        )
        self.assertEqual(refund.amount_untaxed, 500.0)
        with self.assertRaisesRegex(UserError, "already has its credit note"):
            case.action_refund()

    def test_refund_without_invoice(self):
        case = self._case(outcome="refund")
        with self.assertRaisesRegex(UserError, "has no posted invoice of ours"):
            case.action_refund()
        self.assertFalse(case.refund_move_id)

    def test_return_unrepaired_needs_a_reason(self):
        case = self._case()
        case.action_create_repair_order()
        repair = case.repair_order_ids
        with self.assertRaisesRegex(ValidationError, "Say why the unit"):
            case.action_return_unrepaired()
        self.assertEqual(repair.state, "draft")
        case.outcome_reason = "Liquid damage: not covered, the customer declined the repair."
        case.action_return_unrepaired()
        self.assertEqual(case.outcome, "unrepaired")
        self.assertEqual(repair.state, "cancel")
        self.assertIn("Liquid damage", case.message_ids[0].body)

    def test_return_unrepaired_hands_the_unit_back(self):
        case = self._case(outcome_reason="Misuse: dropped.")
        case.action_receive_unit()
        self.assertTrue(case.unit_in_stock)
        case.action_return_unrepaired()
        case.invalidate_recordset()
        self.assertFalse(case.unit_in_stock)
        self.assertEqual(case.unit_location_id.usage, "customer")

    def test_repair_does_not_end_without_its_parts(self):
        """Odoo drops a part with nothing reserved when the repair ends: on a
        case the part is reserved then, or the end is refused."""
        part = self.env["product.product"].create(
            {"name": "Test Heating Element", "is_storable": True, "list_price": 30.0}
        )
        case = self._case(
            warranty_override=True,
            warranty_override_state="in_warranty",
            warranty_override_reason="Sold last month",
        )
        case.action_create_repair_order()
        repair = case.repair_order_ids
        repair.move_ids = [
            Command.create({"repair_line_type": "add", "product_id": part.id, "product_uom_qty": 1})
        ]
        repair._action_repair_confirm()
        repair.action_repair_start()
        with self.assertRaisesRegex(UserError, "not in stock where the repair takes them"):
            repair.action_repair_end()
        self.assertEqual(repair.state, "under_repair")
        self.assertEqual(repair.move_ids.state, "confirmed", "the part line is kept")
        # stock arrives: the end reserves and consumes it
        self.env["stock.quant"]._update_available_quantity(part, repair.location_id, 1)
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual((repair.move_ids.state, repair.move_ids.quantity), ("done", 1.0))
