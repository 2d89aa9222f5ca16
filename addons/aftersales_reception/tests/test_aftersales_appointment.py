# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError

from ..models.aftersales_appointment import haversine_km
from .common import AftersalesCommon

# a Monday, 9:30 UTC; the company's calendar works 8-12 and 13-17 in UTC
NOW = datetime(2026, 12, 7, 9, 30)


class AppointmentCommon(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_visit_hours = 2.0
        cls.user_technician.tz = "UTC"
        cls.user_technician_other.tz = "UTC"
        cls.ticket = cls._create_ticket(
            service_type="installation", technician_id=cls.user_technician.id
        )

    @classmethod
    def _visit(cls, start, end=None, ticket=None, technician=None, **values):
        vals = {
            "ticket_id": (ticket or cls.ticket).id,
            "technician_id": (technician or cls.user_technician).id,
            "date_start": start,
            "date_end": end or start.replace(hour=start.hour + 2),
        }
        vals.update(values)
        return cls.env["aftersales.appointment"].create(vals)


@freeze_time(NOW)
class TestAftersalesAppointment(AppointmentCommon):
    def test_installation_is_on_site(self):
        self.assertTrue(self.ticket.on_site)
        repair = self._create_ticket(service_type="warranty_repair")
        self.assertFalse(repair.on_site)
        with self.assertRaises(UserError):
            repair.action_propose_visit()
        repair.on_site = True
        action = repair.action_propose_visit()
        self.assertEqual(action["res_model"], "aftersales.appointment")

    def test_propose_defaults_to_first_free_slot(self):
        action = self.ticket.action_propose_visit()
        context = action["context"]
        self.assertEqual(context["default_technician_id"], self.user_technician.id)
        # 8-10 has begun at 9:30: the next slot starts at 10
        self.assertEqual(context["default_date_start"], datetime(2026, 12, 7, 10, 0))
        self.assertEqual(context["default_date_end"], datetime(2026, 12, 7, 12, 0))

    def test_free_slots_attendances_minus_leaves_minus_confirmed_visits(self):
        self.company.aftersales_visit_days = 2
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Tuesday afternoon off",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 12, 8, 13, 0),
                "date_to": datetime(2026, 12, 8, 17, 0),
            }
        )
        other_ticket = self._create_ticket(service_type="installation")
        self._visit(datetime(2026, 12, 7, 15, 0), ticket=other_ticket, state="confirmed")
        # a visit of someone else, or only proposed, does not hold the slot
        self._visit(
            datetime(2026, 12, 7, 13, 0),
            ticket=other_ticket,
            technician=self.user_technician_other,
            state="confirmed",
        )
        self._visit(datetime(2026, 12, 8, 8, 0), ticket=other_ticket)
        visit = self._visit(datetime(2026, 12, 7, 10, 0))
        starts = [start for start, _end in visit._free_slots()]
        self.assertEqual(
            starts,
            [
                datetime(2026, 12, 7, 10, 0),
                datetime(2026, 12, 7, 13, 0),
                datetime(2026, 12, 8, 8, 0),
                datetime(2026, 12, 8, 10, 0),
            ],
        )

    def test_confirm_sends_icalendar_event(self):
        visit = self._visit(datetime(2026, 12, 8, 8, 0))
        self.assertTrue(visit.access_token)
        self.assertEqual(self.ticket.appointment_state, "proposed")
        visit.action_send_proposal()
        proposal = self.ticket.message_ids.filtered(lambda m: visit.access_token in (m.body or ""))
        self.assertEqual(len(proposal), 1, "the proposal carries the customer's link")
        self.assertIn(self.customer, proposal.partner_ids)

        visit.action_confirm()
        self.assertEqual(visit.state, "confirmed")
        self.assertEqual(self.ticket.appointment_state, "confirmed")
        message = self.ticket.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertIn(self.customer, message.partner_ids)
        attachment = message.attachment_ids
        self.assertEqual(attachment.name, f"visit-{self.ticket.name.replace('/', '-')}.ics")
        ics = base64.b64decode(attachment.datas).decode()
        self.assertIn("BEGIN:VEVENT\r\n", ics)
        self.assertIn(f"UID:aftersales-appointment-{visit.id}@", ics)
        self.assertIn("DTSTART:20261208T080000Z\r\n", ics)
        self.assertIn("DTEND:20261208T100000Z\r\n", ics)
        self.assertIn("SUMMARY:Service visit: ", ics)
        self.assertIn("LOCATION:94539 Fremont\\, United States\r\n", ics)
        self.assertIn("END:VCALENDAR\r\n", ics)

    def test_confirm_twice_refused(self):
        visit = self._visit(datetime(2026, 12, 8, 8, 0))
        visit.action_confirm()
        with self.assertRaisesRegex(UserError, "Confirmed"):
            visit.action_confirm()

    def test_confirm_past_slot_refused(self):
        visit = self._visit(datetime(2026, 12, 7, 8, 0))
        with self.assertRaisesRegex(UserError, "already begun"):
            visit.action_confirm()
        self.assertEqual(visit.state, "proposed")

    def test_confirm_taken_slot_refused(self):
        other_ticket = self._create_ticket(service_type="installation")
        self._visit(datetime(2026, 12, 8, 9, 0), ticket=other_ticket, state="confirmed")
        visit = self._visit(datetime(2026, 12, 8, 8, 0))
        with self.assertRaisesRegex(UserError, "no longer free"):
            visit.action_confirm()
        self.assertEqual(visit.state, "proposed")
        with self.assertRaises(ValidationError):
            visit.write({"state": "confirmed"})

    def test_end_before_start_refused(self):
        with self.assertRaises(ValidationError):
            self._visit(datetime(2026, 12, 8, 10, 0), end=datetime(2026, 12, 8, 9, 0))

    def test_cancel_done_visit_refused(self):
        visit = self._visit(datetime(2026, 12, 8, 8, 0))
        visit.action_confirm()
        visit.action_done()
        with self.assertRaises(UserError):
            visit.action_cancel()
        self.assertEqual(visit.state, "done")

    def test_bad_token_finds_nothing(self):
        visit = self._visit(datetime(2026, 12, 8, 8, 0))
        model = self.env["aftersales.appointment"]
        self.assertEqual(model._find_by_token(visit.access_token), visit)
        # the token with its last character changed (a uuid's may be a "0")
        last = "1" if visit.access_token.endswith("0") else "0"
        for token in ("", None, "x" * 200, visit.access_token[:-1] + last):
            self.assertFalse(model._find_by_token(token))


@freeze_time(NOW)
class TestTechnicianDay(AppointmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workshop_ca.partner_id = cls.env["res.partner"].create(
            {"name": "Workshop", "partner_latitude": 52.0, "partner_longitude": 13.0}
        )
        cls.ticket.service_center_id = cls.workshop_ca
        cls.stops = {}
        for name, hour, latitude in (("A", 8, 52.3), ("B", 10, 52.05), ("C", 13, 52.6)):
            partner = cls.env["res.partner"].create(
                {"name": f"Stop {name}", "partner_latitude": latitude, "partner_longitude": 13.0}
            )
            ticket = cls._create_ticket(
                partner_id=partner.id,
                service_type="installation",
                service_center_id=cls.workshop_ca.id,
            )
            cls.stops[name] = cls._visit(datetime(2026, 12, 8, hour, 0), ticket=ticket)

    def test_route_nearest_neighbour_from_service_center(self):
        partner = self.env["res.partner"].create(
            {"name": "Stop D", "partner_latitude": 51.9, "partner_longitude": 13.0}
        )
        ticket = self._create_ticket(
            partner_id=partner.id,
            service_type="installation",
            service_center_id=self.workshop_ca.id,
        )
        self.stops["D"] = self._visit(datetime(2026, 12, 8, 15, 0), ticket=ticket)
        route = self.env["aftersales.appointment"].search(
            [("technician_id", "=", self.user_technician.id), ("visit_date", "=", "2026-12-08")],
            order="route_sequence",
        )
        names = {visit: name for name, visit in self.stops.items()}
        # from the workshop at 52.0: B (0.05 deg), then D, A and C
        self.assertEqual([names[v] for v in route], ["B", "D", "A", "C"])
        self.assertEqual(route.mapped("route_sequence"), [1, 2, 3, 4])
        self.assertEqual(route.mapped("distance_km"), [5.6, 16.7, 44.5, 33.4])
        self.assertAlmostEqual(haversine_km(52.0, 13.0, 53.0, 13.0), 111.2, places=1)

    def test_cancelled_visit_leaves_the_route(self):
        self.stops["B"].action_cancel()
        self.assertEqual(self.stops["B"].route_sequence, 0)
        self.assertEqual(
            [self.stops[n].route_sequence for n in "AC"], [1, 2], "A is now the nearest"
        )
        self.assertEqual(self.stops["A"].distance_km, 33.4)

    def test_visit_moved_to_another_day_leaves_the_route(self):
        self.stops["B"].write(
            {"date_start": datetime(2026, 12, 9, 8, 0), "date_end": datetime(2026, 12, 9, 10, 0)}
        )
        self.assertEqual(self.stops["B"].route_sequence, 1)
        self.assertEqual(self.stops["B"].distance_km, 5.6)
        self.assertEqual([self.stops[n].route_sequence for n in "AC"], [1, 2])
