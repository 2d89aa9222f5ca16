# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# visits whose trip is paid
TRAVEL_STATES = ("confirmed", "done")


class AftersalesTicket(models.Model):
    # travel of on-site work: one concern per file
    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    travel_distance_manual = fields.Boolean(
        string="Distance Entered by Hand",
        tracking=True,
        help="Keep the travel distance typed in, instead of the distance of the case's "
        "visits on the technician's route.",
    )
    travel_distance_km = fields.Float(
        compute="_compute_travel_distance_km", store=True, readonly=False
    )

    @api.depends("travel_distance_manual", "appointment_ids.state", "appointment_ids.distance_km")
    def _compute_travel_distance_km(self):
        for ticket in self:
            if ticket.travel_distance_manual:
                continue
            visits = ticket.appointment_ids.filtered(
                lambda v: v.state in TRAVEL_STATES and v.distance_km
            )
            # without a located visit, the distance stays as entered
            if visits:
                ticket.travel_distance_km = max(visits.mapped("distance_km"))


class AftersalesAppointment(models.Model):
    _inherit = "aftersales.appointment"

    def _on_routes_updated(self):
        res = super()._on_routes_updated()
        # a done case is priced again when the distance of its visits changes
        self.ticket_id._aftersales_fees_changed()
        return res
