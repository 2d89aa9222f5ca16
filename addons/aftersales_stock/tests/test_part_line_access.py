# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The parts of a case are fenced as its work lines: technicians change the
parts of the cases they see, quality inspectors and call operators read
them only."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AftersalesStockCommon

QC_INSPECTOR_GROUP = "aftersales_survey.group_aftersales_qc_inspector"
CALL_OPERATOR_GROUP = "aftersales_survey.group_aftersales_call_operator"


@tagged("post_install", "-at_install")
class TestPartLineAccess(AftersalesStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.part_model = cls.env["aftersales.ticket.part"]
        cls.own_ticket = cls._create_repair_ticket()
        cls.other_ticket = cls._create_repair_ticket(
            technician_id=cls.user_technician_other.id,
            service_center_id=cls.head_office.id,
        )
        cls.own_line = cls._add_part_line(cls.own_ticket, cls.part_pump)
        cls.other_line = cls._add_part_line(cls.other_ticket, cls.part_pump)

    def test_technician_changes_only_the_parts_of_own_cases(self):
        part_model = self.part_model.with_user(self.user_technician)
        with self.assertRaises(AccessError):
            part_model.create({"ticket_id": self.other_ticket.id, "product_id": self.part_pump.id})
        with self.assertRaises(AccessError):
            self.own_line.with_user(self.user_technician).ticket_id = self.other_ticket
        with self.assertRaises(AccessError):
            self.other_line.with_user(self.user_technician).action_cancel()
        self.assertEqual(self.own_line.ticket_id, self.own_ticket)
        self.assertEqual(self.other_ticket.part_line_ids, self.other_line)
        line = part_model.create({"ticket_id": self.own_ticket.id, "product_id": self.part_pump.id})
        line.product_uom_qty = 2.0
        line.unlink()
        self.assertEqual(self.own_ticket.part_line_ids, self.own_line)

    def test_observers_read_but_do_not_change_parts(self):
        if not self.env.ref(QC_INSPECTOR_GROUP, raise_if_not_found=False):
            self.skipTest("the quality roles come with aftersales_survey")
        observers = mail_new_test_user(
            self.env,
            login="as_inspector",
            name="Quincy Inspector",
            groups=f"base.group_user,{QC_INSPECTOR_GROUP}",
        ) | mail_new_test_user(
            self.env,
            login="as_call_operator",
            name="Cora Caller",
            groups=f"base.group_user,{CALL_OPERATOR_GROUP}",
        )
        self.other_ticket.message_subscribe(partner_ids=observers.partner_id.ids)
        for user in observers:
            self.assertIn(self.other_line, self.part_model.with_user(user).search([]), user.name)
            line = self.other_line.with_user(user)
            self.assertEqual(line.product_uom_qty, 1.0)
            with self.assertRaisesRegex(AccessError, "checks the work on cases"):
                self.part_model.with_user(user).create(
                    {"ticket_id": self.other_ticket.id, "product_id": self.part_pump.id}
                )
            with self.assertRaisesRegex(AccessError, "checks the work on cases"):
                line.product_uom_qty = 5.0
            with self.assertRaisesRegex(AccessError, "checks the work on cases"):
                line.unlink()
            with self.assertRaisesRegex(AccessError, "checks the work on cases"):
                self.other_ticket.with_user(user).action_consume_parts()
        self.assertEqual(self.other_ticket.part_line_ids, self.other_line)
        self.assertEqual(self.other_line.product_uom_qty, 1.0)
        self.assertEqual(self.other_line.state, "draft")
