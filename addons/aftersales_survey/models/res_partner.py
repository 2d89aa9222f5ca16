# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_call_refused = fields.Boolean(
        string="Refuses Satisfaction Calls",
        tracking=True,
        help="The customer asked not to be called after their cases: no happy call is "
        "scheduled for them (or their contacts), and marketing exports leave their phone "
        "number out.",
    )
    aftersales_marketing_opt_out = fields.Boolean(
        string="Marketing Opt-out",
        tracking=True,
        help="The customer does not want marketing: they are left out of the customer "
        "base exported for marketing.",
    )

    def _aftersales_refuses_calls(self):
        self.ensure_one()
        return self.aftersales_call_refused or self.commercial_partner_id.aftersales_call_refused

    def _aftersales_marketing_excluded(self):
        self.ensure_one()
        commercial = self.commercial_partner_id
        return (
            self.aftersales_marketing_opt_out
            or commercial.aftersales_marketing_opt_out
            or self.is_blacklisted
        )
