# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestSupplierClaim(AgentsCommon):
    """A part replaced under warranty goes back to its supplier with a claim;
    the supplier's credit note lowers the warranty cost of the center."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Test Pump Works", "is_company": True}
        )
        cls.supplier.property_account_payable_id = cls.account_payable
        cls.account_parts_cost = cls.env["account.account"].create(
            {"code": "T50200", "name": "Test Warranty Parts", "account_type": "expense_direct_cost"}
        )
        cls.warranty_pump = (
            cls.env["product.template"]
            .create(
                {
                    "name": "Test Warranty Pump",
                    "is_spare_part": True,
                    "type": "consu",
                    "is_storable": True,
                    "tracking": "serial",
                    "list_price": 90.0,
                    "standard_price": 35.0,
                    "property_account_expense_id": cls.account_parts_cost.id,
                    "seller_ids": [Command.create({"partner_id": cls.supplier.id, "price": 35.0})],
                }
            )
            .product_variant_id
        )
        warehouse = cls.company._aftersales_warehouse()
        cls.defective = warehouse.aftersales_defective_location_id
        cls.new_lot = cls.env["stock.lot"].create(
            {"name": "PUMP-NEW-1", "product_id": cls.warranty_pump.id}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.warranty_pump, warehouse.aftersales_parts_location_id, 1, lot_id=cls.new_lot
        )
        cls.journal_purchase = cls.env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", cls.company.id)], limit=1
        )
        # a case at the California workshop, under warranty: the pump replaced,
        # the defective one back in the defective-parts stock
        cls.case = cls._create_ticket(**cls._warranty_values())
        cls.case.action_create_repair_order()
        cls.repair = cls.case.repair_order_ids
        cls.repair.move_ids = [
            Command.create(
                {
                    "repair_line_type": "add",
                    "product_id": cls.warranty_pump.id,
                    "product_uom_qty": 1.0,
                }
            ),
        ]
        cls.defective_lot = cls.env["stock.lot"].create(
            {"name": "PUMP-OLD-9", "product_id": cls.warranty_pump.id}
        )
        cls.repair._action_repair_confirm()
        cls.repair.action_assign()
        cls.repair.action_repair_start()
        cls.repair.move_ids.picked = True
        cls.repair.action_repair_end()
        cls.env["stock.quant"]._update_available_quantity(
            cls.warranty_pump, cls.defective, 1, lot_id=cls.defective_lot
        )

    def _claim(self, **values):
        action = self.case.action_create_supplier_claim()
        vals = {
            key.removeprefix("default_"): value
            for key, value in action["context"].items()
            if key.startswith("default_")
        }
        vals.update(lot_id=self.defective_lot.id, reason="Bearing seized after 3 months")
        vals.update(values)
        return self.env["aftersales.supplier.claim"].create(vals)

    def test_claim_refund_and_profit_and_loss(self):
        claim = self._claim()
        self.assertTrue(claim.name.startswith("SC/"))
        self.assertEqual(claim.repair_id, self.repair)
        self.assertEqual(claim.product_id, self.warranty_pump)
        self.assertEqual(claim.partner_id, self.supplier, "the part's vendor")
        self.assertEqual(claim.amount_claimed, 35.0, "the part at cost")
        self.assertEqual(self.case.supplier_claim_count, 1)

        claim.action_send()
        self.assertEqual(claim.state, "sent")
        picking = claim.return_picking_id
        self.assertEqual(picking.location_id, self.defective)
        self.assertEqual(picking.location_dest_id.usage, "supplier")
        self.assertEqual(picking.move_line_ids.lot_id, self.defective_lot)
        picking.button_validate()
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.warranty_pump, self.defective, lot_id=self.defective_lot, strict=True
            ),
            0.0,
            "the defective pump left for the supplier",
        )

        claim.action_create_refund()
        refund = claim.refund_move_id
        self.assertEqual((refund.move_type, refund.partner_id), ("in_refund", self.supplier))
        self.assertEqual(refund.amount_untaxed, 35.0)
        line = refund.invoice_line_ids
        self.assertEqual(line.aftersales_pl_category, "recovery")
        self.assertEqual(line.account_id, self.account_parts_cost)
        self.assertEqual(
            line.analytic_distribution, self.workshop_ca._aftersales_analytic_distribution()
        )
        self.assertEqual(claim.amount_recovered, 0.0, "not recovered before the refund is posted")
        refund.invoice_date = self.today
        refund.action_post()
        self.assertEqual(claim.state, "refunded")
        self.assertEqual(claim.amount_recovered, 35.0)

        # the recovery lowers the warranty cost of the workshop
        report = self.env["aftersales.service.pl.report"]
        rows = report.search([("move_id", "=", refund.id)])
        self.assertEqual(rows.mapped("category"), ["recovery"])
        self.assertEqual(rows.service_center_id, self.workshop_ca)
        self.assertEqual((rows.amount, rows.cost), (35.0, -35.0))

        with self.assertRaisesRegex(UserError, "settled"):
            claim.amount_claimed = 99.0

    def test_claim_bad_input(self):
        claim = self._claim()
        with self.assertRaisesRegex(UserError, "before recording its credit note"):
            claim.action_create_refund()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._claim(amount_claimed=-5.0)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._claim(quantity=0.0)
        other_case = self._create_ticket()
        with self.assertRaisesRegex(ValidationError, "is not a repair of case"):
            self._claim(ticket_id=other_case.id)
        claim.action_send()
        with self.assertRaisesRegex(UserError, "already sent"):
            claim.action_send()

    def test_claim_without_the_part_in_stock_sends_no_transfer(self):
        self.env["stock.quant"]._update_available_quantity(
            self.warranty_pump, self.defective, -1, lot_id=self.defective_lot
        )
        claim = self._claim()
        claim.action_send()
        self.assertEqual(claim.state, "sent")
        self.assertFalse(claim.return_picking_id)

    def test_rejected_claim(self):
        claim = self._claim()
        claim.action_send()
        claim.action_reject()
        self.assertEqual(claim.state, "rejected")
        self.assertEqual(claim.amount_recovered, 0.0)

    def test_access_per_role(self):
        claim = self._claim()
        claims = self.env["aftersales.supplier.claim"]
        # technicians see the claims, reception and warehouse keepers make them
        self.assertEqual(claims.with_user(self.user_technician).search([]), claim)
        with self.assertRaises(AccessError):
            claim.with_user(self.user_technician).amount_claimed = 1.0
        with self.assertRaises(AccessError):
            self._claim().with_user(self.user_technician).action_send()
        claim.with_user(self.user_reception).action_send()
        self.assertEqual(claim.state, "sent")
        # the accountant records the supplier's credit note
        claim.with_user(self.user_accountant).action_create_refund()
        self.assertEqual(claim.refund_move_id.move_type, "in_refund")
        with self.assertRaises(AccessError):
            claim.with_user(self.user_reception).unlink()
        self.assertTrue(claim.exists())
