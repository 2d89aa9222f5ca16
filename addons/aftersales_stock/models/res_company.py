# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

WARRANTY_STARTS = [
    ("delivery", "Delivery Date"),
    ("invoice", "Invoice Date"),
    ("installation", "Installation Date"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_warranty_start = fields.Selection(
        selection=WARRANTY_STARTS,
        string="Warranty Starts From",
        default="delivery",
        required=True,
        help="The date a unit's warranty runs from. Without that date (a unit not yet "
        "invoiced or installed), the delivery date counts; for units bought elsewhere, "
        "the installation or purchase date.",
    )
    aftersales_quote_acceptance_required = fields.Boolean(
        string="No Paid Repair Before Acceptance",
        default=True,
        help="A paid repair starts only once the customer has accepted its quotation "
        "(signed on the portal or confirmed by reception).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._aftersales_stock_setup()
        return companies

    def _aftersales_stock_setup(self):
        """Locations and operation types of the spare-parts flows in every
        warehouse of these companies. Idempotent: safe to run again."""
        warehouses = (
            self.env["stock.warehouse"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "in", self.ids)])
        )
        warehouses._aftersales_setup()
        self.env["aftersales.service.center"].sudo().with_context(active_test=False).search(
            [("company_id", "in", self.ids), ("unit_location_id", "=", False)]
        )._aftersales_setup_unit_location()
        return True

    def _aftersales_warehouse(self):
        """The warehouse whose spare-parts locations the company uses."""
        self.ensure_one()
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.id), ("aftersales_parts_location_id", "!=", False)],
            order="sequence, id",
            limit=1,
        )
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse set up for spare parts: create a "
                    "warehouse in Inventory, its after-sales locations are added to it.",
                    company=self.name,
                )
            )
        return warehouse
