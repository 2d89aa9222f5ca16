# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import secrets

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_periodic_lead_days = fields.Integer(
        string="Periodic Service Lead Time (days)",
        default=0,
        help="Open periodic service cases this many days before they are due, so that "
        "visits can be planned.",
    )
    aftersales_sms_token = fields.Char(
        string="SMS Gateway Token",
        copy=False,
        groups="base.group_system",
        default=lambda self: self._default_aftersales_sms_token(),
        help="Secret the SMS gateway sends with each inbound text message, in the "
        "X-Aftersales-Token header or the token parameter of the URL.",
    )
    aftersales_fax_domains = fields.Char(
        string="Fax Gateway Domains",
        help="Comma-separated sender domains of the fax-to-email services (e.g. "
        "fax.example.com, efax.com): their emails open cases on the fax channel.",
    )

    @api.constrains("aftersales_periodic_lead_days")
    def _check_aftersales_periodic_lead_days(self):
        for company in self:
            if company.aftersales_periodic_lead_days < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the periodic service lead time must be zero or more "
                        "days, not %(days)s.",
                        company=company.name,
                        days=company.aftersales_periodic_lead_days,
                    )
                )

    def write(self, vals):
        if "resource_calendar_id" in vals:
            self.env["aftersales.ticket"]._track_configuration_change(
                [("company_id", "in", self.ids)]
            )
        return super().write(vals)

    # ------------------------------------------------------------
    # Intake channels: SMS gateway and fax-to-email
    # ------------------------------------------------------------

    @api.model
    def _default_aftersales_sms_token(self):
        return secrets.token_urlsafe(24)

    @api.model
    def _init_aftersales_sms_tokens(self):
        """At install, each company gets a token of its own (the column's
        default is computed once for all existing rows)."""
        companies = self.sudo().with_context(active_test=False).search([("id", "!=", False)])
        for company in companies:
            company.aftersales_sms_token = self._default_aftersales_sms_token()

    def action_aftersales_new_sms_token(self):
        """A new token for the SMS gateway: the old one stops working."""
        for company in self.sudo():
            company.aftersales_sms_token = self._default_aftersales_sms_token()

    @api.model
    def _aftersales_company_for_sms_token(self, token):
        """The company whose SMS gateway token is ``token``, compared in
        constant time; an empty recordset for a wrong or missing token."""
        if not token or not isinstance(token, str):
            return self.browse()
        for company in self.sudo().search([("aftersales_sms_token", "!=", False)]):
            if secrets.compare_digest(company.aftersales_sms_token.encode(), token.encode()):
                return company
        return self.browse()

    def _aftersales_fax_domain_list(self):
        self.ensure_one()
        return [
            domain.strip().lower().lstrip("@")
            for domain in (self.aftersales_fax_domains or "").replace(";", ",").split(",")
            if domain.strip()
        ]

    def _aftersales_is_fax_sender(self, email):
        """Whether ``email`` comes from one of the company's fax gateways
        (the domain itself or one of its subdomains)."""
        self.ensure_one()
        domain = (email_normalize(email or "") or "").rpartition("@")[2]
        return bool(domain) and any(
            domain == fax or domain.endswith("." + fax)
            for fax in self._aftersales_fax_domain_list()
        )
