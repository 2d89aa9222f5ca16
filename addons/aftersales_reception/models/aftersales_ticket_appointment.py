# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_appointment import APPOINTMENT_STATES

# service types whose work is done at the customer's
ON_SITE_SERVICE_TYPES = ("installation",)


class AftersalesTicket(models.Model):
    # visits of on-site work: one concern per file
    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    on_site = fields.Boolean(
        compute="_compute_on_site",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The work is done at the customer's: reception books a visit of a technician.",
    )
    appointment_ids = fields.One2many(
        comodel_name="aftersales.appointment", inverse_name="ticket_id", string="Appointments"
    )
    appointment_count = fields.Integer(compute="_compute_appointment_state")
    appointment_state = fields.Selection(
        selection=APPOINTMENT_STATES,
        string="Visit",
        compute="_compute_appointment_state",
        help="State of the case's next visit.",
    )
    appointment_date = fields.Datetime(string="Visit On", compute="_compute_appointment_state")

    @api.depends("service_type")
    def _compute_on_site(self):
        for ticket in self:
            if ticket.service_type in ON_SITE_SERVICE_TYPES:
                ticket.on_site = True
            elif not ticket.on_site:
                ticket.on_site = False

    @api.depends("appointment_ids.state", "appointment_ids.date_start")
    def _compute_appointment_state(self):
        visits_by_ticket = self._appointments_by_ticket(["state", "date_start"])
        for ticket in self:
            visits = visits_by_ticket(ticket)
            ticket.appointment_count = len(visits)
            current = (
                visits.filtered(lambda v: v.state in ("proposed", "confirmed")).sorted(
                    "date_start"
                )[:1]
                or visits.sorted(lambda v: (v.date_start, v.id), reverse=True)[:1]
            )
            ticket.appointment_state = current.state
            ticket.appointment_date = current.date_start

    def _appointments_by_ticket(self, field_names):
        """The visits of each case (``appointment_ids``), for a compute: the
        visits of the saved cases are read with ``field_names`` in one query
        for the batch; a case being edited gives its visits in memory."""
        saved = self.filtered(lambda ticket: isinstance(ticket.id, int))
        visits = self.env["aftersales.appointment"].search_fetch(
            [("ticket_id", "in", saved.ids)], ["ticket_id", *field_names]
        )
        by_ticket = {}
        for visit in visits:
            by_ticket.setdefault(visit.ticket_id.id, []).append(visit.id)

        def visits_of(ticket):
            if not isinstance(ticket.id, int):
                return ticket.appointment_ids
            return visits.browse(by_ticket.get(ticket.id, ())).with_prefetch(visits._prefetch_ids)

        return visits_of

    def action_propose_visit(self):
        """Propose a visit of the case's technician on their first free slot."""
        self.ensure_one()
        if not self.on_site:
            raise UserError(
                self.env._(
                    "Case %(case)s is not on-site work: tick On Site to book a visit.",
                    case=self.name,
                )
            )
        context = {"default_ticket_id": self.id}
        if self.technician_id:
            context["default_technician_id"] = self.technician_id.id
            slot = self.env["aftersales.appointment"]._next_free_slot(self, self.technician_id)
            if slot:
                context.update(default_date_start=slot[0], default_date_end=slot[1])
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Propose a Visit"),
            "res_model": "aftersales.appointment",
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def action_view_appointments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_appointment_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action
