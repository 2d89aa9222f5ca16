# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestAftersalesSurveyAccess(AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_ticket = cls._repair_ticket()
        cls.own_check = cls._fill_check(cls.own_ticket._create_qc_checks())
        # a case of another workshop, not followed by the technician
        cls.other_center = cls.env["aftersales.service.center"].create(
            {"name": "Test Other Workshop", "code": "T-OT", "center_type": "workshop"}
        )
        cls.other_ticket = cls._repair_ticket(
            service_center_id=cls.other_center.id,
            technician_id=cls.user_technician_other.id,
            user_id=cls.user_manager.id,
        )
        cls.other_check = cls.other_ticket._create_qc_checks()
        cls.closed_ticket = cls._closed_ticket(product_id=cls.product_other.id, equipment_id=False)
        cls.call = cls.closed_ticket.happy_call_ids

    # ------------------------------------------------------------
    # Quality checks
    # ------------------------------------------------------------

    @users("as_technician")
    def test_technician_sees_own_checks_only(self):
        checks = self.env["aftersales.qc.check"].search([])
        self.assertIn(self.own_check, checks)
        self.assertNotIn(self.other_check, checks)
        check = self.own_check.with_env(self.env)
        with self.assertRaises(AccessError):
            check.line_ids[0].result = "pass"
        with self.assertRaises(AccessError):
            check.action_validate()
        # but can ask for the check of a repair they finished
        ticket = self._repair_ticket().with_env(self.env)
        self.assertTrue(ticket.action_request_qc_check())

    @users("as_inspector")
    def test_inspector_checks_every_case(self):
        checks = self.env["aftersales.qc.check"].search([])
        self.assertIn(self.own_check, checks)
        self.assertIn(self.other_check, checks)
        check = self.other_check.with_env(self.env)
        self._fill_check(check, leak=0.9)
        check.action_validate()
        self.assertEqual(check.state, "failed")
        self.assertEqual(check.ticket_id.stage_id, self.stage_repair)
        self.assertEqual(check.inspector_id, self.user_inspector)
        with self.assertRaises(AccessError):
            self.template_appliances.with_env(self.env).name = "Renamed"
        with self.assertRaises(AccessError):
            self.env["aftersales.happy.call"].search([])

    @users("as_manager")
    def test_manager_configures_checklists_and_reads_reports(self):
        self.template_appliances.with_env(self.env).name = "Renamed"
        for model in (
            "aftersales.case.report",
            "aftersales.qc.report",
            "aftersales.satisfaction.report",
            "aftersales.center.kpi",
        ):
            self.env[model].search([], limit=1)
        self.env["aftersales.report.export"].create({"report_type": "marketing"})
        self.call.with_env(self.env).user_id = self.user_manager

    @users("as_technician")
    def test_technician_has_no_reports_nor_calls(self):
        for model in (
            "aftersales.case.report",
            "aftersales.satisfaction.report",
            "aftersales.center.kpi",
            "aftersales.happy.call",
            "aftersales.report.export",
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].search([], limit=1)
        # the case form still opens: the call fields are hidden from technicians
        ticket = self.own_ticket.with_env(self.env)
        ticket.read(["qc_state", "qc_rework_count", "is_repeat_repair"])
        self.assertNotIn("happy_call_ids", ticket.fields_get())

    # ------------------------------------------------------------
    # Happy calls
    # ------------------------------------------------------------

    @users("as_operator")
    def test_operator_makes_calls(self):
        call = self.env["aftersales.happy.call"].search([("id", "=", self.call.id)])
        self.assertEqual(call, self.call)
        self.assertIn(self.closed_ticket, self.env["aftersales.ticket"].search([]))
        action = call.action_start_call()
        self.assertIn("/survey/start/", action["url"])
        self.env["aftersales.satisfaction.report"].search([], limit=1)
        with self.assertRaises(AccessError):
            self.env["aftersales.case.report"].search([], limit=1)
        with self.assertRaises(AccessError):
            self.own_check.with_env(self.env).action_validate()
        with self.assertRaises(AccessError):
            call.unlink()

    @users("as_reception")
    def test_reception_reads_calls(self):
        call = self.call.with_env(self.env)
        self.assertEqual(call.state, "scheduled")
        self.assertEqual(self.closed_ticket.with_env(self.env).happy_call_state, "scheduled")
        with self.assertRaises(AccessError):
            call.action_cancel()

    def test_other_company_is_fenced(self):
        company_b = self.env["res.company"].create({"name": "Test Company B"})
        self.user_manager.write({"company_ids": [(4, company_b.id)]})
        ticket_b = (
            self.env["aftersales.ticket"]
            .with_company(company_b)
            .create(
                {
                    "partner_id": self.customer.id,
                    "summary": "Other company",
                    "company_id": company_b.id,
                }
            )
        )
        template_b = self.env["aftersales.qc.template"].create(
            {
                "name": "B checklist",
                "company_id": company_b.id,
                "step_ids": [(0, 0, {"name": "Look"})],
            }
        )
        check_b = self.env["aftersales.qc.check"].create(
            {"ticket_id": ticket_b.id, "template_id": template_b.id}
        )
        self.assertEqual(check_b.company_id, company_b)
        manager_a = (
            self.env["aftersales.qc.check"]
            .with_user(self.user_manager)
            .with_context(allowed_company_ids=self.company.ids)
        )
        self.assertNotIn(check_b, manager_a.search([]))
        manager_ab = manager_a.with_context(allowed_company_ids=(self.company | company_b).ids)
        self.assertIn(check_b, manager_ab.search([]))
