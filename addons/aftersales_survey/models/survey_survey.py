# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

SCORE_QUESTION_TYPES = ("scale", "simple_choice", "numerical_box")


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    aftersales_score_question_id = fields.Many2one(
        comodel_name="survey.question",
        string="Satisfaction Question",
        domain="[('survey_id', '=', id), ('is_page', '=', False), "
        "('question_type', 'in', ('scale', 'simple_choice', 'numerical_box'))]",
        help="The answer to this question gives the satisfaction score (0-100) of a "
        "happy call: a scale from its minimum to its maximum, a choice by the score of "
        "the option picked, a number within its validation range. Without it, the "
        "survey's own scoring is used.",
    )
    aftersales_nps_question_id = fields.Many2one(
        comodel_name="survey.question",
        string="Recommendation Question",
        domain="[('survey_id', '=', id), ('is_page', '=', False), "
        "('question_type', '=', 'scale'), ('scale_min', '=', 0), ('scale_max', '=', 10)]",
        help='The 0-10 scale question "How likely are you to recommend us": its answers '
        "give the net promoter score (promoters answer 9 or 10, detractors 0 to 6).",
    )

    @api.constrains("aftersales_nps_question_id")
    def _check_aftersales_nps_question_id(self):
        for survey in self:
            question = survey.aftersales_nps_question_id
            if question and (
                question.survey_id != survey
                or question.question_type != "scale"
                or (question.scale_min, question.scale_max) != (0, 10)
            ):
                raise ValidationError(
                    self.env._(
                        "Survey %(survey)s: the recommendation question must be a scale from "
                        "0 to 10 of this survey; %(question)s is not.",
                        survey=survey.title,
                        question=question.title,
                    )
                )

    @api.constrains("aftersales_score_question_id")
    def _check_aftersales_score_question_id(self):
        for survey in self:
            question = survey.aftersales_score_question_id
            if not question:
                continue
            if question.survey_id != survey or question.question_type not in SCORE_QUESTION_TYPES:
                raise ValidationError(
                    self.env._(
                        "Survey %(survey)s: the satisfaction question must be a scale, "
                        "single choice or numerical question of this survey; %(question)s "
                        "is not.",
                        survey=survey.title,
                        question=question.title,
                    )
                )
            if (
                question.question_type == "numerical_box"
                and question.validation_max_float_value <= question.validation_min_float_value
            ):
                raise ValidationError(
                    self.env._(
                        "Survey %(survey)s: give the numerical question %(question)s a "
                        "validation range (minimum and maximum) so that its answers can be "
                        "turned into a score.",
                        survey=survey.title,
                        question=question.title,
                    )
                )


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    def _aftersales_score_of(self, line):
        """Score (0-100) of the answer ``line`` to this question, or None."""
        self.ensure_one()
        if not line or line.skipped:
            return None
        scorers = {
            "scale": self._aftersales_scale_score,
            "simple_choice": self._aftersales_choice_score,
            "numerical_box": self._aftersales_number_score,
        }
        scorer = scorers.get(self.question_type)
        return scorer(line) if scorer else None

    def _aftersales_scale_score(self, line):
        span = self.scale_max - self.scale_min
        if span <= 0:
            return None
        return (line.value_scale - self.scale_min) * 100.0 / span

    def _aftersales_choice_score(self, line):
        best = max(self.suggested_answer_ids.mapped("answer_score") or [0.0])
        if best <= 0 or not line.suggested_answer_id:
            return None
        return max(line.suggested_answer_id.answer_score, 0.0) * 100.0 / best

    def _aftersales_number_score(self, line):
        low = self.validation_min_float_value
        high = self.validation_max_float_value
        if high <= low:
            return None
        value = min(max(line.value_numerical_box, low), high)
        return (value - low) * 100.0 / (high - low)
