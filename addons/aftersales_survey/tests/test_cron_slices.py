# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The missing-happy-calls job works in slices of bounded size: a slice that
reaches its limit tells the scheduler how many cases remain, the next slice
goes on where it stopped, and no case gets two calls."""

from datetime import datetime

from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestHappyCallJobSlices(AftersalesSurveyCommon):
    def _run_slice(self, limit):
        """One call of the job as the scheduler makes it: (done, remaining)."""
        cron = self.env.ref("aftersales_survey.ir_cron_schedule_missing_happy_calls")
        _cron, progress = cron._add_progress()
        model = self.env["aftersales.happy.call"].with_context(
            ir_cron_progress_id=progress.id, lastcall=datetime(2020, 1, 1)
        )
        calls = model._cron_schedule_missing_calls(limit=limit)
        return calls, (progress.done, progress.remaining)

    def test_job_resumes_after_a_slice(self):
        self.company.aftersales_happy_call_enabled = False
        tickets = self.env["aftersales.ticket"]
        for _i in range(5):
            tickets |= self._closed_ticket()
        self.company.aftersales_happy_call_enabled = True
        calls_model = self.env["aftersales.happy.call"]
        self.assertFalse(calls_model.search([("ticket_id", "in", tickets.ids)]))

        first, progress = self._run_slice(limit=2)
        self.assertEqual(len(first & calls_model.search([("ticket_id", "in", tickets.ids)])), 2)
        self.assertEqual(progress[0], 2, "the slice did its two cases")
        self.assertGreaterEqual(progress[1], 3, "and tells the scheduler that three remain")

        second, progress = self._run_slice(limit=2)
        self.assertEqual(len(second), 2)
        self.assertFalse(second.ticket_id & first.ticket_id, "the next slice goes on")

        self._run_slice(limit=2)
        calls = calls_model.search([("ticket_id", "in", tickets.ids)])
        self.assertEqual(calls.ticket_id, tickets, "every case got its call")
        self.assertEqual(len(calls), 5, "one call per case")

        again, progress = self._run_slice(limit=2)
        self.assertFalse(again & calls, "a run after the last slice does nothing twice")
        self.assertEqual(progress[1], 0, "and nothing remains")
