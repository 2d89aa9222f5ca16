# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, table_exists

from .aftersales_ticket_failure import failure_condition_sql, sql_fill_product_tmpl_id


class AftersalesEquipment(models.Model):
    """What the reports group and count the units by, stored: the product
    template (no join through the variants), and the unit's failures, so
    that failure rates per lot, month or product sum the units' figures
    instead of counting every unit's cases on each read."""

    _inherit = "aftersales.equipment"

    product_tmpl_id = fields.Many2one(
        related="product_id.product_tmpl_id", string="Product Template", store=True
    )

    failure_count = fields.Integer(
        string="Failures",
        compute="_compute_failure_figures",
        store=True,
        help="The unit's warranty and paid repairs, neither cancelled nor archived.",
    )
    date_first_failure = fields.Datetime(
        string="First Failure",
        compute="_compute_failure_figures",
        store=True,
        help="When the unit's first failure (warranty or paid repair) was received.",
    )

    def _auto_init(self):
        # on an installed base of hundreds of thousands of units, the figures
        # are filled in one statement rather than recomputed unit by unit
        # when the columns are added
        cr = self.env.cr
        if (
            table_exists(cr, self._table)
            and column_exists(cr, "aftersales_ticket", "stage_type")
            and not column_exists(cr, self._table, "failure_count")
        ):
            # every unit without failures at once, without rewriting the table
            cr.execute(
                SQL(
                    "ALTER TABLE %(table)s ADD COLUMN failure_count int4 DEFAULT 0",
                    table=SQL.identifier(self._table),
                )
            )
            cr.execute(
                SQL(
                    "ALTER TABLE %(table)s ALTER COLUMN failure_count DROP DEFAULT",
                    table=SQL.identifier(self._table),
                )
            )
            if not column_exists(cr, self._table, "date_first_failure"):
                create_column(cr, self._table, "date_first_failure", "timestamp")
            self._sql_fill_failure_figures()
        if table_exists(cr, self._table) and not column_exists(cr, self._table, "product_tmpl_id"):
            create_column(cr, self._table, "product_tmpl_id", "int4")
            sql_fill_product_tmpl_id(self)
        return super()._auto_init()

    @api.depends(
        "ticket_ids.active",
        "ticket_ids.service_type",
        "ticket_ids.stage_type",
        "ticket_ids.date_received",
    )
    def _compute_failure_figures(self):
        units = self._origin.filtered("id")
        figures = {}
        if units:
            # every case counts, whoever reads the unit (agents see only theirs)
            figures = {
                unit.id: (count, first)
                for unit, count, first in self.env["aftersales.ticket"]
                .sudo()
                ._read_group(
                    [("equipment_id", "in", units.ids)]
                    + self.env["aftersales.ticket"]._failure_domain(),
                    ["equipment_id"],
                    ["__count", "date_received:min"],
                )
            }
        for unit in self:
            unit.failure_count, unit.date_first_failure = figures.get(unit._origin.id, (0, False))

    def _sql_fill_failure_figures(self):
        """Set ``failure_count`` and ``date_first_failure`` in SQL, as
        ``_compute_failure_figures`` gives them, of these units (every unit
        when called on an empty recordset); only the rows that change are
        written. Returns the number of units updated."""
        restrict_cases = SQL("AND t.equipment_id IN %s", tuple(self.ids)) if self else SQL()
        restrict_units = SQL("AND e.id IN %s", tuple(self.ids)) if self else SQL()
        self.env.cr.execute(
            SQL(
                """
                UPDATE aftersales_equipment e
                   SET failure_count = COALESCE(f.failures, 0),
                       date_first_failure = f.first_failure
                  FROM aftersales_equipment u
                  LEFT JOIN (
                      SELECT t.equipment_id,
                             COUNT(*) AS failures,
                             MIN(t.date_received) AS first_failure
                        FROM aftersales_ticket t
                       WHERE t.equipment_id IS NOT NULL
                         AND %(failure)s
                         %(restrict_cases)s
                       GROUP BY t.equipment_id
                  ) f ON f.equipment_id = u.id
                 WHERE u.id = e.id
                   %(restrict_units)s
                   AND (e.failure_count IS DISTINCT FROM COALESCE(f.failures, 0)
                        OR e.date_first_failure IS DISTINCT FROM f.first_failure)
                """,
                failure=failure_condition_sql("t"),
                restrict_cases=restrict_cases,
                restrict_units=restrict_units,
            )
        )
        updated = self.env.cr.rowcount
        self.invalidate_model(["failure_count", "date_first_failure"])
        return updated
