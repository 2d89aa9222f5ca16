# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_periodic_lead_days = fields.Integer(
        related="company_id.aftersales_periodic_lead_days", readonly=False
    )
