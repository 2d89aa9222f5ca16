# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AftersalesCommon

NEW_CASE_EMAIL = """Return-Path: <{email_from}>
To: {to}
From: {from_header}
Subject: {subject}
Date: Mon, 23 Nov 2026 10:00:00 +0000
Message-ID: {message_id}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Hello,

my dishwasher shows error E24 and stops after ten minutes.
Serial DW-2211.

Regards,
Ada
"""

REPLY_EMAIL = """To: {to}
From: {from_header}
Subject: Re: {subject}
Date: Mon, 23 Nov 2026 12:00:00 +0000
Message-ID: <reply-1@customer.example.com>
In-Reply-To: {in_reply_to}
References: {in_reply_to}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

It also smells burnt now.
"""


@tagged("post_install", "-at_install")
class TestAftersalesMailGateway(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "aftersales.example.com"})
        cls.team.write({"alias_name": "repairs", "alias_domain_id": cls.alias_domain.id})
        cls.env = cls.env(context=dict(cls.env.context, mail_create_nolog=False))

    def _process(self, template, **values):
        defaults = {
            "to": "repairs@aftersales.example.com",
            "email_from": "ada@customer.example.com",
            "from_header": "Ada Lovelace <ada@customer.example.com>",
            "subject": "Dishwasher error E24",
            "message_id": "<new-case-1@customer.example.com>",
        }
        defaults.update(values)
        return self.env["mail.thread"].message_process(None, template.format(**defaults))

    def test_email_opens_case_for_new_customer(self):
        ticket_id = self._process(NEW_CASE_EMAIL)
        ticket = self.env["aftersales.ticket"].browse(ticket_id)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.channel, "email")
        self.assertEqual(ticket.summary, "Dishwasher error E24")
        self.assertIn("error E24", ticket.fault_description)
        self.assertEqual(ticket.partner_id.email, "ada@customer.example.com")
        self.assertFalse(ticket.user_id, "the mail gateway owns no case")
        self.assertIn(ticket.partner_id, ticket.message_partner_ids)

    def test_email_of_known_customer_and_reply_threads(self):
        ticket_id = self._process(
            NEW_CASE_EMAIL,
            email_from=self.customer.email,
            from_header=f"Customer <{self.customer.email}>",
        )
        ticket = self.env["aftersales.ticket"].browse(ticket_id)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.service_center_id, self.workshop_ca, "routed like any case")
        count = self.env["aftersales.ticket"].search_count([])
        reply_id = self._process(
            REPLY_EMAIL,
            from_header=f"Customer <{self.customer.email}>",
            in_reply_to="<new-case-1@customer.example.com>",
        )
        self.assertEqual(reply_id, ticket.id, "the reply lands on the same case")
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)
        self.assertIn("smells burnt", ticket.message_ids[0].body)

    def test_reply_to_closed_case_flags_responsible(self):
        ticket_id = self._process(NEW_CASE_EMAIL)
        ticket = self.env["aftersales.ticket"].browse(ticket_id)
        ticket.write({"user_id": self.user_reception.id, "stage_id": self.stage_closed.id})
        self._process(REPLY_EMAIL, in_reply_to="<new-case-1@customer.example.com>")
        activity = ticket.activity_ids.filtered(lambda a: a.user_id == self.user_reception)
        self.assertEqual(activity.summary, "Customer wrote on a closed case")

    def test_email_without_sender_is_refused(self):
        raw = NEW_CASE_EMAIL.replace("Return-Path: <{email_from}>\n", "").replace(
            "From: {from_header}\n", ""
        )
        count = self.env["aftersales.ticket"].search_count([])
        self.assertFalse(self._process(raw), "no case for a sender-less email")
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)
        self.assertEqual(self.team.alias_id.alias_status, "not_tested", "the alias stays usable")
        # created directly, without the gateway's checks, the case is refused too
        with self.assertRaisesRegex(ValidationError, "no sender address"):
            self.env["aftersales.ticket"].message_new({"subject": "No sender", "email_from": ""})
