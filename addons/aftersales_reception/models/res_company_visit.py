# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    # settings of the visits: one concern per file
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    aftersales_visit_hours = fields.Float(
        string="Visit Length",
        default=2.0,
        help="Length of the slots offered for on-site visits, in hours.",
    )
    aftersales_visit_days = fields.Integer(
        string="Visit Booking Horizon",
        default=10,
        help="Number of the technician's working days whose free slots a customer may pick from.",
    )

    @api.constrains("aftersales_visit_hours", "aftersales_visit_days")
    def _check_aftersales_visit_settings(self):
        for company in self:
            if company.aftersales_visit_hours <= 0 or company.aftersales_visit_hours > 24:
                raise ValidationError(
                    self.env._("The visit length must be between a few minutes and 24 hours.")
                )
            if company.aftersales_visit_days < 1:
                raise ValidationError(
                    self.env._("Customers must be offered at least one working day of slots.")
                )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    aftersales_visit_hours = fields.Float(
        related="company_id.aftersales_visit_hours", readonly=False
    )
    aftersales_visit_days = fields.Integer(
        related="company_id.aftersales_visit_days", readonly=False
    )
