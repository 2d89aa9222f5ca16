# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

from .account_move import PL_CATEGORIES, WORK_TYPES

# The shares of posted journal items of the profit and loss accounts in the
# service centers their analytic distribution names: one row per item and
# center, the amounts of the distribution's entries naming the center's
# account, each rounded to the cent, added up (an entry "A,B: 60%" gives A and
# B 60% each). The category comes from the item itself when the after-sales
# flows set it, else from the settlement the bill belongs to, else from the
# account, as at posting; the work type from the item, else revenue is paid
# work, else the entry's (which follows its case).
# the settlement a vendor bill settles (one per bill), joined on the bill
SETTLEMENTS_BY_ENTRY = """
    SELECT move_id, MIN(partner_id) AS partner_id, MIN(provider_type) AS provider_type
      FROM aftersales_settlement
     WHERE move_id IS NOT NULL
     GROUP BY move_id
"""
SHARES_QUERY = f"""
INSERT INTO aftersales_service_pl_share
       (move_line_id, move_id, service_center_id, company_id, date, category, work_type, amount)
SELECT aml.id, aml.move_id, center.id, aml.company_id, aml.date, category.name,
       COALESCE(
           aml.aftersales_work_type,
           CASE WHEN category.name = 'revenue' THEN 'paid' ELSE move.aftersales_work_type END
       ),
       SUM(ROUND(-aml.balance * dist.percentage::numeric / 100.0, 2))
  FROM account_move_line aml
  JOIN account_move move ON move.id = aml.move_id
  JOIN account_account account ON account.id = aml.account_id
  JOIN res_company company ON company.id = aml.company_id
  LEFT JOIN ({SETTLEMENTS_BY_ENTRY}) settlement ON settlement.move_id = aml.move_id
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
 CROSS JOIN LATERAL jsonb_each_text(aml.analytic_distribution) AS dist(account_ids, percentage)
  JOIN aftersales_service_center center
    ON center.analytic_account_id::text = ANY(string_to_array(dist.account_ids, ','))
 WHERE aml.parent_state = 'posted'
   AND aml.analytic_distribution IS NOT NULL
   AND account.account_type IN (
       'income', 'income_other', 'expense', 'expense_direct_cost', 'expense_depreciation'
   )
   AND %s
 GROUP BY aml.id, move.id, center.id, category.name
"""


class AftersalesServicePlShare(models.Model):
    """A posted journal item's share in a service center, kept when the entry
    is posted or reset and when the item's distribution or a center's
    analytic account changes, so that the profit and loss reads stored
    amounts instead of splitting every distribution of the ledger on each
    read."""

    _name = "aftersales.service.pl.share"
    _description = "Service Center Share of a Journal Item"
    _log_access = False
    _order = "date desc, id desc"

    move_line_id = fields.Many2one(
        comodel_name="account.move.line",
        string="Journal Item",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    service_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Entry",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
    category = fields.Selection(
        selection=PL_CATEGORIES,
        required=True,
        readonly=True,
        help="Where the item goes in the profit and loss, as it stood when the entry was posted.",
    )
    work_type = fields.Selection(
        selection=WORK_TYPES,
        compute="_compute_work_type",
        store=True,
        help="Warranty work or paid work: the item's own, else paid work for revenue, else "
        "its entry's, which follows the case.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        readonly=True, help="The center's share of the item, revenue positive, costs negative."
    )

    _sql_constraints = [
        (
            "move_line_center_uniq",
            "UNIQUE(move_line_id, service_center_id)",
            "A journal item has one share per service center.",
        ),
    ]

    def _auto_init(self):
        # a ledger that exists before the table gets its shares in one
        # statement; shares of an earlier version, without their entry,
        # category and work type, are written again the same way
        cr = self.env.cr
        fill = not table_exists(cr, self._table)
        if not fill and not column_exists(cr, self._table, "category"):
            cr.execute(SQL("DELETE FROM %s", SQL.identifier(self._table)))
            fill = True
        res = super()._auto_init()
        if fill:
            # once every table has its columns: the query reads the entries,
            # the settlements and the companies
            self.pool.post_init(cr.execute, SQL(SHARES_QUERY, SQL("TRUE")))
        return res

    @api.depends("move_line_id.aftersales_work_type", "move_id.aftersales_work_type", "category")
    def _compute_work_type(self):
        for share in self:
            share.work_type = share.move_line_id.aftersales_work_type or (
                "paid" if share.category == "revenue" else share.move_id.aftersales_work_type
            )

    @api.model
    def _sync_move_lines(self, line_ids):
        """Write again the shares of the journal items ``line_ids`` from their
        current state: posted items get theirs, others none."""
        line_ids = list(line_ids)
        if not line_ids:
            return
        self.env["account.move.line"].flush_model(
            [
                "analytic_distribution",
                "balance",
                "parent_state",
                "date",
                "company_id",
                "account_id",
                "aftersales_pl_category",
                "aftersales_work_type",
            ]
        )
        self.env["account.move"].flush_model(["aftersales_work_type"])
        self.env["aftersales.settlement"].flush_model(["move_id", "provider_type"])
        self.env["aftersales.service.center"].flush_model(["analytic_account_id"])
        self.env["res.company"].flush_model(["aftersales_salary_account_id"])
        self.env.cr.execute(
            SQL("DELETE FROM aftersales_service_pl_share WHERE move_line_id = ANY(%s)", line_ids)
        )
        self.env.cr.execute(SQL(SHARES_QUERY, SQL("aml.id = ANY(%s)", line_ids)))
        self.invalidate_model()

    @api.model
    def _sync_analytic_accounts(self, analytic_account_ids, center_ids=()):
        """Write again the shares of the journal items naming one of
        ``analytic_account_ids`` or shared with ``center_ids``: after a center
        changed its analytic account."""
        lines = self.env["account.move.line"]
        lines.flush_model(["analytic_distribution", "parent_state"])
        # the ledger's own index of the accounts its distributions name
        self.env.cr.execute(
            SQL(
                "SELECT id FROM account_move_line WHERE parent_state = 'posted' AND %s && %s",
                lines._query_analytic_accounts(),
                [str(account_id) for account_id in analytic_account_ids],
            )
        )
        line_ids = {row[0] for row in self.env.cr.fetchall()}
        if center_ids:
            self.flush_model(["service_center_id"])
            self.env.cr.execute(
                SQL(
                    "SELECT move_line_id FROM aftersales_service_pl_share "
                    "WHERE service_center_id = ANY(%s)",
                    list(center_ids),
                )
            )
            line_ids.update(row[0] for row in self.env.cr.fetchall())
        self._sync_move_lines(line_ids)
