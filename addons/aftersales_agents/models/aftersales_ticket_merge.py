# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError


class AftersalesTicket(models.Model):
    """A case with fees is not merged away: its fees belong to the service
    done on it, and moving them could bill the same work twice."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    def _check_merge_into(self, target):
        res = super()._check_merge_into(target)
        with_fees = self.sudo().fee_line_ids.ticket_id
        if with_fees:
            raise UserError(
                self.env._(
                    "A case with provider fees keeps them and cannot be merged into another "
                    "case: keep it and merge the other case into it instead.\n"
                    "Concerned case(s):\n%(refs)s",
                    refs="\n".join(with_fees.mapped("name")),
                )
            )
        return res
