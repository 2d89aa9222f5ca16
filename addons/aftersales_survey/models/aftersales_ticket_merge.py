# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AftersalesTicket(models.Model):
    """A merged case hands its quality checks and happy calls over to the
    case that is kept, so that the kept case's figures count them once."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    def _merge_into(self, target):
        self._check_merge_into(target)
        checks = self.sudo().qc_check_ids
        if checks:
            checks.write({"ticket_id": target.id})
        calls = self.sudo().happy_call_ids
        if calls:
            calls.write({"ticket_id": target.id})
        return super()._merge_into(target)
