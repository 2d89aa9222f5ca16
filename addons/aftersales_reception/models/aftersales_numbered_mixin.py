# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, models

from ..tools import next_references


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
        by_company = defaultdict(list)
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == new_label:
                company = self._aftersales_sequence_company(vals) or self.env.company
                by_company[company].append(vals)
        # the documents of a company numbered at once: one query per batch
        for company, company_vals in by_company.items():
            sequence = sequence_model.with_company(company).search(
                [
                    ("code", "=", self._aftersales_sequence_code),
                    ("company_id", "in", [company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
            references = (
                next_references(sequence, len(company_vals))
                if sequence
                else [new_label] * len(company_vals)
            )
            for vals, reference in zip(company_vals, references, strict=True):
                vals["name"] = reference
        return super().create(vals_list)
