# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who reads and changes the repairs of a case and what providers earn:
technicians the repairs of the cases they see, reception and managers all of
them, quality inspectors and call operators none. Fences hold at the ORM,
whatever the door (forms, JSON-RPC, the repair's own one2many)."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AgentsCommon

QC_INSPECTOR_GROUP = "aftersales_survey.group_aftersales_qc_inspector"
CALL_OPERATOR_GROUP = "aftersales_survey.group_aftersales_call_operator"


class RepairAccessCommon(AgentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.repair_model = cls.env["repair.order"]
        # routed to the California workshop, where the technician works
        cls.own_case = cls._create_ticket(technician_id=cls.user_technician.id)
        # worked by the Texas agent for a customer of Houston: not the
        # technician's, by no path of the case rule
        cls.other_case = cls._create_ticket(
            partner_id=cls.customer_tx.id,
            service_center_id=cls.agent_tx.id,
            technician_id=cls.user_technician_other.id,
        )
        cls.own_repair = cls._repair(cls.own_case, parts=1, finish=False)
        # the agent's repair is done, its quotation accepted
        cls.other_repair = cls._repair(cls.other_case, labour_hours=1.0, parts=1)

    def _part(self, quantity=1.0):
        return {
            "repair_line_type": "add",
            "product_id": self.product_part.id,
            "product_uom_qty": quantity,
        }


@tagged("post_install", "-at_install")
class TestRepairAccess(RepairAccessCommon):
    def test_technician_sees_and_changes_only_the_repairs_of_own_cases(self):
        repairs = self.repair_model.with_user(self.user_technician)
        self.assertEqual(
            repairs.search([("id", "in", (self.own_repair | self.other_repair).ids)]),
            self.own_repair,
        )
        with self.assertRaises(AccessError):
            self.other_repair.with_user(self.user_technician).read(["name"])
        with self.assertRaises(AccessError):
            self.other_repair.with_user(self.user_technician).write(
                {"move_ids": [Command.create(self._part(9.0))]}
            )
        with self.assertRaises(AccessError):
            # nor by the back door of the stock moves
            self.env["stock.move"].with_user(self.user_technician).create(
                dict(self._part(9.0), repair_id=self.other_repair.id)
            )
        with self.assertRaises(AccessError):
            self.other_repair.move_ids.with_user(self.user_technician).product_uom_qty = 9.0
        self.assertEqual(self.other_repair.move_ids.mapped("product_uom_qty"), [1.0])

        # the own case's repair: the technician adds parts and opens more
        self.own_repair.with_user(self.user_technician).write(
            {"move_ids": [Command.create(self._part(2.0))]}
        )
        self.assertEqual(sorted(self.own_repair.move_ids.mapped("product_uom_qty")), [1.0, 2.0])
        self.own_case.with_user(self.user_technician).action_create_repair_order()
        self.assertEqual(len(self.own_case.repair_order_ids), 2)

    def test_technician_cannot_open_a_repair_on_a_case_of_others(self):
        with self.assertRaises(AccessError):
            self.other_case.with_user(self.user_technician).action_create_repair_order()
        self.assertEqual(self.other_case.repair_order_ids, self.other_repair)

    def test_reception_and_managers_change_every_repair(self):
        for user in (self.user_reception, self.user_manager):
            repairs = self.repair_model.with_user(user).search(
                [("id", "in", (self.own_repair | self.other_repair).ids)]
            )
            self.assertEqual(repairs, self.own_repair | self.other_repair, user.name)
            self.other_repair.with_user(user).internal_notes = f"Checked by {user.name}"
            self.assertIn(user.name, str(self.other_repair.internal_notes))

    def test_fee_lines_stay_with_their_provider(self):
        """A technician who follows an agent's case sees its repair, not what
        the agent earns from it."""
        self.other_case.message_subscribe(partner_ids=self.user_technician.partner_id.ids)
        self.other_case.stage_id = self.stage_done
        agent_fees = self.other_case.fee_line_ids
        self.assertTrue(agent_fees)
        self.assertIn(
            self.other_repair,
            self.repair_model.with_user(self.user_technician).search([]),
            "a follower sees the repair",
        )
        fee_model = self.env["aftersales.fee.line"].with_user(self.user_technician)
        self.assertFalse(fee_model.search([("ticket_id", "=", self.other_case.id)]))
        with self.assertRaises(AccessError):
            agent_fees.with_user(self.user_technician).read(["amount"])


@tagged("post_install", "-at_install")
class TestRepairObservers(RepairAccessCommon):
    """Quality inspectors and call operators check the work of others: they
    read the case, never change its repairs or fees."""

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

    def test_observers_do_not_change_repairs(self):
        for user in (self.user_inspector, self.user_operator):
            case = self.other_case.with_user(user)
            self.assertEqual(case.repair_order_count, 1, "they see that the unit is repaired")
            with self.assertRaises(AccessError):
                self.other_repair.with_user(user).write(
                    {"move_ids": [Command.create(self._part(9.0))]}
                )
            with self.assertRaises(AccessError):
                case.action_create_repair_order()
        self.assertEqual(self.other_case.repair_order_ids, self.other_repair)
        self.assertEqual(self.other_repair.move_ids.mapped("product_uom_qty"), [1.0])

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
