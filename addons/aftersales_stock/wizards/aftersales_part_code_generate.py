# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

PREVIEW_SIZE = 50


class AftersalesPartCodeGenerate(models.TransientModel):
    """Code the spare parts that have no code yet, in bulk, after a preview."""

    _name = "aftersales.part.code.generate"
    _description = "Code Spare Parts in Bulk"

    state = fields.Selection(
        selection=[("preview", "Preview"), ("done", "Done")], default="preview", required=True
    )
    part_family_ids = fields.Many2many(
        comodel_name="aftersales.part.family",
        string="Part Families",
        help="Only parts of these families; empty: all families.",
    )
    product_tmpl_ids = fields.Many2many(
        comodel_name="product.template",
        string="Parts",
        domain=[("is_spare_part", "=", True)],
        help="Only these parts (selected in the list); empty: every uncoded part.",
    )
    to_code_count = fields.Integer(string="Parts to Code", compute="_compute_preview")
    preview_line_ids = fields.One2many(
        comodel_name="aftersales.part.code.generate.line",
        inverse_name="wizard_id",
        compute="_compute_preview",
        string="Preview",
    )
    coded_count = fields.Integer(readonly=True)
    problem_count = fields.Integer(readonly=True)
    problem_product_ids = fields.Many2many(
        comodel_name="product.product", string="Parts Not Coded", readonly=True
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if (
            self.env.context.get("active_model") == "product.template"
            and self.env.context.get("active_ids")
            and "product_tmpl_ids" in fields_list
        ):
            values["product_tmpl_ids"] = [Command.set(self.env.context["active_ids"])]
        return values

    def _products_domain(self):
        self.ensure_one()
        domain = [("is_spare_part", "=", True), ("default_code", "=", False)]
        if self.part_family_ids:
            domain.append(("part_family_id", "in", self.part_family_ids.ids))
        if self.product_tmpl_ids:
            domain.append(("product_tmpl_id", "in", self.product_tmpl_ids.ids))
        return domain

    @api.depends("part_family_ids", "product_tmpl_ids", "state")
    def _compute_preview(self):
        product_model = self.env["product.product"]
        for wizard in self:
            domain = wizard._products_domain()
            wizard.to_code_count = product_model.search_count(domain)
            if wizard.state != "preview":
                wizard.preview_line_ids = False
                continue
            sample = product_model.search(domain, limit=PREVIEW_SIZE, order="id")
            codes, problems = sample._aftersales_compute_part_codes(reserve=False)
            wizard.preview_line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "product_id": product.id,
                        "code": codes.get(product.id, False),
                        "problem": problems.get(product.id, False),
                    }
                )
                for product in sample
            ]

    def action_generate(self):
        self.ensure_one()
        products = self.env["product.product"].search(self._products_domain(), order="id")
        if not products:
            raise UserError(self.env._("There is no uncoded spare part to code."))
        result = products._aftersales_assign_part_codes()
        self.write(
            {
                "state": "done",
                "coded_count": len(result["coded"]),
                "problem_count": len(result["problems"]),
                "problem_product_ids": [Command.set(list(result["problems"]))],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Code Spare Parts"),
        }

    def action_view_problem_products(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Parts Not Coded"),
            "res_model": "product.product",
            "view_mode": "list,form",
            "domain": [("id", "in", self.problem_product_ids.ids)],
        }


class AftersalesPartCodeGenerateLine(models.TransientModel):
    _name = "aftersales.part.code.generate.line"
    _description = "Code Spare Parts in Bulk: Preview Line"
    _order = "id"

    wizard_id = fields.Many2one(
        comodel_name="aftersales.part.code.generate", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one(comodel_name="product.product", string="Part", readonly=True)
    code = fields.Char(string="Proposed Code", readonly=True)
    problem = fields.Char(readonly=True)
