# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_warranty_start = fields.Selection(
        related="company_id.aftersales_warranty_start", readonly=False
    )
    aftersales_quote_acceptance_required = fields.Boolean(
        related="company_id.aftersales_quote_acceptance_required", readonly=False
    )
