# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

CODE_PATTERN = re.compile(r"^[0-9A-Z]+$")


class AftersalesPartCodeMixin(models.AbstractModel):
    """A configuration record whose short code becomes a segment of part
    codes: upper-case letters and digits only."""

    _name = "aftersales.part.code.mixin"
    _description = "After-Sales Part Code Source"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short code written into the part codes: capital letters and digits only.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to share it between companies.",
    )

    @api.depends("name", "code")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"[{record.code}] {record.name}" if record.code else record.name

    @api.model
    def _search_display_name(self, operator, value):
        domain = super()._search_display_name(operator, value)
        if operator in ("ilike", "=ilike", "=", "like") and value:
            domain = ["|", ("code", "=ilike", value)] + domain
        return domain

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        return super().write(vals)

    @api.constrains("code")
    def _check_code(self):
        for record in self:
            if record.code and not CODE_PATTERN.match(record.code):
                raise ValidationError(
                    self.env._(
                        "%(model)s %(name)s: the code %(code)s may only contain capital "
                        "letters (A-Z) and digits (0-9), because it is written into part codes.",
                        model=self._description,
                        name=record.name,
                        code=record.code,
                    )
                )


class AftersalesPartFamily(models.Model):
    """What kind of part it is (motor, pump, control board...): the first
    segment of most part codes."""

    _name = "aftersales.part.family"
    _inherit = ["aftersales.part.code.mixin"]
    _description = "Spare Part Family"
    _order = "sequence, code"

    sequence = fields.Integer(default=10)
    code_scheme_id = fields.Many2one(
        comodel_name="aftersales.part.code.scheme",
        check_company=True,
        help="Scheme that builds the codes of the parts of this family; empty: the "
        "company's default scheme.",
    )
    description = fields.Text(translate=True)
    part_tmpl_ids = fields.One2many(
        comodel_name="product.template", inverse_name="part_family_id", string="Parts"
    )
    part_count = fields.Integer(compute="_compute_part_count")

    _check_company_auto = True
    _sql_constraints = [
        (
            "code_company_unique",
            "UNIQUE(code, company_id)",
            "The code of a part family must be unique.",
        ),
    ]

    def _compute_part_count(self):
        counts = dict(
            self.env["product.template"]._read_group(
                [("part_family_id", "in", self.ids)], ["part_family_id"], ["__count"]
            )
        )
        for family in self:
            family.part_count = counts.get(family, 0)

    def action_view_parts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_stock.product_template_action_spare_part"
        )
        action["domain"] = [("part_family_id", "=", self.id)]
        action["context"] = {"default_is_spare_part": True, "default_part_family_id": self.id}
        return action
