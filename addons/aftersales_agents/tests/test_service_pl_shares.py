# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestServicePlShares(AgentsCommon):
    """A journal item is one line of the profit and loss per service center
    its distribution names, whatever the number of distribution entries
    naming the center: their shares, each rounded to the cent, add up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account_other_cost = cls.env["account.account"].create(
            {"code": "T62900", "name": "Test Other Service Costs", "account_type": "expense"}
        )
        ca = str(cls.workshop_ca.analytic_account_id.id)
        tx = str(cls.agent_tx.analytic_account_id.id)
        cls.entry = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": cls.today,
                "journal_id": cls.env["account.journal"]
                .search([("type", "=", "general"), ("company_id", "=", cls.company.id)], limit=1)
                .id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Shared workshop costs",
                            "account_id": cls.account_other_cost.id,
                            "debit": 10.01,
                            # California alone for a third, with Texas for the rest
                            "analytic_distribution": {ca: 33.33, f"{ca},{tx}": 66.67},
                        }
                    ),
                    Command.create(
                        {
                            "name": "Paid",
                            "account_id": cls.account_outstanding.id,
                            "credit": 10.01,
                        }
                    ),
                ],
            }
        )
        cls.entry.action_post()
        cls.item = cls.entry.line_ids.filtered(lambda line: line.debit)

    def test_one_line_per_item_and_center(self):
        self.env.flush_all()
        lines = self.env["aftersales.service.pl.report"].search(
            [("move_line_id", "=", self.item.id)]
        )
        self.assertEqual(
            sorted((line.service_center_id.code, line.amount, line.cost) for line in lines),
            # California: 3.34 + 6.67 (10.01 x 33.33% and x 66.67%); Texas: 6.67
            [("T-CA", -10.01, 10.01), ("T-TX", -6.67, 6.67)],
        )

    def test_lines_have_their_own_ids(self):
        self.env.flush_all()
        report = self.env["aftersales.service.pl.report"]
        groups = report._read_group([], [], ["__count", "id:count_distinct"])
        self.assertEqual(groups[0][0], groups[0][1])
        self.assertGreater(groups[0][0], 2)

    def test_filter_on_the_centers_figures(self):
        self.env.flush_all()
        groups = self.env["aftersales.service.pl.report"]._read_group(
            [("move_id", "=", self.entry.id)], ["service_center_id"], ["cost:sum"]
        )
        self.assertEqual(
            {center.code: cost for center, cost in groups}, {"T-CA": 10.01, "T-TX": 6.67}
        )
