# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
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
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        check_company=True,
        help="Warehouse whose stock holds the customers' units at this center; the "
        "company's after-sales warehouse when empty.",
    )
    unit_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Units in Service Location",
        readonly=True,
        copy=False,
        check_company=True,
        help="Where the customers' units stay while this center services them.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        centers = super().create(vals_list)
        centers._aftersales_setup_unit_location()
        return centers

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

    # ------------------------------------------------------------
    # Customers' units
    # ------------------------------------------------------------

    def _aftersales_unit_warehouse(self, strict=True):
        """The warehouse holding the center's customers' units; without one,
        a UserError when ``strict``, else an empty recordset."""
        self.ensure_one()
        if self.warehouse_id:
            return self.warehouse_id
        if strict:
            return self.company_id._aftersales_warehouse()
        return self.env["stock.warehouse"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("aftersales_parts_location_id", "!=", False),
            ],
            order="sequence, id",
            limit=1,
        )

    def _aftersales_setup_unit_location(self, strict=False):
        """Give these centers their location of customers' units, under the
        Units in Service location of their warehouse. Idempotent: a center
        keeps the location it has. Centers of a company without an after-sales
        warehouse are left for later, unless ``strict`` (UserError)."""
        location_model = self.env["stock.location"].sudo().with_context(active_test=False)
        todo = self.sudo().filtered(lambda center: not center.unit_location_id)
        existing = {
            location.aftersales_unit_center_id: location
            for location in location_model.search([("aftersales_unit_center_id", "in", todo.ids)])
        }
        for center in todo:
            location = existing.get(center)
            if not location:
                warehouse = center._aftersales_unit_warehouse(strict=strict)
                if not warehouse:
                    continue
                if not warehouse.aftersales_units_location_id:
                    warehouse._aftersales_setup()
                location = location_model.create(center._prepare_unit_location_vals(warehouse))
            center.unit_location_id = location
        return True

    def _prepare_unit_location_vals(self, warehouse):
        self.ensure_one()
        return {
            "name": self.name,
            "usage": "internal",
            "location_id": warehouse.aftersales_units_location_id.id,
            "company_id": self.company_id.id,
            "aftersales_usage": "unit_center",
            "aftersales_unit_center_id": self.id,
        }

    def _aftersales_unit_location(self):
        """The center's location of customers' units (created when missing)."""
        self.ensure_one()
        if not self.unit_location_id:
            self._aftersales_setup_unit_location(strict=True)
        return self.unit_location_id

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
