# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

# channels whose sender may be unknown: the case waits for reception to
# identify the customer from the number
ANONYMOUS_CHANNELS = ("sms", "fax")
# a fax number in the subject or first lines of a fax-to-email message
FAX_NUMBER_RE = re.compile(r"(\+?\d[\d\s().\-/]{5,}\d)")


class AftersalesTicket(models.Model):
    """The intake channels beyond the desk and email: text messages from an
    SMS gateway, faxes through fax-to-email services, text messages to the
    customer at stage changes, and the warning of an open case for the same
    unit while a new one is typed."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    partner_phone_key = fields.Char(
        string="Normalised Phone",
        compute="_compute_partner_phone_key",
        store=True,
        precompute=True,
        index="btree_not_null",
        help="The contact number in one format, to find the case of a caller or texter.",
    )

    @api.depends("partner_phone", "partner_id.country_id", "company_id")
    def _compute_partner_phone_key(self):
        partner_model = self.env["res.partner"]
        for ticket in self:
            ticket.partner_phone_key = partner_model._aftersales_phone_key(
                ticket.partner_phone,
                ticket.partner_id.country_id or ticket.company_id.country_id,
            )

    @api.constrains("partner_id", "channel", "partner_phone")
    def _check_partner_id(self):
        for ticket in self:
            if ticket.partner_id:
                continue
            if ticket.channel not in ANONYMOUS_CHANNELS or not ticket.partner_phone:
                raise ValidationError(
                    self.env._(
                        "Case %(ref)s has no customer: choose the customer, or create "
                        "them. Only a text message or fax from an unknown number waits "
                        "for its sender to be identified.",
                        ref=ticket.name,
                    )
                )

    # ------------------------------------------------------------
    # Open cases of a contact
    # ------------------------------------------------------------

    @api.model
    def _open_cases_by_phone(self, number, company=None, partners=None):
        """Open cases, newest first, of the contacts with phone ``number``
        and of the unknown senders who used it."""
        company = company or self.env.company
        partner_model = self.env["res.partner"]
        key = partner_model._aftersales_phone_key(number, company.country_id)
        if not key:
            return self.browse()
        if partners is None:
            partners = partner_model._aftersales_search_by_phone(number, company)
        domain = [("partner_phone_key", "=", key)]
        if partners:
            domain = ["|", ("commercial_partner_id", "in", partners.commercial_partner_id.ids)]
            domain += [("partner_phone_key", "=", key)]
        return self.search(
            [("is_closed", "=", False), ("company_id", "=", company.id)] + domain,
            order="date_received desc, id desc",
        )

    # ------------------------------------------------------------
    # Inbound SMS
    # ------------------------------------------------------------

    @api.model
    def _sms_intake(self, number, text):
        """A text message from ``number``, for the current company: threaded
        on the sender's open case, or a new SMS case. An unknown sender gets
        no contact created: the case keeps the number for reception."""
        company = self.env.company
        partner_model = self.env["res.partner"]
        text = (text or "").strip()
        if not partner_model._aftersales_phone_key(number, company.country_id):
            raise ValidationError(
                self.env._(
                    "%(number)r is no phone number: the SMS gateway must send the "
                    "sender's number in 'from'.",
                    number=number,
                )
            )
        if not text:
            raise ValidationError(
                self.env._(
                    "The text message from %(number)s is empty: the SMS gateway must send "
                    "its text in 'text' or 'body'.",
                    number=number,
                )
            )
        partners = partner_model._aftersales_search_by_phone(number, company)
        partner = partners[:1]
        ticket = self._open_cases_by_phone(number, company, partners)[:1]
        if not ticket:
            ticket = self.with_context(default_user_id=False).create(
                self._prepare_sms_intake_vals(number, text, partner)
            )
        ticket._sms_post_incoming(number, text, partner)
        return ticket

    @api.model
    def _prepare_sms_intake_vals(self, number, text, partner):
        first_line = text.splitlines()[0] if text else ""
        values = {
            "summary": self.env._("SMS: %(text)s", text=first_line[:60]),
            "channel": "sms",
            "fault_description": text,
            "company_id": self.env.company.id,
        }
        if partner:
            values["partner_id"] = partner.id
        else:
            values["partner_phone"] = number
        return values

    def _sms_post_incoming(self, number, text, partner):
        """The text message on the case's history, from its sender."""
        self.ensure_one()
        return self.message_post(
            body=Markup("<p>%s</p>") % escape(text),
            author_id=partner.id or False,
            email_from=partner.email_formatted or number,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            subject=self.env._("SMS from %(number)s", number=number),
        )

    # ------------------------------------------------------------
    # Outbound SMS at stage changes
    # ------------------------------------------------------------

    def _on_stage_changed(self, previous_stages):
        res = super()._on_stage_changed(previous_stages)
        # a case reaching a stage, not one opened in it: a new case's first
        # message to the customer is its receipt
        if previous_stages:
            self._send_stage_sms()
        return res

    def _send_stage_sms(self):
        """The stage's text message to customers with a mobile or phone,
        through Odoo's SMS queue."""
        for ticket in self.sudo():
            template = ticket.stage_id.sms_template_id
            partner = ticket.partner_id
            if not template or not (partner.mobile or partner.phone):
                continue
            ticket._message_sms_with_template(
                template=template, partner_ids=partner.ids, put_in_queue=True
            )

    # ------------------------------------------------------------
    # Fax through fax-to-email services
    # ------------------------------------------------------------

    @api.model
    def _mail_intake_company(self, custom_values):
        team = self.env["aftersales.team"].browse(custom_values.get("team_id"))
        company_id = custom_values.get("company_id") or team.company_id.id
        return self.env["res.company"].browse(company_id) or self.env.company

    @api.model
    def _prepare_mail_intake_vals(self, msg_dict, custom_values):
        """A fax arrives as an email from a fax gateway's domain, with the
        fax as a PDF or TIFF attachment that the case keeps. Its sender is
        the gateway, not the customer: the customer is found from the fax
        number the gateway gives in the subject or text."""
        company = self._mail_intake_company(custom_values)
        if not company.sudo()._aftersales_is_fax_sender(msg_dict.get("email_from")):
            return super()._prepare_mail_intake_vals(msg_dict, custom_values)
        text = html2plaintext(msg_dict.get("body") or "").strip()
        number = self._fax_sender_number(msg_dict.get("subject") or "", text)
        partner = (
            self.env["res.partner"]._aftersales_search_by_phone(number, company)[:1]
            if number
            else self.env["res.partner"]
        )
        values = {
            "name": self.env._("New"),
            "summary": msg_dict.get("subject") or self.env._("Fax"),
            "fault_description": text,
        }
        values.update(custom_values)
        values.update(
            {
                "channel": "fax",
                "partner_id": partner.id or False,
                "partner_phone": number or False,
            }
        )
        if partner:
            del values["partner_phone"]
        return values

    @api.model
    def _fax_sender_number(self, subject, text):
        """The sender's fax number as the gateway writes it ("Fax from
        +49 30 1234567"), from the subject first, else the text's first lines."""
        partner_model = self.env["res.partner"]
        for source in (subject, "\n".join(text.splitlines()[:5])):
            for candidate in FAX_NUMBER_RE.findall(source or ""):
                if partner_model._aftersales_phone_key(candidate):
                    return candidate.strip()
        return False

    # ------------------------------------------------------------
    # Duplicate warning at intake
    # ------------------------------------------------------------

    def action_add_contact(self, fault_description=False, channel=False, summary=False):
        """Add the contact being typed as a new case to this open case
        instead: what the customer said goes on its history as a note, and
        the open case is shown."""
        self.ensure_one()
        if self.is_closed:
            raise UserError(
                self.env._(
                    "Case %(ref)s is closed: open a new case for this contact.", ref=self.name
                )
            )
        channels = dict(self._fields["channel"]._description_selection(self.env))
        lines = [
            self.env._(
                "New contact by %(channel)s:", channel=channels.get(channel, channels["phone"])
            )
        ]
        lines += [value for value in (summary, fault_description) if value]
        self.message_post(
            body=Markup("<br/>").join(escape(line) for line in lines),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "view_mode": "form",
            "target": "current",
        }
