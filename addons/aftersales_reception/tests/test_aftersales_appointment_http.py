# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import AftersalesHttpCommon


@tagged("post_install", "-at_install")
class TestAftersalesAppointmentLink(AftersalesHttpCommon):
    """The customer's link to a proposed visit, used without logging in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_technician.tz = "UTC"
        cls.ticket = cls._create_ticket(
            service_type="installation", technician_id=cls.user_technician.id
        )
        model = cls.env["aftersales.appointment"]
        probe = model.new({"ticket_id": cls.ticket.id, "technician_id": cls.user_technician.id})
        cls.slots = probe._free_slots()
        start, end = cls.slots[0]
        cls.visit = model.create(
            {
                "ticket_id": cls.ticket.id,
                "technician_id": cls.user_technician.id,
                "date_start": start,
                "date_end": end,
            }
        )

    def _url(self, visit=None):
        return f"/aftersales/visit/{(visit or self.visit).access_token}"

    def _open(self, url, data=None):
        """The page as the customer's browser gets it; the records as the
        request left them."""
        self.env.flush_all()
        response = self.url_open(url, data=data)
        self.env.invalidate_all()
        return response

    def _post(self, slot, visit=None):
        page = self._open(self._url(visit))
        self.assertEqual(page.status_code, 200)
        # the form's token, or the page's when the visit has no form any more
        token = re.search(r'csrf_token(?:" value=|: )"([^"]+)"', page.text).group(1)
        return self._open(
            self._url(visit) + "/confirm",
            data={"slot": fields.Datetime.to_string(slot) if slot else "", "csrf_token": token},
        )

    def test_page_lists_proposed_and_free_slots(self):
        page = self._open(self._url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.ticket.name, page.text)
        self.assertIn("o_aftersales_slot_proposed", page.text)
        self.assertIn(fields.Datetime.to_string(self.slots[1][0]), page.text)

    def test_bad_token_is_not_found(self):
        for url in ("/aftersales/visit/not-a-token", "/aftersales/visit/" + "0" * 36):
            response = self._open(url)
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.visit.state, "proposed")

    def test_confirm_proposed_slot_then_link_used_again(self):
        response = self._post(self.visit.date_start)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_aftersales_appointment_confirmed", response.text)
        self.assertEqual(self.visit.state, "confirmed")
        confirmed_on = self.visit.date_confirmed
        messages = len(self.ticket.message_ids)
        # the link used again, with another slot: nothing changes
        page = self._open(self._url())
        self.assertNotIn("o_aftersales_appointment_submit", page.text, "no form any more")
        response = self._post(self.slots[1][0])
        self.assertEqual(response.status_code, 409)
        self.assertIn("already Confirmed: nothing was changed", response.text)
        self.assertEqual(self.visit.state, "confirmed")
        self.assertEqual(self.visit.date_start, self.slots[0][0])
        self.assertEqual(self.visit.date_confirmed, confirmed_on)
        self.assertEqual(len(self.ticket.message_ids), messages)

    def test_pick_another_free_slot(self):
        start, end = self.slots[1]
        response = self._post(start)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.visit.state, "confirmed")
        self.assertEqual((self.visit.date_start, self.visit.date_end), (start, end))

    def test_past_slot_refused(self):
        response = self._post(fields.Datetime.now() - timedelta(hours=3))
        self.assertEqual(response.status_code, 400)
        self.assertIn("already begun", response.text)
        self.assertEqual(self.visit.state, "proposed")

    def test_slot_no_longer_free_refused(self):
        start, end = self.slots[1]
        other = self._create_ticket(service_type="installation")
        self.env["aftersales.appointment"].create(
            {
                "ticket_id": other.id,
                "technician_id": self.user_technician.id,
                "date_start": start,
                "date_end": end,
                "state": "confirmed",
            }
        )
        response = self._post(start)
        self.assertEqual(response.status_code, 409)
        self.assertIn("no longer free", response.text)
        self.assertEqual(self.visit.state, "proposed")
        self.assertEqual(self.visit.date_start, self.slots[0][0])

    def test_slot_not_offered_refused(self):
        start = self.slots[0][0] + timedelta(minutes=7)
        response = self._post(start)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.visit.state, "proposed")
        response = self._post(None)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Pick a slot of the list", response.text)

    def test_customer_confirms_through_link_tour(self):
        self.env.flush_all()
        self.start_tour(self._url(), "aftersales_appointment_confirm_tour", login=None)
        self.env.invalidate_all()
        self.assertEqual(self.visit.state, "confirmed")
        self.assertEqual(self.visit.date_start, self.slots[1][0])
        message = self.ticket.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertTrue(message.attachment_ids.name.endswith(".ics"))
        self.assertEqual(message.author_id, self.customer)
