# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

CLAIM_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent to Supplier"),
    ("refunded", "Refunded"),
    ("rejected", "Rejected"),
]


class AftersalesSupplierClaim(models.Model):
    """A part replaced under warranty that its supplier covers goes back to
    the supplier with a claim; the supplier's credit note (a vendor refund)
    recovers the cost, which lowers the warranty cost of the service."""

    _name = "aftersales.supplier.claim"
    _description = "After-Sales Supplier Warranty Claim"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.numbered.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _aftersales_sequence_code = "aftersales.supplier.claim"

    name = fields.Char(default=lambda self: self.env._("New"), readonly=True, copy=False)
    ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Case",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    repair_id = fields.Many2one(
        comodel_name="repair.order",
        check_company=True,
        domain="[('aftersales_ticket_id', '=', ticket_id)]",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Supplier",
        required=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        check_company=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Part",
        required=True,
        check_company=True,
        tracking=True,
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Lot/Serial Number",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        help="The lot or serial number of the defective part.",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_claimed = fields.Monetary(
        compute="_compute_amount_claimed",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="What the supplier is asked to credit: the part's cost by default.",
    )
    reason = fields.Text(help="The fault found, for the supplier.")
    state = fields.Selection(
        selection=CLAIM_STATES,
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    return_picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Return to Supplier",
        readonly=True,
        copy=False,
        check_company=True,
    )
    refund_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Vendor Refund",
        readonly=True,
        copy=False,
        check_company=True,
        tracking=True,
    )
    amount_recovered = fields.Monetary(
        compute="_compute_amount_recovered",
        store=True,
        help="Untaxed amount of the supplier's posted credit note.",
    )

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "The quantity claimed must be positive."),
        (
            "amount_not_negative",
            "CHECK(amount_claimed >= 0)",
            "The amount claimed cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("product_id")
    def _compute_partner_id(self):
        for claim in self:
            if claim.product_id and not claim.partner_id:
                claim.partner_id = claim.product_id.seller_ids[:1].partner_id

    @api.depends("product_id", "quantity")
    def _compute_amount_claimed(self):
        for claim in self:
            cost = claim.product_id.with_company(claim.company_id).standard_price
            claim.amount_claimed = claim.currency_id.round(cost * claim.quantity)

    @api.depends("refund_move_id.state", "refund_move_id.amount_untaxed")
    def _compute_amount_recovered(self):
        for claim in self:
            refund = claim.refund_move_id
            claim.amount_recovered = refund.amount_untaxed if refund.state == "posted" else 0.0

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("ticket_id", "repair_id", "company_id")
    def _check_case(self):
        for claim in self:
            if claim.ticket_id.company_id != claim.company_id:
                raise ValidationError(
                    self.env._(
                        "Claim %(claim)s and its case %(case)s belong to different companies: "
                        "open the claim in the case's company.",
                        claim=claim.name,
                        case=claim.ticket_id.name,
                    )
                )
            if claim.repair_id and claim.repair_id.aftersales_ticket_id != claim.ticket_id:
                raise ValidationError(
                    self.env._(
                        "Repair %(repair)s is not a repair of case %(case)s.",
                        repair=claim.repair_id.name,
                        case=claim.ticket_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("ticket_id") and not vals.get("company_id"):
                vals["company_id"] = (
                    self.env["aftersales.ticket"].browse(vals["ticket_id"]).company_id.id
                )
        return super().create(vals_list)

    def write(self, vals):
        locked = self.filtered(lambda c: c.state in ("refunded", "rejected"))
        if locked and {"product_id", "quantity", "amount_claimed", "partner_id"} & set(vals):
            raise UserError(
                self.env._(
                    "Claims %(claims)s are settled: their part, quantity, amount and supplier "
                    "stay as they were settled.",
                    claims=", ".join(locked.mapped("name")),
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_send(self):
        """Send the claim: the defective part, when it is in the
        defective-parts stock, goes back to the supplier with it."""
        for claim in self:
            if claim.state != "draft":
                raise UserError(self.env._("Claim %(claim)s was already sent.", claim=claim.name))
            picking = claim._create_return_picking()
            claim.write({"state": "sent", "return_picking_id": picking.id})
        return True

    def action_create_refund(self):
        """Record the supplier's credit note (a draft vendor refund)."""
        self.ensure_one()
        if self.state != "sent":
            raise UserError(
                self.env._(
                    "Send claim %(claim)s to the supplier before recording its credit note.",
                    claim=self.name,
                )
            )
        if self.refund_move_id and self.refund_move_id.state != "cancel":
            raise UserError(
                self.env._(
                    "Claim %(claim)s already has its credit note %(refund)s.",
                    claim=self.name,
                    refund=self.refund_move_id.display_name,
                )
            )
        refund = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(self._prepare_refund_vals())
        )
        self.refund_move_id = refund
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": refund.id,
            "views": [(False, "form")],
        }

    def action_reject(self):
        self.filtered(lambda c: c.state in ("draft", "sent")).state = "rejected"
        return True

    def action_view_ticket(self):
        self.ensure_one()
        return self.ticket_id._get_records_action(context={})

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _on_refund_posted(self):
        self.filtered(lambda c: c.state == "sent").state = "refunded"

    def _create_return_picking(self):
        """The return of the defective part to the supplier, from the
        defective-parts stock, when it is there."""
        self.ensure_one()
        warehouse = self.company_id._aftersales_warehouse()
        if not self.product_id.is_storable:
            return self.env["stock.picking"]
        quants = self.env["stock.quant"]._get_available_quantity(
            self.product_id,
            warehouse.aftersales_defective_location_id,
            lot_id=self.lot_id or None,
            strict=False,
        )
        if quants < self.quantity:
            return self.env["stock.picking"]
        picking_type = warehouse.aftersales_supplier_return_type_id
        source = warehouse.aftersales_defective_location_id
        destination = (
            self.partner_id.property_stock_supplier or picking_type.default_location_dest_id
        )
        move_vals = self.ticket_id._prepare_case_move_vals(
            source,
            destination,
            self.product_id,
            self.product_id.uom_id,
            self.quantity,
            self.env._("Warranty claim %(claim)s", claim=self.name),
        )
        vals = self.ticket_id._prepare_case_picking_vals(
            picking_type, source, destination, [move_vals]
        )
        vals.update(partner_id=self.partner_id.id, origin=self.name)
        picking = self.env["stock.picking"].create(vals)
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _prepare_refund_vals(self):
        self.ensure_one()
        return {
            "move_type": "in_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "ref": self.name,
            "invoice_origin": self.ticket_id.name,
            "invoice_line_ids": [Command.create(self._prepare_refund_line_vals())],
        }

    def _prepare_refund_line_vals(self):
        """The line of the vendor refund: the part at the amount claimed."""
        self.ensure_one()
        lot = " " + self.lot_id.name if self.lot_id else ""
        return {
            "product_id": self.product_id.id,
            "name": self.env._(
                "Warranty claim %(claim)s: %(part)s%(lot)s (case %(case)s)",
                claim=self.name,
                part=self.product_id.display_name,
                lot=lot,
                case=self.ticket_id.name,
            ),
            "quantity": self.quantity,
            "price_unit": self.amount_claimed / self.quantity,
        }


class AccountMove(models.Model):
    _inherit = "account.move"

    aftersales_claim_ids = fields.One2many(
        comodel_name="aftersales.supplier.claim",
        inverse_name="refund_move_id",
        string="Supplier Claims",
        readonly=True,
    )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted.sudo().aftersales_claim_ids._on_refund_posted()
        return posted
