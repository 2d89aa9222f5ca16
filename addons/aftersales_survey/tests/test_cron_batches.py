# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The missing-happy-calls job at scale: a slice costs about the same number
of queries whatever its size (its cases are claimed in one query, their
operators picked once, their calls and to-dos created in batch), and a case
that fails in a batch costs the others nothing."""

from unittest.mock import patch

from odoo.tests import tagged

from .common import AftersalesSurveyCommon

# queries a slice may cost beyond those of its first cases: the same queries
# repeated for more records would be many times this
QUERY_SLACK = 12
FAILURE_ACTIVITY = "mail.mail_activity_data_warning"


@tagged("post_install", "-at_install")
class TestHappyCallJobBatches(AftersalesSurveyCommon):
    def _closed_cases(self, count):
        """``count`` cases closed before happy calls were enabled."""
        self.company.aftersales_happy_call_enabled = False
        tickets = self.env["aftersales.ticket"]
        for _index in range(count):
            tickets |= self._closed_ticket()
        self.company.aftersales_happy_call_enabled = True
        return tickets

    def _calls(self, tickets):
        return self.env["aftersales.happy.call"].search([("ticket_id", "in", tickets.ids)])

    def _run(self, limit):
        model = self.env["aftersales.happy.call"]
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        calls = model._cron_schedule_missing_calls(limit=limit)
        self.env.flush_all()
        return calls, self.env.cr.sql_log_count - before

    def test_queries_do_not_grow_with_the_slice(self):
        tickets = self._closed_cases(55)
        # a second operator: each case's operator is picked among several
        operator = self.user_reception.copy({"login": "test_second_operator"})
        operator.groups_id |= self.env.ref("aftersales_survey.group_aftersales_call_operator")
        small, small_queries = self._run(limit=5)
        self.assertEqual(len(small), 5)
        large, large_queries = self._run(limit=50)
        self.assertEqual(len(large), 50)
        calls = self._calls(tickets)
        self.assertEqual(calls, small | large)
        self.assertEqual(calls.ticket_id, tickets, "one call per case")
        self.assertEqual(
            len(calls.activity_ids), 55, "each call is on its operator's to-do list, once"
        )
        self.assertTrue(all(calls.mapped("name")), "every call is numbered")
        self.assertLessEqual(
            large_queries,
            small_queries + QUERY_SLACK,
            f"a slice of 50 cases costs {large_queries} queries, one of 5 {small_queries}: "
            "the job works per case instead of per batch",
        )

    def test_failing_case_in_a_batch_costs_the_others_nothing(self):
        tickets = self._closed_cases(4)
        bad = tickets[1]
        call_class = type(self.env["aftersales.happy.call"])
        schedule_activities = call_class._schedule_call_activities

        def failing(calls):
            if bad in calls.ticket_id:
                raise RuntimeError("The operator's calendar cannot be reached")
            return schedule_activities(calls)

        with patch.object(call_class, "_schedule_call_activities", failing):
            calls, _queries = self._run(limit=10)
        self.assertEqual(calls.ticket_id, tickets - bad, "the batch went on without it")
        self.assertEqual(self._calls(tickets), calls, "nothing of the failed batch is left")
        self.assertEqual(len(calls.activity_ids), 3)
        report = bad.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(FAILURE_ACTIVITY)
        )
        self.assertEqual(len(report), 1, "the failing case is reported on itself")
        self.assertIn("cannot be reached", report.note)
        self.assertFalse(
            (tickets - bad).activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(FAILURE_ACTIVITY)
            ),
            "and only it",
        )
        # its call is scheduled at the next run, once
        again, _queries = self._run(limit=10)
        self.assertEqual(again.ticket_id, bad)
        self.assertEqual(len(self._calls(tickets)), 4)
        self.assertFalse(
            bad.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(FAILURE_ACTIVITY)
            ),
            "its report is closed",
        )
