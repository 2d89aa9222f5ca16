# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    aftersales_happy_call_id = fields.Many2one(
        comodel_name="aftersales.happy.call",
        string="Happy Call",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    aftersales_ticket_id = fields.Many2one(
        related="aftersales_happy_call_id.ticket_id",
        string="After-Sales Case",
        store=True,
        index="btree_not_null",
    )
    aftersales_technician_id = fields.Many2one(
        related="aftersales_happy_call_id.technician_id", string="Technician", store=True
    )
    aftersales_service_center_id = fields.Many2one(
        related="aftersales_happy_call_id.service_center_id", string="Service Center", store=True
    )
    aftersales_agent_center_id = fields.Many2one(
        related="aftersales_happy_call_id.agent_center_id", string="Agent Workshop", store=True
    )
    aftersales_product_id = fields.Many2one(
        related="aftersales_happy_call_id.product_id", string="Product", store=True
    )
    aftersales_satisfaction_score = fields.Float(
        string="Satisfaction (%)",
        compute="_compute_aftersales_satisfaction_score",
        store=True,
        aggregator="avg",
        help="0 to 100, from the survey's satisfaction question (or its scoring).",
    )
    aftersales_has_score = fields.Boolean(
        string="Scored", compute="_compute_aftersales_satisfaction_score", store=True
    )

    aftersales_nps_value = fields.Integer(
        string="Recommendation (0-10)",
        compute="_compute_aftersales_nps_value",
        store=True,
        aggregator=False,
        help="The answer to the survey's recommendation question, 0 to 10.",
    )
    aftersales_has_nps = fields.Boolean(
        string="Recommendation Answered", compute="_compute_aftersales_nps_value", store=True
    )

    @api.depends(
        "survey_id.aftersales_nps_question_id",
        "user_input_line_ids.value_scale",
        "user_input_line_ids.skipped",
    )
    def _compute_aftersales_nps_value(self):
        for answer in self:
            question = answer.survey_id.aftersales_nps_question_id
            line = (
                answer.user_input_line_ids.filtered(
                    lambda l, q=question: l.question_id == q and not l.skipped
                )[:1]
                if question
                else False
            )
            answer.aftersales_has_nps = bool(line)
            answer.aftersales_nps_value = line.value_scale if line else 0

    @api.depends(
        "state",
        "scoring_percentage",
        "survey_id.scoring_type",
        "survey_id.aftersales_score_question_id",
        "user_input_line_ids.value_scale",
        "user_input_line_ids.value_numerical_box",
        "user_input_line_ids.suggested_answer_id",
        "user_input_line_ids.skipped",
    )
    def _compute_aftersales_satisfaction_score(self):
        for answer in self:
            score = answer._aftersales_score()
            answer.aftersales_has_score = score is not None
            answer.aftersales_satisfaction_score = round(score, 2) if score is not None else 0.0

    def _aftersales_score(self):
        self.ensure_one()
        question = self.survey_id.aftersales_score_question_id
        if question:
            line = self.user_input_line_ids.filtered(lambda l: l.question_id == question)[:1]
            return question._aftersales_score_of(line)
        if self.survey_id.scoring_type != "no_scoring" and self.state == "done":
            return self.scoring_percentage
        return None

    @api.constrains("aftersales_happy_call_id", "partner_id")
    def _check_aftersales_customer(self):
        for answer in self.filtered("aftersales_happy_call_id"):
            call = answer.aftersales_happy_call_id
            customer = call.commercial_partner_id
            if answer.partner_id and answer.partner_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "These answers come from %(other)s, but happy call %(ref)s is about "
                        "case %(case)s of %(customer)s: a survey can only be answered for "
                        "the customer's own case.",
                        other=answer.partner_id.display_name,
                        ref=call.name,
                        case=call.ticket_id.name,
                        customer=customer.display_name,
                    )
                )

    def _mark_done(self):
        res = super()._mark_done()
        calls = self.filtered(lambda a: not a.test_entry).aftersales_happy_call_id
        if calls:
            # the customer may have answered through the survey link: record
            # the outcome on the call and the case whoever answered
            calls.sudo()._on_answer_done()
        return res
