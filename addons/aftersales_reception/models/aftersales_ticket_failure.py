# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

# a failure of the unit: a warranty or paid repair, neither cancelled nor
# archived. The one definition the unit's failure figures, the repeat
# repairs and the failure reports count by.
FAILURE_SERVICE_TYPES = ("warranty_repair", "paid_repair")


def failure_condition_sql(alias="t"):
    """SQL condition: the case of the ``aftersales_ticket`` row ``alias`` is
    a failure (as ``aftersales.ticket._failure_domain``)."""
    return SQL(
        "(%(t)s.active AND %(t)s.stage_type IS DISTINCT FROM 'cancelled'"
        " AND %(t)s.service_type IN %(types)s)",
        t=SQL.identifier(alias),
        types=FAILURE_SERVICE_TYPES,
    )


def sql_fill_product_tmpl_id(records):
    """Set the stored ``product_tmpl_id`` of ``records`` (every record of
    their model when empty) from their ``product_id`` in one statement, as
    the ORM would; only the rows that change are written. Returns how many
    were."""
    records.env.cr.execute(
        SQL(
            """
            UPDATE %(table)s r
               SET product_tmpl_id = pp.product_tmpl_id
              FROM product_product pp
             WHERE pp.id = r.product_id
               AND r.product_tmpl_id IS DISTINCT FROM pp.product_tmpl_id
               %(restrict)s
            """,
            table=SQL.identifier(records._table),
            restrict=SQL("AND r.id IN %s", tuple(records.ids)) if records else SQL(),
        )
    )
    records.invalidate_model(["product_tmpl_id"])
    return records.env.cr.rowcount


class AftersalesTicket(models.Model):
    """What the reports group and count the cases by: the product template
    of the case, stored so that grouping by product reads the case alone
    (no join through the variants), and what makes a case a failure of its
    unit."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    product_tmpl_id = fields.Many2one(
        related="product_id.product_tmpl_id", string="Product Template", store=True, index=True
    )

    def _auto_init(self):
        # on a base of a million cases, filled in one statement rather than
        # recomputed case by case when the column is added
        cr = self.env.cr
        if column_exists(cr, self._table, "product_id") and not column_exists(
            cr, self._table, "product_tmpl_id"
        ):
            create_column(cr, self._table, "product_tmpl_id", "int4")
            self._sql_fill_product_tmpl_id()
        return super()._auto_init()

    def _sql_fill_product_tmpl_id(self):
        """Set ``product_tmpl_id`` from the product in SQL, as the ORM would
        (these cases, or every case when called on an empty recordset)."""
        return sql_fill_product_tmpl_id(self)

    @api.model
    def _failure_domain(self):
        """Domain of the cases that are failures of their unit: warranty or
        paid repairs, neither cancelled nor archived."""
        return [
            ("active", "=", True),
            ("service_type", "in", FAILURE_SERVICE_TYPES),
            ("stage_type", "!=", "cancelled"),
        ]

    def _is_failure(self):
        """The case is a failure of its unit (see ``_failure_domain``)."""
        self.ensure_one()
        return bool(
            self.active
            and self.service_type in FAILURE_SERVICE_TYPES
            and self.stage_type != "cancelled"
        )
