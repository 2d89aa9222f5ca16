# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import float_compare


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    is_spare_part = fields.Boolean(related="product_id.is_spare_part")
    aftersales_below_minimum = fields.Boolean(
        string="Below Minimum",
        compute="_compute_aftersales_below_minimum",
        search="_search_aftersales_below_minimum",
        help="The quantity on hand in the rule's location is below its minimum.",
    )

    @api.depends("qty_on_hand", "product_min_qty")
    def _compute_aftersales_below_minimum(self):
        for orderpoint in self:
            orderpoint.aftersales_below_minimum = (
                float_compare(
                    orderpoint.qty_on_hand,
                    orderpoint.product_min_qty,
                    precision_rounding=orderpoint.product_uom.rounding or 0.01,
                )
                < 0
            )

    def _search_aftersales_below_minimum(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        orderpoints = self.search([("trigger", "in", ("auto", "manual"))])
        below = orderpoints.filtered("aftersales_below_minimum")
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", below.ids)]
