# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.aftersales_qc_check import QC_STATES
from .aftersales_case_report import CENTER_TYPES


class AftersalesQcReport(models.Model):
    """One line per quality check (cancelled ones left out): pass rates and
    reworks per product, technician, inspector and service center."""

    _name = "aftersales.qc.report"
    _inherit = ["aftersales.history.report"]
    _description = "After-Sales Quality Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "check_id"

    check_id = fields.Many2one(
        comodel_name="aftersales.qc.check", string="Quality Check", readonly=True
    )
    ticket_id = fields.Many2one(comodel_name="aftersales.ticket", string="Case", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    date = fields.Datetime(string="Checked On", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", string="Model", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product", readonly=True
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    technician_id = fields.Many2one(comodel_name="res.users", readonly=True)
    inspector_id = fields.Many2one(comodel_name="res.users", readonly=True)
    service_center_id = fields.Many2one(comodel_name="aftersales.service.center", readonly=True)
    service_center_type = fields.Selection(
        selection=CENTER_TYPES,
        readonly=True,
    )
    template_id = fields.Many2one(
        comodel_name="aftersales.qc.template", string="Checklist", readonly=True
    )
    attempt = fields.Integer(readonly=True, aggregator="max")
    state = fields.Selection(selection=QC_STATES, string="Status", readonly=True)
    is_required = fields.Boolean(string="Required", readonly=True)
    check_count = fields.Integer(string="Checks", readonly=True)
    passed_count = fields.Integer(string="Passed", readonly=True)
    failed_count = fields.Integer(
        string="Failed (Reworks)", readonly=True, help="Each failed check is one rework."
    )
    pass_rate = fields.Float(
        string="Pass Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the decided checks that passed.",
    )
    first_pass_rate = fields.Float(
        string="First-Time Pass Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the repairs whose first check passed.",
    )
    failed_line_count = fields.Integer(string="Failed Steps", readonly=True)

    @property
    def _table_query(self):
        return """
            SELECT c.id AS id,
                   c.id AS check_id,
                   c.ticket_id AS ticket_id,
                   c.company_id AS company_id,
                   COALESCE(c.date_done, c.create_date) AS date,
                   c.product_id AS product_id,
                   pp.product_tmpl_id AS product_tmpl_id,
                   c.product_categ_id AS product_categ_id,
                   c.technician_id AS technician_id,
                   c.inspector_id AS inspector_id,
                   c.service_center_id AS service_center_id,
                   c.service_center_type AS service_center_type,
                   c.template_id AS template_id,
                   c.attempt AS attempt,
                   c.state AS state,
                   c.is_required AS is_required,
                   1 AS check_count,
                   CASE WHEN c.state = 'passed' THEN 1 ELSE 0 END AS passed_count,
                   CASE WHEN c.state = 'failed' THEN 1 ELSE 0 END AS failed_count,
                   CASE c.state WHEN 'passed' THEN 100.0 WHEN 'failed' THEN 0.0 END AS pass_rate,
                   CASE WHEN c.attempt = 1 AND c.state = 'passed' THEN 100.0
                        WHEN c.attempt = 1 AND c.state = 'failed' THEN 0.0
                   END AS first_pass_rate,
                   c.failed_line_count AS failed_line_count
              FROM aftersales_qc_check c
              LEFT JOIN product_product pp ON pp.id = c.product_id
             WHERE c.state != 'cancelled'
        """
