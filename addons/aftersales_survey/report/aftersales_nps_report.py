# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .aftersales_case_report import CENTER_TYPES

NPS_CATEGORIES = [
    ("promoter", "Promoter (9-10)"),
    ("passive", "Passive (7-8)"),
    ("detractor", "Detractor (0-6)"),
]


class AftersalesNpsReport(models.Model):
    """One line per happy call whose survey was completed and whose customer
    answered the recommendation question (0-10): the net promoter score per
    service center, agent workshop, technician and product, next to the
    repair figures of the same cases. It reads the calls alone: each call
    keeps its answers' and its case's figures (related, stored).

    NPS = % promoters (9-10) - % detractors (0-6): each answer counts +100, 0
    or -100 and the score is their average. The repair time and the repeat
    rate are averaged over the cases that have them (done; repairs)."""

    _name = "aftersales.nps.report"
    _inherit = ["aftersales.history.report"]
    _description = "After-Sales Net Promoter Score"
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
    service_center_type = fields.Selection(selection=CENTER_TYPES, readonly=True)
    agent_center_id = fields.Many2one(
        comodel_name="aftersales.service.center", string="Agent Workshop", readonly=True
    )
    nps_value = fields.Integer(string="Recommendation (0-10)", readonly=True, aggregator="avg")
    nps_category = fields.Selection(selection=NPS_CATEGORIES, string="Category", readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)
    promoter_count = fields.Integer(string="Promoters", readonly=True)
    passive_count = fields.Integer(string="Passives", readonly=True)
    detractor_count = fields.Integer(string="Detractors", readonly=True)
    nps = fields.Float(
        string="NPS",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Net promoter score, -100 to 100: the share of promoters (9-10) minus the share "
        "of detractors (0-6) among the answers.",
    )
    mttr_days = fields.Float(
        string="MTTR (days)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Mean time to repair of the same cases: days from received to done.",
    )
    repeat_rate = fields.Float(
        string="Repeat Repair Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Share of the same cases that were repeat repairs (the unit repaired less than "
        "90 days before); repairs only.",
    )

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
                   hc.nps_value AS nps_value,
                   CASE WHEN hc.nps_value >= 9 THEN 'promoter'
                        WHEN hc.nps_value >= 7 THEN 'passive'
                        ELSE 'detractor' END AS nps_category,
                   1 AS answer_count,
                   CASE WHEN hc.nps_value >= 9 THEN 1 ELSE 0 END AS promoter_count,
                   CASE WHEN hc.nps_value IN (7, 8) THEN 1 ELSE 0 END AS passive_count,
                   CASE WHEN hc.nps_value <= 6 THEN 1 ELSE 0 END AS detractor_count,
                   CASE WHEN hc.nps_value >= 9 THEN 100.0
                        WHEN hc.nps_value >= 7 THEN 0.0
                        ELSE -100.0 END AS nps,
                   CASE WHEN hc.date_case_done >= hc.date_received
                        THEN date_part('epoch', hc.date_case_done - hc.date_received) / 86400.0
                   END AS mttr_days,
                   CASE WHEN hc.case_service_type IN ('warranty_repair', 'paid_repair')
                        THEN CASE WHEN hc.is_repeat_repair THEN 100.0 ELSE 0.0 END
                   END AS repeat_rate
              FROM aftersales_happy_call hc
              LEFT JOIN product_product pp ON pp.id = hc.product_id
              LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE hc.answer_state = 'done'
               AND hc.has_nps
        """
