# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesDeviceModel(models.Model):
    """A device model (or, with children, a device family) that spare parts
    fit. The products sold to customers point to their model; a part fitting
    a family fits every model of that family."""

    _name = "aftersales.device.model"
    _inherit = ["aftersales.part.code.mixin"]
    _description = "After-Sales Device Model"
    _order = "complete_name"
    _parent_store = True
    _rec_names_search = ["complete_name", "code"]

    parent_id = fields.Many2one(
        comodel_name="aftersales.device.model",
        string="Device Family",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="The family this model belongs to; parts fitting the family fit this model.",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many(
        comodel_name="aftersales.device.model", inverse_name="parent_id", string="Models"
    )
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    product_tmpl_ids = fields.One2many(
        comodel_name="product.template",
        inverse_name="device_model_id",
        string="Products",
        help="Products sold to customers that are this device model.",
    )
    part_tmpl_ids = fields.Many2many(
        comodel_name="product.template",
        relation="aftersales_device_model_part_rel",
        column1="device_model_id",
        column2="product_tmpl_id",
        string="Compatible Parts",
        domain=[("is_spare_part", "=", True)],
    )
    fitting_part_count = fields.Integer(compute="_compute_fitting_part_count")
    product_count = fields.Integer(compute="_compute_product_count")
    note = fields.Html()

    _check_company_auto = True
    _sql_constraints = [
        (
            "code_company_unique",
            "UNIQUE(code, company_id)",
            "The code of a device model must be unique.",
        ),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for model in self:
            if model.parent_id:
                model.complete_name = f"{model.parent_id.complete_name} / {model.name}"
            else:
                model.complete_name = model.name

    @api.depends("complete_name", "code")
    def _compute_display_name(self):
        for model in self:
            name = model.complete_name or model.name
            model.display_name = f"[{model.code}] {name}" if model.code else name

    def _compute_fitting_part_count(self):
        template_model = self.env["product.template"]
        for model in self:
            model.fitting_part_count = (
                template_model.search_count(model._fitting_parts_domain()) if model.id else 0
            )

    def _compute_product_count(self):
        template_model = self.env["product.template"]
        for model in self:
            model.product_count = (
                template_model.search_count([("device_model_id", "child_of", model.id)])
                if model.id
                else 0
            )

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._(
                    "Device model %(name)s cannot be its own family: choose another device family.",
                    name=self[:1].name,
                )
            )

    # ------------------------------------------------------------
    # Fit
    # ------------------------------------------------------------

    def _fitting_parts_domain(self):
        """Parts fitting any of these models: compatible with the model itself
        or with one of its families."""
        if not self:
            return [(0, "=", 1)]
        return [
            ("is_spare_part", "=", True),
            ("compatible_device_model_ids", "parent_of", self.ids),
        ]

    def _is_fitted_by(self, part_models):
        """True when a part compatible with ``part_models`` fits this model."""
        self.ensure_one()
        path = self.parent_path or ""
        return any(path.startswith(model.parent_path or "-") for model in part_models)

    def action_view_fitting_parts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_stock.product_template_action_spare_part"
        )
        action["domain"] = self._fitting_parts_domain()
        action["display_name"] = self.env._("Parts fitting %(model)s", model=self.display_name)
        action["context"] = {
            "default_is_spare_part": True,
            "default_compatible_device_model_ids": [self.id],
        }
        return action

    def action_view_products(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Products of %(model)s", model=self.display_name),
            "res_model": "product.template",
            "view_mode": "list,form",
            "domain": [("device_model_id", "child_of", self.id)],
            "context": {"default_device_model_id": self.id},
        }
