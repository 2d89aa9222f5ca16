# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A merged case hands its quality checks and happy calls to the kept case."""

from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestTicketMerge(AftersalesSurveyCommon):
    def test_merge_moves_checks_and_calls(self):
        kept = self._repair_ticket()
        duplicate = self._repair_ticket()
        duplicate.stage_id = self.stage_qc
        check = duplicate.qc_check_id
        self.assertTrue(check)
        # a case reopened after its happy call was scheduled
        closed = self._closed_ticket()
        call = closed.happy_call_ids
        self.assertTrue(call)
        closed.stage_id = self.stage_repair
        closed_checks = closed.qc_check_ids

        (duplicate | closed).with_user(self.user_reception)._merge_into(kept)

        self.assertEqual(check.ticket_id, kept)
        self.assertEqual(call.ticket_id, kept)
        self.assertEqual(kept.qc_check_ids, check | closed_checks)
        self.assertEqual(kept.happy_call_ids, call)
        self.assertFalse(duplicate.qc_check_ids | closed.qc_check_ids)
        self.assertFalse(closed.happy_call_ids)
