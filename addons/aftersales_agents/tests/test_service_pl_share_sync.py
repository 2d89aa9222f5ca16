# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo import Command, sql_db
from odoo.tests import tagged

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestServicePlShareSync(AgentsCommon):
    """The profit and loss reads each journal item's shares in the service
    centers from a table kept when entries are posted, reset or cancelled,
    when an item's distribution changes and when a center changes its
    analytic account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account_cost = cls.env["account.account"].create(
            {"code": "T62910", "name": "Test Shared Costs", "account_type": "expense"}
        )
        cls.journal_general = cls.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.ca = str(cls.workshop_ca.analytic_account_id.id)
        cls.tx = str(cls.agent_tx.analytic_account_id.id)

    def _entry(self, distribution, amount=100.0, post=True):
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": self.today,
                "journal_id": self.journal_general.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Shared costs",
                            "account_id": self.account_cost.id,
                            "debit": amount,
                            "analytic_distribution": distribution,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Paid",
                            "account_id": self.account_outstanding.id,
                            "credit": amount,
                        }
                    ),
                ],
            }
        )
        if post:
            entry.action_post()
        return entry

    def _shares(self, entry):
        """{center code: amount} of the entry's stored shares."""
        shares = self.env["aftersales.service.pl.share"].search(
            [("move_line_id", "in", entry.line_ids.ids)]
        )
        return {share.service_center_id.code: share.amount for share in shares}

    def _report(self, entry):
        self.env.flush_all()
        groups = self.env["aftersales.service.pl.report"]._read_group(
            [("move_id", "=", entry.id)], ["service_center_id"], ["cost:sum"]
        )
        return {center.code: cost for center, cost in groups}

    def test_posting_stores_the_shares(self):
        entry = self._entry({self.ca: 40.0, self.tx: 60.0}, post=False)
        self.assertEqual(self._shares(entry), {}, "a draft entry has no share")
        entry.action_post()
        self.assertEqual(self._shares(entry), {"T-CA": -40.0, "T-TX": -60.0})
        self.assertEqual(self._report(entry), {"T-CA": 40.0, "T-TX": 60.0})
        share = self.env["aftersales.service.pl.share"].search(
            [("move_line_id", "in", entry.line_ids.ids)], limit=1
        )
        self.assertEqual(share.date, entry.date)
        self.assertEqual(share.company_id, entry.company_id)

    def test_category_as_posted_outlives_a_change_of_settings(self):
        entry = self._entry({self.ca: 100.0})
        share = self.env["aftersales.service.pl.share"].search(
            [("move_line_id", "in", entry.line_ids.ids)]
        )
        self.assertEqual(share.move_id, entry)
        self.assertEqual(share.category, "other")
        self.assertFalse(share.work_type, "an entry of no case is neither warranty nor paid work")
        # the account becomes the salary account: what was posted keeps its
        # place in the profit and loss; entries posted from now on are pay
        self.company.aftersales_salary_account_id = self.account_cost
        later = self._entry({self.ca: 30.0})
        self.env.flush_all()
        groups = self.env["aftersales.service.pl.report"]._read_group(
            [("move_id", "in", (entry + later).ids)], ["move_id", "category"], ["cost:sum"]
        )
        self.assertEqual(
            {(move, category): cost for move, category, cost in groups},
            {(entry, "other"): 100.0, (later, "technician_pay"): 30.0},
        )

    def test_reset_and_cancel_remove_the_shares(self):
        entry = self._entry({self.ca: 100.0})
        entry.button_draft()
        self.assertEqual(self._shares(entry), {})
        self.assertEqual(self._report(entry), {})
        entry.action_post()
        self.assertEqual(self._report(entry), {"T-CA": 100.0})
        entry.button_draft()
        entry.button_cancel()
        self.assertEqual(self._shares(entry), {})

    def test_editing_the_distribution_of_a_posted_item(self):
        entry = self._entry({self.ca: 100.0})
        item = entry.line_ids.filtered("debit")
        item.analytic_distribution = {self.tx: 50.0}
        self.assertEqual(self._shares(entry), {"T-TX": -50.0})
        self.assertEqual(self._report(entry), {"T-TX": 50.0})
        item.analytic_distribution = False
        self.assertEqual(self._report(entry), {})

    def test_center_changing_its_account_takes_its_past_entries(self):
        entry = self._entry({self.ca: 100.0})
        other = self._entry({self.tx: 100.0})
        ca_account = self.workshop_ca.analytic_account_id
        # California moves to Texas' account: Texas' entries are California's too
        self.workshop_ca.analytic_account_id = self.agent_tx.analytic_account_id
        self.assertEqual(self._report(entry), {})
        self.assertEqual(self._report(other), {"T-CA": 100.0, "T-TX": 100.0})
        self.workshop_ca.analytic_account_id = ca_account
        self.assertEqual(self._report(entry), {"T-CA": 100.0})
        self.assertEqual(self._report(other), {"T-TX": 100.0})

    def test_new_center_on_an_account_with_entries(self):
        entry = self._entry({self.tx: 100.0})
        center = self.env["aftersales.service.center"].create(
            {
                "name": "Test Texas Annex",
                "code": "T-TXA",
                "center_type": "agent",
                "analytic_account_id": self.agent_tx.analytic_account_id.id,
            }
        )
        self.assertEqual(center.analytic_account_id, self.agent_tx.analytic_account_id)
        self.assertEqual(self._report(entry), {"T-TX": 100.0, "T-TXA": 100.0})

    def test_new_center_gets_a_new_account_without_entries(self):
        center = self.env["aftersales.service.center"].create(
            {"name": "Test Nevada", "code": "T-NV", "center_type": "workshop"}
        )
        self.assertTrue(center.analytic_account_id)
        entry = self._entry({str(center.analytic_account_id.id): 100.0})
        self.assertEqual(self._report(entry), {"T-NV": 100.0})

    def test_posting_a_batch_runs_the_same_share_queries_as_one_entry(self):
        def share_queries(count):
            entries = self.env["account.move"].concat(
                *(self._entry({self.ca: 30.0, self.tx: 70.0}, post=False) for _i in range(count))
            )
            self.env.flush_all()
            queries = []
            execute = sql_db.Cursor.execute

            def logged(cursor, query, params=None, log_exceptions=True):
                queries.append(str(query))
                return execute(cursor, query, params, log_exceptions)

            with patch.object(sql_db.Cursor, "execute", logged):
                entries.action_post()
                self.env.flush_all()
            for entry in entries:
                self.assertEqual(self._shares(entry), {"T-CA": -30.0, "T-TX": -70.0})
            return [query for query in queries if "aftersales_service_pl_share" in query]

        one = share_queries(1)
        self.assertTrue(one)
        self.assertEqual(len(share_queries(5)), len(one))
