# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

OUTCOMES = [
    ("repair", "Repair and Return"),
    ("replace_advance", "Replace in Advance"),
    ("replace_after", "Replace after Receipt"),
    ("refund", "Refund"),
    ("unrepaired", "Return Unrepaired"),
]


class AftersalesTicket(models.Model):
    """What the customer gets back, like the outcome of a return: the unit
    repaired, a replacement (shipped before the defective unit arrives, or
    after), a credit note on the original invoice, or the unit unrepaired
    with the reason (a rejected claim, e.g. misuse)."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    outcome = fields.Selection(
        selection=OUTCOMES,
        compute="_compute_outcome",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="What the customer gets: proposed by the service type, changed by reception.",
    )
    outcome_reason = fields.Text(
        string="Why Unrepaired",
        tracking=True,
        help="Why the unit goes back unrepaired (for instance: damage by misuse, not covered).",
    )
    replacement_picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Replacement Delivery",
        readonly=True,
        copy=False,
        check_company=True,
    )
    refund_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Credit Note",
        readonly=True,
        copy=False,
        check_company=True,
    )

    @api.depends("service_type")
    def _compute_outcome(self):
        todo = self.filtered(lambda t: not t.outcome or t._origin.service_type != t.service_type)
        if not todo:
            return
        defaults = todo._default_outcomes()
        for ticket in todo:
            ticket.outcome = defaults.get(ticket.service_type, "repair")

    def _default_outcomes(self):
        """{service type: the outcome a case of that type starts with}, for
        these cases at once (hook)."""
        return {}

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_ship_replacement(self):
        """Deliver a replacement unit from the stock to the customer."""
        self.ensure_one()
        self._ensure_open(self.env._("ship a replacement"))
        if self.outcome not in ("replace_advance", "replace_after"):
            raise UserError(
                self.env._(
                    "Case %(case)s is not a replacement: set its outcome to Replace in "
                    "Advance or Replace after Receipt first.",
                    case=self.name,
                )
            )
        if self.replacement_picking_id.state not in (False, "cancel"):
            raise UserError(
                self.env._(
                    "A replacement of case %(case)s is already on its way (%(picking)s).",
                    case=self.name,
                    picking=self.replacement_picking_id.name,
                )
            )
        if self.outcome == "replace_after" and not self.unit_in_stock:
            raise UserError(
                self.env._(
                    "Case %(case)s replaces the unit after its receipt: receive the defective "
                    "unit first (Receive Unit), or ship in advance.",
                    case=self.name,
                )
            )
        vals = self._prepare_replacement_picking_vals()
        source = self.env["stock.location"].browse(vals["location_id"])
        available = self.env["stock.quant"]._get_available_quantity(self.product_id, source)
        if self.product_id.is_storable and available < 1:
            raise UserError(
                self.env._(
                    "No %(product)s is available in %(location)s for the replacement of case "
                    "%(case)s: receive stock of it, or choose another outcome.",
                    product=self.product_id.display_name,
                    location=source.complete_name,
                    case=self.name,
                )
            )
        picking = self.env["stock.picking"].create(vals)
        picking.action_confirm()
        picking.action_assign()
        self.replacement_picking_id = picking
        self._message_log(
            body=self.env._(
                "Replacement %(product)s on its way to the customer (%(picking)s).",
                product=self.product_id.display_name,
                picking=picking._get_html_link(),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "views": [(False, "form")],
        }

    def action_refund(self):
        """A credit note for the unit on the customer's original invoice,
        through Odoo's reversal."""
        self.ensure_one()
        self._ensure_open(self.env._("refund the unit"))
        invoice = self._aftersales_original_invoice()
        if self.refund_move_id.state in ("draft", "posted"):
            raise UserError(
                self.env._(
                    "Case %(case)s already has its credit note %(refund)s.",
                    case=self.name,
                    refund=self.refund_move_id.display_name,
                )
            )
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "journal_id": invoice.journal_id.id,
                    "reason": self.env._("After-sales case %(case)s", case=self.name),
                }
            )
        )
        reversal.refund_moves()
        refund = reversal.new_move_ids
        # only the unit is refunded, not the rest of the invoice
        unit_lines = refund.invoice_line_ids.filtered(
            lambda line: line.product_id == self.product_id
        )
        refund.write(
            {
                "invoice_line_ids": [
                    Command.delete(line.id) for line in refund.invoice_line_ids - unit_lines
                ]
                + [Command.update(line.id, {"quantity": 1.0}) for line in unit_lines[:1]]
                + [Command.delete(line.id) for line in unit_lines[1:]],
            }
        )
        self.refund_move_id = refund
        self._message_log(
            body=self.env._(
                "Credit note %(refund)s drafted against invoice %(invoice)s.",
                refund=refund._get_html_link(),
                invoice=invoice._get_html_link(),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": refund.id,
            "views": [(False, "form")],
        }

    def action_return_unrepaired(self):
        """Give the unit back unrepaired, with the reason."""
        for ticket in self:
            ticket._ensure_open(self.env._("return its unit"))
            if not (ticket.outcome_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why the unit of case %(case)s goes back unrepaired (Why "
                        "Unrepaired), so that the customer and the next reader know.",
                        case=ticket.name,
                    )
                )
            ticket.outcome = "unrepaired"
            ticket.repair_order_ids.filtered(
                lambda r: r.state in ("draft", "confirmed", "under_repair")
            ).action_repair_cancel()
            if ticket.unit_in_stock:
                ticket._action_hand_back_unit()
            ticket._message_log(
                body=self.env._(
                    "Unit returned unrepaired: %(reason)s", reason=ticket.outcome_reason
                )
            )
        return True

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _aftersales_original_invoice(self):
        """The posted customer invoice that sold the unit."""
        self.ensure_one()
        invoice = self.equipment_id.invoice_id
        if not invoice or invoice.state != "posted" or invoice.move_type != "out_invoice":
            raise UserError(
                self.env._(
                    "The unit of case %(case)s has no posted invoice of ours (%(unit)s): "
                    "it was bought elsewhere or not invoiced yet, so it cannot be refunded "
                    "here. Replace it, or refund the customer from their own invoice.",
                    case=self.name,
                    unit=self.equipment_id.display_name or self.serial_number or "-",
                )
            )
        if invoice.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s of the unit of case %(case)s belongs to %(company)s: "
                    "refund it from that company.",
                    invoice=invoice.name,
                    case=self.name,
                    company=invoice.company_id.name,
                )
            )
        return invoice

    def _prepare_replacement_picking_vals(self):
        """The delivery of a replacement unit from the warehouse's stock."""
        self.ensure_one()
        if not self.product_id:
            raise UserError(
                self.env._(
                    "Case %(case)s has no product: enter the unit's product before shipping "
                    "a replacement.",
                    case=self.name,
                )
            )
        center = self.service_center_id
        warehouse = (
            center._aftersales_unit_warehouse(strict=True)
            if center
            else self.company_id._aftersales_warehouse()
        )
        picking_type = warehouse.out_type_id
        source = warehouse.lot_stock_id
        destination = self.partner_id.property_stock_customer or self.env.ref(
            "stock.stock_location_customers"
        )
        move_vals = self._prepare_case_move_vals(
            source,
            destination,
            self.product_id,
            self.product_id.uom_id,
            1.0,
            self.env._("Replacement of %(case)s", case=self.name),
        )
        return self._prepare_case_picking_vals(picking_type, source, destination, [move_vals])
