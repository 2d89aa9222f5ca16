# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _prepare_invoice(self):
        vals = super()._prepare_invoice()
        if self.aftersales_ticket_id:
            # the invoice of a repair belongs to its case (and its center's P&L)
            vals["aftersales_ticket_id"] = self.aftersales_ticket_id.id
        return vals


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.depends("order_id.aftersales_ticket_id.service_center_id")
    def _compute_analytic_distribution(self):
        res = super()._compute_analytic_distribution()
        for line in self:
            center = line.order_id.aftersales_ticket_id.service_center_id
            distribution = center._aftersales_analytic_distribution()
            if distribution and not line.display_type:
                line.analytic_distribution = distribution
        return res

    def _prepare_invoice_line(self, **optional_values):
        vals = super()._prepare_invoice_line(**optional_values)
        if self.order_id.aftersales_ticket_id and not self.display_type:
            vals["aftersales_pl_category"] = "revenue"
        return vals

    def write(self, vals):
        res = super().write(vals)
        if {"product_uom_qty", "price_unit", "discount", "product_id"} & set(vals):
            # the work quoted counts in the fees of the case
            self.order_id.aftersales_ticket_id._aftersales_fees_changed()
        return res
