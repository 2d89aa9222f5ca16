# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who reads and changes the priced work of a case: technicians the lines of
the cases they see, reception and managers all of them, quality inspectors
and call operators read them only. Fences hold at the ORM, whatever the door
(forms, JSON-RPC, the case's own one2many)."""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AgentsCommon

QC_INSPECTOR_GROUP = "aftersales_survey.group_aftersales_qc_inspector"
CALL_OPERATOR_GROUP = "aftersales_survey.group_aftersales_call_operator"


class WorkLineAccessCommon(AgentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line_model = cls.env["aftersales.service.line"]
        # routed to the California workshop, where the technician works
        cls.own_case = cls._create_ticket(technician_id=cls.user_technician.id)
        # worked by the Texas agent for a customer of Houston: not the
        # technician's, by no path of the case rule
        cls.other_case = cls._create_ticket(
            partner_id=cls.customer_tx.id,
            service_center_id=cls.agent_tx.id,
            technician_id=cls.user_technician_other.id,
        )
        cls.own_line = cls.line_model.create(
            {"ticket_id": cls.own_case.id, "line_type": "labour", "price_unit": 60.0}
        )
        cls.other_line = cls.line_model.create(
            {"ticket_id": cls.other_case.id, "line_type": "labour", "price_unit": 75.0}
        )

    def _lines_of(self, ticket):
        return self.line_model.search([("ticket_id", "=", ticket.id)])


@tagged("post_install", "-at_install")
class TestWorkLineAccess(WorkLineAccessCommon):
    def test_technician_sees_and_changes_only_the_lines_of_own_cases(self):
        line_model = self.line_model.with_user(self.user_technician)
        self.assertEqual(
            line_model.search([("id", "in", (self.own_line | self.other_line).ids)]),
            self.own_line,
        )
        with self.assertRaises(AccessError):
            self.other_line.with_user(self.user_technician).read(["price_unit"])
        with self.assertRaises(AccessError):
            line_model.create(
                {
                    "ticket_id": self.other_case.id,
                    "line_type": "labour",
                    "quantity": 1.0,
                    "price_unit": 990.0,
                }
            )
        with self.assertRaises(AccessError):
            self.other_line.with_user(self.user_technician).price_unit = 1.0
        with self.assertRaises(AccessError):
            self.other_line.with_user(self.user_technician).unlink()
        self.assertEqual(self._lines_of(self.other_case), self.other_line)
        self.assertEqual(self.other_line.price_unit, 75.0)

        # the own case's lines: all rights
        line = line_model.create(
            {"ticket_id": self.own_case.id, "line_type": "travel", "price_unit": 20.0}
        )
        line.quantity = 2.0
        self.own_line.with_user(self.user_technician).price_unit = 65.0
        self.assertEqual(self.own_case.service_travel_amount, 40.0)
        self.assertEqual(self.own_case.service_labour_amount, 65.0)
        line.unlink()
        self.assertEqual(self._lines_of(self.own_case), self.own_line)

    def test_technician_cannot_move_a_line_to_a_case_of_others(self):
        with self.assertRaises(AccessError):
            self.own_line.with_user(self.user_technician).ticket_id = self.other_case
        self.assertEqual(self.own_line.ticket_id, self.own_case)

    def test_technician_cannot_add_work_through_a_case_of_others(self):
        with self.assertRaises(AccessError):
            self.other_case.with_user(self.user_technician).write(
                {"service_line_ids": [Command.create({"line_type": "labour", "price_unit": 990.0})]}
            )
        self.assertEqual(self._lines_of(self.other_case), self.other_line)

    def test_reception_and_managers_change_every_line(self):
        for user in (self.user_reception, self.user_manager, self.user_accountant):
            lines = self.line_model.with_user(user).search(
                [("id", "in", (self.own_line | self.other_line).ids)]
            )
            self.assertEqual(lines, self.own_line | self.other_line, user.name)
            self.other_line.with_user(user).discount = 10.0
            self.assertEqual(self.other_line.discount, 10.0)
            self.other_line.discount = 0.0

    def test_unknown_line_type_is_a_clear_error(self):
        count = self.line_model.search_count([])
        with self.assertRaisesRegex(ValidationError, "is not a type of work line"):
            self.line_model.with_user(self.user_reception).create(
                {"ticket_id": self.own_case.id, "line_type": "bogus", "price_unit": 990.0}
            )
        with self.assertRaisesRegex(ValidationError, "is not a type of work line"):
            self.own_line.with_user(self.user_reception).line_type = "bogus"
        self.assertEqual(self.line_model.search_count([]), count)
        self.assertEqual(self.own_line.line_type, "labour")

    def test_fee_lines_stay_with_their_provider(self):
        """A technician who follows an agent's case sees its work, not what
        the agent earns from it."""
        self.other_case.message_subscribe(partner_ids=self.user_technician.partner_id.ids)
        self.other_case.stage_id = self.stage_done
        agent_fees = self.other_case.fee_line_ids
        self.assertTrue(agent_fees)
        self.assertIn(
            self.other_line,
            self.line_model.with_user(self.user_technician).search([]),
            "a follower sees the work lines",
        )
        fee_model = self.env["aftersales.fee.line"].with_user(self.user_technician)
        self.assertFalse(fee_model.search([("ticket_id", "=", self.other_case.id)]))
        with self.assertRaises(AccessError):
            agent_fees.with_user(self.user_technician).read(["amount"])


@tagged("post_install", "-at_install")
class TestWorkLineObservers(WorkLineAccessCommon):
    """Quality inspectors and call operators check the work of others: they
    read it and never change it, even on the cases they follow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref(QC_INSPECTOR_GROUP, raise_if_not_found=False):
            cls.skipTest(cls, "the quality roles come with aftersales_survey")
        cls.user_inspector = mail_new_test_user(
            cls.env,
            login="as_inspector",
            name="Quincy Inspector",
            groups=f"base.group_user,{QC_INSPECTOR_GROUP}",
        )
        cls.user_operator = mail_new_test_user(
            cls.env,
            login="as_call_operator",
            name="Cora Caller",
            groups=f"base.group_user,{CALL_OPERATOR_GROUP}",
        )
        cls.other_case.message_subscribe(
            partner_ids=(cls.user_inspector | cls.user_operator).partner_id.ids
        )

    def test_observers_read_but_do_not_change_work_lines(self):
        for user in (self.user_inspector, self.user_operator):
            line_model = self.line_model.with_user(user)
            self.assertIn(self.other_line, line_model.search([]), user.name)
            self.assertEqual(self.other_line.with_user(user).price_unit, 75.0)
            with self.assertRaisesRegex(AccessError, "checks the work on cases"):
                line_model.create(
                    {"ticket_id": self.other_case.id, "line_type": "labour", "price_unit": 990.0}
                )
            with self.assertRaisesRegex(AccessError, "checks the work on cases"):
                self.other_line.with_user(user).price_unit = 1.0
            with self.assertRaisesRegex(AccessError, "checks the work on cases"):
                self.other_line.with_user(user).unlink()
            with self.assertRaisesRegex(AccessError, "checks the work on cases"):
                self.other_case.with_user(user).write(
                    {"service_line_ids": [Command.create({"line_type": "travel"})]}
                )
        self.assertEqual(self._lines_of(self.other_case), self.other_line)
        self.assertEqual(self.other_line.price_unit, 75.0)

    def test_observers_do_not_change_fee_lines(self):
        self.other_case.stage_id = self.stage_done
        fees = self.other_case.fee_line_ids
        self.assertTrue(fees)
        for user in (self.user_inspector, self.user_operator):
            self.assertFalse(
                self.env["aftersales.fee.line"].with_user(user).search([("id", "in", fees.ids)])
            )
            with self.assertRaises(AccessError):
                fees.with_user(user).write({"note": "checked"})

    def test_managers_inspect_and_still_change_the_work(self):
        self.assertTrue(self.user_manager.has_group(QC_INSPECTOR_GROUP))
        self.other_line.with_user(self.user_manager).price_unit = 80.0
        self.assertEqual(self.other_line.price_unit, 80.0)
