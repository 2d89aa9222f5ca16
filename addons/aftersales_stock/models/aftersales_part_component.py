# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesPartComponent(models.Model):
    """The technical domain of a part (electrical, mechanical, hydraulic...),
    a segment of part codes."""

    _name = "aftersales.part.component"
    _inherit = ["aftersales.part.code.mixin"]
    _description = "Spare Part Component Category"
    _order = "sequence, code"

    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "code_company_unique",
            "UNIQUE(code, company_id)",
            "The code of a component category must be unique.",
        ),
    ]
