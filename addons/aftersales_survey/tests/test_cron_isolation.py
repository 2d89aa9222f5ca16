# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The missing-happy-calls job never lets one case block the others."""

from unittest.mock import patch

from odoo.tests import tagged

from .common import AftersalesSurveyCommon

FAILURE_ACTIVITY = "mail.mail_activity_data_warning"


@tagged("post_install", "-at_install")
class TestHappyCallJobIsolation(AftersalesSurveyCommon):
    def _calls(self, tickets):
        return self.env["aftersales.happy.call"].search([("ticket_id", "in", tickets.ids)])

    def _failures(self, ticket):
        return ticket.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(FAILURE_ACTIVITY)
        )

    def test_poisoned_case_is_reported_and_the_others_get_their_call(self):
        self.company.aftersales_happy_call_enabled = False
        good = self._closed_ticket() | self._closed_ticket()
        bad = self._closed_ticket()
        self.company.aftersales_happy_call_enabled = True
        self.assertFalse(self._calls(good | bad))

        call_class = type(self.env["aftersales.happy.call"])
        schedule_activities = call_class._schedule_call_activities

        def failing(calls):
            if bad in calls.ticket_id:
                raise RuntimeError("The operator's calendar cannot be reached")
            return schedule_activities(calls)

        model = self.env["aftersales.happy.call"]
        with patch.object(call_class, "_schedule_call_activities", failing):
            calls = model._cron_schedule_missing_calls()
            self.assertEqual(calls.ticket_id & (good | bad), good)
            self.assertFalse(model._cron_schedule_missing_calls() & self._calls(good))
        self.assertEqual(len(self._calls(good)), 2, "one call per case, even if run twice")
        self.assertFalse(self._calls(bad))
        report = self._failures(bad)
        self.assertEqual(len(report), 1, "reported once, even if run twice")
        self.assertEqual(report.summary, "Happy call not scheduled")
        self.assertEqual(report.user_id, self.user_manager, "the satisfaction manager")
        self.assertIn("cannot be reached", report.note)

        # the next run schedules it and closes the report
        self.assertIn(bad, model._cron_schedule_missing_calls().ticket_id)
        self.assertEqual(len(self._calls(bad)), 1)
        self.assertFalse(self._failures(bad))
