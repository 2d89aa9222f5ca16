# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

AFTERSALES_USAGES = [
    ("parts", "Spare Parts Stock"),
    ("loaner", "Loaner Units"),
    ("defective", "Returned Defective Parts"),
    ("consignment", "Consignment Stock"),
    ("holder", "Consignment Holder"),
    ("units", "Customers' Units in Service"),
    ("unit_center", "Units at a Service Center"),
]


class StockLocation(models.Model):
    _inherit = "stock.location"

    aftersales_usage = fields.Selection(
        selection=AFTERSALES_USAGES,
        string="After-Sales Role",
        index="btree_not_null",
        copy=False,
        help="What this location holds for the after-sales service.",
    )
    aftersales_holder_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        string="Agent Workshop",
        index="btree_not_null",
        copy=False,
        help="The agent workshop holding this consignment stock.",
    )
    aftersales_holder_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Technician",
        index="btree_not_null",
        copy=False,
        help="The technician holding this consignment stock.",
    )
    aftersales_unit_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        string="Service Center of the Units",
        index="btree_not_null",
        copy=False,
        help="The service center holding the customers' units in this location.",
    )

    _sql_constraints = [
        (
            "aftersales_holder_center_unique",
            "UNIQUE(aftersales_holder_center_id)",
            "An agent workshop has one consignment location.",
        ),
        (
            "aftersales_holder_user_company_unique",
            "UNIQUE(aftersales_holder_user_id, company_id)",
            "A technician has one consignment location per company.",
        ),
        (
            "aftersales_unit_center_unique",
            "UNIQUE(aftersales_unit_center_id)",
            "A service center has one location for the customers' units.",
        ),
    ]

    @api.constrains("aftersales_usage", "aftersales_holder_center_id", "aftersales_holder_user_id")
    def _check_aftersales_holder(self):
        for location in self:
            holders = bool(location.aftersales_holder_center_id) + bool(
                location.aftersales_holder_user_id
            )
            if location.aftersales_usage == "holder" and holders != 1:
                raise ValidationError(
                    self.env._(
                        "Consignment location %(location)s must belong to exactly one agent "
                        "workshop or technician.",
                        location=location.complete_name,
                    )
                )
            if holders and location.aftersales_usage != "holder":
                raise ValidationError(
                    self.env._(
                        "Location %(location)s has a consignment holder, so its after-sales "
                        "role must be Consignment Holder.",
                        location=location.complete_name,
                    )
                )

    def action_view_aftersales_quants(self):
        """On-hand stock of these locations (consignment holders, defective
        parts...)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_stock.stock_quant_action_consignment"
        )
        action["domain"] = [("location_id", "child_of", self.ids)]
        action["context"] = {"search_default_group_location": 0}
        if len(self) == 1:
            action["display_name"] = self.env._(
                "On Hand: %(location)s", location=self.complete_name
            )
        return action

    def _aftersales_replenish_action(self, holder_name):
        """A new internal transfer from the spare-parts stock to this
        consignment location."""
        self.ensure_one()
        warehouse = self.company_id._aftersales_warehouse()
        picking_type = warehouse.aftersales_replenish_type_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Replenish %(holder)s", holder=holder_name),
            "res_model": "stock.picking",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_picking_type_id": picking_type.id,
                "default_location_id": picking_type.default_location_src_id.id,
                "default_location_dest_id": self.id,
                "default_origin": self.env._("Consignment %(holder)s", holder=holder_name),
            },
        }
