# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Spare-parts fixtures on top of the after-sales network of the reception
tests: a code scheme, part families, device models, parts with stock in the
spare-parts location, and a warehouse keeper."""

from odoo import Command

from odoo.addons.aftersales_reception.tests.common import AftersalesCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class AftersalesStockCommon(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.company._aftersales_warehouse()
        cls.parts_location = cls.warehouse.aftersales_parts_location_id
        cls.loaner_location = cls.warehouse.aftersales_loaner_location_id
        cls.defective_location = cls.warehouse.aftersales_defective_location_id
        cls.consignment_location = cls.warehouse.aftersales_consignment_location_id
        cls.user_warehouse = mail_new_test_user(
            cls.env,
            login="as_warehouse",
            name="Walt Warehouse",
            email="walt@example.com",
            groups="base.group_user,aftersales_stock.group_aftersales_warehouse",
        )

        # Coding: FAMILY+COMPONENT-DEVICE-VARIANT-SEQUENCE + check character
        cls.scheme = cls.env["aftersales.part.code.scheme"].create(
            {
                "name": "Test scheme",
                "sequence": -100,
                "company_id": cls.company.id,
                "check_method": "iso7064",
                "segment_ids": [
                    Command.create(
                        {"sequence": 1, "source": "family", "width": 3, "separator": ""}
                    ),
                    Command.create(
                        {"sequence": 2, "source": "component", "width": 1, "separator": "-"}
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "source": "device_model",
                            "width": 5,
                            "pad_char": "X",
                            "separator": "-",
                        }
                    ),
                    Command.create({"sequence": 4, "source": "variant", "width": 2}),
                    Command.create(
                        {"sequence": 5, "source": "sequence", "width": 4, "separator": ""}
                    ),
                ],
            }
        )
        cls.family_pump = cls.env["aftersales.part.family"].create(
            {"name": "Test Pumps", "code": "TPM"}
        )
        cls.family_motor = cls.env["aftersales.part.family"].create(
            {"name": "Test Motors", "code": "TMO"}
        )
        cls.component_hydro = cls.env["aftersales.part.component"].create(
            {"name": "Test Hydraulic", "code": "H"}
        )
        cls.component_elec = cls.env["aftersales.part.component"].create(
            {"name": "Test Electrical", "code": "E"}
        )
        device_model = cls.env["aftersales.device.model"]
        cls.device_family = device_model.create({"name": "Test Washers", "code": "TWASH"})
        cls.device_washer = device_model.create(
            {"name": "Test Washer Model", "code": "TW100", "parent_id": cls.device_family.id}
        )
        cls.device_ac = device_model.create({"name": "Test AC Model", "code": "TAC10"})
        cls.product_washer.device_model_id = cls.device_washer
        cls.product_ac.device_model_id = cls.device_ac

        cls.part_pump = cls._create_part("Test Drain Pump", cls.family_pump, cls.component_hydro)
        cls.part_motor = cls._create_part(
            "Test Drum Motor", cls.family_motor, cls.component_elec, tracking="serial"
        )
        cls.part_filter = cls._create_part(
            "Test AC Filter", cls.family_pump, cls.component_hydro, models=cls.device_ac
        )
        cls.motor_lots = cls.env["stock.lot"].create(
            [{"name": f"T-MOT-{index}", "product_id": cls.part_motor.id} for index in range(1, 4)]
        )
        cls._add_stock(cls.part_pump, cls.parts_location, 10)
        cls._add_stock(cls.part_filter, cls.parts_location, 5)
        for lot in cls.motor_lots:
            cls._add_stock(cls.part_motor, cls.parts_location, 1, lot=lot)

    @classmethod
    def _create_part(cls, name, family, component, models=None, **values):
        vals = {
            "name": name,
            "is_spare_part": True,
            "type": "consu",
            "is_storable": True,
            "part_family_id": family.id if family else False,
            "part_component_id": component.id if component else False,
            "compatible_device_model_ids": [Command.set((models or cls.device_washer).ids)],
            "list_price": 50.0,
            "standard_price": 20.0,
        }
        vals.update(values)
        return cls.env["product.template"].create(vals).product_variant_id

    @classmethod
    def _add_stock(cls, product, location, quantity, lot=None):
        cls.env["stock.quant"]._update_available_quantity(product, location, quantity, lot_id=lot)

    @classmethod
    def _on_hand(cls, product, location, lot=None):
        return cls.env["stock.quant"]._get_available_quantity(
            product, location, lot_id=lot, strict=False
        )

    @classmethod
    def _create_repair_ticket(cls, **values):
        vals = {
            "product_id": cls.product_washer.id,
            "serial_number": "T-WASH-0001",
            "user_id": cls.user_reception.id,
            "technician_id": cls.user_technician.id,
        }
        vals.update(values)
        return cls._create_ticket(**vals)

    @classmethod
    def _open_repair(cls, ticket, user=None):
        """The repair order a case opens with its Repair button."""
        action = ticket.with_user(user or cls.env.user).action_create_repair_order()
        return cls.env["repair.order"].browse(action["res_id"])

    @classmethod
    def _add_repair_part(cls, repair, product, quantity=1.0, line_type="add", **values):
        """A part line of ``repair`` (added, removed or recycled), as the
        Parts list of the repair order makes it."""
        vals = {
            "product_id": product.id,
            "product_uom_qty": quantity,
            "repair_line_type": line_type,
        }
        vals.update(values)
        existing = repair.move_ids
        repair.move_ids = [Command.create(vals)]
        return repair.move_ids - existing
