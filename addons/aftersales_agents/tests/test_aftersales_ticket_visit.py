# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields

from .common import AgentsCommon


class TestTravelFromVisits(AgentsCommon):
    """The travel distance of an on-site case comes from its visits on the
    technician's route, and picks the band of the travel fee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_partner.write({"partner_latitude": 52.0, "partner_longitude": 13.0})
        cls.start = fields.Datetime.now().replace(minute=0, second=0, microsecond=0) + timedelta(
            days=2
        )

    def _visited_ticket(self, latitude, **values):
        self.customer_tx.write({"partner_latitude": latitude, "partner_longitude": 13.0})
        ticket = self._agent_ticket(
            warranty=True, done=False, labour_hours=0, parts=0, visit_count=1, **values
        )
        self.assertEqual(ticket.service_center_id, self.agent_tx)
        visit = self.env["aftersales.appointment"].create(
            {
                "ticket_id": ticket.id,
                "technician_id": self.user_technician.id,
                "date_start": self.start,
                "date_end": self.start + timedelta(hours=2),
            }
        )
        visit.action_confirm()
        return ticket, visit

    def _travel_fee(self, ticket):
        return ticket.fee_line_ids.filtered(lambda f: f.rule_id.kind == "travel_km")

    def test_far_visit_picks_second_band(self):
        ticket, visit = self._visited_ticket(52.3)
        self.assertEqual(visit.distance_km, 33.4)
        self.assertEqual(ticket.travel_distance_km, 33.4)
        visit.action_done()
        ticket.stage_id = self.stage_done
        travel = self._travel_fee(ticket)
        self.assertEqual((travel.base_amount, travel.amount), (33.4, 25.0))

    def test_near_visit_picks_first_band(self):
        ticket, _visit = self._visited_ticket(52.15)
        self.assertEqual(ticket.travel_distance_km, 16.7)
        ticket.stage_id = self.stage_done
        self.assertEqual(self._travel_fee(ticket).amount, 10.0)

    def test_cancelled_visit_is_not_travelled(self):
        ticket, visit = self._visited_ticket(52.3, travel_distance_km=12.0)
        self.assertEqual(ticket.travel_distance_km, 33.4)
        visit.action_cancel()
        self.assertEqual(visit.distance_km, 0.0)
        self.assertEqual(ticket.travel_distance_km, 33.4, "the last known distance stays")

    def test_distance_entered_by_hand_is_kept(self):
        ticket, visit = self._visited_ticket(
            52.3, travel_distance_manual=True, travel_distance_km=12.0
        )
        self.assertEqual(visit.distance_km, 33.4)
        self.assertEqual(ticket.travel_distance_km, 12.0)
        ticket.stage_id = self.stage_done
        self.assertEqual(self._travel_fee(ticket).amount, 10.0)
