# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

MANAGER_GROUP = "aftersales_reception.group_aftersales_manager"
RECEPTION_GROUP = "aftersales_reception.group_aftersales_reception"
# where the unit comes from in the ERP: written by the stock flows only
ERP_ORIGIN_FIELDS = (
    "sale_line_id",
    "sale_order_id",
    "delivery_picking_id",
    "delivery_date",
)


class AftersalesEquipment(models.Model):
    """The installed base fed by the ERP: a serial-tracked product delivered
    to a customer becomes a unit of the installed base by itself."""

    _inherit = "aftersales.equipment"

    # Unit
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Lot/Serial Number",
        compute="_compute_lot_id",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        help="The serial number of the unit in the stock, found from its serial number.",
    )
    # Origin in the ERP
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Sale Order Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The sale order that sold the unit.",
    )
    delivery_picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Delivery",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The delivery that brought the unit to the customer.",
    )
    delivery_date = fields.Date(
        readonly=True,
        copy=False,
        tracking=True,
        help="When the unit was delivered to the customer.",
    )
    invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Customer Invoice",
        compute="_compute_invoice_id",
        store=True,
        copy=False,
        help="The posted customer invoice of the sale order line that sold the unit.",
    )
    invoice_date = fields.Date(related="invoice_id.invoice_date", store=True)

    _sql_constraints = [
        (
            "lot_company_unique",
            "UNIQUE(company_id, lot_id)",
            "A serial number is one unit of the installed base of a company.",
        ),
    ]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("product_id", "serial_number", "company_id")
    def _compute_lot_id(self):
        todo = self.filtered(
            lambda unit: (
                unit.serial_number
                and unit.product_id
                and (
                    unit.lot_id.name != unit.serial_number
                    or unit.lot_id.product_id != unit.product_id
                )
            )
        )
        (self - todo).filtered(
            lambda unit: not unit.serial_number or not unit.product_id
        ).lot_id = False
        if not todo:
            return
        lots = self.env["stock.lot"].search(
            [
                ("name", "in", list(set(todo.mapped("serial_number")))),
                ("product_id", "in", todo.product_id.ids),
                ("company_id", "in", todo.company_id.ids + [False]),
            ]
        )
        by_key = {(lot.company_id.id, lot.product_id.id, lot.name): lot for lot in lots}
        for unit in todo:
            key = (unit.product_id.id, unit.serial_number)
            # a lot of the unit's company, else one shared by all companies
            unit.lot_id = by_key.get((unit.company_id.id,) + key) or by_key.get((False,) + key)

    @api.depends(
        "sale_line_id.invoice_lines.move_id.state",
        "sale_line_id.invoice_lines.move_id.invoice_date",
    )
    def _compute_invoice_id(self):
        for unit in self:
            invoices = unit.sale_line_id.invoice_lines.move_id.filtered(
                lambda move: move.move_type == "out_invoice" and move.state == "posted"
            )
            unit.invoice_id = invoices.sorted(lambda move: (move.invoice_date, move.id))[:1]

    @api.depends("delivery_date", "invoice_date", "company_id.aftersales_warranty_start")
    def _compute_warranty_start_date(self):
        return super()._compute_warranty_start_date()

    def _warranty_start_date(self):
        """From the date the company chose (delivery, invoice, installation);
        without it, from the delivery; for units bought elsewhere, from their
        installation or purchase."""
        start = self.company_id.aftersales_warranty_start
        if start == "invoice" and self.invoice_date:
            return self.invoice_date
        if start == "installation" and self.installation_date:
            return self.installation_date
        return self.delivery_date or super()._warranty_start_date()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        self._check_owner_change_rights(vals)
        if set(vals) & set(ERP_ORIGIN_FIELDS) and not self.env.su:
            raise AccessError(
                self.env._(
                    "The sale, delivery and delivery date of a unit come from its delivery "
                    "in Inventory and cannot be edited by hand."
                )
            )
        if "lot_id" in vals and not self.env.su and not self.env.user.has_group(RECEPTION_GROUP):
            raise AccessError(
                self.env._(
                    "Only reception and after-sales managers change the serial number of a "
                    "unit. Ask reception to correct it."
                )
            )
        return super().write(vals)

    def _check_owner_change_rights(self, vals):
        """A unit changes owner through Change Owner, with a reason kept on its
        chatter; only managers write its customer directly."""
        if "partner_id" not in vals or self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        partner_id = vals["partner_id"]
        if any(unit.partner_id.id != partner_id for unit in self):
            raise AccessError(
                self.env._(
                    "The customer of a unit changes with Change Owner on the unit, which "
                    "asks for the reason. Concerned unit(s): %(units)s",
                    units=", ".join(self.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_change_owner(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_stock.aftersales_equipment_owner_change_action"
        )
        action["context"] = {"default_equipment_id": self.id}
        return action

    def action_view_sale_order(self):
        self.ensure_one()
        return self._action_open_record(self.sale_order_id)

    def action_view_delivery(self):
        self.ensure_one()
        return self._action_open_record(self.delivery_picking_id)

    def action_view_invoice(self):
        self.ensure_one()
        return self._action_open_record(self.invoice_id)

    def _action_open_record(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [(False, "form")],
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # Installed base from the deliveries
    # ------------------------------------------------------------

    @api.model
    def _register_delivered_units(self, move_lines):
        """Enter the units of ``move_lines`` (done deliveries of serials to
        customers) in the installed base, in one batch: a serial already known
        (by its lot, or by its product and serial number) is updated with its
        new delivery and owner, any other one becomes a new unit."""
        lines = move_lines.filtered(lambda line: line._aftersales_is_unit_sale())
        if not lines:
            return self.browse()
        units = self.sudo()
        lots = lines.lot_id
        known = units.with_context(active_test=False).search(
            [
                "|",
                ("lot_id", "in", lots.ids),
                "&",
                "&",
                ("company_id", "in", lines.company_id.ids),
                ("product_id", "in", lots.product_id.ids),
                ("serial_number", "in", list(set(lots.mapped("name")))),
            ]
        )
        by_lot = {(unit.company_id.id, unit.lot_id): unit for unit in known if unit.lot_id}
        by_serial = {
            (unit.company_id.id, unit.product_id.id, unit.serial_number): unit for unit in known
        }
        # a serial delivered twice in the batch counts with its last delivery
        last_lines = {
            (line.company_id.id, line.lot_id): line
            for line in lines.sorted(lambda line: (line.date, line.id))
        }
        new_vals = []
        updated = units.browse()
        for (company_id, lot), line in last_lines.items():
            vals = line._prepare_aftersales_equipment_vals()
            if not vals["partner_id"]:
                continue
            unit = by_lot.get((company_id, lot)) or by_serial.get(
                (company_id, lot.product_id.id, lot.name)
            )
            if unit:
                unit._update_from_delivery(vals)
                updated |= unit
            else:
                new_vals.append(vals)
        return updated | units.create(new_vals)

    def _update_from_delivery(self, vals):
        """A known unit delivered again (after a return, or to a new owner)."""
        self.ensure_one()
        update = {
            key: vals[key] for key in ("lot_id", "delivery_date") + ERP_ORIGIN_FIELDS if key in vals
        }
        update["active"] = True
        new_owner = self.env["res.partner"].browse(vals["partner_id"])
        if self.partner_id.commercial_partner_id != new_owner.commercial_partner_id:
            # sold again: the new owner's purchase, not the first installation
            update.update(
                partner_id=new_owner.id,
                purchase_date=vals.get("purchase_date"),
                installation_date=False,
            )
        self.write(update)
