# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_happy_call_enabled = fields.Boolean(
        related="company_id.aftersales_happy_call_enabled", readonly=False
    )
    aftersales_happy_call_delay = fields.Integer(
        related="company_id.aftersales_happy_call_delay", readonly=False
    )
    aftersales_happy_call_survey_id = fields.Many2one(
        related="company_id.aftersales_happy_call_survey_id", readonly=False
    )
    aftersales_happy_call_user_id = fields.Many2one(
        related="company_id.aftersales_happy_call_user_id", readonly=False
    )
    aftersales_low_score_threshold = fields.Float(
        related="company_id.aftersales_low_score_threshold", readonly=False
    )
    aftersales_satisfaction_manager_id = fields.Many2one(
        related="company_id.aftersales_satisfaction_manager_id", readonly=False
    )
