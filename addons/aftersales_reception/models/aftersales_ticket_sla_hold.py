# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

import pytz

from odoo import api, fields, models

SLA_HOLD_KINDS = [("customer", "Waiting for Customer"), ("parts", "Waiting for Parts")]


class AftersalesTicketSlaHold(models.Model):
    """A period a case spent in a stage that stops its SLA clock (waiting for
    the customer or for parts). Opened when the case enters such a stage and
    closed, with the working hours it lasted, when the case leaves it."""

    _name = "aftersales.ticket.sla.hold"
    _description = "After-Sales SLA Hold"
    _order = "date_start desc, id desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Case",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    kind = fields.Selection(selection=SLA_HOLD_KINDS, required=True)
    stage_id = fields.Many2one(comodel_name="aftersales.stage", ondelete="set null")
    date_start = fields.Datetime(string="On Hold Since", required=True)
    date_end = fields.Datetime(string="On Hold Until")
    hours = fields.Float(
        string="Working Hours on Hold",
        aggregator="sum",
        help="Working hours of the case's calendar (its service center's, else its "
        "company's) between the start and the end of the hold: the SLA deadlines "
        "move out by these hours.",
    )
    is_open = fields.Boolean(compute="_compute_is_open", store=True)

    _sql_constraints = [
        (
            "dates_check",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "An SLA hold cannot end before it starts.",
        ),
        (
            "hours_check",
            "CHECK(hours >= 0)",
            "The working hours of an SLA hold cannot be negative.",
        ),
    ]

    @api.depends("date_end")
    def _compute_is_open(self):
        for hold in self:
            hold.is_open = not hold.date_end

    def _close(self, date_end=None):
        """End the open holds at ``date_end`` (now by default) and keep the
        working hours they lasted."""
        date_end = date_end or fields.Datetime.now()
        for hold in self.filtered("is_open"):
            hold.write(
                {
                    "date_end": max(date_end, hold.date_start),
                    "hours": hold._working_hours(hold.date_start, max(date_end, hold.date_start)),
                }
            )

    def _working_hours(self, start, stop):
        self.ensure_one()
        ticket = self.ticket_id
        calendar = (
            ticket.service_center_id.resource_calendar_id or ticket.company_id.resource_calendar_id
        )
        if not calendar:
            return (stop - start) / timedelta(hours=1)
        return calendar.get_work_hours_count(
            pytz.utc.localize(start), pytz.utc.localize(stop), compute_leaves=True
        )
