# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.aftersales_reception.models.aftersales_ticket_cause import FAILURE_CAUSES
from odoo.addons.aftersales_reception.models.aftersales_ticket_failure import (
    failure_condition_sql,
)

from .aftersales_case_report import CENTER_TYPES


def reliability_measures_sql(alias="t"):
    """The reliability figures of the failure in the ``aftersales_ticket`` row
    ``alias``: its service days before the failure (``mtbf_days``, empty
    without a start of service), whether it counts in the MTBF, its days to
    repair (empty until done) and whether it is done."""
    t = SQL.identifier(alias)
    repaired = SQL("%(t)s.date_done >= %(t)s.date_received", t=t)
    return {
        "mtbf_days": SQL("(%(t)s.date_received::date - %(t)s.service_interval_start)", t=t),
        "mtbf_failure_count": SQL(
            "(CASE WHEN %(t)s.service_interval_start IS NOT NULL THEN 1 ELSE 0 END)", t=t
        ),
        "mttr_days": SQL(
            "(CASE WHEN %(repaired)s"
            " THEN date_part('epoch', %(t)s.date_done - %(t)s.date_received) / 86400.0 END)",
            t=t,
            repaired=repaired,
        ),
        "repaired_count": SQL("(CASE WHEN %(repaired)s THEN 1 ELSE 0 END)", repaired=repaired),
    }


class AftersalesReliabilityReport(models.Model):
    """One line per failure (a warranty or paid repair case, neither
    cancelled nor archived): the time the unit ran before it, the time its
    repair took, and its cause.

    - Mean time between failures: the average of the failures' service
      intervals, the days from the unit's start of service (installation,
      else purchase or delivery: ``warranty_start_date``) to its first
      failure, then from each failure to the next. That is the unit's total
      service days over its number of failures. Failures of units without a
      start of service, without a unit, or received before the unit's start
      have no interval and are left out of this figure only.
    - Mean time to repair: the average days from received to done, over the
      failures done.
    - Misuse share: the failures whose cause is misuse among those with a
      cause recorded; failures without a cause are left out of it.

    Averages skip the lines without a value, so that neither units without
    dates nor periods without failures distort them."""

    _name = "aftersales.reliability.report"
    _inherit = ["aftersales.history.report"]
    _description = "After-Sales Reliability Analysis"
    _auto = False
    _order = "date_received desc, id desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one(comodel_name="aftersales.ticket", string="Case", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    date_received = fields.Datetime(string="Failed On", readonly=True)
    date_done = fields.Datetime(string="Repaired On", readonly=True)
    equipment_id = fields.Many2one(
        comodel_name="aftersales.equipment", string="Unit", readonly=True
    )
    production_lot = fields.Char(readonly=True)
    date_manufactured = fields.Date(string="Manufactured On", readonly=True)
    date_in_service = fields.Date(
        string="In Service Since",
        readonly=True,
        help="The unit's start of service: installation, else purchase (or delivery) date.",
    )
    product_id = fields.Many2one(comodel_name="product.product", string="Model", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product", readonly=True
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    fault_category_id = fields.Many2one(comodel_name="aftersales.fault.category", readonly=True)
    failure_cause = fields.Selection(selection=FAILURE_CAUSES, string="Cause", readonly=True)
    service_center_id = fields.Many2one(comodel_name="aftersales.service.center", readonly=True)
    service_center_type = fields.Selection(selection=CENTER_TYPES, readonly=True)
    agent_center_id = fields.Many2one(
        comodel_name="aftersales.service.center", string="Agent Workshop", readonly=True
    )
    technician_id = fields.Many2one(comodel_name="res.users", readonly=True)
    # Measures
    failure_count = fields.Integer(string="Failures", readonly=True)
    mtbf_days = fields.Float(
        string="MTBF (days)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Mean time between failures: total service days over the number of failures, "
        "from the start of service to the first failure and from each failure to the next. "
        "Failures of units without a start of service are left out.",
    )
    service_days = fields.Integer(
        readonly=True,
        help="Days the unit ran before this failure (since its start of service or its "
        "previous failure).",
    )
    mtbf_failure_count = fields.Integer(
        string="Failures with Service Days",
        readonly=True,
        help="Failures counted in the MTBF: those of units with a start of service.",
    )
    mttr_days = fields.Float(
        string="MTTR (days)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Mean time to repair: days from received to done, over the failures done.",
    )
    repaired_count = fields.Integer(string="Repairs Done", readonly=True)
    cause_count = fields.Integer(string="Failures with Cause", readonly=True)
    misuse_count = fields.Integer(string="Misuse", readonly=True)
    misuse_share = fields.Float(
        string="Misuse Share (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Failures caused by misuse among the failures with a recorded cause.",
    )

    @property
    def _table_query(self):
        # The service interval's start is stored on the failure
        # (``service_interval_start``, kept up to date by the cases and their
        # unit): the report reads the cases alone, the unit is joined only
        # when its lot or dates are read (a left join the planner drops
        # when unused).
        return SQL(
            """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.company_id AS company_id,
                   t.date_received AS date_received,
                   t.date_done AS date_done,
                   t.equipment_id AS equipment_id,
                   e.production_lot AS production_lot,
                   e.date_manufactured AS date_manufactured,
                   e.warranty_start_date AS date_in_service,
                   t.product_id AS product_id,
                   t.product_tmpl_id AS product_tmpl_id,
                   t.product_categ_id AS product_categ_id,
                   t.fault_category_id AS fault_category_id,
                   t.failure_cause AS failure_cause,
                   t.service_center_id AS service_center_id,
                   t.service_center_type AS service_center_type,
                   CASE WHEN t.service_center_type = 'agent'
                        THEN t.service_center_id END AS agent_center_id,
                   t.technician_id AS technician_id,
                   1 AS failure_count,
                   %(mtbf_days)s AS mtbf_days,
                   COALESCE(%(mtbf_days)s, 0) AS service_days,
                   %(mtbf_failure_count)s AS mtbf_failure_count,
                   %(mttr_days)s AS mttr_days,
                   %(repaired_count)s AS repaired_count,
                   CASE WHEN t.failure_cause IS NOT NULL THEN 1 ELSE 0 END AS cause_count,
                   CASE WHEN t.failure_cause = 'misuse' THEN 1 ELSE 0 END AS misuse_count,
                   CASE WHEN t.failure_cause = 'misuse' THEN 100.0
                        WHEN t.failure_cause IS NOT NULL THEN 0.0
                   END AS misuse_share
              FROM aftersales_ticket t
              LEFT JOIN aftersales_equipment e ON e.id = t.equipment_id
             WHERE %(failure)s
            """,
            failure=failure_condition_sql("t"),
            **reliability_measures_sql("t"),
        )
