# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from datetime import date

import openpyxl

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AftersalesSurveyHttpCommon


@tagged("post_install", "-at_install")
class TestAftersalesSurveyUi(AftersalesSurveyHttpCommon):
    def test_happy_call_tour(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Happy Customer",
                "email": "tour.happy@example.com",
                "phone": "+1 510 555 0142",
            }
        )
        ticket = self._closed_ticket(
            partner_id=customer.id, product_id=self.product_other.id, equipment_id=False
        )
        call = ticket.happy_call_ids
        call.date_scheduled = date.today()
        self.assertEqual(call.user_id, self.user_operator)

        self.start_tour(
            "/odoo/action-aftersales_survey.aftersales_happy_call_action",
            "aftersales_happy_call_tour",
            login="as_operator",
        )
        answer = call.user_input_id
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.partner_id, customer, "the operator answered for the customer")
        self.assertEqual(answer.aftersales_ticket_id, ticket)
        self.assertEqual(call.state, "done")
        self.assertEqual(call.answer_channel, "call")
        self.assertEqual(call.satisfaction_score, 75.0)
        comment = answer.user_input_line_ids.filtered(lambda l: l.answer_type == "text_box")
        self.assertEqual(comment.value_text_box, "The technician was very careful.")

    def test_reports_tour(self):
        """The dashboard and the saved analyses open for the manager."""
        # a failure of a 2026 unit, in the California workshop
        ticket = self._closed_ticket()
        self.env.flush_all()
        days = self.env["aftersales.center.kpi.day"]
        figures = [
            ("service_center_id", "=", ticket.service_center_id.id),
            ("day", "=", ticket.date_received.date()),
        ]
        repairs = sum(days.search(figures).mapped("repair_count"))
        self.start_tour(
            "/odoo/action-aftersales_survey.aftersales_center_kpi_action",
            "aftersales_survey_reports_tour",
            login="as_manager",
        )
        # the tour's refresh counted the case
        days.invalidate_model()
        self.assertEqual(sum(days.search(figures).mapped("repair_count")), repairs + 1)

    def test_operator_cannot_open_other_answers(self):
        """The call script opens for the operator, not for another employee."""
        ticket = self._closed_ticket(product_id=self.product_other.id, equipment_id=False)
        answer = ticket.happy_call_ids._get_or_create_answer()
        url = answer.get_start_url()
        script = f'data-answer-token="{answer.access_token}"'
        self.authenticate("as_operator", "as_operator")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(script, response.text, "the script opens for the operator")
        self.authenticate("as_technician", "as_technician")
        response = self.url_open(url)
        self.assertNotIn(script, response.text)

    def test_xlsx_download(self):
        self._closed_ticket(product_id=self.product_washer.id)
        export = (
            self.env["aftersales.report.export"]
            .with_user(self.user_manager)
            .create(
                {
                    "report_type": "failure",
                    "date_from": date(2000, 1, 1),
                    "date_to": date(2099, 12, 31),
                    "product_categ_ids": [Command.set(self.categ_appliances.ids)],
                }
            )
        )
        self.authenticate("as_manager", "as_manager")
        response = self.url_open(export.action_export()["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertIn("attachment", response.headers["Content-Disposition"])
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(workbook["Summary"]["A1"].value, "Failure Analysis")
        # another user cannot download the manager's export
        self.authenticate("as_reception", "as_reception")
        with mute_logger("odoo.http"):
            response = self.url_open(f"/aftersales/export/{export.id}")
        self.assertEqual(response.status_code, 403)
