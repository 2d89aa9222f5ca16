# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCase
from odoo.addons.sms.tests.common import SMSCase

from .common import AftersalesFixtures


@tagged("post_install", "-at_install")
class TestStageMessages(AftersalesFixtures, MailCase, SMSCase):
    """The email and text message of each shipped stage reach the customer
    through Odoo's mail and SMS queues when a case reaches the stage."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_aftersales_fixtures()
        cls.stage_quotation = cls.env.ref("aftersales_reception.stage_quotation")

    def _case(self, **values):
        case = self._create_ticket(**values)
        # intake and the moves are separate requests: Odoo tracks a record
        # from the transaction after its creation
        self.flush_tracking()
        return case

    def _move(self, case, stage):
        with self.mock_mail_gateway(), self.mockSMSGateway():
            case.stage_id = stage
            self.flush_tracking()
        mails = self._new_mails.filtered(lambda m: case.partner_id in m.recipient_ids)
        sms = self._new_sms.filtered(lambda s: s.partner_id == case.partner_id)
        return mails, sms

    def test_each_stage_emails_and_texts_the_customer(self):
        case = self._case(user_id=self.user_reception.id)
        expected = [
            (self.stage_repair, "your unit has been diagnosed", "has been diagnosed"),
            (self.stage_quotation, "the quotation for your repair is ready", "quotation"),
            (self.stage_done, "your unit is ready", "ready for pick-up"),
            (self.stage_closed, "your case is closed", "handed back"),
        ]
        for stage, subject, text in expected:
            with self.subTest(stage=stage.name):
                mails, sms = self._move(case, stage)
                self.assertEqual(len(mails), 1)
                self.assertEqual(mails.subject, f"{case.name}: {subject}")
                self.assertEqual(mails.recipient_ids, self.customer)
                self.assertIn(case.name, str(mails.body_html))
                self.assertTrue(
                    case.message_ids.filtered(
                        lambda m, subject=subject: (
                            m.subject == f"{case.name}: {subject}"
                            and self.customer in m.notified_partner_ids
                        )
                    ),
                    "the email is on the case's history",
                )
                self.assertEqual(len(sms), 1)
                self.assertEqual(sms.number, "+15105550001")
                self.assertEqual(sms.state, "outgoing", "sent through the SMS queue")
                self.assertIn(case.name, sms.body)
                self.assertIn(text, sms.body)

    def test_no_text_message_without_a_number(self):
        case = self._case(partner_id=self.customer_tx.id)
        mails, sms = self._move(case, self.stage_repair)
        self.assertEqual(len(mails), 1, "the email still goes out")
        self.assertFalse(sms)
        self.assertFalse(self._new_sms)

    def test_no_email_without_an_address(self):
        self.customer_far.mobile = "+1 907 555 0100"
        case = self._case(partner_id=self.customer_far.id)
        mails, sms = self._move(case, self.stage_repair)
        self.assertFalse(mails)
        self.assertEqual(sms.number, "+19075550100")

    def test_stage_without_templates_sends_nothing(self):
        case = self._case()
        mails, sms = self._move(case, self.stage_diagnosis)
        self.assertFalse(mails)
        self.assertFalse(sms)

    def test_case_opened_in_a_stage_texts_nothing(self):
        """A case entered already in a later stage (history, imports) gets its
        receipt first: the stage's text message goes out on a move only."""
        with self.mockSMSGateway():
            case = self._case(stage_id=self.stage_repair.id)
        self.assertEqual(case.stage_id, self.stage_repair)
        self.assertFalse(self._new_sms)
