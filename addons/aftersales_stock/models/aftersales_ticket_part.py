# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_round

MANAGER_GROUP = "aftersales_reception.group_aftersales_manager"
WAREHOUSE_GROUP = "aftersales_stock.group_aftersales_warehouse"
# what a confirmed or consumed line must keep (its stock move depends on it)
LOCKED_FIELDS = {"product_id", "product_uom_qty", "product_uom_id", "lot_id", "location_id"}


class AftersalesTicketPart(models.Model):
    """A spare part used on a case. Confirming the line reserves the part in
    a real transfer; consuming it validates the transfer; the replaced
    defective part can be expected back."""

    _name = "aftersales.ticket.part"
    _description = "After-Sales Case Part"
    _order = "ticket_id, sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Case",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    # Part
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Part",
        required=True,
        index=True,
        check_company=True,
        domain=[("is_spare_part", "=", True)],
    )
    part_code = fields.Char(
        compute="_compute_part_code",
        inverse="_inverse_part_code",
        help="Type or scan the part code: a mistyped code is detected by its check "
        "character, and former codes still find the part.",
    )
    product_tracking = fields.Selection(related="product_id.tracking")
    product_uom_qty = fields.Float(
        string="Quantity", required=True, default=1.0, digits="Product Unit of Measure"
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    product_uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Lot/Serial Number",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Take From",
        compute="_compute_location_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('aftersales_usage', 'in', ('parts', 'holder')), ('company_id', '=', company_id)]",
        help="Main spare-parts stock or the consignment stock of the technician or agent.",
    )
    available_qty = fields.Float(
        string="Available",
        compute="_compute_available_qty",
        digits="Product Unit of Measure",
        help="Quantity on hand and not reserved in the chosen location.",
    )
    fit_state = fields.Selection(
        selection=[("fits", "Fits"), ("not_fitting", "Does Not Fit"), ("unknown", "Unknown")],
        string="Fit",
        compute="_compute_fit_state",
    )
    fit_override = fields.Boolean(
        string="Fit Overridden",
        copy=False,
        help="Set by a manager to use a part that is not listed as fitting the unit.",
    )
    # Billing
    charge_type = fields.Selection(
        selection=[("warranty", "Warranty"), ("chargeable", "Chargeable")],
        string="Billing",
        required=True,
        compute="_compute_charge_type",
        store=True,
        readonly=False,
        precompute=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price_unit = fields.Float(
        string="Unit Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        digits="Product Price",
    )
    price_subtotal = fields.Monetary(
        string="Charged", compute="_compute_price_subtotal", store=True
    )
    # Defective part
    return_defective = fields.Boolean(
        string="Defective Back",
        compute="_compute_return_defective",
        store=True,
        readonly=False,
        precompute=True,
        help="The replaced defective part comes back into the defective-parts stock.",
    )
    defective_lot_name = fields.Char(
        string="Defective Serial",
        help="Serial or lot number of the replaced part (several serials separated by commas).",
    )
    # Stock
    move_ids = fields.One2many(
        comodel_name="stock.move", inverse_name="aftersales_ticket_part_id", string="Moves"
    )
    defective_move_ids = fields.One2many(
        comodel_name="stock.move",
        inverse_name="aftersales_defective_part_id",
        string="Defective Moves",
    )
    transfer_name = fields.Char(
        string="Transfer", compute="_compute_state", store=True, help="The consumption transfer."
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("confirmed", "Reserved"),
            ("done", "Consumed"),
            ("cancel", "Cancelled"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        default="draft",
    )
    defective_state = fields.Selection(
        selection=[
            ("none", "Not Expected"),
            ("to_receive", "To Receive"),
            ("received", "Received"),
        ],
        string="Defective Part",
        compute="_compute_defective_state",
        store=True,
    )

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(product_uom_qty > 0)",
            "The quantity of a part must be positive.",
        ),
    ]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("product_id.default_code")
    def _compute_part_code(self):
        for line in self:
            line.part_code = line.product_id.default_code

    def _inverse_part_code(self):
        for line in self:
            if line.part_code and line.part_code != line.product_id.default_code:
                product = line._find_part_by_code(line.part_code)
                if not product:
                    raise ValidationError(line._unknown_code_message(line.part_code))
                line.product_id = product

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or (
                line.product_id
                and line.product_uom_id.category_id != line.product_id.uom_id.category_id
            ):
                line.product_uom_id = line.product_id.uom_id

    @api.depends("ticket_id.technician_id", "ticket_id.service_center_id", "ticket_id.company_id")
    def _compute_location_id(self):
        cache = {}
        for line in self:
            if line.location_id and line.state != "draft":
                continue
            ticket = line.ticket_id
            key = (ticket.technician_id, ticket.service_center_id, ticket.company_id)
            if key not in cache:
                cache[key] = ticket._aftersales_default_part_location()
            line.location_id = cache[key]

    @api.depends("product_id", "location_id", "lot_id")
    def _compute_available_qty(self):
        quant_model = self.env["stock.quant"]
        for line in self:
            if not (line.product_id and line.location_id):
                line.available_qty = 0.0
                continue
            line.available_qty = quant_model._get_available_quantity(
                line.product_id, line.location_id, lot_id=line.lot_id or None, strict=False
            )

    @api.depends("product_id", "ticket_id.product_id")
    def _compute_fit_state(self):
        for line in self:
            device = line.ticket_id.product_id.product_tmpl_id.device_model_id
            part_models = line.product_id.compatible_device_model_ids
            if not (line.product_id and device and part_models):
                line.fit_state = "unknown"
            elif device._is_fitted_by(part_models):
                line.fit_state = "fits"
            else:
                line.fit_state = "not_fitting"

    @api.depends("ticket_id.warranty_state", "ticket_id.warranty_scope")
    def _compute_charge_type(self):
        for line in self:
            if line.charge_type and line.state in ("done", "cancel"):
                continue
            ticket = line.ticket_id
            covered = ticket.warranty_state == "in_warranty" and ticket.warranty_scope in (
                "parts",
                "both",
            )
            line.charge_type = "warranty" if covered else "chargeable"

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = line.product_id.lst_price

    @api.depends("charge_type", "price_unit", "product_uom_qty")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = (
                0.0 if line.charge_type == "warranty" else line.price_unit * line.product_uom_qty
            )

    @api.depends("product_id")
    def _compute_return_defective(self):
        for line in self:
            line.return_defective = line.product_id.part_return_defective

    @api.depends("move_ids.state", "move_ids.picking_id.name")
    def _compute_state(self):
        for line in self:
            moves = line.move_ids
            active = moves.filtered(lambda m: m.state != "cancel")
            if not moves:
                line.state = "draft"
            elif not active:
                line.state = "cancel"
            elif all(move.state == "done" for move in active):
                line.state = "done"
            else:
                line.state = "confirmed"
            line.transfer_name = ", ".join(active.picking_id.mapped("name")) or False

    @api.depends("return_defective", "defective_move_ids.state")
    def _compute_defective_state(self):
        for line in self:
            moves = line.defective_move_ids.filtered(lambda m: m.state != "cancel")
            if not moves:
                line.defective_state = "none"
            elif all(move.state == "done" for move in moves):
                line.defective_state = "received"
            else:
                line.defective_state = "to_receive"

    # ------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------

    @api.constrains("product_uom_qty")
    def _check_quantity(self):
        for line in self:
            if float_compare(line.product_uom_qty, 0.0, precision_digits=6) <= 0:
                raise ValidationError(
                    self.env._(
                        "Case %(ticket)s: the quantity of %(part)s must be positive, not %(qty)s.",
                        ticket=line.ticket_id.name,
                        part=line.product_id.display_name,
                        qty=line.product_uom_qty,
                    )
                )

    @api.model
    def _check_quantity_value(self, vals):
        """Refuse a zero or negative quantity before it reaches the database
        (whose CHECK constraint would only give a technical error)."""
        if "product_uom_qty" in vals and (vals["product_uom_qty"] or 0.0) <= 0:
            raise ValidationError(
                self.env._(
                    "The quantity of a part must be positive, not %(qty)s: enter how many "
                    "parts are used.",
                    qty=vals["product_uom_qty"],
                )
            )

    @api.constrains("lot_id", "product_id", "product_uom_qty")
    def _check_lot(self):
        for line in self:
            if line.lot_id and line.lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "Case %(ticket)s: serial/lot %(lot)s belongs to %(lot_product)s, not "
                        "to %(part)s. Pick a serial of the part, or the part the serial "
                        "belongs to.",
                        ticket=line.ticket_id.name,
                        lot=line.lot_id.name,
                        lot_product=line.lot_id.product_id.display_name,
                        part=line.product_id.display_name,
                    )
                )
            if (
                line.lot_id
                and line.product_id.tracking == "serial"
                and float_compare(line.product_uom_qty, 1.0, precision_digits=6) != 0
            ):
                raise ValidationError(
                    self.env._(
                        "Case %(ticket)s: serial number %(lot)s is one unit of %(part)s; "
                        "put one line per serial number.",
                        ticket=line.ticket_id.name,
                        lot=line.lot_id.name,
                        part=line.product_id.display_name,
                    )
                )

    @api.constrains("location_id")
    def _check_location(self):
        for line in self:
            if line.location_id.aftersales_usage not in ("parts", "holder"):
                raise ValidationError(
                    self.env._(
                        "Case %(ticket)s: parts are taken from a spare-parts or consignment "
                        "location, not from %(location)s.",
                        ticket=line.ticket_id.name,
                        location=line.location_id.complete_name,
                    )
                )

    @api.onchange("part_code")
    def _onchange_part_code(self):
        code = (self.part_code or "").strip()
        if not code or code == self.product_id.default_code:
            return None
        product = self._find_part_by_code(code)
        if product:
            self.product_id = product
            return None
        message = self._unknown_code_message(code)
        self.part_code = self.product_id.default_code
        return {"warning": {"title": self.env._("Unknown part code"), "message": message}}

    @api.onchange("product_id")
    def _onchange_product_id_warn_fit(self):
        if self.product_id and self.fit_state == "not_fitting":
            return {
                "warning": {
                    "title": self.env._("This part does not fit the unit"),
                    "message": self._not_fitting_message(),
                }
            }
        return None

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_work_access()
        for vals in vals_list:
            self._check_quantity_value(vals)
        if any(vals.get("fit_override") for vals in vals_list):
            self._ensure_can_override_fit()
        lines = super().create(vals_list)
        lines.filtered("fit_override")._log_fit_override()
        return lines

    def write(self, vals):
        self._check_work_access()
        self._check_quantity_value(vals)
        if vals.get("fit_override"):
            self._ensure_can_override_fit()
        if LOCKED_FIELDS.intersection(vals) and not self.env.context.get("aftersales_part_sync"):
            locked = self.filtered(lambda line: line.state != "draft")
            if locked:
                raise UserError(
                    self.env._(
                        "These parts are already reserved or consumed, so their part, "
                        "quantity, serial and location can no longer change. Cancel a reserved "
                        "line and add a new one; a consumed part is returned with a new "
                        "transfer.\n%(lines)s",
                        lines=locked._describe(),
                    )
                )
        overridden = self.filtered(lambda line: not line.fit_override)
        res = super().write(vals)
        if "ticket_id" in vals:
            # record rules are checked on the case the lines leave: check the
            # one they join too
            self.check_access("write")
        if vals.get("fit_override"):
            overridden._log_fit_override()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_observer(self):
        self._check_work_access()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reserved(self):
        locked = self.filtered(lambda line: line.state in ("confirmed", "done"))
        if locked:
            raise UserError(
                self.env._(
                    "Reserved or consumed parts cannot be deleted: cancel the reserved ones "
                    "first.\n%(lines)s",
                    lines=locked._describe(),
                )
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_cancel(self):
        """Cancel reserved lines (their moves are cancelled, the stock freed);
        draft lines are simply removed."""
        if not self.env.context.get("aftersales_cancelling_ticket"):
            # freeing the parts of a cancelled case is the case's decision
            self._check_work_access()
        done = self.filtered(lambda line: line.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Consumed parts cannot be cancelled: return them with a new transfer.\n"
                    "%(lines)s",
                    lines=done._describe(),
                )
            )
        confirmed = self.filtered(lambda line: line.state == "confirmed")
        if not self.env.context.get("aftersales_cancelling_ticket"):
            confirmed.ticket_id._ensure_parts_editable()
        if confirmed:
            moves = confirmed.sudo().move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
            moves._action_cancel()
            for ticket, lines in confirmed.grouped("ticket_id").items():
                ticket._message_log(
                    body=self._message_body(self.env._("Parts cancelled"), lines),
                )
        self.filtered(lambda line: line.state == "draft").unlink()
        return True

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _describe(self):
        return "\n".join(
            f"- {line.ticket_id.name}: {line.product_uom_qty:g} x {line.product_id.display_name}"
            for line in self
        )

    def _find_part_by_code(self, code):
        product_model = self.env["product.product"]
        company = self.company_id or self.ticket_id.company_id or self.env.company
        company_domain = [("company_id", "in", [company.id, False])]
        product = product_model.search(
            [("is_spare_part", "=", True), ("default_code", "=", code)] + company_domain,
            limit=1,
        )
        if not product:
            product = product_model.search(
                [("is_spare_part", "=", True), ("part_code_history_ids.code", "=", code)]
                + company_domain,
                limit=1,
            )
        return product

    def _unknown_code_message(self, code):
        schemes = self.env["aftersales.part.code.scheme"].search([("check_method", "!=", "none")])
        for scheme in schemes:
            if scheme._check_code(code) == "invalid":
                return self.env._(
                    "%(code)s is not a valid part code: its check character is wrong, so it "
                    "was probably mistyped. Check the code on the part's label.",
                    code=code,
                )
        return self.env._(
            "No spare part has the code %(code)s (nor had it before). Check the code, or "
            "pick the part by its name.",
            code=code,
        )

    def _not_fitting_message(self):
        self.ensure_one()
        return self.env._(
            "%(part)s is not listed as fitting %(unit)s (it fits %(models)s). Choose a "
            "fitting part, or ask an after-sales manager to override the fit check on the "
            "line.",
            part=self.product_id.display_name,
            unit=self.ticket_id.product_id.display_name,
            models=", ".join(self.product_id.compatible_device_model_ids.mapped("display_name")),
        )

    def _check_work_access(self):
        self.env["res.users"]._aftersales_check_can_change_work(self.env._("parts"))

    def _ensure_can_override_fit(self):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._("Only an after-sales manager can use a part that does not fit the unit.")
            )

    def _log_fit_override(self):
        for ticket, lines in self.grouped("ticket_id").items():
            ticket._message_log(
                body=self._message_body(
                    self.env._("Fit check overridden by %(user)s for", user=self.env.user.name),
                    lines,
                ),
            )

    @api.model
    def _message_body(self, title, lines):
        items = Markup("").join(
            Markup("<li>%s</li>")
            % (
                f"{line.product_uom_qty:g} {line.product_uom_id.name} "
                f"{line.product_id.display_name}"
                + (f" ({line.lot_id.name})" if line.lot_id else "")
                + (f" - {line.transfer_name}" if line.transfer_name else "")
            )
            for line in lines
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (title, items)

    def _ensure_can_be_confirmed(self):
        self.ticket_id._ensure_parts_editable()
        not_fitting = self.filtered(
            lambda line: line.fit_state == "not_fitting" and not line.fit_override
        )
        if not_fitting:
            raise UserError("\n\n".join(line._not_fitting_message() for line in not_fitting))

    def _check_availability(self):
        """Refuse to reserve more than is available in the chosen locations,
        reading the stock of all lines in one query."""
        lines = self.filtered(lambda line: line.product_id.is_storable)
        if not lines:
            return
        demand = defaultdict(float)
        for line in lines:
            qty = line.product_uom_id._compute_quantity(
                line.product_uom_qty, line.product_id.uom_id, rounding_method="HALF-UP"
            )
            demand[(line.product_id, line.location_id, line.lot_id)] += qty
        locations = lines.location_id
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id", "in", lines.product_id.ids),
                ("location_id", "child_of", locations.ids),
            ],
            ["product_id", "location_id", "lot_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        )
        available = defaultdict(float)
        for product, quant_location, lot, quantity, reserved in groups:
            free = quantity - reserved
            for location in locations:
                if quant_location.parent_path.startswith(location.parent_path):
                    available[(product, location, lot)] += free
                    available[(product, location, self.env["stock.lot"])] += free if lot else 0.0
        problems = []
        for (product, location, lot), needed in demand.items():
            free = available[(product, location, lot)]
            if float_compare(needed, free, precision_rounding=product.uom_id.rounding) > 0:
                lot_label = f" ({lot.name})" if lot else ""
                problems.append(
                    self.env._(
                        "- %(part)s%(lot)s: %(needed)s %(uom)s needed in %(location)s, "
                        "%(free)s available",
                        part=product.display_name,
                        lot=lot_label,
                        needed=float_round(needed, precision_rounding=product.uom_id.rounding),
                        uom=product.uom_id.name,
                        location=location.complete_name,
                        free=float_round(
                            max(free, 0.0), precision_rounding=product.uom_id.rounding
                        ),
                    )
                )
        if problems:
            raise UserError(
                self.env._(
                    "Not enough stock for these parts: take them from another location, "
                    "replenish the location, or lower the quantities.\n%(problems)s",
                    problems="\n".join(problems),
                )
            )

    def _action_confirm(self):
        """Reserve draft lines in consumption transfers (one per case and
        source location), with the case as origin."""
        lines = self.filtered(lambda line: line.state == "draft")
        if not lines:
            return self.env["stock.picking"]
        lines._check_work_access()
        lines._ensure_can_be_confirmed()
        lines._check_availability()
        warehouses = {}
        picking_vals = []
        for (ticket, location), group in lines.grouped(
            lambda line: (line.ticket_id, line.location_id)
        ).items():
            company = ticket.company_id
            if company not in warehouses:
                warehouses[company] = company._aftersales_warehouse()
            picking_type = warehouses[company].aftersales_consume_type_id
            picking_vals.append(ticket._prepare_part_picking_vals(picking_type, location, group))
        # technicians and reception do not manage the warehouse: the transfers
        # are the stock side of parts they are allowed to put on their cases
        pickings = self.env["stock.picking"].sudo().create(picking_vals)
        pickings.action_confirm()
        moves = pickings.move_ids
        lot_moves = moves.filtered(lambda m: m.aftersales_ticket_part_id.lot_id)
        if lot_moves:
            # reserve the very serial/lot of the line, not the one picked at confirmation
            lot_moves._do_unreserve()
            self.env["stock.move.line"].sudo().create(
                [
                    {
                        "move_id": move.id,
                        "picking_id": move.picking_id.id,
                        "product_id": move.product_id.id,
                        "product_uom_id": move.product_uom.id,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                        "lot_id": move.aftersales_ticket_part_id.lot_id.id,
                        "quantity": move.product_uom_qty,
                    }
                    for move in lot_moves
                ]
            )
        (moves - lot_moves)._action_assign()
        if not self.env.context.get("aftersales_consuming"):
            # consuming right away: the case logs the consumption only
            for ticket, group in lines.grouped("ticket_id").items():
                ticket._message_log(
                    body=self._message_body(self.env._("Parts reserved"), group),
                )
        return pickings

    def _action_consume(self):
        """Validate the transfers of the lines: the parts leave the stock."""
        lines = self.filtered(lambda line: line.state in ("draft", "confirmed"))
        if not lines:
            return True
        lines._check_work_access()
        lines.ticket_id._ensure_parts_editable()
        lines.filtered(lambda line: line.state == "draft").with_context(
            aftersales_consuming=True
        )._action_confirm()
        moves = lines.sudo().move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        pickings = moves.picking_id
        # a transfer is validated whole: its other reserved lines go with it
        moves = pickings.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        lines |= moves.aftersales_ticket_part_id.with_env(self.env)
        missing = moves.filtered(lambda m: m.state != "assigned")
        if missing:
            missing._action_assign()
            missing = missing.filtered(lambda m: m.state != "assigned")
        if missing:
            raise UserError(
                self.env._(
                    "These parts are no longer fully available where they were reserved "
                    "(someone else used them): cancel the lines and take the parts from "
                    "another location.\n%(lines)s",
                    lines=missing.aftersales_ticket_part_id.with_env(self.env)._describe(),
                )
            )
        moves.picked = True
        pickings.with_context(
            skip_backorder=True, skip_sms=True, picking_ids_not_to_backorder=pickings.ids
        ).button_validate()
        lines._sync_lots_from_moves()
        lines.filtered("return_defective")._create_defective_returns()
        for ticket, group in lines.grouped("ticket_id").items():
            ticket._message_log(
                body=self._message_body(self.env._("Parts consumed"), group),
            )
        return True

    def _sync_lots_from_moves(self):
        """Record on the lines the serial/lot that was actually consumed."""
        for line in self.filtered(lambda line: not line.lot_id and line.product_tracking != "none"):
            lots = line.sudo().move_ids.move_line_ids.lot_id
            if len(lots) == 1:
                line.with_context(aftersales_part_sync=True).lot_id = lots.with_env(self.env)

    def _create_defective_returns(self):
        """Expect the replaced parts back: a receipt from the customer into
        the defective-parts location, with the case as origin."""
        lines = self.filtered(
            lambda line: (
                line.return_defective and line.state == "done" and line.defective_state == "none"
            )
        )
        if not lines:
            return self.env["stock.picking"]
        picking_vals = []
        for ticket, group in lines.grouped("ticket_id").items():
            warehouse = ticket.company_id._aftersales_warehouse()
            picking_type = warehouse.aftersales_defective_type_id
            source = (
                ticket.partner_id.with_company(ticket.company_id).property_stock_customer
                or picking_type.default_location_src_id
            )
            picking_vals.append(ticket._prepare_defective_picking_vals(picking_type, source, group))
        pickings = self.env["stock.picking"].sudo().create(picking_vals)
        pickings.action_confirm()
        pickings.action_assign()
        return pickings

    def _action_receive_defective(self):
        """Receive the defective parts into the defective-parts location."""
        lines = self.filtered(lambda line: line.defective_state == "to_receive")
        if not lines:
            return True
        moves = lines.defective_move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        line_model = self.env["stock.move.line"]
        lot_model = self.env["stock.lot"]
        new_lines = []
        for move in moves:
            line = move.aftersales_defective_part_id
            names = [name for name in re.split(r"[,\s;]+", line.defective_lot_name or "") if name]
            tracking = move.product_id.tracking
            if tracking != "none" and not names:
                raise UserError(
                    self.env._(
                        "Case %(ticket)s: enter the serial/lot number of the defective "
                        "%(part)s (Defective Serial) before receiving it.",
                        ticket=line.ticket_id.name,
                        part=move.product_id.display_name,
                    )
                )
            if tracking == "serial" and len(names) != int(move.product_uom_qty):
                raise UserError(
                    self.env._(
                        "Case %(ticket)s: %(qty)s defective %(part)s come back, so give "
                        "%(qty)s serial numbers (separated by commas), not %(count)s.",
                        ticket=line.ticket_id.name,
                        qty=int(move.product_uom_qty),
                        part=move.product_id.display_name,
                        count=len(names),
                    )
                )
            move.move_line_ids.unlink()
            if tracking == "serial":
                chunks = [(name, 1.0) for name in names]
            else:
                chunks = [(names[0] if names else False, move.product_uom_qty)]
            for name, qty in chunks:
                lot = name and lot_model.search(
                    [
                        ("product_id", "=", move.product_id.id),
                        ("name", "=", name),
                        ("company_id", "in", [move.company_id.id, False]),
                    ],
                    limit=1,
                )
                new_lines.append(
                    {
                        "move_id": move.id,
                        "picking_id": move.picking_id.id,
                        "product_id": move.product_id.id,
                        "product_uom_id": move.product_uom.id,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                        "lot_id": lot.id if lot else False,
                        "lot_name": name if name and not lot else False,
                        "quantity": qty,
                    }
                )
        line_model.create(new_lines)
        moves.picked = True
        pickings = moves.picking_id
        pickings.with_context(
            skip_backorder=True, skip_sms=True, picking_ids_not_to_backorder=pickings.ids
        ).button_validate()
        for ticket, group in lines.grouped("ticket_id").items():
            ticket._message_log(
                body=self._message_body(self.env._("Defective parts received"), group),
            )
        return True
