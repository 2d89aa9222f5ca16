# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.aftersales_stock.models.aftersales_ticket_outcome import OUTCOMES


class AftersalesServiceType(models.Model):
    """The kinds of work a case can be (the case's service type), as records,
    so that contracts can list the ones a provider is allowed to do."""

    _name = "aftersales.service.type"
    _description = "After-Sales Service Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(selection="_selection_code", required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    default_outcome = fields.Selection(
        selection=OUTCOMES,
        string="Outcome",
        default="repair",
        required=True,
        help="What a case of this type gives the customer by default, as a return "
        "operation would: the unit repaired, a replacement, a refund or the unit back "
        "unrepaired.",
    )

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "There is already a service type with this code."),
    ]

    @api.model
    def _selection_code(self):
        return self.env["aftersales.ticket"]._fields["service_type"].selection

    @api.model
    def _get_by_code(self, codes=None):
        """Service types by code, e.g. {'paid_repair': record}."""
        if codes is None:
            codes = [code for code, _label in self._selection_code()]
        types = self.with_context(active_test=False).search([("code", "in", list(codes))])
        return {t.code: t for t in types}
