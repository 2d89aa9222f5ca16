# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class AftersalesServiceCenter(models.Model):
    _inherit = "aftersales.service.center"

    consignment_location_id = fields.Many2one(
        comodel_name="stock.location",
        compute="_compute_consignment_location_id",
        string="Consignment Stock",
        help="Spare parts of the company held by this agent workshop.",
    )
    consignment_quant_count = fields.Integer(
        compute="_compute_consignment_location_id", string="Parts on Consignment"
    )

    def _compute_consignment_location_id(self):
        locations = self.env["stock.location"].search(
            [("aftersales_holder_center_id", "in", self.ids)]
        )
        by_center = {location.aftersales_holder_center_id: location for location in locations}
        quant_counts = dict(
            self.env["stock.quant"]._read_group(
                [("location_id", "child_of", locations.ids), ("quantity", ">", 0)]
                if locations
                else [(0, "=", 1)],
                ["location_id"],
                ["__count"],
            )
        )
        for center in self:
            location = by_center.get(center, self.env["stock.location"])
            center.consignment_location_id = location
            center.consignment_quant_count = sum(
                count
                for quant_location, count in quant_counts.items()
                if location and quant_location.parent_path.startswith(location.parent_path)
            )

    def action_create_consignment_location(self):
        """Give these agent workshops a consignment sub-location of the
        company's spare-parts warehouse (once)."""
        location_model = self.env["stock.location"]
        for center in self:
            if center.center_type != "agent":
                raise UserError(
                    self.env._(
                        "%(center)s is not an agent workshop: consignment stock is held by "
                        "agent workshops and by technicians (from their user form).",
                        center=center.name,
                    )
                )
            if center.consignment_location_id:
                continue
            warehouse = center.company_id._aftersales_warehouse()
            location_model.create(
                {
                    "name": center.code or center.name,
                    "usage": "internal",
                    "location_id": warehouse.aftersales_consignment_location_id.id,
                    "company_id": center.company_id.id,
                    "aftersales_usage": "holder",
                    "aftersales_holder_center_id": center.id,
                }
            )
        self.invalidate_recordset(["consignment_location_id", "consignment_quant_count"])
        return True

    def action_view_consignment_stock(self):
        self.ensure_one()
        if not self.consignment_location_id:
            self.action_create_consignment_location()
        return self.consignment_location_id.action_view_aftersales_quants()

    def action_replenish_consignment(self):
        self.ensure_one()
        if not self.consignment_location_id:
            self.action_create_consignment_location()
        return self.consignment_location_id._aftersales_replenish_action(self.name)
