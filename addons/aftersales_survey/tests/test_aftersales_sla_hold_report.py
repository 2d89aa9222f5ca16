# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SLA adherence of the case analysis counts the time cases waited for
the customer or for parts: a case late only because of a hold is on time."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestAftersalesSlaHoldReport(AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["aftersales.sla.policy"].create(
            {
                "name": "Test day",
                "sequence": -10,
                "team_id": cls.team.id,
                "response_hours": 4,
                "resolution_hours": 8,
            }
        )
        cls.stage_wait_parts = cls.env.ref("aftersales_reception.stage_waiting")

    def _case(self, hold_until=None):
        """A case received on Monday 2026-11-23 at 8:00 (8 working hours to
        resolve it), waiting for parts from 10:00 until ``hold_until``, and
        closed on Tuesday at 16:00."""
        with freeze_time("2026-11-23 08:00:00"):
            ticket = self._repair_ticket(date_received=datetime(2026, 11, 23, 8, 0))
        if hold_until:
            with freeze_time("2026-11-23 10:00:00"):
                ticket.stage_id = self.stage_wait_parts
                ticket.flush_recordset()
            with freeze_time(hold_until):
                ticket.stage_id = self.stage_repair
                ticket.flush_recordset()
        with freeze_time("2026-11-24 16:00:00"):
            self._closed_ticket_from(ticket)
        return ticket

    def _closed_ticket_from(self, ticket):
        ticket.stage_id = self.stage_qc
        if ticket.qc_check_id:
            self._fill_check(ticket.qc_check_id).action_validate()
        self._close(ticket)
        ticket.flush_recordset()

    def test_case_late_only_because_of_a_hold_is_on_time(self):
        held = self._case(hold_until="2026-11-24 10:00:00")
        late = self._case()
        self.env.flush_all()
        rows = self.env["aftersales.case.report"].search([("ticket_id", "in", (held | late).ids)])
        by_case = {row.ticket_id: row for row in rows}
        self.assertEqual(by_case[held].sla_resolution_state, "met")
        self.assertAlmostEqual(by_case[held].sla_hold_hours, 8.0)
        self.assertAlmostEqual(by_case[held].sla_hold_parts_hours, 8.0)
        self.assertAlmostEqual(by_case[held].sla_hold_customer_hours, 0.0)
        self.assertEqual(by_case[late].sla_resolution_state, "missed")
        self.assertAlmostEqual(by_case[late].sla_hold_hours, 0.0)
        [[rate, hours]] = self.env["aftersales.case.report"]._read_group(
            [("ticket_id", "in", (held | late).ids)],
            [],
            ["sla_resolution_rate:avg", "sla_hold_hours:sum"],
        )
        self.assertAlmostEqual(rate, 50.0)
        self.assertAlmostEqual(hours, 8.0)
