# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Settlement at scale: the fees are read and linked in batch, so settling
more cases of a provider costs no more queries; what is billed is the same."""

from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.models import BaseModel
from odoo.modules.registry import TriggerTree
from odoo.tests import tagged
from odoo.tools import format_date

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
        labels = " ".join(second.move_id.invoice_line_ids.mapped("name"))
        self.assertIn("(8 case(s)", labels)
        # the period as the user reads dates, not in ISO
        self.assertIn(format_date(self.env, second.date_from), labels)
        self.assertNotIn(str(second.date_from), labels)
        self.assertLessEqual(
            many_queries,
            few_queries + QUERY_SLACK,
            f"settling 8 cases costs {many_queries} queries, 2 cases {few_queries}: "
            "the settlement works per fee instead of per batch",
        )

    def _other_settlement(self, settlement, company=None):
        """An empty settlement of the same provider (of ``company``)."""
        return (
            self.env["aftersales.settlement"]
            .sudo()
            .create(
                {
                    "company_id": (company or settlement.company_id).id,
                    "provider_type": settlement.provider_type,
                    "partner_id": settlement.partner_id.id,
                    "date_from": settlement.date_from,
                    "date_to": settlement.date_to,
                }
            )
        )

    def test_linked_fees_are_stored_settled(self):
        tickets = self._agent_ticket(warranty=True, labour_hours=0.0, parts=0)
        tickets |= self._agent_ticket(warranty=True, labour_hours=0.0, parts=0)
        settlement = self._settle(partner_ids=[(6, 0, self.agent_partner.ids)])
        self.env.invalidate_all()
        lines = self.env["aftersales.fee.line"].search([("ticket_id", "in", tickets.ids)])
        self.assertTrue(lines)
        self.assertEqual(lines.settlement_id, settlement)
        self.assertEqual(set(lines.mapped("state")), {"settled"})
        self.assertEqual(lines.write_uid, self.env.user)
        self.assertEqual(settlement.fee_line_ids, lines)
        self.assertEqual(settlement.line_count, len(lines))
        self.assertEqual(settlement.ticket_count, 2)
        self.assertEqual(settlement.amount_total, sum(lines.mapped("amount")))
        # the state follows the bill as before: paid when the bill is paid
        settlement._register_payments()
        self.env.invalidate_all()
        self.assertEqual(set(lines.mapped("state")), {"paid"})

    def test_link_refuses_settled_lines_whole(self):
        self._agent_ticket(warranty=True, labour_hours=0.0, parts=0)
        settlement = self._settle(partner_ids=[(6, 0, self.agent_partner.ids)])
        settled = settlement.fee_line_ids
        unsettled = self._agent_ticket(warranty=True, labour_hours=0.0, parts=0).fee_line_ids
        self.assertTrue(unsettled)
        other = self._other_settlement(settlement)
        with self.assertRaisesRegex(UserError, "settled meanwhile"):
            (settled | unsettled)._link_settlement(other)
        self.env.invalidate_all()
        self.assertFalse(unsettled.settlement_id, "never half-linked")
        self.assertEqual(set(unsettled.mapped("state")), {"to_settle"})
        self.assertEqual(settled.settlement_id, settlement)
        self.assertFalse(other.fee_line_ids)

    def test_link_refuses_another_company(self):
        lines = self._agent_ticket(warranty=True, labour_hours=0.0, parts=0).fee_line_ids
        settlement = self._settle(partner_ids=[(6, 0, self.agent_partner.ids)])
        company_b = self.env["res.company"].create({"name": "Fee Line Company B"})
        other = self._other_settlement(settlement, company=company_b)
        fresh = self._agent_ticket(warranty=True, labour_hours=0.0, parts=0).fee_line_ids
        with self.assertRaisesRegex(UserError, "another company"):
            fresh._link_settlement(other)
        self.env.invalidate_all()
        self.assertFalse(fresh.settlement_id)
        self.assertEqual(lines.settlement_id, settlement)

    def test_link_checks_the_users_rights(self):
        self._agent_ticket(warranty=True, labour_hours=0.0, parts=0)
        settlement = self._settle(partner_ids=[(6, 0, self.agent_partner.ids)])
        fresh = self._agent_ticket(warranty=True, labour_hours=0.0, parts=0).fee_line_ids
        other = self._other_settlement(settlement)
        # technicians read fee lines but never write them
        with self.assertRaises(AccessError):
            fresh.with_user(self.user_technician)._link_settlement(other)
        self.env.invalidate_all()
        self.assertFalse(fresh.settlement_id)

    def test_link_marks_the_lines_when_more_depends_on_them(self):
        """A field of another module depending on the lines' settlement: the
        lines themselves are marked modified, as after a write."""
        line_model = self.env["aftersales.fee.line"]
        settlement_field = line_model._fields["settlement_id"]
        registry_class = type(self.env.registry)
        get_trigger_tree = registry_class.get_trigger_tree

        def more_triggers(registry, fields, select=bool):
            tree = get_trigger_tree(registry, fields, select)
            if list(fields) == [settlement_field]:
                tree = TriggerTree([*tree.root, line_model._fields["note"]], tree)
            return tree

        self._agent_ticket(warranty=True, labour_hours=0.0, parts=0)
        modified = BaseModel.modified
        marked = []

        def spy(records, fnames, *args, **kwargs):
            if records._name == "aftersales.fee.line" and "settlement_id" in fnames:
                marked.append(records.ids)
            return modified(records, fnames, *args, **kwargs)

        with (
            patch.object(registry_class, "get_trigger_tree", more_triggers),
            patch.object(BaseModel, "modified", spy),
        ):
            settlement = self._settle(partner_ids=[(6, 0, self.agent_partner.ids)])
        self.assertEqual(marked, [settlement.fee_line_ids.ids])
        self.env.invalidate_all()
        self.assertEqual(set(settlement.fee_line_ids.mapped("state")), {"settled"})
        self.assertEqual(settlement.amount_total, sum(settlement.fee_line_ids.mapped("amount")))
        self.assertTrue(settlement.amount_total)
