# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A fee line of one company never points to the case, contract,
settlement or provider of another company."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AgentsCommon

INCOMPATIBLE = "Incompatible companies on records"


@tagged("post_install", "-at_install")
class TestFeeLineCompany(AgentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_b = cls.env["res.company"].create({"name": "After-Sales Company B"})
        cls.company_b = company_b
        cls.fee = cls._agent_ticket(warranty=True).fee_line_ids
        cls.partner_b = cls.env["res.partner"].create(
            {"name": "Test Company B Agent", "company_id": company_b.id}
        )
        cls.center_b = cls.env["aftersales.service.center"].create(
            {
                "name": "Test Company B Agent Workshop",
                "code": "T-BAG",
                "center_type": "agent",
                "company_id": company_b.id,
                "partner_id": cls.partner_b.id,
                "resource_calendar_id": company_b.resource_calendar_id.id,
            }
        )
        cls.user_b = mail_new_test_user(
            cls.env,
            login="as_technician_b",
            name="Bea Company B",
            groups="base.group_user,aftersales_reception.group_aftersales_technician",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        cls.ticket_b = cls.env["aftersales.ticket"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": company_b.id,
                "team_id": False,
                "summary": "Company B case",
            }
        )
        cls.contract_b = cls.env["aftersales.agent.contract"].create(
            {
                "provider_type": "agent",
                "company_id": company_b.id,
                "service_center_id": cls.center_b.id,
                "date_start": cls.today - timedelta(days=10),
                "date_end": cls.today + timedelta(days=10),
                "service_type_ids": [Command.set(cls.service_types["warranty_repair"].ids)],
            }
        )
        cls.settlement_b = cls.env["aftersales.settlement"].create(
            {
                "company_id": company_b.id,
                "provider_type": "agent",
                "partner_id": cls.partner_b.id,
                "provider_center_id": cls.center_b.id,
                "date_from": cls.today - timedelta(days=30),
                "date_to": cls.today,
            }
        )

    def test_fee_line_links_of_its_company(self):
        self.assertEqual(len(self.fee), 1)
        self.assertEqual(self.fee.company_id, self.company)
        for field_name, value in (
            ("ticket_id", self.ticket_b),
            ("contract_id", self.contract_b),
            ("settlement_id", self.settlement_b),
            ("partner_id", self.partner_b),
            ("provider_center_id", self.center_b),
            ("service_center_id", self.center_b),
            ("user_id", self.user_b),
        ):
            with self.subTest(field=field_name):
                with self.assertRaises(UserError) as caught:
                    self.fee.write({field_name: value.id})
                self.assertIn(INCOMPATIBLE, str(caught.exception))
                self.assertIn(f"({field_name}:", str(caught.exception))
                self.assertNotEqual(self.fee[field_name], value)

    def test_fee_lines_linked_together_are_each_checked(self):
        """Lines linked in one write are checked once per company and
        settlement, and still refused together: none of them is linked."""
        fees = self.fee | self._agent_ticket(warranty=True).fee_line_ids
        self.assertGreater(len(fees), 1)
        with self.assertRaises(UserError) as caught:
            fees.write({"settlement_id": self.settlement_b.id})
        self.assertIn(INCOMPATIBLE, str(caught.exception))
        self.assertIn("(settlement_id:", str(caught.exception))
        self.assertFalse(fees.settlement_id)

    def test_settlement_links_of_its_company(self):
        for field_name, value in (
            ("partner_id", self.partner_b),
            ("provider_center_id", self.center_b),
            ("user_id", self.user_b),
        ):
            with self.subTest(field=field_name):
                with self.assertRaises(UserError) as caught:
                    self.env["aftersales.settlement"].create(
                        {
                            "provider_type": "agent",
                            "partner_id": self.agent_partner.id,
                            "date_from": self.today,
                            "date_to": self.today,
                            field_name: value.id,
                        }
                    )
                self.assertIn(f"({field_name}:", str(caught.exception))
