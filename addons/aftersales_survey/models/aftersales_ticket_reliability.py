# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from odoo.addons.aftersales_reception.models.aftersales_ticket_failure import (
    failure_condition_sql,
)


class AftersalesTicket(models.Model):
    """Since when the unit ran before each failure, stored on the failure:
    the mean time between failures then reads the cases alone, where
    joining each failure to its unit and its previous failure would cost a
    second pass over the cases on every read of the reliability report."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    service_interval_start = fields.Date(
        string="In Service Since",
        compute="_compute_service_interval_start",
        store=True,
        copy=False,
        help="Since when the unit ran before this failure: its previous failure, else its "
        "start of service (installation, else purchase). Empty for a failure received before "
        "the unit's start of service, or when the unit has none.",
    )

    def _auto_init(self):
        # on a base of a million cases, filled in one statement rather than
        # recomputed case by case when the column is added
        cr = self.env.cr
        if column_exists(cr, self._table, "previous_repair_id") and not column_exists(
            cr, self._table, "service_interval_start"
        ):
            create_column(cr, self._table, "service_interval_start", "date")
            self._sql_fill_service_interval_start()
        return super()._auto_init()

    @api.depends(
        "date_received",
        "equipment_id.warranty_start_date",
        "previous_repair_id.date_received",
        "service_type",
        "stage_type",
        "active",
    )
    def _compute_service_interval_start(self):
        for ticket in self:
            start = ticket.equipment_id.warranty_start_date
            received = ticket.date_received and ticket.date_received.date()
            if not (ticket._is_counted_repair() and start and received >= start):
                ticket.service_interval_start = False
                continue
            previous = ticket.previous_repair_id.date_received
            previous = previous and previous.date()
            ticket.service_interval_start = previous if previous and previous >= start else start

    def _recompute_unit_repairs(self, siblings):
        # the previous repair of the unit's other cases may change with these
        res = super()._recompute_unit_repairs(siblings)
        siblings -= self
        if siblings:
            self.env.add_to_compute(self._fields["service_interval_start"], siblings)
        return res

    @api.model
    def _recompute_repeat_repairs(self):
        # the previous repairs recomputed in one statement: their intervals too
        updated = super()._recompute_repeat_repairs()
        self.browse()._sql_fill_service_interval_start()
        return updated

    def _sql_fill_service_interval_start(self):
        """Set ``service_interval_start`` in SQL, as
        ``_compute_service_interval_start`` gives it, of these cases (every
        case when called on an empty recordset); only the rows that change
        are written. Returns the number of cases updated."""
        self.env.cr.execute(
            SQL(
                """
                WITH computed AS (
                    SELECT t.id,
                           CASE WHEN t.equipment_id IS NOT NULL
                                 AND t.date_received IS NOT NULL
                                 AND %(failure)s
                                 AND t.date_received::date >= e.warranty_start_date
                           THEN COALESCE(
                               CASE WHEN p.date_received::date >= e.warranty_start_date
                                    THEN p.date_received::date END,
                               e.warranty_start_date)
                           END AS since
                      FROM aftersales_ticket t
                      LEFT JOIN aftersales_equipment e ON e.id = t.equipment_id
                      LEFT JOIN aftersales_ticket p ON p.id = t.previous_repair_id
                     WHERE TRUE %(restrict)s
                )
                UPDATE aftersales_ticket t
                   SET service_interval_start = c.since
                  FROM computed c
                 WHERE c.id = t.id
                   AND t.service_interval_start IS DISTINCT FROM c.since
                """,
                failure=failure_condition_sql("t"),
                restrict=SQL("AND t.id IN %s", tuple(self.ids)) if self else SQL(),
            )
        )
        updated = self.env.cr.rowcount
        self.invalidate_model(["service_interval_start"])
        return updated
