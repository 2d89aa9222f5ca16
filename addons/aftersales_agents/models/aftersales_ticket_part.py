# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# part fields whose change may change the fees of a done case
FEE_TRIGGER_PART_FIELDS = {
    "product_id",
    "product_uom_qty",
    "price_unit",
    "charge_type",
    "location_id",
}


class AftersalesTicketPart(models.Model):
    """Spare parts used on a case are invoiced to the customer with the
    labour, count in the parts value of percentage fees, and, taken from an
    agent's consignment stock for paid work, can be charged back to the agent
    on the settlement."""

    _inherit = "aftersales.ticket.part"

    invoice_line_ids = fields.One2many(
        comodel_name="account.move.line",
        inverse_name="aftersales_ticket_part_id",
        string="Invoice Lines",
        readonly=True,
    )
    is_invoiced = fields.Boolean(string="Invoiced", compute="_compute_is_invoiced", store=True)
    fee_line_ids = fields.One2many(
        comodel_name="aftersales.fee.line",
        inverse_name="ticket_part_id",
        string="Chargebacks",
        readonly=True,
    )

    @api.depends("invoice_line_ids.parent_state")
    def _compute_is_invoiced(self):
        for line in self:
            line.is_invoiced = any(
                state != "cancel" for state in line.invoice_line_ids.mapped("parent_state")
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.ticket_id._aftersales_fees_changed()
        return lines

    def write(self, vals):
        invoiced = self.filtered("is_invoiced")
        if invoiced and set(vals) & FEE_TRIGGER_PART_FIELDS:
            raise UserError(
                self.env._(
                    "These parts were invoiced to the customer and can no longer be changed; "
                    "credit the invoice first.\nConcerned case(s):\n%(refs)s",
                    refs="\n".join(invoiced.ticket_id.mapped("name")),
                )
            )
        res = super().write(vals)
        if set(vals) & FEE_TRIGGER_PART_FIELDS:
            self.ticket_id._aftersales_fees_changed()
        return res

    def unlink(self):
        tickets = self.ticket_id
        res = super().unlink()
        tickets.exists()._aftersales_fees_changed()
        return res

    def _aftersales_consignment_center(self):
        """The agent workshop whose consignment stock the part came from."""
        self.ensure_one()
        return self.location_id.aftersales_holder_center_id

    def _prepare_invoice_line_vals(self):
        self.ensure_one()
        ticket = self.ticket_id
        taxes = self.product_id.taxes_id.filtered_domain(
            self.env["account.tax"]._check_company_domain(ticket.company_id)
        )
        fiscal_position = (
            self.env["account.fiscal.position"]
            .with_company(ticket.company_id)
            ._get_fiscal_position(ticket.partner_id)
        )
        if fiscal_position:
            taxes = fiscal_position.map_tax(taxes)
        vals = {
            "display_type": "product",
            "product_id": self.product_id.id,
            "name": self.product_id.get_product_multiline_description_sale(),
            "quantity": self.product_uom_qty,
            "product_uom_id": self.product_uom_id.id,
            "price_unit": self.price_unit,
            "tax_ids": [fields.Command.set(taxes.ids)],
            "aftersales_ticket_part_id": self.id,
            "aftersales_pl_category": "revenue",
        }
        distribution = ticket.service_center_id._aftersales_analytic_distribution()
        if distribution:
            vals["analytic_distribution"] = distribution
        return vals
