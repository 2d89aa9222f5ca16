# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_periodic_lead_days = fields.Integer(
        string="Periodic Service Lead Time (days)",
        default=0,
        help="Open periodic service cases this many days before they are due, so that "
        "visits can be planned.",
    )

    @api.constrains("aftersales_periodic_lead_days")
    def _check_aftersales_periodic_lead_days(self):
        for company in self:
            if company.aftersales_periodic_lead_days < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the periodic service lead time must be zero or more "
                        "days, not %(days)s.",
                        company=company.name,
                        days=company.aftersales_periodic_lead_days,
                    )
                )

    def write(self, vals):
        if "resource_calendar_id" in vals:
            self.env["aftersales.ticket"]._track_configuration_change(
                [("company_id", "in", self.ids)]
            )
        return super().write(vals)
