# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SLA holds: stages waiting for the customer or for parts stop the SLA clock.

The test calendar works Mon-Fri 8-12 and 13-17 UTC; 2026-11-23 is a Monday."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestAftersalesSlaHold(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_wait_parts = cls.env.ref("aftersales_reception.stage_waiting")
        cls.stage_wait_customer = cls.env.ref("aftersales_reception.stage_waiting_customer")
        cls.policy = cls.env["aftersales.sla.policy"].create(
            {
                "name": "Test day",
                "sequence": -10,
                "team_id": cls.team.id,
                "response_hours": 4,
                "resolution_hours": 8,
            }
        )

    def _move(self, ticket, stage, when):
        with freeze_time(when):
            ticket.write({"stage_id": stage.id, "user_id": self.user_reception.id})
            ticket.flush_recordset()

    def _new_case(self):
        with freeze_time("2026-11-23 08:00:00"):
            ticket = self._create_ticket(date_received=datetime(2026, 11, 23, 8, 0))
        self.assertEqual(ticket.sla_policy_id, self.policy)
        self.assertEqual(ticket.sla_response_deadline, datetime(2026, 11, 23, 12, 0))
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2026, 11, 23, 17, 0))
        return ticket

    def test_shipped_stages_stop_the_clock(self):
        self.assertEqual(self.stage_wait_parts.sla_hold, "parts")
        self.assertEqual(self.stage_wait_customer.sla_hold, "customer")
        self.assertEqual(self.stage_diagnosis.sla_hold, "none")

    def test_hold_moves_the_deadline_by_its_working_hours(self):
        ticket = self._new_case()
        self._move(ticket, self.stage_diagnosis, "2026-11-23 09:00:00")
        self.assertEqual(ticket.sla_response_state, "met")
        self._move(ticket, self.stage_wait_parts, "2026-11-23 10:00:00")
        self.assertEqual(ticket.sla_hold_kind, "parts")
        self.assertTrue(ticket.sla_resolution_paused)
        hold = ticket.sla_hold_ids
        self.assertEqual(len(hold), 1)
        self.assertEqual(hold.date_start, datetime(2026, 11, 23, 10, 0))
        self.assertFalse(hold.date_end)
        # past the deadline the clock had before the hold: not overdue, it waits
        with freeze_time("2026-11-23 18:00:00"):
            ticket.invalidate_recordset(["sla_resolution_overdue", "is_overdue"])
            self.assertFalse(ticket.sla_resolution_overdue)
            self.assertFalse(ticket.is_overdue)
            self.assertFalse(
                self.env["aftersales.ticket"].search(
                    [("id", "=", ticket.id), ("sla_resolution_overdue", "=", True)]
                )
            )
            self.assertEqual(
                self.env["aftersales.ticket"].search(
                    [("id", "=", ticket.id), ("is_overdue", "=", False)]
                ),
                ticket,
            )
        # Monday 10-12 and 13-17, Tuesday 8-10: 8 working hours
        self._move(ticket, self.stage_repair, "2026-11-24 10:00:00")
        self.assertEqual(hold.date_end, datetime(2026, 11, 24, 10, 0))
        self.assertAlmostEqual(hold.hours, 8.0)
        self.assertFalse(ticket.sla_hold_kind)
        self.assertFalse(ticket.sla_resolution_paused)
        self.assertAlmostEqual(ticket.sla_hold_parts_hours, 8.0)
        self.assertAlmostEqual(ticket.sla_hold_customer_hours, 0.0)
        self.assertAlmostEqual(ticket.sla_hold_hours, 8.0)
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2026, 11, 24, 17, 0))
        # the hold came after the first response: that deadline stays
        self.assertEqual(ticket.sla_response_deadline, datetime(2026, 11, 23, 12, 0))
        self._move(ticket, self.stage_done, "2026-11-24 16:00:00")
        self.assertEqual(ticket.sla_resolution_state, "met", "late only because of the hold")

    def test_hold_ended_by_the_done_stage_counts(self):
        ticket = self._new_case()
        self._move(ticket, self.stage_wait_customer, "2026-11-23 10:00:00")
        self.assertEqual(ticket.sla_hold_kind, "customer")
        # moving the case on answered the customer: the response clock is done
        self.assertEqual(ticket.date_first_response, datetime(2026, 11, 23, 10, 0))
        self.assertFalse(ticket.sla_response_paused)
        self.assertTrue(ticket.sla_resolution_paused)
        self._move(ticket, self.stage_done, "2026-11-24 16:00:00")
        # Monday 10-12, 13-17 and Tuesday 8-12, 13-16: 13 working hours
        self.assertAlmostEqual(ticket.sla_hold_customer_hours, 13.0)
        # 2 h before the hold, 6 h left from Tuesday 16:00: Wednesday 14:00
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2026, 11, 25, 14, 0))
        self.assertEqual(ticket.sla_resolution_state, "met")
        self.assertFalse(ticket.sla_hold_kind)

    def test_unanswered_case_on_hold_stops_the_response_clock(self):
        """A case opened by email and created straight in a waiting stage (an
        import, a follow-up): no answer yet, both clocks stop."""
        with freeze_time("2026-11-23 08:00:00"):
            ticket = self._create_ticket(
                channel="email",
                date_received=datetime(2026, 11, 23, 8, 0),
                stage_id=self.stage_wait_customer.id,
            )
            ticket.flush_recordset()
        self.assertFalse(ticket.date_first_response)
        self.assertEqual(ticket.sla_hold_kind, "customer")
        self.assertTrue(ticket.sla_response_paused)
        with freeze_time("2026-11-23 13:00:00"):
            ticket.invalidate_recordset(["sla_response_overdue"])
            self.assertFalse(ticket.sla_response_overdue)
        # Monday 8-12 and 13-15 waiting: 6 working hours
        self._move(ticket, self.stage_diagnosis, "2026-11-23 15:00:00")
        self.assertEqual(ticket.sla_response_deadline, datetime(2026, 11, 24, 10, 0))
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2026, 11, 24, 15, 0))
        self.assertEqual(ticket.sla_response_state, "met")

    def test_case_late_before_the_hold_stays_late(self):
        ticket = self._new_case()
        self._move(ticket, self.stage_diagnosis, "2026-11-23 09:00:00")
        self._move(ticket, self.stage_wait_parts, "2026-11-24 09:00:00")
        self.assertFalse(ticket.sla_resolution_paused)
        with freeze_time("2026-11-24 10:00:00"):
            ticket.invalidate_recordset(["sla_resolution_overdue"])
            self.assertTrue(ticket.sla_resolution_overdue)
        self._move(ticket, self.stage_repair, "2026-11-24 11:00:00")
        self.assertAlmostEqual(ticket.sla_hold_parts_hours, 2.0)
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2026, 11, 23, 17, 0))
        self._move(ticket, self.stage_done, "2026-11-24 12:00:00")
        self.assertEqual(ticket.sla_resolution_state, "missed")

    def test_several_holds_add_up_per_kind(self):
        ticket = self._new_case()
        self._move(ticket, self.stage_diagnosis, "2026-11-23 09:00:00")
        self._move(ticket, self.stage_wait_customer, "2026-11-23 10:00:00")
        # from one waiting stage to the other: one hold ends, the next starts
        self._move(ticket, self.stage_wait_parts, "2026-11-23 11:00:00")
        self.assertEqual(ticket.sla_hold_kind, "parts")
        self._move(ticket, self.stage_repair, "2026-11-23 14:00:00")
        self.assertEqual(len(ticket.sla_hold_ids), 2)
        self.assertAlmostEqual(ticket.sla_hold_customer_hours, 1.0)
        # 11-12 and 13-14
        self.assertAlmostEqual(ticket.sla_hold_parts_hours, 2.0)
        self.assertAlmostEqual(ticket.sla_hold_hours, 3.0)
        # 8 h + 3 h on hold from Monday 8:00: Tuesday 11:00
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2026, 11, 24, 11, 0))

    def test_closed_case_keeps_its_deadlines(self):
        ticket = self._new_case()
        self._move(ticket, self.stage_wait_parts, "2026-11-23 10:00:00")
        self._move(ticket, self.stage_repair, "2026-11-24 10:00:00")
        self._move(ticket, self.stage_closed, "2026-11-24 16:00:00")
        deadline = ticket.sla_resolution_deadline
        self.assertEqual(deadline, datetime(2026, 11, 24, 17, 0))
        # a correction of the hold, or of the policy, does not rewrite history
        ticket.sla_hold_ids.sudo().hours = 40.0
        self.policy.resolution_hours = 4
        ticket.flush_recordset()
        self.assertEqual(ticket.sla_resolution_deadline, deadline)
        self.assertEqual(ticket.sla_resolution_state, "met")

    def test_hold_only_on_waiting_stages(self):
        with self.assertRaisesRegex(ValidationError, "only a stage where the work waits"):
            self.stage_done.sla_hold = "customer"
        with self.assertRaisesRegex(ValidationError, "only a stage where the work waits"):
            self.env["aftersales.stage"].create(
                {"name": "Bad hold", "stage_type": "closed", "sla_hold": "parts"}
            )

    def test_technician_moves_a_case_on_hold(self):
        """Holds are kept for everyone moving a case, without rights on them."""
        ticket = self._new_case()
        ticket.technician_id = self.user_technician
        with freeze_time("2026-11-23 10:00:00"):
            ticket.with_user(self.user_technician).stage_id = self.stage_wait_parts
            ticket.flush_recordset()
        self.assertEqual(ticket.sla_hold_kind, "parts")
        with freeze_time("2026-11-23 11:00:00"):
            ticket.with_user(self.user_technician).stage_id = self.stage_repair
            ticket.flush_recordset()
        self.assertAlmostEqual(ticket.sla_hold_hours, 1.0)
        self.assertEqual(
            ticket.with_user(self.user_technician).sla_hold_ids.mapped("kind"), ["parts"]
        )
        # a technician who has nothing to do with the case does not see its holds
        self.assertFalse(
            self.env["aftersales.ticket.sla.hold"]
            .with_user(self.user_technician_other)
            .search([("ticket_id", "=", ticket.id)])
        )
        self.assertEqual(
            self.env["aftersales.ticket.sla.hold"]
            .with_user(self.user_reception)
            .search([("ticket_id", "=", ticket.id)]),
            ticket.sla_hold_ids,
        )
