# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The service profit and loss on the cards of the management dashboard
(aftersales_survey): warranty cost and paid-repair margin per center over
the last twelve months, read from the P&L report."""

from datetime import timedelta
from unittest import SkipTest

from odoo import Command
from odoo.tests import tagged, users
from odoo.tools.misc import format_amount

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestDashboardFigures(AgentsCommon):
    """- California workshop: a paid repair invoiced, 2 hours at 60.00 and a
      pump at 80.00 = 200.00 of paid-repair margin; 30.00 of warranty work
      booked 100 days ago, and 500.00 booked 400 days ago (before the twelve
      months).
    - Texas agent: a warranty repair earning the agent 50.00 plus 10.00 of
      travel = 60.00 of warranty cost, and no paid work.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "aftersales.center.kpi" not in cls.env:
            raise SkipTest("the dashboard is in aftersales_survey, which is not installed")
        workshop_case = cls._create_ticket()
        order = cls._repair(workshop_case, labour_hours=2.0, parts=1).sale_order_id
        order._create_invoices().action_post()
        cls._agent_ticket(warranty=True, travel_distance_km=15.0, visit_count=1)
        cls.env["aftersales.settlement.create"].create(
            {
                "date_from": cls.today,
                "date_to": cls.today,
                "bill_date": cls.today,
                "partner_ids": [Command.set(cls.agent_partner.ids)],
            }
        )._create_settlements()
        cls._warranty_entry(30.0, cls.today - timedelta(days=100))
        cls._warranty_entry(500.0, cls.today - timedelta(days=400))
        cls.currency = cls.company.currency_id

    @classmethod
    def _warranty_entry(cls, amount, date):
        """``amount`` of warranty work of the California workshop, booked by
        hand on ``date``."""
        journal = cls.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", cls.company.id)], limit=1
        )
        entry = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": date,
                "journal_id": journal.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Warranty work",
                            "account_id": cls.account_fee_warranty.id,
                            "debit": amount,
                            "aftersales_work_type": "warranty",
                            "analytic_distribution": {
                                str(cls.workshop_ca.analytic_account_id.id): 100.0
                            },
                        }
                    ),
                    Command.create(
                        {
                            "name": "Warranty work",
                            "account_id": cls.account_payable.id,
                            "credit": amount,
                        }
                    ),
                ],
            }
        )
        entry.action_post()

    def _cards(self, centers):
        self.env.flush_all()
        return self.env["aftersales.center.kpi"].search([("service_center_id", "in", centers.ids)])

    def _figures(self, card):
        return {figure["label"]: figure for figure in card.dashboard_figures or []}

    def _money(self, amount):
        return format_amount(self.env, amount, self.currency)

    @users("as_manager")
    def test_figures_per_center(self):
        cards = self._cards(self.workshop_ca | self.agent_tx)
        workshop = self._figures(cards.filtered(lambda c: c.service_center_id == self.workshop_ca))
        agent = self._figures(cards.filtered(lambda c: c.service_center_id == self.agent_tx))
        self.assertEqual(workshop["Warranty Cost (P&L)"]["value"], self._money(30.0))
        self.assertEqual(workshop["Paid-Repair Margin (P&L)"]["value"], self._money(200.0))
        self.assertEqual(agent["Warranty Cost (P&L)"]["value"], self._money(60.0))
        self.assertEqual(agent["Paid-Repair Margin (P&L)"]["value"], self._money(0.0))

    @users("as_manager")
    def test_figures_open_the_center_s_profit_and_loss(self):
        card = self._cards(self.workshop_ca)
        figures = self._figures(card)
        report = self.env["aftersales.service.pl.report"]
        for label, work_type, measure, amount in (
            ("Warranty Cost (P&L)", "warranty", "warranty_cost", 30.0),
            ("Paid-Repair Margin (P&L)", "paid", "paid_margin", 200.0),
        ):
            action = figures[label]["action"]
            self.assertEqual(action["res_model"], "aftersales.service.pl.report")
            self.assertEqual(action["context"][f"search_default_{work_type}"], 1)
            self.assertNotIn("search_default_filter_date", action["context"])
            # the lines it opens sum up to the figure
            [(total,)] = report._read_group(action["domain"], [], [f"{measure}:sum"])
            self.assertAlmostEqual(total, amount)
            lines = report.search(action["domain"])
            self.assertEqual(set(lines.service_center_id.ids), {self.workshop_ca.id})

    @users("as_manager")
    def test_no_figures_without_rights_on_the_profit_and_loss(self):
        self.env["ir.model.access"].sudo().search(
            [("model_id.model", "=", "aftersales.service.pl.report")]
        ).perm_read = False
        self.assertFalse(self.env["aftersales.service.pl.report"].has_access("read"))
        card = self._cards(self.workshop_ca)
        self.assertEqual(card.service_center_id, self.workshop_ca, "the card itself is read")
        self.assertNotIn("Warranty Cost (P&L)", self._figures(card))
        self.assertNotIn("Paid-Repair Margin (P&L)", self._figures(card))

    @users("as_manager")
    def test_queries_do_not_grow_with_the_centers(self):
        def count_queries(centers):
            cards = self._cards(centers)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            figures = [card.dashboard_figures for card in cards]
            count = self.env.cr.sql_log_count - before
            self.assertEqual(len(figures), len(centers))
            self.assertTrue(all(figures), "every card has its figures")
            return count

        count_queries(self.workshop_ca | self.agent_tx)  # caches warm
        few = count_queries(self.workshop_ca | self.agent_tx)
        more_centers = (
            self.env["aftersales.service.center"]
            .sudo()
            .create(
                [
                    {
                        "name": f"Test Extra Workshop {i}",
                        "code": f"T-X{i}",
                        "center_type": "workshop",
                    }
                    for i in range(5)
                ]
            )
        )
        many = count_queries(self.workshop_ca | self.agent_tx | more_centers.sudo(False))
        self.assertEqual(many, few)
