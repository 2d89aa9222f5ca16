# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures of the agents and fees tests: the after-sales network of
aftersales_reception plus a chart of accounts, dedicated accounts, journals
and taxes (so that every amount and account can be checked exactly), an
agent contract for the Texas agent and a technician contract."""

from datetime import timedelta

from odoo import Command, fields

from odoo.addons.aftersales_reception.tests.common import AftersalesCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class AgentsCommon(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["aftersales.ticket"])
        cls._setup_accounting()

        # People
        cls.user_agent_manager = mail_new_test_user(
            cls.env,
            login="as_agent_manager",
            name="Alma Agents",
            email="alma@example.com",
            groups="base.group_user,aftersales_agents.group_aftersales_agent_manager",
        )
        cls.user_accountant = mail_new_test_user(
            cls.env,
            login="as_accountant",
            name="Ada Accountant",
            email="ada@example.com",
            groups="base.group_user,aftersales_agents.group_aftersales_settlement",
        )
        cls.agent_partner = cls.env["res.partner"].create(
            {
                "name": "Test Texas Agent Co",
                "is_company": True,
                "property_account_payable_id": cls.account_payable.id,
            }
        )
        cls.agent_tx.partner_id = cls.agent_partner
        cls.agent_contact = cls.env["res.partner"].create(
            {"name": "Tex Agent", "parent_id": cls.agent_partner.id, "email": "tex@example.com"}
        )
        cls.user_portal_agent = mail_new_test_user(
            cls.env,
            login="as_portal_agent",
            name="Tex Agent",
            email="tex@example.com",
            groups="base.group_portal",
            partner_id=cls.agent_contact.id,
        )
        cls.user_technician.partner_id.property_account_payable_id = cls.account_payable

        # Products
        cls.product_labour = cls.env.ref("aftersales_agents.product_labour")
        cls.product_travel = cls.env.ref("aftersales_agents.product_travel")
        cls.product_part = cls.env["product.product"].create(
            {
                "name": "Test Drain Pump",
                "type": "consu",
                "list_price": 80.0,
                "standard_price": 30.0,
                "property_account_income_id": cls.account_parts_income.id,
                "taxes_id": [Command.set(cls.tax_sale.ids)],
            }
        )
        cls.product_labour.write(
            {
                "property_account_income_id": cls.account_labour_income.id,
                "taxes_id": [Command.set(cls.tax_sale.ids)],
            }
        )

        # Contracts
        cls.service_types = cls.env["aftersales.service.type"]._get_by_code()
        cls.contract_tx = cls._create_agent_contract()
        cls.contract_tx.action_activate()
        cls.contract_technician = cls.env["aftersales.agent.contract"].create(
            {
                "provider_type": "technician",
                "user_id": cls.user_technician.id,
                "pay_mode": "fee",
                "date_start": cls.today - timedelta(days=60),
                "service_type_ids": [
                    Command.set(
                        [
                            cls.service_types["warranty_repair"].id,
                            cls.service_types["paid_repair"].id,
                        ]
                    )
                ],
                "rule_ids": [
                    Command.create({"kind": "percent", "percent": 10.0, "percent_base": "labour"}),
                ],
            }
        )
        cls.contract_technician.action_activate()

    @classmethod
    def _setup_accounting(cls):
        company = cls.company
        if not company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=company, install_demo=False
            )
        account_model = cls.env["account.account"]

        def account(code, name, account_type, **extra):
            return account_model.create(
                dict(
                    {"code": code, "name": name, "account_type": account_type},
                    **extra,
                )
            )

        cls.account_payable = account(
            "T21100", "Test Agents Payable", "liability_payable", reconcile=True
        )
        cls.account_receivable = account(
            "T12100", "Test Repair Receivable", "asset_receivable", reconcile=True
        )
        cls.account_fee_warranty = account("T61100", "Test Warranty Repair Fees", "expense")
        cls.account_fee_paid = account("T61200", "Test Paid Repair Fees", "expense")
        cls.account_fee_technician = account("T61300", "Test Technician Commissions", "expense")
        cls.account_chargeback = account(
            "T51900", "Test Consignment Parts Recovered", "expense_direct_cost"
        )
        cls.account_salary = account("T62100", "Test Technician Salaries", "expense")
        cls.account_labour_income = account("T70100", "Test Repair Labour Income", "income")
        cls.account_parts_income = account("T70200", "Test Spare Parts Income", "income")
        cls.account_tax_paid = account("T13100", "Test Purchase Tax", "asset_current")
        cls.account_tax_due = account("T24100", "Test Sales Tax", "liability_current")
        cls.account_outstanding = account(
            "T10900", "Test Outstanding Payments", "asset_current", reconcile=True
        )
        cls.tax_purchase = cls._create_tax(
            "Test Purchase 10%", 10.0, "purchase", cls.account_tax_paid
        )
        cls.tax_sale = cls._create_tax("Test Sales 20%", 20.0, "sale", cls.account_tax_due)

        journal_model = cls.env["account.journal"]
        cls.journal_fees = journal_model.create(
            {"name": "Test Fee Bills", "code": "TFEE", "type": "purchase"}
        )
        cls.journal_sales = journal_model.create(
            {"name": "Test Repair Invoices", "code": "TREP", "type": "sale", "sequence": -100}
        )
        cls.journal_bank = journal_model.create(
            {"name": "Test Bank", "code": "TBNK", "type": "bank"}
        )
        cls.journal_bank.outbound_payment_method_line_ids.payment_account_id = (
            cls.account_outstanding
        )
        company.write(
            {
                "aftersales_fee_journal_id": cls.journal_fees.id,
                "aftersales_chargeback_account_id": cls.account_chargeback.id,
                "aftersales_salary_account_id": cls.account_salary.id,
            }
        )
        fee_account_model = cls.env["aftersales.fee.account"]
        fee_account_model.search([("company_id", "=", company.id)]).unlink()
        fee_account_model.create(
            [
                {
                    "service_type": "warranty_repair",
                    "provider_type": "all",
                    "account_id": cls.account_fee_warranty.id,
                    "tax_ids": [Command.set(cls.tax_purchase.ids)],
                },
                {
                    "service_type": "paid_repair",
                    "provider_type": "agent",
                    "account_id": cls.account_fee_paid.id,
                    "tax_ids": [Command.set(cls.tax_purchase.ids)],
                },
                {
                    "service_type": "paid_repair",
                    "provider_type": "technician",
                    "account_id": cls.account_fee_technician.id,
                },
            ]
        )
        cls.customer_tx.property_account_receivable_id = cls.account_receivable
        cls.customer.property_account_receivable_id = cls.account_receivable

    @classmethod
    def _create_tax(cls, name, amount, use, account):
        repartition = [
            Command.create({"repartition_type": "base"}),
            Command.create({"repartition_type": "tax", "account_id": account.id}),
        ]
        return cls.env["account.tax"].create(
            {
                "name": name,
                "amount": amount,
                "amount_type": "percent",
                "type_tax_use": use,
                "invoice_repartition_line_ids": repartition,
                "refund_repartition_line_ids": [
                    Command.create({"repartition_type": "base"}),
                    Command.create({"repartition_type": "tax", "account_id": account.id}),
                ],
            }
        )

    @classmethod
    def _create_agent_contract(cls, **values):
        vals = {
            "provider_type": "agent",
            "service_center_id": cls.agent_tx.id,
            "date_start": cls.today - timedelta(days=60),
            "date_end": cls.today + timedelta(days=300),
            "service_type_ids": [
                Command.set(
                    [
                        cls.service_types["warranty_repair"].id,
                        cls.service_types["paid_repair"].id,
                    ]
                )
            ],
            "rule_ids": [
                Command.create({"kind": "fixed", "amount": 50.0, "work_type": "warranty"}),
                Command.create(
                    {
                        "kind": "percent",
                        "percent": 40.0,
                        "percent_base": "labour",
                        "work_type": "paid",
                    }
                ),
                Command.create(
                    {
                        "kind": "percent",
                        "percent": 10.0,
                        "percent_base": "parts",
                        "work_type": "paid",
                    }
                ),
                Command.create(
                    {
                        "kind": "travel_km",
                        "band_ids": [
                            Command.create({"km_from": 0, "km_to": 20, "amount": 10.0}),
                            Command.create({"km_from": 20, "km_to": 100, "amount": 25.0}),
                        ],
                    }
                ),
            ],
        }
        vals.update(values)
        return cls.env["aftersales.agent.contract"].create(vals)

    @classmethod
    def _warranty_values(cls):
        return {
            "warranty_override": True,
            "warranty_override_state": "in_warranty",
            "warranty_override_reason": "Unit sold by us last month",
        }

    @classmethod
    def _agent_ticket(cls, warranty=False, labour_hours=2.0, parts=1, done=True, **values):
        """A case of the Houston customer, worked by the Texas agent: labour
        at 60.00 an hour and drain pumps at 80.00 each, on a repair order and
        its quotation."""
        vals = {"partner_id": cls.customer_tx.id}
        if warranty:
            vals.update(cls._warranty_values())
        vals.update(values)
        ticket = cls._create_ticket(**vals)
        if labour_hours or parts:
            cls._repair(ticket, labour_hours=labour_hours, parts=parts)
        if done:
            ticket.stage_id = cls.stage_done
        return ticket

    @classmethod
    def _repair(cls, ticket, labour_hours=0.0, parts=0, part=None, location=None, finish=True):
        """Repair on a repair order of the case: ``parts`` x ``part`` (the
        test drain pump by default) added, ``labour_hours`` of labour on its
        quotation; accepted and finished unless ``finish`` is false."""
        ticket.action_create_repair_order()
        repair = ticket.repair_order_ids.sorted("id")[-1]
        if location:
            repair.location_id = location
        if parts:
            repair.move_ids = [
                Command.create(
                    {
                        "repair_line_type": "add",
                        "product_id": (part or cls.product_part).id,
                        "product_uom_qty": parts,
                    }
                )
            ]
        order = cls.env["sale.order"]
        if labour_hours or not repair.under_warranty:
            repair.action_create_sale_order()
            order = repair.sale_order_id
            if labour_hours:
                order.order_line = [
                    Command.create(
                        {"product_id": cls.product_labour.id, "product_uom_qty": labour_hours}
                    )
                ]
        if finish:
            if order:
                order.action_confirm()
            repair._action_repair_confirm()
            repair.action_assign()
            repair.action_repair_start()
            repair.move_ids.picked = True
            repair.action_repair_end()
        return repair

    def _labour_line(self, ticket):
        """The labour line of the case's quotation."""
        return ticket.repair_sale_order_ids.order_line.filtered(
            lambda line: line.product_id == self.product_labour
        )

    def _settle(self, **values):
        """Settle the test providers (demo data may have fees of its own)."""
        wizard = self.env["aftersales.settlement.create"].create(
            dict(
                {
                    "date_from": self.today - timedelta(days=30),
                    "date_to": self.today + timedelta(days=1),
                    "bill_date": self.today,
                    "partner_ids": [
                        Command.set((self.agent_partner | self.user_technician.partner_id).ids)
                    ],
                },
                **values,
            )
        )
        return wizard._create_settlements()
