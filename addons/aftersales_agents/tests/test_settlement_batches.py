# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Settlement at scale: the fees are read and linked in batch, so settling
more cases of a provider costs no more queries; what is billed is the same."""

from odoo.tests import tagged

from .common import AgentsCommon

# queries a settlement may cost beyond another of the same shape (one
# provider, one bill): the same queries repeated per fee would be many more
QUERY_SLACK = 6


@tagged("post_install", "-at_install")
class TestSettlementBatches(AgentsCommon):
    def _settle_counted(self):
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        settlements = self._settle(partner_ids=[(6, 0, self.agent_partner.ids)])
        self.env.flush_all()
        return settlements, self.env.cr.sql_log_count - before

    def test_queries_do_not_grow_with_the_fees(self):
        few = self._agent_ticket(warranty=True, labour_hours=0.0, parts=0)
        few |= self._agent_ticket(warranty=True, labour_hours=0.0, parts=0)
        first, few_queries = self._settle_counted()
        self.assertEqual(first.fee_line_ids, few.fee_line_ids)
        many = self.env["aftersales.ticket"]
        for _index in range(8):
            many |= self._agent_ticket(warranty=True, labour_hours=0.0, parts=0)
        second, many_queries = self._settle_counted()
        self.assertEqual(second.fee_line_ids, many.fee_line_ids, "only the new fees")
        self.assertEqual(len(second.fee_line_ids), 4 * len(first.fee_line_ids))
        self.assertEqual(set(second.fee_line_ids.mapped("state")), {"settled"})
        self.assertEqual(second.amount_total, 4 * first.amount_total)
        self.assertEqual(second.move_id.amount_untaxed, second.amount_total)
        self.assertEqual(second.ticket_count, 8)
        self.assertIn("(8 case(s)", " ".join(second.move_id.invoice_line_ids.mapped("name")))
        self.assertLessEqual(
            many_queries,
            few_queries + QUERY_SLACK,
            f"settling 8 cases costs {many_queries} queries, 2 cases {few_queries}: "
            "the settlement works per fee instead of per batch",
        )
