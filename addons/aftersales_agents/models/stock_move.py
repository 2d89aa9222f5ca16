# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _generate_valuation_lines_data(self, *args, **kwargs):
        """A part a case's repair uses, valued in real time, costs its center:
        the entry's cost side carries the center's analytic account, as parts
        of the case's work type, for the service profit and loss."""
        res = super()._generate_valuation_lines_data(*args, **kwargs)
        ticket = self.repair_id.aftersales_ticket_id
        if not ticket or self.repair_line_type != "add" or "debit_line_vals" not in res:
            return res
        vals = res["debit_line_vals"]
        distribution = ticket.service_center_id._aftersales_analytic_distribution()
        if distribution and not vals.get("analytic_distribution"):
            vals["analytic_distribution"] = distribution
        vals["aftersales_pl_category"] = "parts"
        vals["aftersales_work_type"] = ticket._aftersales_work_type()
        return res
