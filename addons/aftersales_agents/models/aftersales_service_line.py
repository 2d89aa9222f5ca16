# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

LINE_TYPES = [("labour", "Labour"), ("part", "Part"), ("travel", "Travel")]
# ticket fields whose change may change what a done case costs
FEE_TRIGGER_LINE_FIELDS = {
    "line_type",
    "product_id",
    "quantity",
    "price_unit",
    "discount",
    "covered",
}


class AftersalesServiceLine(models.Model):
    """The work done on a case, priced: labour, parts and travel. It prices
    the customer invoice of a paid repair and the percentage fees of the
    provider who did the work."""

    _name = "aftersales.service.line"
    _description = "After-Sales Case Work Line"
    _order = "ticket_id, sequence, id"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Case",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(related="ticket_id.partner_id")
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(selection=LINE_TYPES, required=True, default="labour")
    product_id = fields.Many2one(
        comodel_name="product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain=[("sale_ok", "=", True)],
    )
    name = fields.Text(
        string="Description",
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    tax_ids = fields.Many2many(
        comodel_name="account.tax",
        string="Taxes",
        compute="_compute_tax_ids",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain=[("type_tax_use", "=", "sale")],
    )
    covered = fields.Boolean(
        string="Covered by Warranty",
        compute="_compute_covered",
        store=True,
        readonly=False,
        precompute=True,
        help="Covered work is not invoiced to the customer. Proposed from the case's "
        "warranty state and scope.",
    )
    price_subtotal = fields.Monetary(
        string="Value", compute="_compute_amounts", store=True, help="Untaxed value of the work."
    )
    price_tax = fields.Monetary(string="Tax", compute="_compute_amounts", store=True)
    price_total = fields.Monetary(string="Total", compute="_compute_amounts", store=True)
    amount_charged = fields.Monetary(
        string="Charged",
        compute="_compute_amounts",
        store=True,
        help="Untaxed amount invoiced to the customer.",
    )
    invoice_line_ids = fields.One2many(
        comodel_name="account.move.line",
        inverse_name="aftersales_service_line_id",
        string="Invoice Lines",
        readonly=True,
    )
    is_invoiced = fields.Boolean(string="Invoiced", compute="_compute_is_invoiced", store=True)

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("line_type", "company_id")
    def _compute_product_id(self):
        defaults = {
            "labour": self.env.ref("aftersales_agents.product_labour", raise_if_not_found=False),
            "travel": self.env.ref("aftersales_agents.product_travel", raise_if_not_found=False),
        }
        default_products = self.env["product.product"].union(*filter(None, defaults.values()))
        for line in self:
            if not line.product_id or line.product_id in default_products:
                line.product_id = defaults.get(line.line_type) or False

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.get_product_multiline_description_sale()
            elif not line.name:
                line.name = dict(LINE_TYPES)[line.line_type or "labour"]

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            if line.product_id:
                line.price_unit = line.product_id.lst_price

    @api.depends("product_id", "company_id")
    def _compute_tax_ids(self):
        for line in self:
            company = line.company_id or self.env.company
            taxes = line.product_id.taxes_id.filtered_domain(
                self.env["account.tax"]._check_company_domain(company)
            )
            fiscal_position = self.env["account.fiscal.position"].with_company(company)
            if line.partner_id:
                fiscal_position = fiscal_position._get_fiscal_position(line.partner_id)
            line.tax_ids = fiscal_position.map_tax(taxes) if fiscal_position else taxes

    @api.depends("line_type", "ticket_id.warranty_state", "ticket_id.warranty_policy_id.scope")
    def _compute_covered(self):
        for line in self:
            ticket = line.ticket_id
            if ticket.warranty_state != "in_warranty":
                line.covered = False
                continue
            # a unit declared in warranty without a policy is covered in full
            scope = ticket.warranty_policy_id.scope or "both"
            line.covered = (
                scope == "both"
                or (scope == "parts" and line.line_type == "part")
                or (scope == "labour" and line.line_type in ("labour", "travel"))
            )

    @api.depends("quantity", "price_unit", "discount", "tax_ids", "covered", "currency_id")
    def _compute_amounts(self):
        for line in self:
            price = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
            currency = line.currency_id or self.env.company.currency_id
            taxes = line.tax_ids.compute_all(
                price,
                currency=currency,
                quantity=line.quantity,
                product=line.product_id,
                partner=line.ticket_id.partner_id,
            )
            line.price_subtotal = taxes["total_excluded"]
            line.price_total = taxes["total_included"]
            line.price_tax = taxes["total_included"] - taxes["total_excluded"]
            line.amount_charged = 0.0 if line.covered else taxes["total_excluded"]

    @api.depends("invoice_line_ids.parent_state")
    def _compute_is_invoiced(self):
        for line in self:
            line.is_invoiced = any(
                state != "cancel" for state in line.invoice_line_ids.mapped("parent_state")
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def _check_line_type_values(self, vals_list):
        """A clear error for a type that is not one of the list (the prices
        and fees of a case are summed per type)."""
        types = dict(LINE_TYPES)
        for vals in vals_list:
            if vals.get("line_type") and vals["line_type"] not in types:
                raise ValidationError(
                    self.env._(
                        "Type: %(value)r is not a type of work line; use one of %(types)s.",
                        value=vals["line_type"],
                        types=", ".join(types),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_work_access()
        self._check_line_type_values(vals_list)
        lines = super().create(vals_list)
        lines.ticket_id._aftersales_fees_changed()
        return lines

    def write(self, vals):
        self._check_work_access()
        self._check_line_type_values([vals])
        if self.filtered("is_invoiced") and set(vals) & (FEE_TRIGGER_LINE_FIELDS | {"tax_ids"}):
            raise UserError(
                self.env._(
                    "These work lines were invoiced to the customer and can no longer be "
                    "changed; credit the invoice first.\nConcerned case(s):\n%(refs)s",
                    refs="\n".join(self.filtered("is_invoiced").ticket_id.mapped("name")),
                )
            )
        tickets = self.ticket_id
        res = super().write(vals)
        if "ticket_id" in vals:
            # record rules are checked on the case the lines leave: check the
            # one they join too
            self.check_access("write")
        if set(vals) & FEE_TRIGGER_LINE_FIELDS or "ticket_id" in vals:
            (tickets | self.ticket_id)._aftersales_fees_changed()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_observer(self):
        self._check_work_access()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        invoiced = self.filtered("is_invoiced")
        if invoiced:
            raise UserError(
                self.env._(
                    "Invoiced work lines cannot be deleted; credit the invoice first.\n"
                    "Concerned case(s):\n%(refs)s",
                    refs="\n".join(invoiced.ticket_id.mapped("name")),
                )
            )

    def unlink(self):
        tickets = self.ticket_id
        res = super().unlink()
        tickets.exists()._aftersales_fees_changed()
        return res

    def _check_work_access(self):
        self.env["res.users"]._aftersales_check_can_change_work(self.env._("work lines"))

    # ------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------

    def _prepare_invoice_line_vals(self):
        self.ensure_one()
        vals = {
            "display_type": "product",
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.quantity,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "tax_ids": [fields.Command.set(self.tax_ids.ids)],
            "aftersales_service_line_id": self.id,
            "aftersales_pl_category": "revenue",
        }
        if self.product_uom_id:
            vals["product_uom_id"] = self.product_uom_id.id
        distribution = self.ticket_id.service_center_id._aftersales_analytic_distribution()
        if distribution:
            vals["analytic_distribution"] = distribution
        return vals
