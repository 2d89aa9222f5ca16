# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestAftersalesHappyCall(AftersalesSurveyCommon):
    def _calls(self, tickets):
        return self.env["aftersales.happy.call"].search([("ticket_id", "in", tickets.ids)])

    # ------------------------------------------------------------
    # Scheduling
    # ------------------------------------------------------------

    @freeze_time("2026-06-01 10:00:00")
    def test_closing_schedules_one_call(self):
        ticket = self._closed_ticket()
        call = self._calls(ticket)
        self.assertEqual(len(call), 1)
        self.assertEqual(call.state, "scheduled")
        self.assertEqual(call.date_scheduled, date(2026, 6, 4), "3 days after closing")
        self.assertEqual(call.user_id, self.user_operator)
        self.assertEqual(call.survey_id, self.survey)
        self.assertRegex(call.name, r"^HC/\d{4}/\d{5}$")
        activity = call.activity_ids
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("aftersales_survey.mail_activity_type_happy_call"),
        )
        self.assertEqual(activity.user_id, self.user_operator)
        self.assertEqual(activity.date_deadline, date(2026, 6, 4))
        self.assertEqual(ticket.happy_call_state, "scheduled")

        # closing again (reopened, delivered again) schedules nothing more
        ticket.stage_id = self.stage_done
        self._close(ticket)
        self.env["aftersales.happy.call"]._schedule_for_tickets(ticket)
        self.assertEqual(self._calls(ticket), call)
        self.assertEqual(len(call.activity_ids), 1)

    def test_delay_is_configurable(self):
        settings = self.env["res.config.settings"].create({"aftersales_happy_call_delay": 7})
        settings.execute()
        self.assertEqual(self.company.aftersales_happy_call_delay, 7)
        ticket = self._closed_ticket()
        closed_on = fields.Date.context_today(ticket, ticket.date_delivered)
        self.assertEqual(self._calls(ticket).date_scheduled, closed_on + timedelta(days=7))
        with self.assertRaisesRegex(Exception, "0 days or more"):
            self.company.aftersales_happy_call_delay = -1

    def test_customer_refusing_calls_gets_none(self):
        # the customer exists before the change: its tracking is not discarded
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.customer.with_context(tracking_disable=False, mail_notrack=False).write(
            {"aftersales_call_refused": True}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket = self._closed_ticket()
        self.assertFalse(self._calls(ticket))
        self.assertTrue(
            ticket.message_ids.filtered(lambda m: "asked not to receive" in (m.body or "")),
            "the case tells why there is no call",
        )
        self.customer.invalidate_recordset(["message_ids"])
        tracking = self.customer.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "aftersales_call_refused"
        )
        self.assertTrue(tracking, "the refusal is tracked on the customer")

    def test_contact_of_refusing_company_gets_none(self):
        company = self.env["res.partner"].create(
            {"name": "Test Refusing Ltd", "is_company": True, "aftersales_call_refused": True}
        )
        self.customer.parent_id = company
        self.assertFalse(self._calls(self._closed_ticket()))

    def test_no_call_when_disabled(self):
        self.company.aftersales_happy_call_enabled = False
        self.assertFalse(self._calls(self._closed_ticket()))

    def test_calls_shared_among_operators(self):
        self.company.aftersales_happy_call_user_id = False
        group = self.env.ref("aftersales_survey.group_aftersales_call_operator")
        # only this test's operators take calls
        group.users.filtered(lambda u: u not in self.user_operator | self.user_manager).write(
            {"active": False}
        )
        second = mail_new_test_user(
            self.env,
            login="as_operator2",
            name="Odile Operator",
            groups="base.group_user,aftersales_survey.group_aftersales_call_operator",
        )
        tickets = self.env["aftersales.ticket"].concat(*[self._repair_ticket() for _i in range(4)])
        for ticket in tickets:
            ticket.stage_id = self.stage_qc
            self._fill_check(ticket.qc_check_id).action_validate()
        self._close(tickets)
        calls = self._calls(tickets)
        self.assertEqual(len(calls), 4)
        self.assertEqual(len(calls.filtered(lambda c: c.user_id == self.user_operator)), 2)
        self.assertEqual(len(calls.filtered(lambda c: c.user_id == second)), 2)
        self.assertNotIn(
            self.user_manager, calls.user_id, "managers call only when nobody else does"
        )

    def test_scheduling_queries_do_not_grow_with_cases(self):
        def closed_cases(count):
            tickets = self.env["aftersales.ticket"].concat(
                *[
                    self._repair_ticket(product_id=self.product_other.id, equipment_id=False)
                    for _i in range(count)
                ]
            )
            self._close(tickets)
            self.env["aftersales.happy.call"].search([("ticket_id", "in", tickets.ids)]).unlink()
            tickets.invalidate_recordset()
            return tickets

        counts = []
        for tickets in (closed_cases(2), closed_cases(12)):
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.env["aftersales.happy.call"]._schedule_for_tickets(tickets)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        # references come from a dated sequence (three queries each); the rest is batched
        self.assertLessEqual(counts[1] - counts[0], 10 * 3, f"queries per call: {counts}")

    def test_cron_schedules_missing_calls_once(self):
        self.company.aftersales_happy_call_enabled = False
        ticket = self._closed_ticket()
        self.company.aftersales_happy_call_enabled = True
        model = self.env["aftersales.happy.call"]
        first = model._cron_schedule_missing_calls()
        self.assertEqual(first.ticket_id, ticket)
        self.assertFalse(model._cron_schedule_missing_calls(), "running twice adds nothing")
        self.assertEqual(len(self._calls(ticket)), 1)

    # ------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------

    def test_operator_answers_during_call(self):
        ticket = self._closed_ticket()
        call = self._calls(ticket).with_user(self.user_operator)
        action = call.action_start_call()
        answer = call.user_input_id
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(answer.access_token, action["url"])
        self.assertEqual(answer.partner_id, self.customer, "the answers are the customer's")
        self.assertEqual(answer.aftersales_ticket_id, ticket)
        self._answer(call, 4, user=self.user_operator)
        self.assertEqual(call.state, "done")
        self.assertEqual(call.answer_channel, "call")
        self.assertAlmostEqual(call.satisfaction_score, 75.0, msg="4 on a 1-5 scale")
        self.assertFalse(call.is_low_score)
        self.assertFalse(call.activity_ids, "the call's activity is done")
        self.assertEqual(ticket.satisfaction_score, 75.0)
        self.assertTrue(ticket.message_ids.filtered(lambda m: "satisfaction 75%" in (m.body or "")))

    def test_low_score_opens_follow_up_for_manager(self):
        self.workshop_ca.manager_id = self.user_manager
        ticket = self._closed_ticket()
        call = self._calls(ticket)
        self._answer(call, 2)
        self.assertAlmostEqual(call.satisfaction_score, 25.0)
        self.assertTrue(call.is_low_score)
        followup = ticket.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("aftersales_survey.mail_activity_type_low_score")
            )
        )
        self.assertEqual(followup.user_id, self.user_manager)
        self.assertIn("25%", followup.summary)

    def test_customer_answers_the_link(self):
        ticket = self._closed_ticket()
        call = self._calls(ticket)
        call.with_user(self.user_operator).action_send_survey()
        self.assertEqual(call.state, "sent")
        answer = call.user_input_id
        mail = call.message_ids.filtered(lambda m: answer.access_token in (m.body or ""))
        self.assertTrue(mail, "the email holds the customer's own survey link")
        self.assertIn(self.customer, mail.partner_ids)
        # the customer answers through the public survey pages
        public = self.env.ref("base.public_user")
        answer.with_user(public).sudo()._save_lines(self.q_overall, 5)
        answer.with_user(public).sudo()._mark_done()
        self.assertEqual(call.state, "done")
        self.assertEqual(call.answer_channel, "email")
        self.assertEqual(call.satisfaction_score, 100.0)

    def test_send_survey_needs_an_email(self):
        self.customer.email = False
        call = self._calls(self._closed_ticket())
        with self.assertRaisesRegex(UserError, self.customer.name):
            call.action_send_survey()
        self.assertEqual(call.state, "scheduled")

    def test_refusal_during_call(self):
        ticket = self._closed_ticket()
        call = self._calls(ticket).with_user(self.user_operator)
        call.action_refuse()
        self.assertEqual(call.state, "refused")
        self.assertTrue(self.customer.aftersales_call_refused)
        self.assertFalse(call.activity_ids)
        with self.assertRaisesRegex(UserError, "Refused"):
            call.action_start_call()
        with self.assertRaisesRegex(UserError, "customers who accept calls"):
            call.action_reopen()
        # the next case of this customer gets no call
        self.assertFalse(self._calls(self._closed_ticket()))

    def test_unreachable_after_three_attempts(self):
        call = self._calls(self._closed_ticket()).with_user(self.user_operator)
        with freeze_time("2026-06-01"):
            call.action_unreachable()
            self.assertEqual(call.date_scheduled, date(2026, 6, 2))
            self.assertEqual(call.activity_ids.date_deadline, date(2026, 6, 2))
            call.action_unreachable()
            call.action_unreachable()
        self.assertEqual(call.state, "unreachable")
        self.assertEqual(call.attempt_count, 3)
        self.assertFalse(call.activity_ids)
        call.action_reopen()
        self.assertEqual(call.state, "scheduled")
        self.assertEqual(len(call.activity_ids), 1)

    def test_complaint_case_keeps_the_earlier_case(self):
        ticket = self._closed_ticket()
        call = self._calls(ticket).with_user(self.user_operator)
        action = call.action_open_complaint()
        complaint_form = Form(
            self.env["aftersales.ticket"]
            .with_user(self.user_operator)
            .with_context(**action["context"])
        )
        complaint_form.fault_description = "Noisier than before the repair"
        complaint = complaint_form.save()
        self.assertEqual(complaint.origin_ticket_id, ticket)
        self.assertEqual(complaint.origin_happy_call_id, call)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.equipment_id, self.equipment)
        self.assertEqual(complaint.channel, "phone")
        self.assertIn(ticket.name, complaint.summary)
        self.assertEqual(call.complaint_count, 1)
        self.assertIn(complaint, ticket.followup_ticket_ids)
        # an archived complaint was still a complaint: the call and the
        # satisfaction report keep counting it
        complaint.sudo().action_archive()
        self.env.flush_all()
        self.assertEqual(call.complaint_count, 1)
        report = self.env["aftersales.satisfaction.report"].sudo()
        call.sudo()._get_or_create_answer()._mark_done()
        self.env.flush_all()
        self.assertEqual(report.search([("happy_call_id", "=", call.id)]).complaint_count, 1)
        complaint.sudo().unlink()
        self.assertEqual(call.complaint_count, 0)

    def test_no_script_configured(self):
        call = self._calls(self._closed_ticket())
        call.survey_id = False
        with self.assertRaisesRegex(UserError, "no call script"):
            call.action_start_call()

    def test_reopen_only_closed_calls(self):
        call = self._calls(self._closed_ticket())
        with self.assertRaisesRegex(UserError, call.name):
            call.action_reopen()
        call.action_cancel()
        self.assertEqual(call.state, "cancelled")
        self.assertFalse(call.activity_ids)

    @freeze_time("2026-06-01 10:00:00")
    def test_call_date_follows_delivery_date(self):
        ticket = self._repair_ticket(product_id=self.product_other.id, equipment_id=False)
        ticket.write(
            {"date_delivered": datetime(2026, 5, 20, 9, 0), "stage_id": self.stage_closed.id}
        )
        self.assertEqual(self._calls(ticket).date_scheduled, date(2026, 5, 23))
