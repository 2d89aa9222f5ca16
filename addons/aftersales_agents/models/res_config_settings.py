# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_fee_journal_id = fields.Many2one(
        related="company_id.aftersales_fee_journal_id", readonly=False
    )
    aftersales_contract_warning_days = fields.Integer(
        related="company_id.aftersales_contract_warning_days", readonly=False
    )
    aftersales_certification_warning = fields.Boolean(
        related="company_id.aftersales_certification_warning", readonly=False
    )
    aftersales_chargeback_account_id = fields.Many2one(
        related="company_id.aftersales_chargeback_account_id", readonly=False
    )
    aftersales_salary_account_id = fields.Many2one(
        related="company_id.aftersales_salary_account_id", readonly=False
    )
    aftersales_labour_cost_hour = fields.Monetary(
        related="company_id.aftersales_labour_cost_hour", readonly=False
    )
