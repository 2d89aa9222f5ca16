# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Net promoter score from the happy calls' recommendation question, per
center, agent workshop, technician and product, next to the repair time and
repeat rate of the same cases."""

import io
from datetime import timedelta

import openpyxl

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged, users

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestAftersalesNps(AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.q_recommend = cls.env.ref("aftersales_survey.survey_happy_call_q_recommend")
        cls.product_nps = cls.env["product.product"].create(
            {"name": "Test NPS Fridge", "categ_id": cls.categ_appliances.id}
        )
        now = fields.Datetime.now().replace(microsecond=0)
        agent = {
            "service_center_id": cls.agent_tx.id,
            "technician_id": cls.user_technician_other.id,
        }
        cls.cases = {}
        # (recommendation or None when skipped, days to repair, where)
        for index, (recommend, days, where) in enumerate(
            [
                (10, 2.0, {}),
                (9, 1.0, {}),
                (7, 4.0, {}),
                (3, 3.0, agent),
                (8, 5.0, agent),
                (None, 9.0, {}),
            ]
        ):
            unit = cls.env["aftersales.equipment"].create(
                {
                    "partner_id": cls.customer.id,
                    "product_id": cls.product_nps.id,
                    "serial_number": f"NPS-{index}",
                }
            )
            received = now - timedelta(days=40 + index)
            ticket = cls._closed_ticket(
                equipment_id=unit.id,
                product_id=cls.product_nps.id,
                date_received=received,
                **where,
            )
            ticket.date_done = received + timedelta(days=days)
            call = ticket.happy_call_ids
            answer = call._get_or_create_answer().sudo()
            answer._save_lines(cls.q_overall, 4)
            if recommend is not None:
                answer._save_lines(cls.q_recommend, recommend)
            answer._mark_done()
            cls.cases[index] = ticket
        cls.env.flush_all()

    def _nps(self, groupby):
        groups = self.env["aftersales.nps.report"]._read_group(
            [("product_id", "=", self.product_nps.id)],
            [groupby],
            [
                "answer_count:sum",
                "promoter_count:sum",
                "passive_count:sum",
                "detractor_count:sum",
                "nps:avg",
                "mttr_days:avg",
                "repeat_rate:avg",
            ],
        )
        return {
            (key.display_name or ""): [round(v, 2) if isinstance(v, float) else v for v in values]
            for key, *values in groups
        }

    def test_recommendation_recorded_on_the_answers(self):
        answers = self.env["survey.user_input"].search(
            [("aftersales_ticket_id", "in", [t.id for t in self.cases.values()])]
        )
        values = {
            answer.aftersales_ticket_id: (answer.aftersales_has_nps, answer.aftersales_nps_value)
            for answer in answers
        }
        self.assertEqual(values[self.cases[0]], (True, 10))
        self.assertEqual(values[self.cases[3]], (True, 3))
        self.assertEqual(values[self.cases[5]], (False, 0), "skipped: no recommendation")

    def test_nps_per_center_agent_technician_product(self):
        # workshop: 2 promoters, 1 passive -> 66.67; MTTR (2 + 1 + 4) / 3; the
        # skipped recommendation (9 days) is left out of both
        self.assertEqual(
            self._nps("service_center_id"),
            {
                "Test California Workshop": [3, 2, 1, 0, 66.67, 2.33, 0.0],
                "Test Texas Agent": [2, 0, 1, 1, -50.0, 4.0, 0.0],
            },
        )
        self.assertEqual(
            self._nps("agent_center_id"),
            {"Test Texas Agent": [2, 0, 1, 1, -50.0, 4.0, 0.0], "": [3, 2, 1, 0, 66.67, 2.33, 0.0]},
        )
        self.assertEqual(
            self._nps("technician_id"),
            {
                "Theo Technician": [3, 2, 1, 0, 66.67, 2.33, 0.0],
                "Olga Other": [2, 0, 1, 1, -50.0, 4.0, 0.0],
            },
        )
        # all five answers: 2 promoters, 2 passives, 1 detractor -> 20
        self.assertEqual(
            self._nps("product_tmpl_id"), {"Test NPS Fridge": [5, 2, 2, 1, 20.0, 3.0, 0.0]}
        )

    def test_repair_figures_follow_the_case(self):
        """The report reads the case's repair figures kept on its call: a
        case done later, or found a repeat repair later, changes them."""
        ticket = self.cases[0]
        ticket.date_done = ticket.date_received + timedelta(days=6)
        ticket.is_repeat_repair = True
        self.env.flush_all()
        line = self.env["aftersales.nps.report"].search([("ticket_id", "=", ticket.id)])
        self.assertAlmostEqual(line.mttr_days, 6.0, places=2)
        self.assertEqual(line.repeat_rate, 100.0)
        # a case that is not a repair counts in no repeat rate
        ticket.service_type = "consultation"
        self.env.flush_all()
        line.invalidate_recordset()
        self.assertFalse(line.repeat_rate)
        # no done date: no repair time
        ticket.date_done = False
        self.env.flush_all()
        line.invalidate_recordset()
        self.assertFalse(line.mttr_days)
        self.assertEqual(
            self._nps("service_center_id")["Test California Workshop"][5],
            2.5,
            "the workshop's MTTR is left with its two other cases ((1 + 4) / 2)",
        )

    def test_answers_kept_on_the_call_follow_the_answers(self):
        """The report reads the answers' figures kept on the call: a
        recommendation corrected afterwards moves it; a test entry adds no
        line."""
        ticket = self.cases[3]
        answer = ticket.happy_call_ids.user_input_id.sudo()
        answer._save_lines(self.q_recommend, "10")
        self.env.flush_all()
        line = self.env["aftersales.nps.report"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual((line.nps_value, line.nps_category, line.nps), (10, "promoter", 100.0))
        self.assertEqual(self._nps("service_center_id")["Test Texas Agent"][4], 50.0)
        test_entry = self.survey.sudo()._create_answer(
            partner=self.customer,
            test_entry=True,
            aftersales_happy_call_id=self.cases[5].happy_call_ids.id,
        )
        test_entry._save_lines(self.q_recommend, "0")
        test_entry._mark_done()
        self.env.flush_all()
        self.assertFalse(
            self.env["aftersales.nps.report"].search([("ticket_id", "=", self.cases[5].id)]),
            "the call's only recommendation is a test entry's",
        )

    def test_dashboard_shows_nps_and_mttr(self):
        kpi = self._dashboard_cards(self.agent_tx)
        self.assertEqual(kpi.nps_answer_count, 2)
        self.assertAlmostEqual(kpi.nps, -50.0)
        self.assertAlmostEqual(kpi.mttr_days, 4.0, places=2)
        self.assertEqual(kpi.repaired_count, 2)
        # no unit of these cases has a start of service: no MTBF to show
        self.assertEqual(kpi.mtbf_failure_count, 0)
        self.assertEqual(kpi.action_open_nps()["res_model"], "aftersales.nps.report")
        self.assertEqual(
            kpi.action_open_reliability()["res_model"], "aftersales.reliability.report"
        )

    def test_nps_sheet_in_satisfaction_workbook(self):
        export = (
            self.env["aftersales.report.export"]
            .with_user(self.user_manager)
            .create(
                {
                    "report_type": "satisfaction",
                    "date_from": fields.Date.today() - timedelta(days=5),
                    "date_to": fields.Date.today(),
                    "product_categ_ids": [Command.set(self.categ_appliances.ids)],
                }
            )
        )
        output = io.BytesIO()
        export._write_xlsx(output)
        workbook = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
        self.assertEqual(workbook.sheetnames, ["Summary", "Answers", "Net Promoter Score"])
        sheet = workbook["Net Promoter Score"]
        rows = {
            sheet.cell(row, 1).value: [sheet.cell(row, col).value for col in range(2, 7)]
            for row in range(1, sheet.max_row + 1)
        }
        self.assertEqual(rows["Test California Workshop"], [3, 2, 1, 0, 66.7])
        self.assertEqual(rows["Test Texas Agent"], [2, 0, 1, 1, -50.0])
        self.assertEqual(rows["NPS"][0], "20")

    def test_recommendation_question_must_be_a_0_10_scale(self):
        with self.assertRaisesRegex(ValidationError, "must be a scale from 0 to 10"):
            self.survey.aftersales_nps_question_id = self.q_overall
        with self.assertRaisesRegex(ValidationError, "must be a scale from 0 to 10"):
            self.survey.aftersales_nps_question_id = self.q_solved

    @users("as_operator")
    def test_operator_reads_nps(self):
        self.assertEqual(
            self.env["aftersales.nps.report"].search_count(
                [("product_id", "=", self.product_nps.id)]
            ),
            5,
        )
