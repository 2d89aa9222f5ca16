# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
import time
from datetime import timedelta

import psycopg2

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestAftersalesSettlement(AgentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # warranty work with two visits 35 km away: 50.00 + 2 x 25.00
        cls.ticket_warranty = cls._agent_ticket(
            warranty=True, visit_count=2, travel_distance_km=35.0
        )
        # paid work: 40 % of 120.00 labour + 10 % of 80.00 parts
        cls.ticket_paid = cls._agent_ticket(labour_hours=2.0, parts=1)
        # the technician's own case: 10 % of 180.00 labour
        cls.ticket_technician = cls._create_ticket(technician_id=cls.user_technician.id)
        cls._repair(cls.ticket_technician, labour_hours=3.0)
        cls.ticket_technician.stage_id = cls.stage_done

    def _items(self, move):
        """Journal items as comparable tuples (account code, debit, credit)."""
        return sorted((line.account_id.code, line.debit, line.credit) for line in move.line_ids)

    # ------------------------------------------------------------
    # Settlement, bill, payment
    # ------------------------------------------------------------

    def test_settlement_bill_and_payment(self):
        with Form(self.env["aftersales.settlement.create"]) as form:
            form.date_from = self.today - timedelta(days=30)
            form.date_to = self.today
            form.partner_ids.add(self.agent_partner)
            form.partner_ids.add(self.user_technician.partner_id)
            self.assertEqual(form.journal_id, self.journal_fees, "the configured journal")
        action = form.record.action_settle()
        settlements = self.env["aftersales.settlement"].search(action["domain"])
        self.assertEqual(len(settlements), 2, "one settlement per provider")
        agent = settlements.filtered(lambda s: s.provider_type == "agent")
        technician = settlements - agent

        # the agent: 100.00 of warranty work and 56.00 of paid work
        self.assertEqual(agent.partner_id, self.agent_partner)
        self.assertEqual(agent.provider_center_id, self.agent_tx)
        self.assertEqual(agent.amount_total, 156.0)
        self.assertEqual(agent.ticket_count, 2)
        self.assertEqual(agent.fee_line_ids, (self.ticket_warranty | self.ticket_paid).fee_line_ids)
        bill = agent.move_id
        self.assertEqual((bill.move_type, bill.state), ("in_invoice", "posted"))
        self.assertEqual(bill.journal_id, self.journal_fees)
        self.assertEqual(bill.partner_id, self.agent_partner)
        self.assertEqual(bill.ref, agent.name)
        self.assertEqual(agent.state, "posted")
        self.assertEqual(
            self._items(bill),
            [
                ("T13100", 15.6, 0.0),  # purchase tax 10 %
                ("T21100", 0.0, 171.6),  # owed to the agent
                ("T61100", 100.0, 0.0),  # warranty repair fees
                ("T61200", 56.0, 0.0),  # paid repair fees
            ],
        )
        analytic = str(self.agent_tx.analytic_account_id.id)
        for line in bill.invoice_line_ids:
            self.assertEqual(line.analytic_distribution, {analytic: 100.0})
            self.assertEqual(line.aftersales_pl_category, "agent_fee")
        self.assertEqual(
            sorted(bill.invoice_line_ids.analytic_line_ids.mapped("amount")), [-100.0, -56.0]
        )

        # the technician: 18.00 of commission, no tax, on the workshop's account
        self.assertEqual(technician.user_id, self.user_technician)
        self.assertEqual(
            self._items(technician.move_id), [("T21100", 0.0, 18.0), ("T61300", 18.0, 0.0)]
        )
        self.assertEqual(
            technician.move_id.invoice_line_ids.analytic_distribution,
            {str(self.workshop_ca.analytic_account_id.id): 100.0},
        )

        # paid with the accounting's own payment wizard
        wizard_action = agent.action_register_payment()
        self.assertEqual(wizard_action["res_model"], "account.payment.register")
        register = (
            self.env["account.payment.register"]
            .with_context(**wizard_action["context"])
            .create({"journal_id": self.journal_bank.id, "payment_date": self.today})
        )
        payment = register._create_payments()
        self.assertEqual(payment.amount, 171.6)
        self.assertEqual(
            self._items(payment.move_id), [("T10900", 0.0, 171.6), ("T21100", 171.6, 0.0)]
        )
        self.assertEqual(bill.payment_state, "paid")
        self.assertEqual(agent.state, "paid")
        self.assertEqual(set(agent.fee_line_ids.mapped("state")), {"paid"})
        self.assertEqual(technician.state, "posted", "the technician is not paid yet")

    def test_settle_once(self):
        first = self._settle()
        self.assertEqual(len(first), 2)
        with self.assertRaises(UserError) as nothing:
            self._settle()
        # the period's end as the user reads dates (English: month/day/year)
        end = self.today + timedelta(days=1)
        self.assertIn(f"Nothing to settle up to {end.strftime('%m/%d/%Y')}", str(nothing.exception))
        later = self._agent_ticket(warranty=True)
        second = self._settle()
        self.assertEqual(second.fee_line_ids, later.fee_line_ids, "only what is new")

    def test_provider_filters(self):
        settlements = self._settle(provider_type="technician")
        self.assertEqual(settlements.user_id, self.user_technician)
        self.assertEqual(self.ticket_paid.fee_line_ids.mapped("state"), ["to_settle"] * 2)
        agent_only = self._settle(partner_ids=[Command.set(self.agent_partner.ids)])
        self.assertEqual(agent_only.partner_id, self.agent_partner)

    def test_period_limits(self):
        self.ticket_paid.fee_line_ids.write({"date": self.today - timedelta(days=60)})
        settlement = self._settle(
            include_earlier=False, partner_ids=[Command.set(self.agent_partner.ids)]
        )
        self.assertNotIn(self.ticket_paid.fee_line_ids[0], settlement.fee_line_ids)
        settlement = self._settle(partner_ids=[Command.set(self.agent_partner.ids)])
        self.assertEqual(settlement.fee_line_ids, self.ticket_paid.fee_line_ids)
        self.assertEqual(settlement.date_from, self.today - timedelta(days=60))

    def test_draft_bills(self):
        settlements = self._settle(post_bills=False)
        self.assertEqual(set(settlements.mapped("state")), {"draft"})
        settlements.action_post_bill()
        self.assertEqual(set(settlements.mapped("state")), {"posted"})

    def test_foreign_agent_billed_under_its_fiscal_position(self):
        """A foreign agent's bill gets the agent's fiscal position, and its
        lines the taxes (and accounts) that position maps to."""
        tax_domestic = self._create_tax(
            "Test Purchase 15%", 15.0, "purchase", self.account_tax_paid
        )
        tax_export = self._create_tax(
            "Test Purchase Abroad 0%", 0.0, "purchase", self.account_tax_paid
        )
        account_foreign = self.env["account.account"].create(
            {"code": "T61150", "name": "Test Foreign Agent Fees", "account_type": "expense"}
        )
        self.env["aftersales.fee.account"].search(
            [("company_id", "=", self.company.id), ("service_type", "=", "warranty_repair")]
        ).tax_ids = tax_domestic
        fiscal_position = self.env["account.fiscal.position"].create(
            {
                "name": "Test Agents Abroad",
                "auto_apply": True,
                "country_id": self.env.ref("base.mx").id,
                "tax_ids": [
                    Command.create({"tax_src_id": tax_domestic.id, "tax_dest_id": tax_export.id})
                ],
                "account_ids": [
                    Command.create(
                        {
                            "account_src_id": self.account_fee_warranty.id,
                            "account_dest_id": account_foreign.id,
                        }
                    )
                ],
            }
        )
        self.agent_partner.country_id = self.env.ref("base.mx")

        settlement = self._settle(partner_ids=[Command.set(self.agent_partner.ids)])
        bill = settlement.move_id
        self.assertEqual(bill.fiscal_position_id, fiscal_position)
        warranty_line = bill.invoice_line_ids.filtered(lambda line: line.price_unit == 100.0)
        self.assertEqual(warranty_line.tax_ids, tax_export, "15 % at home, 0 % abroad")
        self.assertEqual(warranty_line.account_id, account_foreign)
        self.assertEqual(
            self._items(bill),
            [
                ("T13100", 5.6, 0.0),  # 10 % on the paid work, not mapped
                ("T21100", 0.0, 161.6),
                ("T61150", 100.0, 0.0),  # warranty fees, mapped, no tax
                ("T61200", 56.0, 0.0),
            ],
        )

        # a domestic agent keeps the domestic tax
        self.agent_partner.country_id = self.country
        self.ticket_warranty.fee_line_ids.settlement_id.move_id.button_cancel()
        settlement = self._settle(partner_ids=[Command.set(self.agent_partner.ids)])
        self.assertFalse(settlement.move_id.fiscal_position_id)
        self.assertEqual(
            settlement.move_id.invoice_line_ids.filtered(
                lambda line: line.price_unit == 100.0
            ).tax_ids,
            tax_domestic,
        )

    # ------------------------------------------------------------
    # Bad input: nothing is half created
    # ------------------------------------------------------------

    def _assert_nothing_created(self, error, **values):
        settlement_count = self.env["aftersales.settlement"].search_count([])
        move_count = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, error):
            self._settle(**values)
        self.assertEqual(self.env["aftersales.settlement"].search_count([]), settlement_count)
        self.assertEqual(self.env["account.move"].search_count([]), move_count)
        self.assertFalse(
            (self.ticket_paid | self.ticket_warranty).fee_line_ids.filtered("settlement_id")
        )

    def test_missing_expense_account(self):
        self.env["aftersales.fee.account"].search(
            [("service_type", "=", "warranty_repair")]
        ).unlink()
        self._assert_nothing_created("expense account of Warranty Repair fees")

    def test_missing_journal(self):
        self.company.aftersales_fee_journal_id = False
        self._assert_nothing_created("Choose the purchase journal")
        self._assert_nothing_created("is not a purchase journal", journal_id=self.journal_bank.id)

    def test_missing_payable_account(self):
        self.env["ir.default"].search(
            [
                ("field_id.model", "=", "res.partner"),
                ("field_id.name", "=", "property_account_payable_id"),
            ]
        ).unlink()
        self.agent_partner.property_account_payable_id = False
        self._assert_nothing_created("Test Texas Agent Co")

    def test_inverted_period(self):
        self._assert_nothing_created(
            "The period is inverted", date_from=self.today, date_to=self.today - timedelta(days=5)
        )

    def test_failure_rolls_back_everything(self):
        """An error on the last bill leaves no settlement of the first ones."""
        settlement_model = self.env.registry["aftersales.settlement"]
        original = settlement_model._prepare_bill_vals

        def failing(settlement, journal, bill_date, accounts, **kwargs):
            if settlement.provider_type == "technician":
                # any error of the accounting on the last bill
                raise UserError(settlement.name)
            return original(settlement, journal, bill_date, accounts, **kwargs)

        settlement_model._prepare_bill_vals = failing
        try:
            self._assert_nothing_created(r"FEE/\d{4}/")
        finally:
            settlement_model._prepare_bill_vals = original

    # ------------------------------------------------------------
    # Cancel, credit and resettle
    # ------------------------------------------------------------

    def test_cancel_bill_releases_fees(self):
        first = self._settle(partner_ids=[Command.set(self.agent_partner.ids)])
        lines = first.fee_line_ids
        first.move_id.button_cancel()
        self.assertEqual(first.state, "cancelled")
        self.assertFalse(lines.settlement_id)
        self.assertEqual(set(lines.mapped("state")), {"to_settle"})
        self.assertEqual(first.released_fee_line_ids, lines)
        self.assertEqual(lines.previous_settlement_ids, first)
        self.assertIn("released", first.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "cannot come back"):
            first.move_id.button_draft()
        second = self._settle(partner_ids=[Command.set(self.agent_partner.ids)])
        self.assertEqual(second.fee_line_ids, lines)
        self.assertEqual(second.amount_total, 156.0)
        self.assertNotEqual(second.move_id, first.move_id)

    def test_deleted_draft_bill_releases_fees(self):
        settlement = self._settle(
            post_bills=False, partner_ids=[Command.set(self.agent_partner.ids)]
        )
        lines = settlement.fee_line_ids
        settlement.move_id.unlink()
        self.assertEqual(settlement.state, "cancelled")
        self.assertFalse(lines.settlement_id)

    def test_credited_bill_releases_fees(self):
        settlement = self._settle(partner_ids=[Command.set(self.agent_partner.ids)])
        lines = settlement.fee_line_ids
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=settlement.move_id.ids)
            .create({"journal_id": self.journal_fees.id, "date": self.today})
        )
        reversal.refund_moves()
        self.assertEqual(settlement.state, "posted", "a draft credit note changes nothing yet")
        self.assertEqual(lines.settlement_id, settlement)
        settlement.move_id.reversal_move_ids.action_post()
        self.assertEqual(settlement.move_id.payment_state, "reversed")
        self.assertEqual(settlement.state, "cancelled")
        self.assertFalse(lines.settlement_id)

    def test_provider_owing_gets_a_refund(self):
        settled = self._settle(partner_ids=[Command.set(self.agent_partner.ids)])
        self.ticket_paid.stage_id = self.stage_cancelled
        refund = self._settle(partner_ids=[Command.set(self.agent_partner.ids)])
        self.assertEqual(refund.amount_total, -56.0)
        self.assertEqual(refund.move_id.move_type, "in_refund")
        self.assertEqual(
            self._items(refund.move_id),
            [("T13100", 0.0, 5.6), ("T21100", 61.6, 0.0), ("T61200", 0.0, 56.0)],
        )
        self.assertNotEqual(settled, refund)

    # ------------------------------------------------------------
    # Access
    # ------------------------------------------------------------

    def test_access_per_role(self):
        settlements = self._settle()
        agent = settlements.filtered(lambda s: s.provider_type == "agent")
        technician = settlements - agent
        settlement_model = self.env["aftersales.settlement"]
        domain = [("id", "in", settlements.ids)]
        self.assertEqual(settlement_model.with_user(self.user_portal_agent).search(domain), agent)
        self.assertEqual(
            settlement_model.with_user(self.user_technician).search(domain), technician
        )
        self.assertFalse(settlement_model.with_user(self.user_technician_other).search(domain))
        self.assertEqual(
            settlement_model.with_user(self.user_agent_manager).search(domain), settlements
        )
        with self.assertRaises(AccessError):
            self.env["aftersales.settlement.create"].with_user(self.user_agent_manager).create(
                {"date_from": self.today, "date_to": self.today}
            )
        with self.assertRaises(AccessError):
            agent.with_user(self.user_portal_agent).move_id.write({"ref": "changed"})

    def test_accountant_settles_with_own_rights(self):
        self.ticket_warranty.fee_line_ids.invalidate_recordset()
        wizard = (
            self.env["aftersales.settlement.create"]
            .with_user(self.user_accountant)
            .create(
                {
                    "date_from": self.today - timedelta(days=30),
                    "date_to": self.today,
                    "partner_ids": [Command.set(self.agent_partner.ids)],
                }
            )
        )
        settlement = wizard._create_settlements()
        self.assertEqual(settlement.create_uid, self.user_accountant)
        self.assertEqual(settlement.move_id.state, "posted")
        self.assertEqual(settlement.move_id.create_uid, self.user_accountant)


@tagged("post_install", "-at_install")
class TestAftersalesSettlementPortal(AgentsCommon, HttpCase):
    def test_accountant_settles_and_pays_in_the_browser(self):
        ticket = self._agent_ticket(warranty=True)
        # "last month" as the accountant's wizard sees it, in the accountant's
        # time zone (around midnight it may differ from the test's today)
        today = fields.Date.context_today(
            self.env["aftersales.settlement.create"].with_user(self.user_accountant)
        )
        last_month = today.replace(day=1) - timedelta(days=5)
        ticket.fee_line_ids.write({"date": last_month})
        self.start_tour(
            "/odoo/action-aftersales_agents.aftersales_settlement_create_action",
            "aftersales_agents_settle_and_pay_tour",
            login="as_accountant",
        )
        settlement = ticket.fee_line_ids.settlement_id
        self.assertEqual(settlement.partner_id, self.agent_partner)
        self.assertEqual(settlement.state, "paid")
        self.assertEqual(settlement.move_id.payment_state, "paid")

    def test_accountant_settles_through_json_rpc(self):
        tickets = self._agent_ticket(warranty=True)
        tickets |= self._agent_ticket(warranty=True)
        lines = tickets.fee_line_ids
        self.assertTrue(lines)
        today = fields.Date.context_today(
            self.env["aftersales.settlement.create"].with_user(self.user_accountant)
        )
        self.authenticate("as_accountant", "as_accountant")
        wizard_id = self.make_jsonrpc_request(
            "/web/dataset/call_kw/aftersales.settlement.create/create",
            {
                "model": "aftersales.settlement.create",
                "method": "create",
                "args": [
                    {
                        "date_from": str(today - timedelta(days=30)),
                        "date_to": str(today + timedelta(days=1)),
                        "partner_ids": [Command.set(self.agent_partner.ids)],
                    }
                ],
                "kwargs": {},
            },
        )
        action = self.make_jsonrpc_request(
            "/web/dataset/call_kw/aftersales.settlement.create/action_settle",
            {
                "model": "aftersales.settlement.create",
                "method": "action_settle",
                "args": [[wizard_id]],
                "kwargs": {},
            },
        )
        self.env.invalidate_all()
        settlement = lines.settlement_id
        self.assertEqual(len(settlement), 1)
        self.assertEqual(action["domain"], [["id", "in", settlement.ids]])
        self.assertEqual(set(lines.mapped("state")), {"settled"})
        self.assertEqual(lines.write_uid, self.user_accountant)
        self.assertEqual(settlement.line_count, len(lines))
        self.assertEqual(settlement.ticket_count, 2)
        self.assertEqual(settlement.move_id.amount_untaxed, sum(lines.mapped("amount")))
        # the fee lines are the settlement's: their link is not for the API
        with mute_logger("odoo.http"), self.assertRaises(Exception) as refused:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/aftersales.fee.line/_link_settlement",
                {
                    "model": "aftersales.fee.line",
                    "method": "_link_settlement",
                    "args": [lines.ids, settlement.id],
                    "kwargs": {},
                },
            )
        self.assertIn("AccessError", str(refused.exception))

    def test_agent_statement_pages(self):
        ticket = self._agent_ticket(warranty=True)
        own_case = self._create_ticket(technician_id=self.user_technician.id)
        self._repair(own_case, labour_hours=1.0)
        own_case.stage_id = self.stage_done
        settlements = self._settle()
        agent = settlements.filtered(lambda s: s.provider_type == "agent")
        technician = settlements - agent
        self.authenticate("as_portal_agent", "as_portal_agent")
        response = self.url_open("/my/fee-statements")
        self.assertEqual(response.status_code, 200)
        self.assertIn(agent.name, response.text)
        self.assertNotIn(technician.name, response.text)
        response = self.url_open(f"/my/fee-statements/{agent.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(ticket.name, response.text)
        self.assertIn(agent.bill_name, response.text)
        response = self.url_open(f"/my/fee-statements/{technician.id}")
        self.assertTrue(
            response.url.endswith("/my/fee-statements"),
            "someone else's statement: back to the list",
        )


@tagged("post_install", "-at_install")
class TestAftersalesSettlementConcurrency(TransactionCase):
    """Two accountants settle the same fees at the same time, each in their
    own transaction on committed data: every fee line ends up settled once.

    Both transactions must see the fees, so the fees (and only what they
    need) are committed by a connection of their own, never by the test's
    transaction. The removal is registered before anything is committed and
    runs on a fresh connection whatever happens: it removes what was
    committed and what the accountants' transactions committed."""

    def setUp(self):
        super().setUp()
        self.threads = []

    def _committed_env(self):
        registry = self.registry
        cr = registry.cursor()
        return cr, api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _commit_fees(self):
        """Commit the fees of six done cases of an agent; return the ids of
        what was committed, by name."""
        ids = {}
        self.addCleanup(self._remove_committed, ids)

        def keep(name, records):
            ids[name] = (records._name, records.ids)
            return records

        cr, env = self._committed_env()
        try:
            company = env.company
            if not company.chart_template:
                self.skipTest("the company has no chart of accounts")
            stage_done = env.ref("aftersales_reception.stage_done")
            state_tx = env.ref("base.state_us_44")
            service_type = env["aftersales.service.type"]._get_by_code(["paid_repair"])
            agent = keep(
                "agent",
                env["res.partner"].create({"name": "Concurrent Agent Co", "is_company": True}),
            )
            customer = keep(
                "customer",
                env["res.partner"].create(
                    {
                        "name": "Concurrent Customer",
                        "state_id": state_tx.id,
                        "country_id": state_tx.country_id.id,
                    }
                ),
            )
            center = keep(
                "center",
                env["aftersales.service.center"].create(
                    {
                        "name": "Concurrent Agent Workshop",
                        "code": "T-CONC",
                        "center_type": "agent",
                        "partner_id": agent.id,
                    }
                ),
            )
            keep("analytic", center.analytic_account_id)
            keep(
                "journal",
                env["account.journal"].create(
                    {"name": "Concurrent Fee Bills", "code": "TCON", "type": "purchase"}
                ),
            )
            if not env["aftersales.fee.account"]._find(company, "agent", "paid_repair"):
                keep(
                    "fee_account",
                    env["aftersales.fee.account"].create(
                        {
                            "service_type": "paid_repair",
                            "account_id": env["account.account"]
                            .search(
                                [
                                    ("account_type", "=", "expense"),
                                    ("company_ids", "in", company.id),
                                ],
                                limit=1,
                            )
                            .id,
                        }
                    ),
                )
            today = fields.Date.context_today(env["aftersales.ticket"])
            contract = keep(
                "contract",
                env["aftersales.agent.contract"].create(
                    {
                        "service_center_id": center.id,
                        "date_start": today - timedelta(days=10),
                        "date_end": today + timedelta(days=10),
                        "service_type_ids": [Command.set(service_type["paid_repair"].ids)],
                        "rule_ids": [Command.create({"kind": "fixed", "amount": 25.0})],
                    }
                ),
            )
            contract.action_activate()
            tickets = keep(
                "tickets",
                env["aftersales.ticket"].create(
                    [
                        {
                            "partner_id": customer.id,
                            "service_center_id": center.id,
                            "service_type": "paid_repair",
                            "stage_id": stage_done.id,
                        }
                        for _index in range(6)
                    ]
                ),
            )
            self.assertEqual(len(tickets.fee_line_ids), 6)
            cr.commit()  # pylint: disable=invalid-commit
        finally:
            cr.close()
        return ids

    def _remove_committed(self, ids):
        """Remove what ``_commit_fees`` committed and what was settled from
        it, in a connection of its own."""
        if not ids:
            return
        for thread in self.threads:
            thread.join(timeout=60)  # the accountants' transactions are over
        cr, env = self._committed_env()
        try:

            def get(name):
                model, record_ids = ids.get(name, ("res.partner", []))
                return env[model].browse(record_ids).exists()

            agent, tickets = get("agent"), get("tickets")
            fee_lines = env["aftersales.fee.line"].search([("ticket_id", "in", tickets.ids)])
            settlements = fee_lines.settlement_id | env["aftersales.settlement"].search(
                [("partner_id", "in", agent.ids)]
            )
            # deleting a draft bill releases its fee lines
            bills = env["account.move"].search([("partner_id", "in", agent.ids)])
            (settlements.move_id | bills).unlink()
            fee_lines.write({"settlement_id": False})
            settlements.unlink()
            fee_lines.unlink()
            tickets.unlink()
            contract = get("contract")
            contract.write({"state": "draft"})
            contract.unlink()
            env["aftersales.settlement.create"].search([("partner_ids", "in", agent.ids)]).unlink()
            center = get("center")
            # the stock locations set up for the workshop
            location_model = env["stock.location"].with_context(active_test=False)
            for name, field in location_model._fields.items():
                if field.store and field.comodel_name == "aftersales.service.center":
                    location_model.search([(name, "in", center.ids)]).unlink()
            center.unlink()
            get("analytic").unlink()
            get("fee_account").unlink()
            get("journal").unlink()
            (get("customer") | agent).unlink()
            cr.commit()  # pylint: disable=invalid-commit
        finally:
            cr.close()

    def test_concurrent_settlements(self):
        ids = self._commit_fees()
        barrier = threading.Barrier(2, timeout=30)
        outcomes = {}

        def settle(name):
            cr, env = self._committed_env()
            try:
                today = fields.Date.context_today(env["aftersales.settlement.create"])
                wizard = env["aftersales.settlement.create"].create(
                    {
                        "date_from": today - timedelta(days=30),
                        "date_to": today,
                        "partner_ids": [Command.set(ids["agent"][1])],
                        "journal_id": ids["journal"][1][0],
                        "post_bills": False,
                    }
                )
                barrier.wait()
                settlements = wizard._create_settlements()
                # hold the lines a moment: the other settlement must wait
                time.sleep(0.5)
                cr.commit()  # pylint: disable=invalid-commit
                outcomes[name] = settlements.ids
            except Exception as error:  # noqa: BLE001 (the outcome is the test's subject)
                cr.rollback()
                outcomes[name] = error
            finally:
                cr.close()

        with mute_logger("odoo.sql_db"):
            self.threads = [
                threading.Thread(target=settle, args=(name,)) for name in ("ada", "bob")
            ]
            for thread in self.threads:
                thread.start()
            for thread in self.threads:
                thread.join(timeout=60)
        successes = [value for value in outcomes.values() if isinstance(value, list)]
        failures = [value for value in outcomes.values() if not isinstance(value, list)]
        self.assertEqual(len(successes), 1, f"exactly one settlement wins: {outcomes}")
        self.assertEqual(len(failures), 1, f"the other one fails: {outcomes}")
        self.assertIsInstance(
            failures[0],
            (psycopg2.errors.SerializationFailure, UserError),
            "a concurrent update (retried by the server) or nothing left to settle",
        )
        cr, env = self._committed_env()
        try:
            lines = env["aftersales.fee.line"].search([("ticket_id", "in", ids["tickets"][1])])
            self.assertEqual(len(lines), 6)
            self.assertEqual(lines.settlement_id.ids, successes[0])
            self.assertEqual(
                env["aftersales.settlement"].search_count(
                    [("partner_id", "=", ids["agent"][1][0])]
                ),
                1,
            )
        finally:
            cr.close()
