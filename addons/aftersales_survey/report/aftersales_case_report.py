# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.aftersales_reception.models.aftersales_ticket import (
    SERVICE_TYPES,
    SLA_STATES,
    WARRANTY_STATES,
)

from ..models.aftersales_qc_check import QC_STATES

# the kind of center that did the work, as the reports name it
CENTER_TYPES = [
    ("head_office", "Head Office"),
    ("workshop", "Own Workshop"),
    ("agent", "Agent"),
]
AGE_RANGES = [
    ("00_06", "0-6 months"),
    ("06_12", "6-12 months"),
    ("12_24", "1-2 years"),
    ("24_36", "2-3 years"),
    ("36_60", "3-5 years"),
    ("60_plus", "Over 5 years"),
    ("unknown", "Unknown"),
]


class AftersalesCaseReport(models.Model):
    """One line per case (cancelled and archived cases left out), with what
    the failure, repeat-repair and SLA analyses need: the unit's age at the
    failure, the previous repair of the same unit, reworks and satisfaction.

    A query rather than a database view (``_table_query``), so that upgrading
    the modules never trips over a view depending on their columns. Repeat
    repairs are stored on the cases (``previous_repair_id``), so that the
    query stays a plain join that filters and batches cheaply."""

    _name = "aftersales.case.report"
    _inherit = ["aftersales.history.report"]
    _description = "After-Sales Case Analysis"
    _auto = False
    _order = "date_received desc, id desc"
    _rec_name = "name"

    # The case
    ticket_id = fields.Many2one(comodel_name="aftersales.ticket", string="Case", readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    date_received = fields.Datetime(string="Received", readonly=True)
    date_done = fields.Datetime(string="Done", readonly=True)
    date_delivered = fields.Datetime(string="Delivered", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    stage_id = fields.Many2one(comodel_name="aftersales.stage", readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    team_id = fields.Many2one(comodel_name="aftersales.team", readonly=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Responsible", readonly=True)
    # The unit and its failure
    product_id = fields.Many2one(comodel_name="product.product", string="Model", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product", readonly=True
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    equipment_id = fields.Many2one(comodel_name="aftersales.equipment", readonly=True)
    fault_category_id = fields.Many2one(comodel_name="aftersales.fault.category", readonly=True)
    service_type = fields.Selection(selection=SERVICE_TYPES, readonly=True)
    is_repair = fields.Boolean(
        string="Repair", readonly=True, help="Warranty or paid repair: a failure of the unit."
    )
    warranty_state = fields.Selection(selection=WARRANTY_STATES, readonly=True)
    purchase_date = fields.Date(readonly=True)
    age_months = fields.Integer(
        string="Age (months)",
        readonly=True,
        aggregator="avg",
        help="Months from the purchase (or installation) of the unit to the case.",
    )
    age_range = fields.Selection(selection=AGE_RANGES, string="Age", readonly=True)
    # Who did the work
    service_center_id = fields.Many2one(comodel_name="aftersales.service.center", readonly=True)
    service_center_type = fields.Selection(
        selection=CENTER_TYPES,
        readonly=True,
    )
    agent_center_id = fields.Many2one(
        comodel_name="aftersales.service.center", string="Agent Workshop", readonly=True
    )
    technician_id = fields.Many2one(comodel_name="res.users", readonly=True)
    # Repeat repairs
    previous_ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket", string="Previous Repair", readonly=True
    )
    days_since_previous = fields.Integer(
        string="Days Since Previous Repair", readonly=True, aggregator="avg"
    )
    is_repeat = fields.Boolean(
        string="Repeat Repair",
        readonly=True,
        help="The same unit was already repaired less than 90 days before.",
    )
    repeat_count = fields.Integer(string="Repeat Repairs", readonly=True)
    # Measures
    case_count = fields.Integer(string="Cases", readonly=True)
    rework_count = fields.Integer(string="Reworks", readonly=True)
    qc_state = fields.Selection(selection=QC_STATES, string="QC Status", readonly=True)
    sla_response_state = fields.Selection(
        selection=SLA_STATES, string="Response SLA", readonly=True
    )
    sla_resolution_state = fields.Selection(
        selection=SLA_STATES, string="Resolution SLA", readonly=True
    )
    sla_response_rate = fields.Float(
        string="Response SLA Met (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the cases with a response deadline that were answered in time.",
    )
    sla_resolution_rate = fields.Float(
        string="Resolution SLA Met (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the cases with a resolution deadline that were done in time.",
    )
    sla_hold_hours = fields.Float(
        string="Hours on SLA Hold",
        readonly=True,
        aggregator="sum",
        help="Working hours the case waited in stages that stop the SLA clock: its "
        "deadlines moved out by them, so a case late only because of them counts as met.",
    )
    sla_hold_customer_hours = fields.Float(
        string="Hours Waiting for Customer", readonly=True, aggregator="sum"
    )
    sla_hold_parts_hours = fields.Float(
        string="Hours Waiting for Parts", readonly=True, aggregator="sum"
    )
    satisfaction_score = fields.Float(string="Satisfaction (%)", readonly=True, aggregator="avg")
    repair_days = fields.Float(
        string="Days to Repair", readonly=True, aggregator="avg", digits=(16, 1)
    )

    @property
    def _table_query(self):
        return self._query()

    def _query(self):
        return """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.name AS name,
                   t.company_id AS company_id,
                   t.date_received AS date_received,
                   t.date_done AS date_done,
                   t.date_delivered AS date_delivered,
                   t.commercial_partner_id AS partner_id,
                   t.stage_id AS stage_id,
                   t.is_closed AS is_closed,
                   t.team_id AS team_id,
                   t.user_id AS user_id,
                   t.product_id AS product_id,
                   t.product_tmpl_id AS product_tmpl_id,
                   t.product_categ_id AS product_categ_id,
                   t.equipment_id AS equipment_id,
                   t.fault_category_id AS fault_category_id,
                   t.service_type AS service_type,
                   t.service_type IN ('warranty_repair', 'paid_repair') AS is_repair,
                   t.warranty_state AS warranty_state,
                   unit.purchase_date AS purchase_date,
                   unit.age_months AS age_months,
                   CASE
                       WHEN unit.age_months IS NULL THEN 'unknown'
                       WHEN unit.age_months < 6 THEN '00_06'
                       WHEN unit.age_months < 12 THEN '06_12'
                       WHEN unit.age_months < 24 THEN '12_24'
                       WHEN unit.age_months < 36 THEN '24_36'
                       WHEN unit.age_months < 60 THEN '36_60'
                       ELSE '60_plus'
                   END AS age_range,
                   t.service_center_id AS service_center_id,
                   t.service_center_type AS service_center_type,
                   CASE WHEN t.service_center_type = 'agent'
                        THEN t.service_center_id END AS agent_center_id,
                   t.technician_id AS technician_id,
                   t.previous_repair_id AS previous_ticket_id,
                   (t.date_received::date - p.date_received::date) AS days_since_previous,
                   COALESCE(t.is_repeat_repair, FALSE) AS is_repeat,
                   CASE WHEN t.is_repeat_repair THEN 1 ELSE 0 END AS repeat_count,
                   1 AS case_count,
                   COALESCE(t.qc_rework_count, 0) AS rework_count,
                   t.qc_state AS qc_state,
                   t.sla_response_state AS sla_response_state,
                   t.sla_resolution_state AS sla_resolution_state,
                   CASE t.sla_response_state WHEN 'met' THEN 100.0
                                             WHEN 'missed' THEN 0.0 END AS sla_response_rate,
                   CASE t.sla_resolution_state WHEN 'met' THEN 100.0
                                               WHEN 'missed' THEN 0.0 END AS sla_resolution_rate,
                   COALESCE(t.sla_hold_hours, 0.0) AS sla_hold_hours,
                   COALESCE(t.sla_hold_customer_hours, 0.0) AS sla_hold_customer_hours,
                   COALESCE(t.sla_hold_parts_hours, 0.0) AS sla_hold_parts_hours,
                   hc.satisfaction_score AS satisfaction_score,
                   date_part('epoch', t.date_done - t.date_received) / 86400.0 AS repair_days
              FROM aftersales_ticket t
              LEFT JOIN aftersales_equipment e ON e.id = t.equipment_id
              LEFT JOIN LATERAL (
                  SELECT COALESCE(e.purchase_date, e.installation_date) AS bought
              ) unit_date ON TRUE
              LEFT JOIN LATERAL (
                  -- whole months from purchase to failure, with plain date
                  -- arithmetic: cheap enough to be repeated by the planner
                  SELECT unit_date.bought AS purchase_date,
                         CASE WHEN unit_date.bought IS NOT NULL
                         THEN GREATEST(0,
                             (EXTRACT(YEAR FROM t.date_received)::integer
                              - EXTRACT(YEAR FROM unit_date.bought)::integer) * 12
                             + EXTRACT(MONTH FROM t.date_received)::integer
                             - EXTRACT(MONTH FROM unit_date.bought)::integer
                             - (EXTRACT(DAY FROM t.date_received)
                                < EXTRACT(DAY FROM unit_date.bought))::integer
                         ) END AS age_months
              ) unit ON TRUE
              LEFT JOIN aftersales_ticket p ON p.id = t.previous_repair_id
              LEFT JOIN aftersales_happy_call hc
                     ON hc.ticket_id = t.id AND hc.state = 'done' AND hc.has_score
             WHERE t.active
               AND t.stage_type IS DISTINCT FROM 'cancelled'
        """
