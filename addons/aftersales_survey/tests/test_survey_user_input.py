# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyUserInput(AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an agent repair: the answers name the agent workshop and its partner
        cls.agent_partner = cls.env["res.partner"].create(
            {"name": "Test Texas Agent Ltd", "is_company": True}
        )
        cls.agent_tx.partner_id = cls.agent_partner
        cls.ticket = cls._closed_ticket(
            service_center_id=cls.agent_tx.id,
            technician_id=cls.user_technician_other.id,
            partner_id=cls.customer_tx.id,
            equipment_id=False,
            product_id=cls.product_ac.id,
        )
        cls.call = cls.env["aftersales.happy.call"].search([("ticket_id", "=", cls.ticket.id)])

    def test_answers_linked_to_case_people_and_product(self):
        answer = self._answer(self.call, 5)
        self.assertEqual(answer.aftersales_happy_call_id, self.call)
        self.assertEqual(answer.aftersales_ticket_id, self.ticket)
        self.assertEqual(answer.aftersales_technician_id, self.user_technician_other)
        self.assertEqual(answer.aftersales_service_center_id, self.agent_tx)
        self.assertEqual(answer.aftersales_agent_center_id, self.agent_tx)
        self.assertEqual(answer.aftersales_product_id, self.product_ac)
        self.assertEqual(self.call.agent_partner_id, self.agent_partner)
        self.assertEqual(answer.aftersales_satisfaction_score, 100.0)
        self.assertTrue(answer.aftersales_has_score)

    def test_in_house_answers_have_no_agent(self):
        call = self.env["aftersales.happy.call"].search(
            [("ticket_id", "=", self._closed_ticket().id)]
        )
        answer = self._answer(call, 3)
        self.assertEqual(answer.aftersales_service_center_id, self.workshop_ca)
        self.assertFalse(answer.aftersales_agent_center_id)
        self.assertEqual(answer.aftersales_satisfaction_score, 50.0)

    def test_score_follows_the_answer(self):
        answer = self.call._get_or_create_answer()
        self.assertFalse(answer.aftersales_has_score, "not answered yet")
        for value, expected in ((1, 0.0), (2, 25.0), (5, 100.0)):
            answer._save_lines(self.q_overall, value)
            self.assertEqual(answer.aftersales_satisfaction_score, expected)

    def test_answers_of_another_customer_are_refused(self):
        # assertRaises (not ...Regex) rolls back what was written before the error
        with self.assertRaises(ValidationError) as error:
            self.survey._create_answer(
                partner=self.customer,  # not the customer of this case
                check_attempts=False,
                aftersales_happy_call_id=self.call.id,
            )
        self.assertIn(self.ticket.name, str(error.exception))
        foreign = self.survey._create_answer(partner=self.customer, check_attempts=False)
        with self.assertRaises(ValidationError) as error:
            foreign.aftersales_happy_call_id = self.call
        self.assertIn(self.customer.name, str(error.exception))
        self.call.invalidate_recordset()
        self.assertFalse(self.call.user_input_ids)

    def test_contact_of_the_customer_may_answer(self):
        contact = self.env["res.partner"].create(
            {"name": "Spouse", "parent_id": self.customer_tx.id, "email": "spouse@example.com"}
        )
        answer = self.survey._create_answer(
            partner=contact, check_attempts=False, aftersales_happy_call_id=self.call.id
        )
        self.assertEqual(answer.aftersales_ticket_id, self.ticket)

    def test_choice_question_as_score(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "Choice script",
                "access_mode": "token",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": "How was it?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                Command.create({"value": "Bad", "answer_score": 0}),
                                Command.create({"value": "Fine", "answer_score": 2}),
                                Command.create({"value": "Great", "answer_score": 4}),
                            ],
                        }
                    )
                ],
            }
        )
        question = survey.question_ids
        survey.aftersales_score_question_id = question
        self.call.survey_id = survey
        answer = self.call._get_or_create_answer()
        fine = question.suggested_answer_ids.filtered(lambda a: a.value == "Fine")
        answer._save_lines(question, fine.id)
        self.assertEqual(answer.aftersales_satisfaction_score, 50.0)

    def test_survey_scoring_as_fallback(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "Scored script",
                "access_mode": "token",
                "scoring_type": "scoring_without_answers",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": "Solved?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                Command.create(
                                    {"value": "Yes", "answer_score": 10, "is_correct": True}
                                ),
                                Command.create({"value": "No", "answer_score": 0}),
                            ],
                        }
                    )
                ],
            }
        )
        self.call.survey_id = survey
        answer = self.call._get_or_create_answer()
        answer._save_lines(survey.question_ids, survey.question_ids.suggested_answer_ids[0].id)
        self.assertFalse(answer.aftersales_has_score, "scored once completed")
        answer._mark_done()
        self.assertEqual(answer.aftersales_satisfaction_score, 100.0)
        self.assertEqual(self.call.satisfaction_score, 100.0)

    def test_score_question_must_belong_to_survey(self):
        other = self.env["survey.survey"].create(
            {
                "title": "Other",
                "question_and_page_ids": [
                    Command.create({"title": "Comment", "question_type": "text_box"})
                ],
            }
        )
        with self.assertRaisesRegex(ValidationError, "satisfaction question"):
            self.survey.aftersales_score_question_id = other.question_ids
        with self.assertRaisesRegex(ValidationError, "satisfaction question"):
            other.aftersales_score_question_id = other.question_ids
