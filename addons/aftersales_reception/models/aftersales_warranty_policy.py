# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesWarrantyExclusion(models.Model):
    """A condition that voids the warranty when found on a unit (misuse,
    opened by a third party, liquid damage, ...)."""

    _name = "aftersales.warranty.exclusion"
    _description = "After-Sales Warranty Exclusion"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)


class AftersalesWarrantyPolicy(models.Model):
    _name = "aftersales.warranty.policy"
    _description = "After-Sales Warranty Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="When several policies fit a product, the first one applies."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(comodel_name="res.company", default=lambda self: self.env.company)
    duration_months = fields.Integer(
        string="Duration (months)",
        required=True,
        default=12,
        help="Counted from the installation date, or the purchase date when the "
        "unit was not installed by us.",
    )
    scope = fields.Selection(
        selection=[
            ("parts", "Parts only"),
            ("labour", "Labour only"),
            ("both", "Parts and labour"),
        ],
        required=True,
        default="both",
    )
    exclusion_ids = fields.Many2many(
        comodel_name="aftersales.warranty.exclusion",
        string="Voided By",
        help="Conditions that void the warranty when found on the unit.",
    )
    product_tmpl_ids = fields.Many2many(
        comodel_name="product.template",
        string="Products",
        check_company=True,
        help="Products this policy covers; it takes precedence over category policies.",
    )
    categ_ids = fields.Many2many(
        comodel_name="product.category",
        string="Product Categories",
        help="Categories this policy covers, subcategories included.",
    )
    terms = fields.Html(translate=True, help="Warranty terms printed on the reception receipt.")

    _sql_constraints = [
        (
            "duration_positive",
            "CHECK(duration_months >= 0)",
            "The warranty duration cannot be negative.",
        ),
    ]

    @api.constrains("duration_months")
    def _check_duration_months(self):
        for policy in self:
            if policy.duration_months < 0:
                raise ValidationError(
                    self.env._(
                        "Warranty policy %(name)s: the duration must be zero or more months, "
                        "not %(months)s.",
                        name=policy.name,
                        months=policy.duration_months,
                    )
                )

    def write(self, vals):
        self.env["aftersales.ticket"]._track_configuration_change(
            [
                "|",
                ("warranty_policy_id", "in", self.ids),
                ("equipment_id.warranty_policy_id", "in", self.ids),
            ]
        )
        return super().write(vals)

    @api.model
    def _find_for_products(self, products, company=None):
        """Map each product to its policy: a policy naming the product's
        template first, then the policy of its nearest category."""
        if not products:
            return {}
        company = company or self.env.company
        policies = self.search([("company_id", "in", [company.id, False])])
        result = {}
        for product in products:
            template = product.product_tmpl_id
            policy = policies.filtered(lambda p, t=template: t in p.product_tmpl_ids)[:1]
            category = product.categ_id
            while not policy and category:
                policy = policies.filtered(lambda p, c=category: c in p.categ_ids)[:1]
                category = category.parent_id
            result[product] = policy
        return result
