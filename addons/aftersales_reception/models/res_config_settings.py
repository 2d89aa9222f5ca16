# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_periodic_lead_days = fields.Integer(
        related="company_id.aftersales_periodic_lead_days", readonly=False
    )
    aftersales_sms_token = fields.Char(
        related="company_id.aftersales_sms_token", groups="base.group_system"
    )
    aftersales_fax_domains = fields.Char(
        related="company_id.aftersales_fax_domains", readonly=False
    )

    def action_aftersales_new_sms_token(self):
        self.company_id.action_aftersales_new_sms_token()
