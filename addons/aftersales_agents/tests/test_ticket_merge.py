# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A case with provider fees is never merged away: its fees stay with it."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestTicketMergeFees(AgentsCommon):
    def test_case_with_fees_is_not_merged_away(self):
        serviced = self._agent_ticket(warranty=True)
        fees = serviced.fee_line_ids
        self.assertTrue(fees)
        # reopened: no longer closed, still with the fees of its service
        serviced.stage_id = self.stage_repair
        self.assertFalse(serviced.is_closed)
        duplicate = self._agent_ticket(done=False, labour_hours=0.0, parts=0)

        with self.assertRaisesRegex(UserError, "provider fees"):
            serviced.with_user(self.user_reception)._merge_into(duplicate)
        self.assertTrue(serviced.active)
        self.assertEqual(fees.ticket_id, serviced)

        # the other way round keeps the fees where they are
        duplicate.with_user(self.user_reception)._merge_into(serviced)
        self.assertFalse(duplicate.active)
        self.assertEqual(serviced.fee_line_ids, fees)
