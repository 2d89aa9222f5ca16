# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # Spare part
    is_spare_part = fields.Boolean(
        string="Spare Part",
        tracking=True,
        help="Used to repair customers' units: gets a structured code and can be put on "
        "after-sales cases.",
    )
    part_family_id = fields.Many2one(
        comodel_name="aftersales.part.family",
        tracking=True,
        index="btree_not_null",
        check_company=True,
    )
    part_component_id = fields.Many2one(
        comodel_name="aftersales.part.component",
        string="Component Category",
        tracking=True,
        check_company=True,
    )
    compatible_device_model_ids = fields.Many2many(
        comodel_name="aftersales.device.model",
        relation="aftersales_device_model_part_rel",
        column1="product_tmpl_id",
        column2="device_model_id",
        string="Fits Device Models",
        check_company=True,
        help="Device models or families this part fits.",
    )
    code_device_model_id = fields.Many2one(
        comodel_name="aftersales.device.model",
        string="Device Model in Code",
        compute="_compute_code_device_model_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="The device model whose code is written into the part code; by default the "
        "first model the part fits.",
    )
    part_variant_code = fields.Char(
        string="Variant Code",
        help="Written into the Variant segment of the part code (e.g. a revision).",
    )
    part_return_defective = fields.Boolean(
        string="Return Defective Part",
        help="The replaced part must come back to the defective-parts stock.",
    )
    part_code_scheme_id = fields.Many2one(
        comodel_name="aftersales.part.code.scheme",
        string="Code Scheme",
        compute="_compute_part_code_scheme_id",
    )
    part_code_history_ids = fields.One2many(
        comodel_name="aftersales.part.code.history",
        inverse_name="product_tmpl_id",
        string="Former Codes",
    )
    compatible_product_tmpl_ids = fields.Many2many(
        comodel_name="product.template",
        string="Fits Products",
        compute="_compute_compatible_product_tmpl_ids",
    )
    # Device sold to customers
    device_model_id = fields.Many2one(
        comodel_name="aftersales.device.model",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="The device model this product is: finds the spare parts that fit it.",
    )
    fitting_part_count = fields.Integer(compute="_compute_fitting_part_count")
    # Loaner units
    is_loaner_unit = fields.Boolean(
        string="Loaner Unit",
        tracking=True,
        help="Units of this product, each with its serial number, are lent to customers "
        "while their own unit is being repaired.",
    )

    @api.depends("compatible_device_model_ids")
    def _compute_code_device_model_id(self):
        for template in self:
            # _origin: in forms and at creation the models are new records
            models_ = template.compatible_device_model_ids._origin
            if not models_:
                template.code_device_model_id = False
            elif template.code_device_model_id._origin not in models_:
                template.code_device_model_id = models_[:1]

    @api.depends("part_family_id.code_scheme_id", "company_id")
    def _compute_part_code_scheme_id(self):
        scheme_model = self.env["aftersales.part.code.scheme"]
        defaults = {}
        for template in self:
            scheme = template.part_family_id.code_scheme_id
            if not scheme:
                company = template.company_id or self.env.company
                if company not in defaults:
                    defaults[company] = scheme_model._get_default_scheme(company)
                scheme = defaults[company]
            template.part_code_scheme_id = scheme

    @api.depends("compatible_device_model_ids")
    def _compute_compatible_product_tmpl_ids(self):
        # the products of every listed model and of the models under it, for
        # all the parts in one search
        listed = self.compatible_device_model_ids._origin
        products = (
            self.search([("device_model_id", "child_of", listed.ids)]) if listed else self.browse()
        )
        by_model = products.grouped("device_model_id")
        for template in self:
            paths = [model.parent_path for model in template.compatible_device_model_ids._origin]
            template.compatible_product_tmpl_ids = self.browse().union(
                *(
                    fitting
                    for device, fitting in by_model.items()
                    if any(device.parent_path.startswith(path) for path in paths if path)
                )
            )

    @api.depends("device_model_id")
    def _compute_fitting_part_count(self):
        counts = self.device_model_id._fitting_part_counts()
        for template in self:
            template.fitting_part_count = counts.get(template.device_model_id.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        templates = super(
            ProductTemplate, self.with_context(aftersales_defer_part_coding=True)
        ).create(vals_list)
        templates = templates.with_env(self.env)
        variants = templates.product_variant_ids
        variants._aftersales_check_typed_codes()
        variants.filtered(
            lambda p: p.is_spare_part and not p.default_code
        )._aftersales_code_new_parts()
        return templates

    def write(self, vals):
        res = super().write(vals)
        if vals.get("is_spare_part"):
            self.product_variant_ids.filtered(
                lambda p: not p.default_code
            )._aftersales_code_new_parts()
        return res

    def action_regenerate_part_code(self):
        return self.product_variant_ids.action_regenerate_part_code()

    def action_view_fitting_parts(self):
        self.ensure_one()
        return self.device_model_id.action_view_fitting_parts()

    def action_view_part_code_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_stock.aftersales_part_code_history_action"
        )
        action["domain"] = [("product_tmpl_id", "=", self.id)]
        return action
