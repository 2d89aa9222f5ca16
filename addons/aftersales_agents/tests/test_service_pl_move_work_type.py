# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestServicePlMoveWorkType(AgentsCommon):
    """Journal entries keep the work type their case gives them, which the
    service P&L reads for items that carry none themselves.

    - a 70.00 cost booked on the California workshop for a case in warranty;
    - a 30.00 cost booked on the workshop with no case.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account_other = cls.env["account.account"].create(
            {"code": "T64100", "name": "Test Workshop Supplies", "account_type": "expense"}
        )
        cls.journal = cls.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.case = cls._create_ticket(**cls._warranty_values())
        cls.case_entry = cls._cost_entry(70.0, ticket=cls.case)
        cls.plain_entry = cls._cost_entry(30.0)

    @classmethod
    def _cost_entry(cls, amount, ticket=None):
        workshop = {str(cls.workshop_ca.analytic_account_id.id): 100.0}
        entry = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": cls.today,
                "journal_id": cls.journal.id,
                "aftersales_ticket_id": ticket and ticket.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Supplies",
                            "account_id": cls.account_other.id,
                            "debit": amount,
                            "analytic_distribution": workshop,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Supplies paid",
                            "account_id": cls.account_outstanding.id,
                            "credit": amount,
                        }
                    ),
                ],
            }
        )
        entry.action_post()
        return entry

    def _figures(self):
        self.env.flush_all()
        groups = self.env["aftersales.service.pl.report"]._read_group(
            [("service_center_id", "=", self.workshop_ca.id), ("category", "=", "other")],
            ["move_id", "work_type"],
            ["amount:sum", "paid_margin:sum", "warranty_cost:sum"],
        )
        return {(move, work_type): figures for move, work_type, *figures in groups}

    def test_entry_follows_its_case(self):
        self.assertEqual(self.case.warranty_state, "in_warranty")
        self.assertEqual(self.case_entry.aftersales_work_type, "warranty")
        self.assertFalse(self.plain_entry.aftersales_work_type)
        self.assertEqual(
            self._figures(),
            {
                (self.case_entry, "warranty"): [-70.0, 0.0, 70.0],
                (self.plain_entry, False): [-30.0, 0.0, 0.0],
            },
        )
        # the warranty does not hold after all: the case's costs are paid work
        self.case.write(
            {"warranty_override_state": "expired", "warranty_override_reason": "Expired"}
        )
        self.assertEqual(self.case.warranty_state, "expired")
        self.assertEqual(self.case_entry.aftersales_work_type, "paid")
        self.assertFalse(self.plain_entry.aftersales_work_type)
        self.assertEqual(
            self._figures(),
            {
                (self.case_entry, "paid"): [-70.0, -70.0, 0.0],
                (self.plain_entry, False): [-30.0, 0.0, 0.0],
            },
        )

    def test_filled_in_sql_as_computed(self):
        """The column added on an existing ledger is filled in one statement,
        with the values the compute gives."""
        warranty_case = self._create_ticket(**self._warranty_values())
        paid_case = self._create_ticket()
        moves = (
            self.case_entry
            | self.plain_entry
            | self._cost_entry(10.0, ticket=warranty_case)
            | self._cost_entry(20.0, ticket=paid_case)
        )
        computed = {move: move.aftersales_work_type for move in moves}
        self.assertEqual(list(computed.values()), ["warranty", False, "warranty", "paid"])
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move SET aftersales_work_type = NULL WHERE id IN %s",
            [tuple(moves.ids)],
        )
        moves.invalidate_recordset(["aftersales_work_type"])
        self.env["account.move"]._sql_fill_aftersales_work_type()
        self.assertEqual({move: move.aftersales_work_type for move in moves}, computed)
