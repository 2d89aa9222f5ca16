# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesFailureRateReport(models.Model):
    """One line per unit of the installed base (archived units left out):
    whether it failed (had a warranty or paid repair, neither cancelled nor
    archived), so that the failure rate of a production lot, a month of
    manufacture or a month of delivery is its failed units over its units,
    and a bad batch stands out.

    Units without a lot or a manufacture date are grouped apart (no lot, no
    month) and change the rate of no other group; the views leave them out by
    default."""

    _name = "aftersales.failure.rate.report"
    _inherit = ["aftersales.history.report"]
    _description = "After-Sales Failure Rate Analysis"
    _auto = False
    _order = "date_manufactured desc, id desc"
    _rec_name = "equipment_id"
    _depends = {
        "aftersales.equipment": [
            "active",
            "company_id",
            "partner_id",
            "product_id",
            "product_tmpl_id",
            "service_center_id",
            "production_lot",
            "date_manufactured",
            "warranty_start_date",
            "failure_count",
            "date_first_failure",
        ],
    }

    equipment_id = fields.Many2one(
        comodel_name="aftersales.equipment", string="Unit", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", string="Model", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product", readonly=True
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    service_center_id = fields.Many2one(comodel_name="aftersales.service.center", readonly=True)
    production_lot = fields.Char(readonly=True)
    date_manufactured = fields.Date(string="Manufactured On", readonly=True)
    date_in_service = fields.Date(
        string="Delivered / In Service On",
        readonly=True,
        help="The unit's start of service: installation, else purchase (or delivery) date.",
    )
    date_first_failure = fields.Datetime(string="First Failure", readonly=True)
    unit_count = fields.Integer(string="Units", readonly=True)
    failed_unit_count = fields.Integer(string="Failed Units", readonly=True)
    failure_count = fields.Integer(string="Failures", readonly=True)
    failure_rate = fields.Float(
        string="Failure Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Failed units over the units of the group: the units with at least one warranty "
        "or paid repair.",
    )

    @property
    def _table_query(self):
        # the unit's failures are stored on it (``failure_count``,
        # ``date_first_failure``), kept up to date by its cases: the report
        # reads the units alone, where counting each unit's cases would
        # cost a lookup per unit on every read. The product template is
        # stored on the unit too, and the category joined only when read
        # (a left join the planner drops when unused).
        return """
            SELECT e.id AS id,
                   e.id AS equipment_id,
                   e.company_id AS company_id,
                   e.partner_id AS partner_id,
                   e.product_id AS product_id,
                   e.product_tmpl_id AS product_tmpl_id,
                   pt.categ_id AS product_categ_id,
                   e.service_center_id AS service_center_id,
                   NULLIF(e.production_lot, '') AS production_lot,
                   e.date_manufactured AS date_manufactured,
                   e.warranty_start_date AS date_in_service,
                   e.date_first_failure AS date_first_failure,
                   1 AS unit_count,
                   CASE WHEN e.failure_count > 0 THEN 1 ELSE 0 END AS failed_unit_count,
                   COALESCE(e.failure_count, 0) AS failure_count,
                   CASE WHEN e.failure_count > 0 THEN 100.0 ELSE 0.0 END AS failure_rate
              FROM aftersales_equipment e
              LEFT JOIN product_template pt ON pt.id = e.product_tmpl_id
             WHERE e.active
        """
