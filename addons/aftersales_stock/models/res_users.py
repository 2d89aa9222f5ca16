# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class ResUsers(models.Model):
    _inherit = "res.users"

    aftersales_consignment_location_id = fields.Many2one(
        comodel_name="stock.location",
        compute="_compute_aftersales_consignment_location_id",
        string="Consignment Stock",
        help="Spare parts held by this technician in the current company.",
    )

    @api.depends_context("company")
    def _compute_aftersales_consignment_location_id(self):
        locations = self.env["stock.location"].search(
            [
                ("aftersales_holder_user_id", "in", self.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        by_user = {location.aftersales_holder_user_id: location for location in locations}
        for user in self:
            user.aftersales_consignment_location_id = by_user.get(user, False)

    def _aftersales_consignment_location(self, company):
        """The technician's consignment location in ``company``."""
        self.ensure_one()
        return self.env["stock.location"].search(
            [("aftersales_holder_user_id", "=", self.id), ("company_id", "=", company.id)],
            limit=1,
        )

    def action_create_aftersales_consignment_location(self):
        location_model = self.env["stock.location"]
        company = self.env.company
        for user in self:
            if user.share:
                raise UserError(
                    self.env._(
                        "%(user)s is a portal user: only technicians (internal users) hold "
                        "consignment stock.",
                        user=user.name,
                    )
                )
            if user._aftersales_consignment_location(company):
                continue
            warehouse = company._aftersales_warehouse()
            location_model.create(
                {
                    "name": user.name,
                    "usage": "internal",
                    "location_id": warehouse.aftersales_consignment_location_id.id,
                    "company_id": company.id,
                    "aftersales_usage": "holder",
                    "aftersales_holder_user_id": user.id,
                }
            )
        self.invalidate_recordset(["aftersales_consignment_location_id"])
        return True

    def action_view_aftersales_consignment_stock(self):
        self.ensure_one()
        location = self._aftersales_consignment_location(self.env.company)
        if not location:
            self.action_create_aftersales_consignment_location()
            location = self._aftersales_consignment_location(self.env.company)
        return location.action_view_aftersales_quants()

    def action_replenish_aftersales_consignment(self):
        self.ensure_one()
        location = self._aftersales_consignment_location(self.env.company)
        if not location:
            self.action_create_aftersales_consignment_location()
            location = self._aftersales_consignment_location(self.env.company)
        return location._aftersales_replenish_action(self.name)
