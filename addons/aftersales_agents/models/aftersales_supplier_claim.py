# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AftersalesSupplierClaim(models.Model):
    _inherit = "aftersales.supplier.claim"

    def _prepare_refund_line_vals(self):
        # what a supplier credits lowers the warranty cost of the case's center
        vals = super()._prepare_refund_line_vals()
        vals["aftersales_pl_category"] = "recovery"
        vals["aftersales_work_type"] = self.ticket_id._aftersales_work_type()
        distribution = self.ticket_id.service_center_id._aftersales_analytic_distribution()
        if distribution:
            vals["analytic_distribution"] = distribution
        return vals
