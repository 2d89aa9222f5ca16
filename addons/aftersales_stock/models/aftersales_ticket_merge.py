# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AftersalesTicket(models.Model):
    """A merged case hands its repair orders, the transfers of its unit and
    its loaners over to the case that is kept."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    def _merge_into(self, target):
        self._check_merge_into(target)
        repairs = self.sudo().repair_order_ids
        if repairs:
            repairs.write({"aftersales_ticket_id": target.id})
        pickings = self.sudo().aftersales_picking_ids
        if pickings:
            pickings.write({"aftersales_ticket_id": target.id})
        loaners = self.sudo().loaner_ids
        if loaners:
            loaners.write({"ticket_id": target.id})
        return super()._merge_into(target)
