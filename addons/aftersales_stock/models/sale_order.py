# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    """The quotation of a case's paid repair is the sale order of its repair
    order: priced, signed, paid and invoiced the Odoo way."""

    _inherit = "sale.order"

    aftersales_ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="After-Sales Case",
        compute="_compute_aftersales_ticket_id",
        compute_sudo=True,
        store=True,
        index="btree_not_null",
    )

    @api.depends("repair_order_ids.aftersales_ticket_id")
    def _compute_aftersales_ticket_id(self):
        for order in self:
            order.aftersales_ticket_id = order.repair_order_ids.aftersales_ticket_id[:1]

    def _action_cancel(self):
        res = super()._action_cancel()
        for case in self.aftersales_ticket_id:
            case._on_quotation_refused(self.filtered(lambda o, c=case: o.aftersales_ticket_id == c))
        return res

    def action_view_aftersales_ticket(self):
        self.ensure_one()
        return self.aftersales_ticket_id._get_records_action(context={})


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.depends("order_id.aftersales_ticket_id")
    def _compute_price_unit(self):
        res = super()._compute_price_unit()
        # labour the warranty pays is quoted free, as Odoo quotes the parts
        # of a repair under warranty
        for line in self:
            case = line.order_id.aftersales_ticket_id
            if (
                case
                and line.product_id.type == "service"
                and not line.qty_invoiced
                and case._aftersales_warranty_covers("labour")
            ):
                line.price_unit = 0.0
                line.technical_price_unit = 0.0
        return res
