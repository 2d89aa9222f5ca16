# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_happy_call_enabled = fields.Boolean(
        string="Happy Calls", default=True, help="Schedule a satisfaction call after each case."
    )
    aftersales_happy_call_delay = fields.Integer(
        string="Call After (days)",
        default=3,
        help="Days between the closing of a case and its happy call.",
    )
    aftersales_happy_call_survey_id = fields.Many2one(
        comodel_name="survey.survey",
        string="Happy Call Script",
        help="Survey the operators fill in during happy calls (and sent to customers).",
    )
    aftersales_happy_call_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Call Operator",
        domain=[("share", "=", False)],
        help="Operator who gets every happy call. Leave empty to share the calls "
        "among the call operators.",
    )
    aftersales_low_score_threshold = fields.Float(
        string="Low Satisfaction Below (%)",
        default=60.0,
        help="Answers scoring below this percentage open a follow-up for the manager.",
    )
    aftersales_satisfaction_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Satisfaction Follow-up By",
        domain=[("share", "=", False)],
        help="Who follows up low scores when the service center has no manager.",
    )

    @api.constrains("aftersales_happy_call_delay", "aftersales_low_score_threshold")
    def _check_aftersales_happy_call_settings(self):
        for company in self:
            if company.aftersales_happy_call_delay < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the happy call cannot be scheduled before the case is "
                        "closed; set a delay of 0 days or more.",
                        company=company.name,
                    )
                )
            if not 0 <= company.aftersales_low_score_threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the low satisfaction threshold is a percentage between "
                        "0 and 100, not %(value)s.",
                        company=company.name,
                        value=company.aftersales_low_score_threshold,
                    )
                )

    def _get_happy_call_survey(self):
        self.ensure_one()
        return (
            self.aftersales_happy_call_survey_id
            or self.env.ref("aftersales_survey.survey_happy_call", raise_if_not_found=False)
            or self.env["survey.survey"]
        )
