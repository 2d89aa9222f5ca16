# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users

from .common import AftersalesCommon

# the first bytes of a PDF are enough for the mail gateway and the mimetype
FAX_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestIntakeChannels(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_de = cls.env["res.partner"].create(
            {
                "name": "Test Kunde Berlin",
                "phone": "030 1234567",
                "country_id": cls.env.ref("base.de").id,
            }
        )
        cls.open_case = cls._create_ticket(
            serial_number="T-WASH-0001", fault_description="Drum is noisy"
        )
        cls.closed_case = cls._create_ticket(
            summary="Old case", user_id=cls.user_reception.id, stage_id=cls.stage_closed.id
        )
        cls.sms_ready = cls.env.ref("aftersales_reception.sms_template_ticket_ready")

    # ------------------------------------------------------------
    # Phone numbers in any format
    # ------------------------------------------------------------

    def test_phone_key_is_one_spelling_of_a_number(self):
        partner_model = self.env["res.partner"]
        us = self.env.ref("base.us")
        keys = {
            partner_model._aftersales_phone_key(number, us)
            for number in ("+1 510 555 0001", "(510) 555-0001", "510.555.0001", "001 510 555 0001")
        }
        self.assertEqual(keys, {"+15105550001"})
        self.assertEqual(
            partner_model._aftersales_phone_key("030 1234567", self.env.ref("base.de")),
            partner_model._aftersales_phone_key("+49 30 1234567", us),
        )
        for not_a_number in ("", "12", "call me", None, 42):
            self.assertFalse(partner_model._aftersales_phone_key(not_a_number, us))

    def test_contact_found_by_phone_in_any_format(self):
        partner_model = self.env["res.partner"]
        for number in ("(510) 555-0001", "+15105550001", "0015105550001"):
            self.assertEqual(partner_model._aftersales_search_by_phone(number), self.customer)
        # stored in the national format of its country, found from abroad
        self.assertEqual(
            partner_model._aftersales_search_by_phone("+49 30 1234567"), self.partner_de
        )
        self.assertFalse(partner_model._aftersales_search_by_phone("+49 30 7654321"))
        self.assertFalse(partner_model._aftersales_search_by_phone("555"))

    # ------------------------------------------------------------
    # Caller card
    # ------------------------------------------------------------

    @users("as_reception")
    def test_caller_card_of_a_known_customer(self):
        self.open_case.with_user(self.user_manager).message_post(
            body="Customer called about the noise", message_type="comment"
        )
        card = Form(self.env["aftersales.caller"])
        card.number = "(510) 555-0001"
        self.assertEqual(card.partner_id, self.customer)
        self.assertFalse(card.is_unknown)
        caller = card.save()
        self.assertEqual(caller.ticket_ids, self.open_case, "open cases only")
        self.assertEqual(caller.closed_ticket_count, 1)
        self.assertIn(self.equipment, caller.equipment_ids)
        self.assertIn("Customer called about the noise", "".join(caller.message_ids.mapped("body")))
        action = caller.action_new_case()
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)
        self.assertEqual(action["context"]["default_channel"], "phone")
        ticket = Form(self.env["aftersales.ticket"].with_context(**action["context"]))
        ticket.summary = "Still noisy"
        case = ticket.save()
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.channel, "phone")

    @users("as_reception")
    def test_caller_card_of_an_unknown_number_invents_nobody(self):
        partners = self.env["res.partner"].search_count([])
        card = Form(self.env["aftersales.caller"])
        card.number = "+1 212 555 0199"
        self.assertTrue(card.is_unknown)
        self.assertFalse(card.partner_id)
        caller = card.save()
        self.assertFalse(caller.ticket_ids)
        action = caller.action_new_case()
        self.assertFalse(action["context"]["default_partner_id"])
        ticket = Form(self.env["aftersales.ticket"].with_context(**action["context"]))
        self.assertEqual(ticket.partner_phone, "+1 212 555 0199")
        ticket.summary = "Caller did not give a name"
        # the form asks for the customer; the ORM refuses a phone case without one
        with self.assertRaisesRegex(AssertionError, "partner_id"):
            ticket.save()
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_caller_card_is_for_reception(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.caller"].with_user(self.user_technician).create(
                {"number": "+1 510 555 0001"}
            )

    # ------------------------------------------------------------
    # Inbound SMS
    # ------------------------------------------------------------

    def test_sms_of_a_customer_threads_on_the_open_case(self):
        count = self.env["aftersales.ticket"].search_count([])
        ticket = self.env["aftersales.ticket"]._sms_intake("(510) 555-0001", "Any news?")
        self.assertEqual(ticket, self.open_case)
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)
        message = ticket.message_ids[0]
        self.assertIn("Any news?", message.body)
        self.assertEqual(message.author_id, self.customer)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertFalse(ticket.date_first_response, "a customer's message is no response")

    def test_sms_of_a_customer_without_open_case_opens_one(self):
        ticket = self.env["aftersales.ticket"]._sms_intake("+49 30 1234567", "Oven is cold")
        self.assertEqual(ticket.partner_id, self.partner_de)
        self.assertEqual(ticket.channel, "sms")
        self.assertEqual(ticket.fault_description, "Oven is cold")
        self.assertFalse(ticket.user_id)
        self.assertIn("Oven is cold", ticket.message_ids[0].body)

    def test_sms_of_an_unknown_number_opens_a_case_without_customer(self):
        partners = self.env["res.partner"].search_count([])
        ticket = self.env["aftersales.ticket"]._sms_intake("+1 212 555 0199", "Dryer broken")
        self.assertFalse(ticket.partner_id)
        self.assertEqual(ticket.partner_phone, "+1 212 555 0199")
        self.assertEqual(ticket.channel, "sms")
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        again = self.env["aftersales.ticket"]._sms_intake("212-555-0199", "It smells too")
        self.assertEqual(again, ticket, "the same number threads on the same case")
        self.assertIn("It smells too", ticket.message_ids[0].body)

    def test_sms_without_number_or_text_is_refused(self):
        count = self.env["aftersales.ticket"].search_count([])
        with self.assertRaisesRegex(ValidationError, "no phone number"):
            self.env["aftersales.ticket"]._sms_intake("hello", "Dryer broken")
        with self.assertRaisesRegex(ValidationError, "is empty"):
            self.env["aftersales.ticket"]._sms_intake("+1 212 555 0199", "  ")
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)

    def test_case_without_customer_only_for_unknown_senders(self):
        with self.assertRaisesRegex(ValidationError, "has no customer"):
            self._create_ticket(partner_id=False, channel="phone", partner_phone="+12125550199")
        with self.assertRaisesRegex(ValidationError, "has no customer"):
            self._create_ticket(partner_id=False, channel="sms")

    # ------------------------------------------------------------
    # Outbound SMS at stage changes
    # ------------------------------------------------------------

    def test_stage_sms_sent_to_customers_with_a_number(self):
        # any stage may text the customer (here one without hand-back checks)
        self.stage_repair.sms_template_id = self.sms_ready
        no_phone = self._create_ticket(partner_id=self.customer_tx.id)
        (self.open_case | no_phone).write({"stage_id": self.stage_repair.id})
        sms = (
            self.env["sms.sms"].sudo().search([("mail_message_id.res_id", "=", self.open_case.id)])
        )
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, "+15105550001")
        self.assertEqual(sms.partner_id, self.customer)
        self.assertEqual(sms.state, "outgoing", "sent through the SMS queue")
        self.assertIn(self.open_case.name, sms.body)
        self.assertIn("ready for pick-up", sms.body)
        self.assertFalse(
            self.env["sms.sms"].sudo().search([("mail_message_id.res_id", "=", no_phone.id)])
        )

    def test_no_stage_sms_without_template(self):
        self.open_case.stage_id = self.stage_diagnosis
        self.assertFalse(
            self.env["sms.sms"].sudo().search([("mail_message_id.res_id", "=", self.open_case.id)])
        )

    # ------------------------------------------------------------
    # Fax through fax-to-email
    # ------------------------------------------------------------

    def _fax_email(self, sender, subject, message_id):
        message = MIMEMultipart()
        message["From"] = sender
        message["To"] = "repairs@aftersales.example.com"
        message["Subject"] = subject
        message["Message-ID"] = message_id
        message.attach(MIMEText("You have received a fax of 1 page.", "plain"))
        part = MIMEApplication(FAX_PDF, "pdf")
        part.add_header("Content-Disposition", "attachment", filename="fax-0001.pdf")
        message.attach(part)
        return message.as_string()

    def _setup_alias(self):
        alias_domain = self.env["mail.alias.domain"].create({"name": "aftersales.example.com"})
        self.team.write({"alias_name": "repairs", "alias_domain_id": alias_domain.id})
        self.company.aftersales_fax_domains = "fax.example.com, efax.com"

    def test_fax_from_a_fax_gateway_opens_a_fax_case(self):
        self._setup_alias()
        partners = self.env["res.partner"].search_count([])
        ticket_id = self.env["mail.thread"].message_process(
            None,
            self._fax_email(
                "Fax Service <noreply@mail.efax.com>",
                "Fax from +1 510 555 0001",
                "<fax-1@efax.com>",
            ),
        )
        ticket = self.env["aftersales.ticket"].browse(ticket_id)
        self.assertEqual(ticket.channel, "fax")
        self.assertEqual(ticket.partner_id, self.customer, "found from the fax number")
        self.assertEqual(ticket.team_id, self.team)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "aftersales.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(attachment.name, "fax-0001.pdf")
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertEqual(base64.b64decode(attachment.datas), FAX_PDF)
        self.assertEqual(
            self.env["res.partner"].search_count([]), partners, "no contact for the gateway"
        )

    def test_fax_from_an_unknown_number_waits_for_reception(self):
        self._setup_alias()
        ticket = self.env["aftersales.ticket"].browse(
            self.env["mail.thread"].message_process(
                None,
                self._fax_email(
                    "fax@fax.example.com", "Fax from +1 212 555 0199", "<fax-2@fax.example.com>"
                ),
            )
        )
        self.assertEqual(ticket.channel, "fax")
        self.assertFalse(ticket.partner_id)
        self.assertEqual(ticket.partner_phone, "+1 212 555 0199")
        self.assertTrue(ticket.message_ids.attachment_ids)

    def test_email_from_another_domain_stays_an_email(self):
        self._setup_alias()
        ticket = self.env["aftersales.ticket"].browse(
            self.env["mail.thread"].message_process(
                None,
                self._fax_email(
                    "Ada <ada@notefax.com>", "Fax from +1 510 555 0001", "<mail-3@notefax.com>"
                ),
            )
        )
        self.assertEqual(ticket.channel, "email")
        self.assertEqual(ticket.partner_id.email, "ada@notefax.com")

    def test_fax_domains_of_the_company(self):
        self.company.aftersales_fax_domains = " Fax.Example.com ;@efax.com,, "
        self.assertEqual(
            self.company._aftersales_fax_domain_list(), ["fax.example.com", "efax.com"]
        )
        self.assertTrue(self.company._aftersales_is_fax_sender("a@eu.efax.com"))
        self.assertFalse(self.company._aftersales_is_fax_sender("a@notefax.com"))
        self.assertFalse(self.company._aftersales_is_fax_sender("not an address"))

    # ------------------------------------------------------------
    # Duplicate warning while the case is typed
    # ------------------------------------------------------------

    @users("as_reception")
    def test_duplicate_warning_and_add_to_the_open_case(self):
        count = self.env["aftersales.ticket"].search_count([])
        form = Form(self.env["aftersales.ticket"])
        form.partner_id = self.customer
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as warned:
            form.serial_number = "T-WASH-0001"
        self.assertIn(self.open_case.name, warned.output[0])
        form.fault_description = "Now it leaks water too"
        self.assertEqual(form.duplicate_ticket_count, 1)
        self.assertEqual(form.duplicate_ticket_ids[:], self.open_case)
        action = self.open_case.action_add_contact(
            fault_description=form.fault_description, channel="phone", summary="Leaking"
        )
        self.assertEqual(action["res_id"], self.open_case.id)
        note = self.open_case.message_ids[0]
        self.assertIn("Now it leaks water too", note.body)
        self.assertIn("Leaking", note.body)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)

    def test_no_contact_added_to_a_closed_case(self):
        with self.assertRaisesRegex(UserError, "is closed"):
            self.closed_case.action_add_contact(fault_description="Hello")

    # ------------------------------------------------------------
    # SMS gateway token
    # ------------------------------------------------------------

    def test_sms_token_is_for_administrators_only(self):
        token = self.company.sudo().aftersales_sms_token
        self.assertTrue(token)
        for user in (self.user_technician, self.user_reception, self.user_manager):
            with self.assertRaises(AccessError):
                self.company.with_user(user).read(["aftersales_sms_token"])
        company_model = self.env["res.company"]
        self.assertEqual(company_model._aftersales_company_for_sms_token(token), self.company)
        for wrong in ("", None, token + "x", "é" + token):
            self.assertFalse(company_model._aftersales_company_for_sms_token(wrong))
        self.company.action_aftersales_new_sms_token()
        self.assertNotEqual(self.company.sudo().aftersales_sms_token, token)
        self.assertFalse(company_model._aftersales_company_for_sms_token(token))
