# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesPartCodeHistory(models.Model):
    """A code a spare part had before: still found when searching parts."""

    _name = "aftersales.part.code.history"
    _description = "Spare Part Former Code"
    _order = "date desc, id desc"
    _rec_name = "code"

    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Part",
        required=True,
        ondelete="cascade",
        index=True,
    )
    product_tmpl_id = fields.Many2one(
        related="product_id.product_tmpl_id", store=True, index=True, string="Part Template"
    )
    company_id = fields.Many2one(related="product_id.company_id", store=True, index=True)
    code = fields.Char(string="Former Code", required=True, readonly=True, index="trigram")
    new_code = fields.Char(readonly=True)
    reason = fields.Char()
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Changed By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
