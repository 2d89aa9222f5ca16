# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A merged case hands its repairs and unit transfers to the kept case."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_unit import AftersalesUnitCommon


@tagged("post_install", "-at_install")
class TestTicketMerge(AftersalesUnitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._sell(cls.lot_1)
        cls.unit_values = {
            "product_id": cls.product_unit.id,
            "serial_number": cls.lot_1.name,
            "service_center_id": cls.workshop_ca.id,
        }

    def test_merge_moves_repairs_and_transfers(self):
        kept = self._create_repair_ticket(**self.unit_values)
        duplicate = self._create_repair_ticket(**self.unit_values)
        duplicate.action_receive_unit()
        repair = self._open_repair(duplicate, self.user_technician)
        pickings = duplicate.aftersales_picking_ids
        self.assertTrue(pickings, "receiving the unit makes a transfer")

        duplicate.with_user(self.user_reception)._merge_into(kept)

        self.assertEqual(repair.aftersales_ticket_id, kept)
        self.assertEqual(kept.repair_order_ids, repair)
        self.assertEqual(pickings.aftersales_ticket_id, kept)
        # the repair and the transfers open the kept case
        for record in (repair, pickings[0]):
            action = record.action_view_aftersales_ticket()
            self.assertEqual(
                (action["res_model"], action["res_id"]), ("aftersales.ticket", kept.id)
            )
            self.assertEqual(action["views"], [(False, "form")])
        self.assertFalse(duplicate.repair_order_ids)
        self.assertFalse(duplicate.active)

    def test_merge_moves_loaners(self):
        kept = self._create_repair_ticket(**self.unit_values)
        duplicate = self._create_repair_ticket(**self.unit_values)
        loaner_product = (
            self.env["product.template"]
            .create(
                {
                    "name": "Test Merge Loaner Washer",
                    "is_loaner_unit": True,
                    "type": "consu",
                    "is_storable": True,
                    "tracking": "serial",
                }
            )
            .product_variant_id
        )
        unit = self.env["stock.lot"].create(
            {"name": "T-MERGE-LOAN-1", "product_id": loaner_product.id}
        )
        loaner = self.env["aftersales.loaner"].create(
            {"ticket_id": duplicate.id, "product_id": loaner_product.id, "lot_id": unit.id}
        )

        duplicate.with_user(self.user_reception)._merge_into(kept)

        self.assertEqual(loaner.ticket_id, kept)
        self.assertEqual(kept.loaner_ids, loaner)
        self.assertFalse(duplicate.loaner_ids)

    def test_refused_merge_moves_nothing(self):
        kept = self._create_repair_ticket()
        other = self._create_repair_ticket(partner_id=self.customer_tx.id)
        repair = self._open_repair(other)
        with self.assertRaisesRegex(UserError, "Only cases of one customer"):
            other._merge_into(kept)
        self.assertEqual(repair.aftersales_ticket_id, other)
