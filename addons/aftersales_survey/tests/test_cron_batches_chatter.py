# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The missing-happy-calls job as the scheduler runs it, chatter on: each
call is logged, followed by its operator and put on the operator's to-do
list, with no assignment email per call; a slice of 50 cases costs the
queries of a slice of 5."""

from odoo.tests import tagged

from .common import AftersalesSurveyCommon

QUERY_SLACK = 12


@tagged("post_install", "-at_install")
class TestHappyCallJobChatter(AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_happy_call_enabled = False
        cls.tickets = cls.env["aftersales.ticket"]
        for _index in range(55):
            cls.tickets |= cls._closed_ticket()
        cls.company.aftersales_happy_call_enabled = True
        # no company operator: each call goes to the least loaded one
        cls.company.aftersales_happy_call_user_id = False
        cls.operator_other = cls.user_operator.copy({"login": "test_chatter_operator"})
        cls.operator_other.groups_id |= cls.env.ref(
            "aftersales_survey.group_aftersales_call_operator"
        )

    def _run(self, limit):
        # the scheduler's context: tracking, logs and followers on
        model = self.env["aftersales.happy.call"].with_context(
            tracking_disable=False,
            mail_create_nolog=False,
            mail_notrack=False,
            mail_create_nosubscribe=False,
            mail_auto_subscribe_no_notify=False,
        )
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        calls = model._cron_schedule_missing_calls(limit=limit)
        self.env.flush_all()
        self.env.cr.precommit.run()
        return calls, self.env.cr.sql_log_count - before

    def test_slice_queries_do_not_grow_with_cases(self):
        small, small_queries = self._run(limit=5)
        large, large_queries = self._run(limit=50)
        self.assertEqual(len(small), 5)
        self.assertEqual(len(large), 50)
        self.assertEqual((small | large).ticket_id, self.tickets, "one call per case")
        self.assertLessEqual(
            large_queries,
            small_queries + QUERY_SLACK,
            f"a slice of 50 cases costs {large_queries} queries, one of 5 {small_queries}: "
            "the job works per case instead of per batch",
        )

    def test_calls_followed_by_their_operators_without_emails(self):
        mails_before = self.env["mail.mail"].sudo().search_count([])
        calls, _queries = self._run(limit=10)
        self.assertEqual(len(calls), 10)
        self.assertGreaterEqual(len(calls.user_id), 2, "the calls are shared between operators")
        for call in calls:
            self.assertIn(call.user_id.partner_id, call.message_partner_ids)
            self.assertEqual(call.activity_ids.user_id, call.user_id)
            self.assertTrue(
                call.message_ids.filtered(lambda m: m.message_type == "notification"),
                "the call's creation is logged on its chatter",
            )
        self.assertEqual(
            self.env["mail.mail"].sudo().search_count([]),
            mails_before,
            "no assignment email per call: the operators find them in their to-dos",
        )
