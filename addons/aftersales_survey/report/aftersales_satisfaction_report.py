# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .aftersales_case_report import CENTER_TYPES


class AftersalesSatisfactionReport(models.Model):
    """One line per happy call whose survey was completed (the call's
    answers, test entries left out): satisfaction per service center, agent,
    technician, operator and product, read from the calls alone."""

    _name = "aftersales.satisfaction.report"
    _inherit = ["aftersales.history.report"]
    _description = "After-Sales Satisfaction Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "ticket_id"

    user_input_id = fields.Many2one(
        comodel_name="survey.user_input", string="Survey Answers", readonly=True
    )
    happy_call_id = fields.Many2one(comodel_name="aftersales.happy.call", readonly=True)
    ticket_id = fields.Many2one(comodel_name="aftersales.ticket", string="Case", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    date = fields.Datetime(string="Answered On", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", string="Model", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product", readonly=True
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    technician_id = fields.Many2one(comodel_name="res.users", readonly=True)
    service_center_id = fields.Many2one(comodel_name="aftersales.service.center", readonly=True)
    service_center_type = fields.Selection(
        selection=CENTER_TYPES,
        readonly=True,
    )
    agent_center_id = fields.Many2one(
        comodel_name="aftersales.service.center", string="Agent Workshop", readonly=True
    )
    agent_partner_id = fields.Many2one(comodel_name="res.partner", string="Agent", readonly=True)
    operator_id = fields.Many2one(comodel_name="res.users", string="Call Operator", readonly=True)
    survey_id = fields.Many2one(comodel_name="survey.survey", string="Call Script", readonly=True)
    answer_channel = fields.Selection(
        selection=[("call", "Phone Call"), ("email", "Customer (Link)")],
        string="Answered By",
        readonly=True,
    )
    score = fields.Float(string="Satisfaction (%)", readonly=True, aggregator="avg")
    answer_count = fields.Integer(string="Answers", readonly=True)
    low_count = fields.Integer(string="Low Scores", readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True)

    @property
    def _table_query(self):
        return """
            SELECT hc.user_input_id AS id,
                   hc.user_input_id AS user_input_id,
                   hc.id AS happy_call_id,
                   hc.ticket_id AS ticket_id,
                   hc.company_id AS company_id,
                   COALESCE(hc.date_answered, hc.date_done) AS date,
                   hc.commercial_partner_id AS partner_id,
                   hc.product_id AS product_id,
                   pp.product_tmpl_id AS product_tmpl_id,
                   pt.categ_id AS product_categ_id,
                   hc.technician_id AS technician_id,
                   hc.service_center_id AS service_center_id,
                   hc.service_center_type AS service_center_type,
                   hc.agent_center_id AS agent_center_id,
                   hc.agent_partner_id AS agent_partner_id,
                   hc.user_id AS operator_id,
                   hc.answer_survey_id AS survey_id,
                   hc.answer_channel AS answer_channel,
                   CASE WHEN hc.has_score THEN hc.satisfaction_score END AS score,
                   1 AS answer_count,
                   CASE WHEN hc.is_low_score THEN 1 ELSE 0 END AS low_count,
                   hc.complaint_count AS complaint_count
              FROM aftersales_happy_call hc
              LEFT JOIN product_product pp ON pp.id = hc.product_id
              LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE hc.answer_state = 'done'
        """
