# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.tests import new_test_user, tagged

from .common import AftersalesHttpCommon


@tagged("post_install", "-at_install")
class TestIntakeChannelsHttp(AftersalesHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token = cls.company.sudo().aftersales_sms_token
        cls.open_case = cls._create_ticket(summary="Washer noisy")
        cls.user_portal = new_test_user(
            cls.env, login="as_channel_portal", groups="base.group_portal"
        )

    def _post_sms(self, data=None, json_data=None, token=None, header=None):
        url = "/aftersales/sms/inbound"
        if token:
            url += f"?token={token}"
        headers = {"X-Aftersales-Token": header} if header else {}
        if json_data is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(json_data)
        return self.url_open(url, data=data, headers=headers)

    def _case_count(self):
        return self.env["aftersales.ticket"].search_count([])

    def test_form_sms_with_url_token_threads_on_the_open_case(self):
        count = self._case_count()
        response = self._post_sms(
            data={"from": "+1 510 555 0001", "text": "When is it ready?"}, token=self.token
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["id"], self.open_case.id)
        self.assertEqual(self._case_count(), count)
        self.assertIn("When is it ready?", self.open_case.message_ids[0].body)
        self.assertEqual(self.open_case.message_ids[0].author_id, self.customer)

    def test_json_sms_with_header_token_opens_a_case(self):
        response = self._post_sms(
            json_data={"from": "+1 713 555 0142", "body": "Fridge is warm"}, header=self.token
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["aftersales.ticket"].browse(response.json()["id"])
        self.assertEqual(ticket.channel, "sms")
        self.assertEqual(ticket.fault_description, "Fridge is warm")
        self.assertFalse(ticket.partner_id, "an unknown number creates no contact")
        self.assertEqual(ticket.partner_phone, "+1 713 555 0142")
        self.assertEqual(ticket.company_id, self.company)

    def test_sms_with_a_wrong_or_missing_token_is_refused(self):
        count = self._case_count()
        payload = {"from": "+1 510 555 0001", "text": "Hello"}
        for kwargs in (
            {"token": "wrong"},
            {"header": "wrong"},
            {},
            {"json_data": payload, "header": self.token[:-1]},
        ):
            response = self._post_sms(data=payload, **kwargs)
            self.assertEqual(response.status_code, 403, kwargs)
        self.assertEqual(self._case_count(), count)
        self.assertNotIn("Hello", self.open_case.message_ids[0].body)

    def test_sms_without_sender_or_text_is_a_bad_request(self):
        count = self._case_count()
        for payload in ({"text": "Hello"}, {"from": "+1 510 555 0001"}):
            response = self._post_sms(json_data=payload, header=self.token)
            self.assertEqual(response.status_code, 400, payload)
            self.assertTrue(response.json()["error"])
        response = self._post_sms(json_data=["not", "an", "object"], header=self.token)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._case_count(), count)

    def test_caller_card_route_shows_the_customer_cases(self):
        self.authenticate("as_reception", "as_reception")
        response = self.url_open(
            "/odoo/aftersales/caller?number=(510) 555-0001", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        location = response.headers["Location"]
        self.assertIn("/odoo/aftersales-caller/", location)
        caller_id = int(location.rstrip("/").rsplit("/", 1)[1])
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw/aftersales.caller/web_read",
            {
                "model": "aftersales.caller",
                "method": "web_read",
                "args": [[caller_id]],
                "kwargs": {
                    "specification": {
                        "partner_id": {"fields": {"display_name": {}}},
                        "ticket_ids": {"fields": {"name": {}, "stage_id": {}}},
                    }
                },
            },
        )[0]
        self.assertEqual(result["partner_id"]["id"], self.customer.id)
        self.assertEqual(
            [(t["name"], t["stage_id"]) for t in result["ticket_ids"]],
            [(self.open_case.name, self.open_case.stage_id.id)],
        )
        # the card page itself opens in the web client
        self.assertEqual(self.url_open(location).status_code, 200)

    def test_caller_card_route_is_closed_to_portal_and_public(self):
        self.authenticate("as_channel_portal", "as_channel_portal")
        response = self.url_open("/odoo/aftersales/caller?number=5105550001", allow_redirects=False)
        self.assertEqual(response.status_code, 403)
        self.authenticate("as_technician", "as_technician")
        response = self.url_open("/odoo/aftersales/caller?number=5105550001", allow_redirects=False)
        self.assertEqual(response.status_code, 403)
        self.authenticate(None, None)
        response = self.url_open("/odoo/aftersales/caller?number=5105550001", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        self.assertFalse(self.env["aftersales.caller"].search([]))
