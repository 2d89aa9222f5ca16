# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.aftersales_reception.models.aftersales_service_center import CENTER_TYPES

from ..models.account_move import PL_CATEGORIES, WORK_TYPES

# Posted journal items with an analytic distribution on a service center's
# analytic account, one row per item and center: their stored shares
# (aftersales.service.pl.share). Categories come from the item itself when the
# after-sales flows set it, else from the settlement the bill belongs to, else
# from the account. Work types (warranty or paid work) come from the item,
# else from its entry's (which follows the entry's case, kept on the entry so
# that no case is read per item): revenue is paid work; items of no case and
# no work type (payroll, periodic entries) have none.
PL_QUERY = """
SELECT
    share.id AS id,
    aml.id AS move_line_id,
    aml.move_id AS move_id,
    share.date AS date,
    share.company_id AS company_id,
    aml.journal_id AS journal_id,
    aml.account_id AS account_id,
    aml.partner_id AS partner_id,
    move.aftersales_ticket_id AS ticket_id,
    share.service_center_id AS service_center_id,
    center.center_type AS center_type,
    category.name AS category,
    work_type.name AS work_type,
    settlement.partner_id AS provider_partner_id,
    settlement.provider_type AS provider_type,
    share.amount AS amount,
    CASE WHEN work_type.name = 'paid' THEN share.amount ELSE 0 END AS paid_margin,
    CASE WHEN work_type.name = 'warranty' AND category.name != 'recovery'
        THEN -share.amount ELSE 0 END AS warranty_cost,
    CASE WHEN category.name = 'recovery' THEN share.amount ELSE 0 END AS recovery,
    CASE WHEN category.name = 'revenue' THEN share.amount ELSE 0 END AS revenue,
    CASE WHEN category.name = 'revenue' THEN 0 ELSE -share.amount END AS cost
FROM aftersales_service_pl_share share
JOIN aftersales_service_center center ON center.id = share.service_center_id
JOIN account_move_line aml ON aml.id = share.move_line_id
JOIN account_move move ON move.id = aml.move_id
JOIN account_account account ON account.id = aml.account_id
JOIN res_company company ON company.id = share.company_id
LEFT JOIN aftersales_settlement settlement ON settlement.move_id = move.id
CROSS JOIN LATERAL (
    SELECT COALESCE(
        aml.aftersales_pl_category,
        CASE
            WHEN settlement.provider_type = 'agent' THEN 'agent_fee'
            WHEN settlement.provider_type = 'technician' THEN 'technician_pay'
            WHEN account.account_type IN ('income', 'income_other') THEN 'revenue'
            WHEN account.id = company.aftersales_salary_account_id THEN 'technician_pay'
            WHEN account.account_type = 'expense_direct_cost' THEN 'parts'
            ELSE 'other'
        END
    ) AS name
) AS category
CROSS JOIN LATERAL (
    SELECT COALESCE(
        aml.aftersales_work_type,
        CASE WHEN category.name = 'revenue' THEN 'paid' ELSE move.aftersales_work_type END
    ) AS name
) AS work_type
WHERE account.account_type IN (
    'income', 'income_other', 'expense', 'expense_direct_cost', 'expense_depreciation'
)
"""


class AftersalesServicePlReport(models.Model):
    """Profit and loss of the service unit per service center, read from the
    ledger: posted journal items carrying a center's analytic account."""

    _name = "aftersales.service.pl.report"
    _description = "After-Sales Service Profit and Loss"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "move_id"

    move_line_id = fields.Many2one(comodel_name="account.move.line", readonly=True)
    move_id = fields.Many2one(comodel_name="account.move", string="Entry", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    journal_id = fields.Many2one(comodel_name="account.journal", readonly=True)
    account_id = fields.Many2one(comodel_name="account.account", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    ticket_id = fields.Many2one(comodel_name="aftersales.ticket", string="Case", readonly=True)
    service_center_id = fields.Many2one(comodel_name="aftersales.service.center", readonly=True)
    center_type = fields.Selection(
        selection=CENTER_TYPES,
        readonly=True,
    )
    category = fields.Selection(selection=PL_CATEGORIES, readonly=True)
    work_type = fields.Selection(
        selection=WORK_TYPES,
        readonly=True,
        help="Warranty work (paid by the company) or paid work (billed to the customer); "
        "empty for costs of no case, such as salaries.",
    )
    provider_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Agent or Technician",
        readonly=True,
        help="The provider whose fee settlement the entry is.",
    )
    provider_type = fields.Selection(
        selection=[("agent", "Agent Workshop"), ("technician", "In-House Technician")],
        readonly=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(string="Margin", readonly=True)
    revenue = fields.Monetary(readonly=True)
    cost = fields.Monetary(readonly=True)
    paid_margin = fields.Monetary(
        string="Paid-Repair Margin",
        readonly=True,
        help="Revenue of paid repairs less their parts, labour and fees.",
    )
    warranty_cost = fields.Monetary(
        readonly=True, help="Parts, labour and fees of warranty work, before supplier recoveries."
    )
    recovery = fields.Monetary(
        string="Supplier Recoveries", readonly=True, help="Vendor refunds of supplier claims."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), SQL(PL_QUERY))
        )
