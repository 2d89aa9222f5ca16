# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import AftersalesStockCommon


@tagged("post_install", "-at_install")
class TestLoaner(AftersalesStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loaner_product = (
            cls.env["product.template"]
            .create(
                {
                    "name": "Test Loaner Washer",
                    "is_loaner_unit": True,
                    "type": "consu",
                    "is_storable": True,
                    "tracking": "serial",
                }
            )
            .product_variant_id
        )
        cls.units = cls.env["stock.lot"].create(
            [{"name": f"T-LOAN-{n}", "product_id": cls.loaner_product.id} for n in (1, 2)]
        )
        for unit in cls.units:
            cls._add_stock(cls.loaner_product, cls.loaner_location, 1, lot=unit)
        cls.ticket = cls._create_repair_ticket()

    def _lend(self, unit=None, user=None, **values):
        vals = {
            "ticket_id": self.ticket.id,
            "product_id": self.loaner_product.id,
            "lot_id": (unit or self.units[0]).id,
        }
        vals.update(values)
        loaner = self.env["aftersales.loaner"].with_user(user or self.user_reception).create(vals)
        loaner.action_lend()
        return loaner

    def test_lend_and_return(self):
        loaner = self._lend(user=self.user_reception)
        self.assertRegex(loaner.name, r"^LN/\d{4}/\d{4}$")
        self.assertEqual(loaner.state, "out")
        self.assertEqual(loaner.date_due, fields.Date.context_today(loaner) + timedelta(days=14))
        delivery = loaner.out_picking_id
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.aftersales_ticket_id, self.ticket)
        self.assertEqual(delivery.move_ids.lot_ids, self.units[0])
        self.assertEqual(delivery.location_dest_id.usage, "customer")
        self.assertEqual(self._on_hand(self.loaner_product, self.loaner_location), 1)
        self.assertEqual(self.ticket.loaner_out_count, 1)
        loaner.with_user(self.user_technician).action_return()
        self.assertEqual(loaner.state, "returned")
        self.assertEqual(loaner.return_picking_id.state, "done")
        self.assertEqual(
            self._on_hand(self.loaner_product, self.loaner_location, lot=self.units[0]), 1
        )
        self.assertEqual(self.ticket.loaner_out_count, 0)
        self.assertIn("returned", self.ticket.message_ids[0].body)

    def test_unit_must_be_in_the_loaner_stock(self):
        self._lend(self.units[0])
        other_ticket = self._create_repair_ticket()
        with self.assertRaisesRegex(ValidationError, "already with the customer"):
            self.env["aftersales.loaner"].create(
                {
                    "ticket_id": other_ticket.id,
                    "product_id": self.loaner_product.id,
                    "lot_id": self.units[0].id,
                }
            )
        stray = self.env["stock.lot"].create(
            {"name": "T-LOAN-STRAY", "product_id": self.loaner_product.id}
        )
        with self.assertRaisesRegex(UserError, "not available in"):
            self._lend(stray)
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            self._lend(self.motor_lots[0])

    def test_overdue_loaners_are_listed_and_reminded_once(self):
        loaner = self._lend(date_due=date(2026, 3, 1))
        on_time = self._lend(self.units[1], date_due=date(2026, 3, 20))
        with freeze_time("2026-03-10"):
            overdue = self.env["aftersales.loaner"].search([("is_overdue", "=", True)])
            self.assertIn(loaner, overdue)
            self.assertNotIn(on_time, overdue)
            self.assertIn(
                on_time, self.env["aftersales.loaner"].search([("is_overdue", "=", False)])
            )
            self.env["aftersales.loaner"]._cron_remind_overdue()
            self.env["aftersales.loaner"]._cron_remind_overdue()
        self.assertEqual(len(loaner.activity_ids), 1, "reminded once, even if run twice")
        self.assertEqual(loaner.activity_ids.user_id, self.user_reception)
        self.assertFalse(on_time.activity_ids)
        loaner.action_return()
        self.assertFalse(loaner.activity_ids, "the return closes the reminder")

    def test_case_cannot_close_while_a_loaner_is_out(self):
        loaner = self._lend()
        with self.assertRaisesRegex(UserError, "still with the customer"):
            self.ticket.with_user(self.user_reception).stage_id = self.stage_closed
        with self.assertRaisesRegex(UserError, "still with the customer"):
            self.ticket.with_context(aftersales_force_loaner_close=True).with_user(
                self.user_reception
            ).stage_id = self.stage_closed
        with self.assertRaisesRegex(AccessError, "Only an after-sales manager"):
            self.ticket.with_user(self.user_reception).action_force_close()
        self.ticket.with_user(self.user_manager).action_force_close()
        self.assertEqual(self.ticket.stage_id, self.stage_closed)
        self.assertEqual(self.ticket.loaner_forced_close_uid, self.user_manager)
        self.assertIn("still with the customer", self.ticket.message_ids[0].body)
        self.assertIn("still with the customer", loaner.message_ids[0].body)
        self.assertEqual(loaner.state, "out", "the unit must still come back")

    def test_returned_loaner_lets_the_case_close(self):
        loaner = self._lend()
        loaner.action_return()
        self.ticket.stage_id = self.stage_closed
        self.assertTrue(self.ticket.is_closed)
        self.assertFalse(self.ticket.loaner_forced_close_uid)

    def test_lent_loaner_is_history(self):
        loaner = self._lend()
        with self.assertRaisesRegex(UserError, "kept as history"):
            loaner.with_user(self.user_manager).unlink()
        with self.assertRaisesRegex(UserError, "already been lent"):
            loaner.action_lend()
