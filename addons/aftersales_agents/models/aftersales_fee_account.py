# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AftersalesFeeAccount(models.Model):
    """Where the fees of a service type are booked on the settlement bills:
    expense account and purchase taxes, per kind of provider."""

    _name = "aftersales.fee.account"
    _description = "After-Sales Fee Accounting"
    _order = "company_id, service_type, provider_type"
    _check_company_auto = True
    _rec_name = "service_type"

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda self: self.env.company
    )
    service_type = fields.Selection(selection="_selection_service_type", required=True)
    provider_type = fields.Selection(
        selection=[
            ("all", "All Providers"),
            ("agent", "Agent Workshops"),
            ("technician", "In-House Technicians"),
        ],
        required=True,
        default="all",
    )
    account_id = fields.Many2one(
        comodel_name="account.account",
        string="Expense Account",
        required=True,
        check_company=True,
        domain=[("account_type", "in", ("expense", "expense_direct_cost"))],
    )
    tax_ids = fields.Many2many(
        comodel_name="account.tax",
        string="Purchase Taxes",
        check_company=True,
        domain=[("type_tax_use", "=", "purchase")],
    )

    _sql_constraints = [
        (
            "service_provider_unique",
            "UNIQUE(company_id, service_type, provider_type)",
            "The accounting of this service type is already set for this kind of provider.",
        ),
    ]

    @api.model
    def _selection_service_type(self):
        return self.env["aftersales.ticket"]._service_type_selection()

    @api.model
    def _find(self, company, provider_type, service_type):
        """The mapping for a provider type and service type, the one for both
        kinds of providers otherwise."""
        mappings = self.search(
            [
                ("company_id", "=", company.id),
                ("service_type", "=", service_type),
                ("provider_type", "in", (provider_type, "all")),
            ]
        )
        return mappings.filtered(lambda m: m.provider_type == provider_type)[:1] or mappings[:1]
