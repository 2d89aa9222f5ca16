# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.aftersales_reception.models.aftersales_service_center import CENTER_TYPES

from ..models.account_move import PL_CATEGORIES, WORK_TYPES
from ..models.aftersales_service_pl_share import SETTLEMENTS_BY_ENTRY

# Posted journal items of the profit and loss accounts with an analytic
# distribution on a service center's analytic account, one row per item and
# center: their stored shares (aftersales.service.pl.share), which carry the
# category and work type the figures split on. Every other table is joined on
# a unique key and left out by PostgreSQL when a read uses none of its columns.
PL_QUERY = f"""
SELECT
    share.id AS id,
    share.move_line_id AS move_line_id,
    share.move_id AS move_id,
    share.date AS date,
    share.company_id AS company_id,
    aml.journal_id AS journal_id,
    aml.account_id AS account_id,
    aml.partner_id AS partner_id,
    move.aftersales_ticket_id AS ticket_id,
    share.service_center_id AS service_center_id,
    center.center_type AS center_type,
    share.category AS category,
    share.work_type AS work_type,
    settlement.partner_id AS provider_partner_id,
    settlement.provider_type AS provider_type,
    share.amount AS amount,
    CASE WHEN share.work_type = 'paid' THEN share.amount ELSE 0 END AS paid_margin,
    CASE WHEN share.work_type = 'warranty' AND share.category != 'recovery'
        THEN -share.amount ELSE 0 END AS warranty_cost,
    CASE WHEN share.category = 'recovery' THEN share.amount ELSE 0 END AS recovery,
    CASE WHEN share.category = 'revenue' THEN share.amount ELSE 0 END AS revenue,
    CASE WHEN share.category = 'revenue' THEN 0 ELSE -share.amount END AS cost
FROM aftersales_service_pl_share share
LEFT JOIN aftersales_service_center center ON center.id = share.service_center_id
LEFT JOIN account_move_line aml ON aml.id = share.move_line_id
LEFT JOIN account_move move ON move.id = share.move_id
LEFT JOIN ({SETTLEMENTS_BY_ENTRY}) settlement ON settlement.move_id = share.move_id
"""


class AftersalesServicePlReport(models.Model):
    """Profit and loss of the service unit per service center, read from the
    ledger: posted journal items carrying a center's analytic account."""

    _name = "aftersales.service.pl.report"
    _inherit = ["aftersales.history.report"]
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
