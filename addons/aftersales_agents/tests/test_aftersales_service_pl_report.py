# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged, users

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestAftersalesServicePlReport(AgentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        workshop = {str(cls.workshop_ca.analytic_account_id.id): 100.0}
        # revenue: a paid repair at the workshop, 120.00 labour + 80.00 parts
        cls.repair = cls._create_ticket()
        order = cls._repair(cls.repair, labour_hours=2.0, parts=1).sale_order_id
        invoice = order._create_invoices()
        invoice.action_post()
        # a draft invoice is not in the ledger yet
        draft = cls._create_ticket()
        cls._repair(draft, labour_hours=5.0).sale_order_id._create_invoices()
        # agent fees (agent workshop) and technician commission (workshop)
        cls._agent_ticket(labour_hours=2.0, parts=1)
        technician_case = cls._create_ticket(technician_id=cls.user_technician.id)
        cls._repair(technician_case, labour_hours=3.0)
        technician_case.stage_id = cls.stage_done
        wizard = cls.env["aftersales.settlement.create"].create(
            {
                "date_from": cls.today,
                "date_to": cls.today,
                "partner_ids": [
                    Command.set((cls.agent_partner | cls.user_technician.partner_id).ids)
                ],
            }
        )
        wizard._create_settlements()
        # salary of the workshop's technician, booked by payroll
        cls.account_parts_cost = cls.env["account.account"].create(
            {"code": "T50100", "name": "Test Parts Cost", "account_type": "expense_direct_cost"}
        )
        entry = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": cls.today,
                "journal_id": cls.env["account.journal"]
                .search([("type", "=", "general"), ("company_id", "=", cls.company.id)], limit=1)
                .id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Salary",
                            "account_id": cls.account_salary.id,
                            "debit": 1000.0,
                            "analytic_distribution": workshop,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Parts used from stock",
                            "account_id": cls.account_parts_cost.id,
                            "debit": 30.0,
                            "analytic_distribution": {
                                str(cls.workshop_ca.analytic_account_id.id): 50.0,
                                str(cls.agent_tx.analytic_account_id.id): 50.0,
                            },
                        }
                    ),
                    Command.create(
                        {
                            "name": "Payroll and stock",
                            "account_id": cls.account_outstanding.id,
                            "credit": 1030.0,
                        }
                    ),
                ],
            }
        )
        entry.action_post()

    def _figures(self):
        self.env.flush_all()
        groups = self.env["aftersales.service.pl.report"]._read_group(
            [("service_center_id", "in", (self.workshop_ca | self.agent_tx).ids)],
            ["service_center_id", "category"],
            ["amount:sum", "revenue:sum", "cost:sum"],
        )
        return {
            (center.code, category): (amount, revenue, cost)
            for center, category, amount, revenue, cost in groups
        }

    def test_profit_and_loss_per_center(self):
        self.assertEqual(
            self._figures(),
            {
                ("T-CA", "revenue"): (200.0, 200.0, 0.0),
                ("T-CA", "technician_pay"): (-1018.0, 0.0, 1018.0),
                ("T-CA", "parts"): (-15.0, 0.0, 15.0),
                ("T-TX", "agent_fee"): (-56.0, 0.0, 56.0),
                ("T-TX", "parts"): (-15.0, 0.0, 15.0),
            },
        )

    def test_cancelled_bill_leaves_the_ledger(self):
        settlement = self.env["aftersales.settlement"].search(
            [("partner_id", "=", self.agent_partner.id)]
        )
        settlement.move_id.button_cancel()
        self.assertNotIn(("T-TX", "agent_fee"), self._figures())

    @users("as_manager")
    def test_manager_reads_the_report(self):
        self.assertTrue(self._figures())

    @users("as_accountant")
    def test_accountant_reads_the_report(self):
        self.assertTrue(self._figures())

    @users("as_technician")
    def test_technician_does_not(self):
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            self.env["aftersales.service.pl.report"].search([])
