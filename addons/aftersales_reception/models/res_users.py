# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    aftersales_service_center_ids = fields.Many2many(
        comodel_name="aftersales.service.center",
        relation="aftersales_service_center_user_rel",
        column1="user_id",
        column2="center_id",
        string="After-Sales Service Centers",
        help="Service centers this person works at; technicians see their cases.",
    )
