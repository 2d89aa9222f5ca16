# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AftersalesEquipment(models.Model):
    _inherit = "aftersales.equipment"

    def _check_periodic_ticket_vals(self, vals):
        """A unit served by an agent workshop gets its periodic case only under
        a contract covering periodic service: refused before it is numbered."""
        draft = self.env["aftersales.ticket"].new(dict(vals, name=vals.get("summary")))
        draft._check_agent_contract()
        return super()._check_periodic_ticket_vals(vals)
