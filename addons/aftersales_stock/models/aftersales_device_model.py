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
        counts = self._fitting_part_counts()
        for model in self:
            model.fitting_part_count = counts.get(model.id, 0)

    def _compute_product_count(self):
        models_ = self.filtered("id")
        groups = self.env["product.template"]._read_group(
            [("device_model_id", "child_of", models_.ids)] if models_ else [(0, "=", 1)],
            ["device_model_id"],
            ["__count"],
        )
        counts = {model.id: 0 for model in models_}
        for device, count in groups:
            # a product of a model counts for the model and its families
            for model_id in device._ancestor_ids():
                if model_id in counts:
                    counts[model_id] += count
        for model in self:
            model.product_count = counts.get(model.id, 0)

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

    def _ancestor_ids(self):
        """Ids of the model and of its families, from its parent path."""
        self.ensure_one()
        return [int(part) for part in (self.parent_path or "").split("/") if part]

    def _fitting_part_ids(self):
        """{model id: ids of the spare parts fitting it} for these models, in
        one query whatever their number: a part listed on a model or on one
        of its families fits the model."""
        models_ = self.filtered("id")
        if not models_:
            return {}
        ancestor_ids = {ancestor for model in models_ for ancestor in model._ancestor_ids()}
        groups = self.env["product.template"]._read_group(
            [
                ("is_spare_part", "=", True),
                ("compatible_device_model_ids", "in", list(ancestor_ids)),
            ],
            ["compatible_device_model_ids"],
            ["id:array_agg"],
        )
        listed = {device.id: set(part_ids) for device, part_ids in groups}
        return {
            model.id: set().union(*(listed.get(ancestor, ()) for ancestor in model._ancestor_ids()))
            for model in models_
        }

    def _fitting_part_counts(self):
        """{model id: number of spare parts fitting it}, in one query."""
        return {model_id: len(ids) for model_id, ids in self._fitting_part_ids().items()}

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
