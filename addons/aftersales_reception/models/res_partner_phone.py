# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, models

# fewer digits than this is no phone number a customer calls or texts from
MIN_PHONE_DIGITS = 5


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _aftersales_phone_key(self, number, country=None):
        """One spelling of a phone number, whatever the format it was typed
        or sent in (``+49 30 1234567``, ``030 1234567``, ``0049-30-1234567``):
        its E.164 form through Odoo's phone validation, read in ``country``
        (the company's by default) when it has no country prefix. When it
        cannot be parsed, its digits (with a leading ``+`` for ``00``).
        False for what is no phone number."""
        number = (number or "").strip() if isinstance(number, str) else ""
        digits = re.sub(r"[^\d+]", "", number)
        if len(digits.lstrip("+")) < MIN_PHONE_DIGITS:
            return False
        country = country or self.env.company.country_id
        formatted = self._phone_format(number=number, country=country, force_format="E164")
        if formatted and formatted != number:
            return formatted
        if digits.startswith("00"):
            digits = "+" + digits[2:]
        return digits

    @api.model
    def _aftersales_search_by_phone(self, number, company=None):
        """The contacts whose phone or mobile is ``number``, in any format:
        the sanitized numbers Odoo keeps (``phone_sanitized``), and the
        contacts whose number ends with the same digits, compared once
        normalised."""
        company = company or self.env.company
        key = self._aftersales_phone_key(number, company.country_id)
        if not key:
            return self.browse()
        tail = key.lstrip("+")[-7:]
        candidates = self.search(
            [
                ("company_id", "in", [company.id, False]),
                "|",
                ("phone_sanitized", "=", key),
                ("phone_mobile_search", "like", tail),
            ],
            limit=200,
        )
        return candidates.filtered(
            lambda partner: (
                partner.phone_sanitized == key
                or key
                in (
                    self._aftersales_phone_key(value, partner.country_id or company.country_id)
                    for value in (partner.phone, partner.mobile)
                    if value
                )
            )
        )
