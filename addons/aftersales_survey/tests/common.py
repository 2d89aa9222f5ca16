# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared fixtures of the quality and satisfaction tests: the reception's
service network, plus a QC inspector, a call operator, a checklist for the
appliances and the default happy-call script."""

from datetime import date, datetime

from odoo import Command

from odoo.addons.aftersales_reception.tests.common import (
    AftersalesCommon,
    AftersalesHttpCommon,
)
from odoo.addons.mail.tests.common import mail_new_test_user


class AftersalesSurveyFixtures:
    """What the quality and satisfaction tests add to the reception's
    service network."""

    @classmethod
    def _setup_survey_fixtures(cls):
        cls.stage_qc = cls.env.ref("aftersales_survey.stage_quality_check")
        cls.user_inspector = mail_new_test_user(
            cls.env,
            login="as_inspector",
            name="Ingrid Inspector",
            email="ingrid@example.com",
            groups="base.group_user,aftersales_survey.group_aftersales_qc_inspector",
        )
        cls.user_operator = mail_new_test_user(
            cls.env,
            login="as_operator",
            name="Oscar Operator",
            email="oscar@example.com",
            groups="base.group_user,aftersales_survey.group_aftersales_call_operator",
        )
        # calls go to the test operator, whatever the demo data holds
        cls.company.write(
            {
                "aftersales_happy_call_enabled": True,
                "aftersales_happy_call_delay": 3,
                "aftersales_happy_call_user_id": cls.user_operator.id,
                "aftersales_low_score_threshold": 60.0,
                "aftersales_happy_call_survey_id": False,
                "aftersales_satisfaction_manager_id": cls.user_manager.id,
            }
        )
        cls.survey = cls.env.ref("aftersales_survey.survey_happy_call")
        cls.q_overall = cls.env.ref("aftersales_survey.survey_happy_call_q_overall")
        cls.q_solved = cls.env.ref("aftersales_survey.survey_happy_call_q_solved")

        # checklists of the test categories only: demo checklists stay out
        cls.env["aftersales.qc.template"].search([]).action_archive()
        cls.template_appliances = cls.env["aftersales.qc.template"].create(
            {
                "name": "Test appliance checklist",
                "categ_ids": [Command.link(cls.categ_appliances.id)],
                "step_ids": [
                    Command.create({"sequence": 1, "name": "Visual inspection"}),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Leak test",
                            "measurement_required": True,
                            "unit": "bar",
                            "has_tolerance": True,
                            "min_value": 0.0,
                            "max_value": 0.5,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "name": "Motor temperature",
                            "measurement_required": True,
                            "unit": "°C",
                        }
                    ),
                ],
            }
        )
        cls.fault_noise = cls.env["aftersales.fault.category"].create({"name": "Test noise"})
        cls.fault_leak = cls.env["aftersales.fault.category"].create({"name": "Test leak"})

    @classmethod
    def _repair_ticket(cls, **values):
        """A paid repair of the test washer at the California workshop, in
        repair, with a responsible and a technician."""
        vals = {
            "product_id": cls.product_washer.id,
            "equipment_id": cls.equipment.id,
            "service_center_id": cls.workshop_ca.id,
            "technician_id": cls.user_technician.id,
            "user_id": cls.user_reception.id,
            "service_type": "paid_repair",
            "stage_id": cls.stage_repair.id,
        }
        vals.update(values)
        return cls._create_ticket(**vals)

    @classmethod
    def _fill_check(cls, check, leak=0.1, temperature=40.0, visual="pass"):
        """Record the results of a check built from the appliance checklist."""
        visual_line, leak_line, temperature_line = check.line_ids.sorted("sequence")
        visual_line.result = visual
        leak_line.measured_value = leak
        temperature_line.write({"measured_value": temperature, "result": "pass"})
        return check

    @classmethod
    def _close(cls, tickets):
        tickets.write({"stage_id": cls.stage_closed.id})
        return tickets

    @classmethod
    def _closed_ticket(cls, **values):
        """A case that went through QC and was closed (its happy call is
        scheduled)."""
        ticket = cls._repair_ticket(**values)
        ticket.stage_id = cls.stage_qc
        if ticket.qc_check_id:
            cls._fill_check(ticket.qc_check_id).action_validate()
        return cls._close(ticket)

    @classmethod
    def _answer(cls, call, overall, user=None):
        """Answer the call's survey: ``overall`` on the 1-5 satisfaction
        scale, then complete it."""
        call = call.with_user(user) if user else call
        # the survey pages save the answers as superuser for whoever answers
        answer = call._get_or_create_answer().sudo()
        answer._save_lines(cls.q_overall, overall)
        answer._save_lines(
            cls.q_solved, cls.env.ref("aftersales_survey.survey_happy_call_q_solved_yes").id
        )
        answer._mark_done()
        return answer.sudo(False)

    def _dashboard_cards(self, centers):
        """The dashboard's cards of ``centers``, its figures computed again
        (the scheduled action's work)."""
        self.env["aftersales.center.kpi.day"]._refresh_window()
        return self.env["aftersales.center.kpi"].search([("service_center_id", "in", centers.ids)])


class AftersalesSurveyCommon(AftersalesSurveyFixtures, AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_survey_fixtures()


class AftersalesSurveyHttpCommon(AftersalesSurveyFixtures, AftersalesHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_survey_fixtures()


class AftersalesReportCommon(AftersalesSurveyCommon):
    """A small history of repairs, checks and happy calls in 2026 whose
    figures are worked out by hand in the tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        equipment_model = cls.env["aftersales.equipment"]
        cls.unit_washer_1 = cls.equipment  # bought 2026-01-10
        cls.unit_washer_2 = equipment_model.create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.product_washer.id,
                "serial_number": "T-WASH-0002",
                "purchase_date": date(2024, 3, 1),
            }
        )
        cls.unit_ac_1 = equipment_model.create(
            {
                "partner_id": cls.customer_tx.id,
                "product_id": cls.product_ac.id,
                "serial_number": "T-AC-0001",
                "purchase_date": date(2023, 1, 15),
            }
        )
        cls.unit_ac_2 = equipment_model.create(
            {
                "partner_id": cls.customer_tx.id,
                "product_id": cls.product_ac.id,
                "serial_number": "T-AC-0002",
            }
        )

        def repair(unit, received, fault, **values):
            vals = {
                "partner_id": unit.partner_id.id,
                "equipment_id": unit.id,
                "product_id": unit.product_id.id,
                "date_received": received,
                "fault_category_id": fault.id,
                "service_center_id": cls.workshop_ca.id,
                "technician_id": cls.user_technician.id,
            }
            vals.update(values)
            return cls._repair_ticket(**vals)

        agent = {
            "service_center_id": cls.agent_tx.id,
            "technician_id": cls.user_technician_other.id,
        }
        cls.t1 = repair(cls.unit_washer_1, datetime(2026, 2, 1, 10), cls.fault_noise)
        cls.t2 = repair(cls.unit_washer_1, datetime(2026, 4, 1, 10), cls.fault_leak)
        cls.t3 = repair(cls.unit_washer_2, datetime(2026, 3, 1, 10), cls.fault_leak)
        cls.t4 = repair(cls.unit_washer_2, datetime(2026, 7, 1, 10), cls.fault_noise)
        cls.t5 = repair(cls.unit_ac_1, datetime(2026, 2, 15, 10), cls.fault_leak, **agent)
        cls.t6 = repair(cls.unit_ac_2, datetime(2026, 5, 10, 10), cls.fault_noise, **agent)
        cls.t7 = repair(  # cancelled: no failure, no repeat
            cls.unit_ac_1,
            datetime(2026, 3, 1, 10),
            cls.fault_leak,
            stage_id=cls.stage_cancelled.id,
            **agent,
        )
        cls.t8 = repair(  # a consultation is no repair
            cls.unit_ac_1,
            datetime(2026, 4, 20, 10),
            cls.fault_noise,
            service_type="consultation",
            **agent,
        )
        cls.t9 = repair(cls.unit_ac_1, datetime(2026, 5, 1, 10), cls.fault_leak, **agent)

        # quality checks: t1 fails then passes, t3 passes, t5 fails then passes
        for ticket, leaks, dates in (
            (cls.t1, (0.9, 0.1), (datetime(2026, 2, 5, 9), datetime(2026, 2, 6, 9))),
            (cls.t3, (0.2,), (datetime(2026, 3, 4, 9),)),
            (cls.t5, (0.8, 0.3), (datetime(2026, 2, 20, 9), datetime(2026, 2, 21, 9))),
        ):
            for leak, checked_on in zip(leaks, dates, strict=True):
                ticket.stage_id = cls.stage_qc
                check = ticket.qc_check_id
                cls._fill_check(check, leak=leak).action_validate()
                check.date_done = checked_on
        cls._close(cls.t1 | cls.t3 | cls.t5)

        # happy calls: 5/5, 2/5 (low) and 4/5
        cls.calls = {}
        for ticket, overall, answered_on in (
            (cls.t1, 5, datetime(2026, 2, 12, 15)),
            (cls.t3, 2, datetime(2026, 3, 10, 15)),
            (cls.t5, 4, datetime(2026, 2, 28, 15)),
        ):
            call = ticket.happy_call_ids
            answer = cls._answer(call, overall)
            answer.end_datetime = answered_on
            cls.calls[ticket] = call

        # SLA outcomes, as the reception records them
        for ticket, state in (
            (cls.t1, "met"),
            (cls.t2, "missed"),
            (cls.t3, "met"),
            (cls.t4, "met"),
            (cls.t5, "missed"),
            (cls.t6, "ongoing"),
            (cls.t9, False),
        ):
            ticket.sla_resolution_state = state
        cls.env.flush_all()
        cls.test_products = cls.product_washer | cls.product_ac
