# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.osv import expression

from .aftersales_ticket_sla_hold import SLA_HOLD_KINDS


class AftersalesTicket(models.Model):
    """SLA holds: while a case sits in a stage that waits for the customer or
    for parts, its SLA clock stops. Each such period is kept as an
    ``aftersales.ticket.sla.hold`` with the working hours it lasted, and the
    deadlines move out by those hours.

    A hold counts for a deadline when it starts before that deadline (moved
    by the holds before it): a case already late when it went on hold stays
    late. The response deadline only counts the holds that started before the
    first response. Closed cases keep the deadlines they were closed with."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    customer_tier = fields.Selection(
        related="commercial_partner_id.aftersales_customer_tier", string="Customer Tier"
    )
    sla_hold_ids = fields.One2many(
        comodel_name="aftersales.ticket.sla.hold",
        inverse_name="ticket_id",
        string="SLA Holds",
        readonly=True,
    )
    sla_hold_kind = fields.Selection(
        selection=SLA_HOLD_KINDS,
        string="SLA On Hold",
        compute="_compute_sla_hold_totals",
        store=True,
        help="The SLA clock of the case is stopped: it waits for the customer or for parts.",
    )
    sla_hold_hours = fields.Float(
        string="Hours on Hold",
        compute="_compute_sla_hold_totals",
        store=True,
        aggregator="sum",
        help="Working hours the case spent in stages that stop the SLA clock (ended holds).",
    )
    sla_hold_customer_hours = fields.Float(
        string="Hours Waiting for Customer",
        compute="_compute_sla_hold_totals",
        store=True,
        aggregator="sum",
    )
    sla_hold_parts_hours = fields.Float(
        string="Hours Waiting for Parts",
        compute="_compute_sla_hold_totals",
        store=True,
        aggregator="sum",
    )
    sla_response_paused = fields.Boolean(
        compute="_compute_sla_deadlines",
        store=True,
        precompute=True,
        help="The case is on hold since before its response deadline: the clock is stopped.",
    )
    sla_resolution_paused = fields.Boolean(
        compute="_compute_sla_deadlines",
        store=True,
        precompute=True,
        help="The case is on hold since before its resolution deadline: the clock is stopped.",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("partner_id.commercial_partner_id.aftersales_customer_tier")
    def _compute_sla_policy_id(self):
        return super()._compute_sla_policy_id()

    @api.depends("sla_hold_ids.hours", "sla_hold_ids.kind", "sla_hold_ids.date_end")
    def _compute_sla_hold_totals(self):
        for ticket in self:
            holds = ticket.sla_hold_ids
            ticket.sla_hold_kind = holds.filtered("is_open")[:1].kind or False
            ticket.sla_hold_hours = sum(holds.mapped("hours"))
            ticket.sla_hold_customer_hours = sum(
                holds.filtered(lambda h: h.kind == "customer").mapped("hours")
            )
            ticket.sla_hold_parts_hours = sum(
                holds.filtered(lambda h: h.kind == "parts").mapped("hours")
            )

    @api.depends(
        "sla_hold_ids.hours",
        "sla_hold_ids.date_start",
        "sla_hold_ids.date_end",
        "date_first_response",
    )
    def _compute_sla_deadlines(self):
        res = super()._compute_sla_deadlines()
        for ticket in self:
            ticket.sla_response_paused = False
            ticket.sla_resolution_paused = False
        todo = (self - self._closed_history()).filtered(
            lambda t: t.sla_policy_id and t.date_received and t.sla_hold_ids
        )
        for kind in ("response", "resolution"):
            todo._apply_sla_holds(kind)
        return res

    def _sla_calendar(self):
        self.ensure_one()
        return self.service_center_id.resource_calendar_id or self.company_id.resource_calendar_id

    def _sla_holds_for(self, kind):
        """The holds that may move the ``kind`` deadline, oldest first."""
        self.ensure_one()
        holds = self.sla_hold_ids.sorted(lambda h: (h.date_start, h.id))
        if kind == "response" and self.date_first_response:
            holds = holds.filtered(lambda h: h.date_start < self.date_first_response)
        return holds

    def _apply_sla_holds(self, kind):
        """Move the ``kind`` deadline of the cases out by their holds, each
        round replanning (in one batch per calendar) the cases whose deadline
        a further hold reaches."""
        deadline_field = f"sla_{kind}_deadline"
        hours_field = f"{kind}_hours"
        state = {
            ticket: {"holds": list(ticket._sla_holds_for(kind)), "extra": 0.0} for ticket in self
        }
        pending = self
        while pending:
            replan = self.browse()
            for ticket in pending:
                holds = state[ticket]["holds"]
                deadline = ticket[deadline_field]
                added = False
                while holds and holds[0].date_start < deadline:
                    hold = holds.pop(0)
                    if hold.is_open:
                        # the clock stopped before the deadline: it waits
                        ticket[f"sla_{kind}_paused"] = True
                        holds.clear()
                        break
                    state[ticket]["extra"] += hold.hours
                    added = True
                if added:
                    replan |= ticket
            for calendar, tickets in replan.grouped(lambda t: t._sla_calendar()).items():
                deadlines = self._plan_working_hours(
                    calendar,
                    [
                        (t.date_received, t.sla_policy_id[hours_field] + state[t]["extra"])
                        for t in tickets
                    ],
                )
                for ticket, deadline in zip(tickets, deadlines, strict=True):
                    ticket[deadline_field] = deadline
            pending = replan.filtered(lambda t: state[t]["holds"])

    @api.depends("sla_response_paused", "sla_resolution_paused")
    def _compute_sla_overdue(self):
        res = super()._compute_sla_overdue()
        for ticket in self:
            if ticket.sla_response_paused and ticket.sla_response_state == "ongoing":
                ticket.sla_response_overdue = False
            if ticket.sla_resolution_paused and ticket.sla_resolution_state == "ongoing":
                ticket.sla_resolution_overdue = False
        return res

    def _search_sla_overdue(self, kind, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        overdue = expression.AND(
            [
                super()._search_sla_overdue(kind, "=", True),
                [
                    "|",
                    (f"sla_{kind}_state", "!=", "ongoing"),
                    (f"sla_{kind}_paused", "=", False),
                ],
            ]
        )
        return overdue if (operator == "=") == bool(value) else ["!"] + overdue

    # ------------------------------------------------------------
    # Stage hooks
    # ------------------------------------------------------------

    def _on_stage_leaving(self, stage):
        """End the holds of the cases that leave a stage stopping their SLA
        clock, and plan their deadlines with them before the new stage is
        written: a case moved straight to a done stage keeps deadlines that
        count its last hold."""
        res = super()._on_stage_leaving(stage)
        leaving = self.filtered(
            lambda t: t.sla_hold_kind and t.sla_hold_kind != (stage.sla_hold or "none")
        )
        if leaving:
            leaving.sudo().sla_hold_ids.filtered("is_open")._close()
            leaving.flush_recordset(
                [
                    "sla_response_deadline",
                    "sla_resolution_deadline",
                    "sla_response_paused",
                    "sla_resolution_paused",
                ]
            )
        return res

    def _on_stage_changed(self, previous_stages):
        res = super()._on_stage_changed(previous_stages)
        waiting = self.filtered(
            lambda t: (
                t.stage_id.sla_hold not in (False, "none")
                and not t.is_closed
                and t.sla_hold_kind != t.stage_id.sla_hold
            )
        )
        if waiting:
            now = fields.Datetime.now()
            self.env["aftersales.ticket.sla.hold"].sudo().create(
                [
                    {
                        "ticket_id": ticket.id,
                        "kind": ticket.stage_id.sla_hold,
                        "stage_id": ticket.stage_id.id,
                        "date_start": now,
                    }
                    for ticket in waiting
                ]
            )
        return res
