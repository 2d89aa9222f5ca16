# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # the parts a repair used count in the fees of its case
            self.aftersales_ticket_id._aftersales_fees_changed()
        return res
