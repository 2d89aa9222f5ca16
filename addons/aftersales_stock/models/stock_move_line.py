# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

LOCKED_LINE_FIELDS = {
    "product_id",
    "quantity",
    "lot_id",
    "lot_name",
    "location_id",
    "location_dest_id",
    "product_uom_id",
}


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def write(self, vals):
        if LOCKED_LINE_FIELDS.intersection(vals):
            self.filtered(lambda line: line.state == "done").move_id._aftersales_ensure_not_done()
        return super().write(vals)
