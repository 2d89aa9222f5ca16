# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.aftersales_ticket import WARRANTY_STATES


class AftersalesTicketWarrantyOverride(models.TransientModel):
    """Override the computed warranty state of a case, with a reason that
    stays on the case's chatter."""

    _name = "aftersales.ticket.warranty.override"
    _description = "Override the Warranty State of a Case"

    ticket_id = fields.Many2one(comodel_name="aftersales.ticket", required=True)
    current_state = fields.Selection(related="ticket_id.warranty_state")
    new_state = fields.Selection(selection=WARRANTY_STATES)
    reason = fields.Text()
    restore = fields.Boolean(
        string="Back to Computed State",
        help="Drop the override: the state is computed again from the policy.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if (
            "ticket_id" in fields_list
            and not values.get("ticket_id")
            and self.env.context.get("active_model") == "aftersales.ticket"
        ):
            values["ticket_id"] = self.env.context.get("active_id")
        return values

    def action_apply(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Say why the warranty state is overridden: the reason is required.")
            )
        ticket = self.ticket_id
        if self.restore:
            ticket.write(
                {
                    "warranty_override": False,
                    "warranty_override_state": False,
                    "warranty_override_reason": reason,
                }
            )
        else:
            if not self.new_state:
                raise UserError(self.env._("Choose the new warranty state."))
            ticket.write(
                {
                    "warranty_override": True,
                    "warranty_override_state": self.new_state,
                    "warranty_override_reason": reason,
                }
            )
        ticket.message_post(
            body=self.env._(
                "Warranty state set to %(state)s. Reason: %(reason)s",
                state=dict(ticket._fields["warranty_state"]._description_selection(self.env)).get(
                    ticket.warranty_state
                ),
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
