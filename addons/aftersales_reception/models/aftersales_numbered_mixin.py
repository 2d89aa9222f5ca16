# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AftersalesNumberedMixin(models.AbstractModel):
    """Documents of a case (loaners, quality checks, happy calls, fee
    settlements...) numbered from their company's sequence at creation.

    Inheriting models set ``_aftersales_sequence_code`` to the code of their
    ``ir.sequence`` and keep a ``name`` field defaulting to "New"."""

    _name = "aftersales.numbered.mixin"
    _description = "After-Sales Numbered Document"

    _aftersales_sequence_code = None

    def _aftersales_sequence_company(self, vals):
        """The company whose sequence numbers the document of ``vals``: its
        case's, else its own, else the current one."""
        if vals.get("ticket_id"):
            return self.env["aftersales.ticket"].browse(vals["ticket_id"]).company_id
        return self.env["res.company"].browse(vals.get("company_id")) or self.env.company

    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        # numbering is technical: whoever creates the document (a technician
        # asking for a check, a cron) may have no access to sequences
        sequence_model = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == new_label:
                company = self._aftersales_sequence_company(vals) or self.env.company
                vals["name"] = (
                    sequence_model.with_company(company).next_by_code(
                        self._aftersales_sequence_code
                    )
                    or new_label
                )
        return super().create(vals_list)
