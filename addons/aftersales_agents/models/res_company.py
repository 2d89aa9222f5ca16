# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_fee_journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="Fee Settlement Journal",
        domain="[('type', '=', 'purchase'), ('company_id', '=', id)]",
        help="Purchase journal of the vendor bills of agent and technician fees.",
    )
    aftersales_contract_warning_days = fields.Integer(
        string="Contract Expiry Reminder (days)",
        default=30,
        help="How many days before a contract ends its manager is reminded.",
    )
    aftersales_certification_warning = fields.Boolean(
        string="Warn About Uncertified Providers",
        default=True,
        help="Warn when a case goes to an agent or technician not certified for the "
        "product's category.",
    )
    aftersales_chargeback_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Parts Chargeback Account",
        domain="[('account_type', 'in', ('expense_direct_cost', 'income_other'))]",
        help="Account credited on a settlement bill for consignment parts an agent used "
        "on paid work.",
    )
    aftersales_salary_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Technician Salary Account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Payroll entries booked on this account with a service center's analytic "
        "account count as technician pay in the service profit and loss.",
    )
    aftersales_labour_cost_hour = fields.Monetary(
        string="Internal Labour Cost per Hour",
        currency_field="currency_id",
        help="What an hour of work of the own workshops costs the company: prices the "
        "warranty labour of technicians not paid per service in the warranty cost report.",
    )
