# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

AFTERSALES_LOCATIONS = (
    "aftersales_parts_location_id",
    "aftersales_loaner_location_id",
    "aftersales_defective_location_id",
    "aftersales_consignment_location_id",
    "aftersales_units_location_id",
)
# operation types of the after-sales flows: field -> sequence code
AFTERSALES_PICKING_TYPES = {
    "aftersales_repair_type_id": "ARO",
    "aftersales_loan_type_id": "ALO",
    "aftersales_loan_return_type_id": "ALR",
    "aftersales_replenish_type_id": "ACR",
    "aftersales_supplier_return_type_id": "ARS",
    "aftersales_unit_in_type_id": "AUR",
    "aftersales_unit_move_type_id": "AUT",
    "aftersales_unit_out_type_id": "AUD",
}


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    # Locations
    aftersales_parts_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Spare Parts Location",
        check_company=True,
        copy=False,
    )
    aftersales_loaner_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Loaner Units Location",
        check_company=True,
        copy=False,
    )
    aftersales_defective_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Defective Parts Location",
        check_company=True,
        copy=False,
    )
    aftersales_consignment_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Consignment Location",
        check_company=True,
        copy=False,
        help="Parent of the consignment stock held by agent workshops and technicians.",
    )
    aftersales_units_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Customers' Units Location",
        check_company=True,
        copy=False,
        help="Parent of the locations of the service centers where customers' units "
        "stay while they are serviced.",
    )
    # Operation types
    aftersales_repair_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Case Repairs Type",
        check_company=True,
        copy=False,
        help="Repair orders of after-sales cases: parts come from the spare-parts stock "
        "and the replaced defective parts go to the defective-parts stock.",
    )
    aftersales_loan_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Loaner Deliveries Type",
        check_company=True,
        copy=False,
    )
    aftersales_loan_return_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Loaner Returns Type",
        check_company=True,
        copy=False,
    )
    aftersales_replenish_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Consignment Replenishment Type",
        check_company=True,
        copy=False,
    )
    aftersales_supplier_return_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Returns to Supplier Type",
        check_company=True,
        copy=False,
    )
    aftersales_unit_in_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Customer Units In Type",
        check_company=True,
        copy=False,
    )
    aftersales_unit_move_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Customer Unit Transfers Type",
        check_company=True,
        copy=False,
    )
    aftersales_unit_out_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Customer Unit Hand-backs Type",
        check_company=True,
        copy=False,
    )

    # ------------------------------------------------------------
    # Set-up (idempotent)
    # ------------------------------------------------------------

    def _aftersales_setup(self):
        """Create the after-sales locations and operation types this
        warehouse lacks; running it again changes nothing."""
        for warehouse in self:
            if any(not warehouse[name] for name in AFTERSALES_LOCATIONS):
                warehouse._create_missing_locations({})
            if any(not warehouse[name] for name in AFTERSALES_PICKING_TYPES):
                picking_type_vals = warehouse._create_or_update_sequences_and_picking_types()
                if picking_type_vals:
                    warehouse.write(picking_type_vals)
        return True

    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get("company_id", self.default_get(["company_id"])["company_id"])
        values.update(
            {
                "aftersales_parts_location_id": {
                    "name": self.env._("Spare Parts"),
                    "active": True,
                    "usage": "internal",
                    "aftersales_usage": "parts",
                    "barcode": self._valid_barcode(code + "ASPARTS", company_id),
                },
                "aftersales_loaner_location_id": {
                    "name": self.env._("Loaner Units"),
                    "active": True,
                    "usage": "internal",
                    "aftersales_usage": "loaner",
                    "barcode": self._valid_barcode(code + "ASLOAN", company_id),
                },
                "aftersales_defective_location_id": {
                    "name": self.env._("Defective Parts"),
                    "active": True,
                    "usage": "internal",
                    "aftersales_usage": "defective",
                    "barcode": self._valid_barcode(code + "ASDEFECT", company_id),
                },
                "aftersales_consignment_location_id": {
                    "name": self.env._("Consignment"),
                    "active": True,
                    "usage": "view",
                    "aftersales_usage": "consignment",
                },
                "aftersales_units_location_id": {
                    "name": self.env._("Units in Service"),
                    "active": True,
                    "usage": "view",
                    "aftersales_usage": "units",
                },
            }
        )
        return values

    def _get_sequence_values(self, name=False, code=False):
        values = super()._get_sequence_values(name=name, code=code)
        name = name or self.name
        code = code or self.code
        labels = {
            "aftersales_repair_type_id": self.env._("%(name)s Sequence case repairs", name=name),
            "aftersales_loan_type_id": self.env._("%(name)s Sequence loaners out", name=name),
            "aftersales_loan_return_type_id": self.env._(
                "%(name)s Sequence loaner returns", name=name
            ),
            "aftersales_replenish_type_id": self.env._("%(name)s Sequence consignment", name=name),
            "aftersales_supplier_return_type_id": self.env._(
                "%(name)s Sequence supplier returns", name=name
            ),
            "aftersales_unit_in_type_id": self.env._("%(name)s Sequence units in", name=name),
            "aftersales_unit_move_type_id": self.env._(
                "%(name)s Sequence unit transfers", name=name
            ),
            "aftersales_unit_out_type_id": self.env._(
                "%(name)s Sequence unit hand-backs", name=name
            ),
        }
        for field_name, sequence_code in AFTERSALES_PICKING_TYPES.items():
            values[field_name] = {
                "name": labels[field_name],
                "prefix": f"{code}/{self[field_name].sequence_code or sequence_code}/",
                "padding": 5,
                "company_id": self.company_id.id,
            }
        return values

    def _get_picking_type_update_values(self):
        values = super()._get_picking_type_update_values()
        for field_name in AFTERSALES_PICKING_TYPES:
            values[field_name] = {"active": self.active}
        return values

    def _get_picking_type_create_values(self, max_sequence):
        values, next_sequence = super()._get_picking_type_create_values(max_sequence)
        customers = self.env.ref("stock.stock_location_customers")
        suppliers = self.env.ref("stock.stock_location_suppliers")
        common = {
            "company_id": self.company_id.id,
            "create_backorder": "never",
            "use_existing_lots": True,
            "use_create_lots": False,
        }
        values.update(
            {
                "aftersales_repair_type_id": dict(
                    common,
                    name=self.env._("Case Repairs"),
                    code="repair_operation",
                    # the technician picks the parts, the serials and the
                    # consignment stock they come from
                    reservation_method="manual",
                    default_location_src_id=self.aftersales_parts_location_id.id,
                    default_location_dest_id=self._get_production_location().id,
                    default_remove_location_dest_id=self.aftersales_defective_location_id.id,
                    default_recycle_location_dest_id=self.aftersales_parts_location_id.id,
                    sequence=next_sequence,
                    sequence_code="ARO",
                ),
                "aftersales_loan_type_id": dict(
                    common,
                    name=self.env._("Loaner Deliveries"),
                    code="outgoing",
                    reservation_method="manual",
                    default_location_src_id=self.aftersales_loaner_location_id.id,
                    default_location_dest_id=customers.id,
                    sequence=next_sequence + 1,
                    sequence_code="ALO",
                ),
                "aftersales_loan_return_type_id": dict(
                    common,
                    name=self.env._("Loaner Returns"),
                    code="incoming",
                    default_location_src_id=customers.id,
                    default_location_dest_id=self.aftersales_loaner_location_id.id,
                    sequence=next_sequence + 2,
                    sequence_code="ALR",
                ),
                "aftersales_replenish_type_id": dict(
                    common,
                    name=self.env._("Consignment Replenishment"),
                    code="internal",
                    default_location_src_id=self.aftersales_parts_location_id.id,
                    default_location_dest_id=self.aftersales_consignment_location_id.id,
                    sequence=next_sequence + 3,
                    sequence_code="ACR",
                ),
                "aftersales_supplier_return_type_id": dict(
                    common,
                    name=self.env._("Returns to Supplier"),
                    code="outgoing",
                    default_location_src_id=self.aftersales_defective_location_id.id,
                    default_location_dest_id=suppliers.id,
                    sequence=next_sequence + 4,
                    sequence_code="ARS",
                ),
                # customers' units: exactly the serial of the case, never
                # a unit reserved at random, so reservation is left manual
                "aftersales_unit_in_type_id": dict(
                    common,
                    name=self.env._("Customer Units In"),
                    code="incoming",
                    use_create_lots=True,
                    reservation_method="manual",
                    default_location_src_id=customers.id,
                    default_location_dest_id=self.aftersales_units_location_id.id,
                    sequence=next_sequence + 5,
                    sequence_code="AUR",
                ),
                "aftersales_unit_move_type_id": dict(
                    common,
                    name=self.env._("Customer Unit Transfers"),
                    code="internal",
                    reservation_method="manual",
                    default_location_src_id=self.aftersales_units_location_id.id,
                    default_location_dest_id=self.aftersales_units_location_id.id,
                    sequence=next_sequence + 6,
                    sequence_code="AUT",
                ),
                "aftersales_unit_out_type_id": dict(
                    common,
                    name=self.env._("Customer Unit Hand-backs"),
                    code="outgoing",
                    reservation_method="manual",
                    default_location_src_id=self.aftersales_units_location_id.id,
                    default_location_dest_id=customers.id,
                    sequence=next_sequence + 7,
                    sequence_code="AUD",
                ),
            }
        )
        return values, next_sequence + 8

    def _create_or_update_sequences_and_picking_types(self):
        created = super()._create_or_update_sequences_and_picking_types()
        picking_type_model = self.env["stock.picking.type"]
        if "aftersales_loan_type_id" in created or "aftersales_loan_return_type_id" in created:
            loan = picking_type_model.browse(
                created.get("aftersales_loan_type_id", self.aftersales_loan_type_id.id)
            )
            loan_return = picking_type_model.browse(
                created.get(
                    "aftersales_loan_return_type_id", self.aftersales_loan_return_type_id.id
                )
            )
            loan.return_picking_type_id = loan_return
            loan_return.return_picking_type_id = loan
        if "aftersales_unit_in_type_id" in created or "aftersales_unit_out_type_id" in created:
            unit_in = picking_type_model.browse(
                created.get("aftersales_unit_in_type_id", self.aftersales_unit_in_type_id.id)
            )
            unit_out = picking_type_model.browse(
                created.get("aftersales_unit_out_type_id", self.aftersales_unit_out_type_id.id)
            )
            unit_in.return_picking_type_id = unit_out
            unit_out.return_picking_type_id = unit_in
        return created

    def action_aftersales_setup(self):
        """Button: re-create missing after-sales locations and types."""
        return self._aftersales_setup()
