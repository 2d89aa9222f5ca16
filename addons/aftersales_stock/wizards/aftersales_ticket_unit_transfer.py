# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesTicketUnitTransfer(models.TransientModel):
    """Send the customer's unit of a case to another service center (a
    workshop, an agent workshop, or back to the head office)."""

    _name = "aftersales.ticket.unit.transfer"
    _description = "Send a Customer's Unit to a Service Center"

    ticket_id = fields.Many2one(comodel_name="aftersales.ticket", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id")
    source_center_id = fields.Many2one(related="ticket_id.unit_center_id", string="From")
    center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        string="To",
        required=True,
        domain="[('company_id', '=', company_id), ('id', '!=', source_center_id)]",
    )
    note = fields.Text(help="What the receiving center should know, printed on the transfer.")

    def action_apply(self):
        self.ensure_one()
        self.ticket_id._action_send_unit(self.center_id, note=self.note)
        return {"type": "ir.actions.act_window_close"}
