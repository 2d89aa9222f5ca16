# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SLA policies per customer tier, service type and priority: the most
specific matching policy applies."""

from odoo.tests import tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestAftersalesSlaPolicy(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        policy_model = cls.env["aftersales.sla.policy"]
        # only the policies of the test
        policy_model.search([]).active = False
        cls.policy_any = policy_model.create(
            {"name": "Any", "sequence": 1, "response_hours": 8, "resolution_hours": 40}
        )
        cls.policy_urgent = policy_model.create(
            {
                "name": "Urgent",
                "sequence": 2,
                "priority": "3",
                "response_hours": 1,
                "resolution_hours": 16,
            }
        )
        cls.policy_paid = policy_model.create(
            {
                "name": "Paid repairs",
                "sequence": 30,
                "service_type": "paid_repair",
                "response_hours": 4,
                "resolution_hours": 24,
            }
        )
        cls.policy_gold = policy_model.create(
            {
                "name": "Gold",
                "sequence": 50,
                "customer_tier": "gold",
                "response_hours": 2,
                "resolution_hours": 16,
            }
        )
        cls.policy_gold_urgent = policy_model.create(
            {
                "name": "Gold urgent",
                "sequence": 60,
                "customer_tier": "gold",
                "priority": "3",
                "response_hours": 1,
                "resolution_hours": 8,
            }
        )
        cls.company_contact = cls.env["res.partner"].create(
            {
                "name": "Test Gold Company",
                "is_company": True,
                "aftersales_customer_tier": "gold",
            }
        )
        cls.gold_contact = cls.env["res.partner"].create(
            {"name": "Test Gold Contact", "parent_id": cls.company_contact.id}
        )

    def test_standard_customer_falls_back_on_any_tier(self):
        ticket = self._create_ticket(service_type="installation")
        self.assertEqual(self.customer.aftersales_customer_tier, "standard")
        self.assertEqual(ticket.sla_policy_id, self.policy_any)

    def test_service_type_before_priority(self):
        """The paid-repair policy is more specific than the urgent one, whatever
        their sequence."""
        ticket = self._create_ticket(service_type="paid_repair", priority="3")
        self.assertEqual(ticket.sla_policy_id, self.policy_paid)
        ticket = self._create_ticket(service_type="installation", priority="3")
        self.assertEqual(ticket.sla_policy_id, self.policy_urgent)

    def test_tier_before_every_other_criterion(self):
        ticket = self._create_ticket(
            partner_id=self.gold_contact.id, service_type="paid_repair", priority="1"
        )
        self.assertEqual(ticket.customer_tier, "gold", "the company's tier applies to its contacts")
        self.assertEqual(ticket.sla_policy_id, self.policy_gold)
        # tier and priority: more specific than the tier alone
        ticket.priority = "3"
        self.assertEqual(ticket.sla_policy_id, self.policy_gold_urgent)

    def test_equally_specific_policies_by_sequence(self):
        earlier = self.policy_paid.copy({"name": "Paid repairs, earlier", "sequence": 3})
        ticket = self._create_ticket(service_type="paid_repair")
        self.assertEqual(ticket.sla_policy_id, earlier)

    def test_tier_policy_for_another_tier_does_not_match(self):
        self.company_contact.aftersales_customer_tier = "platinum"
        ticket = self._create_ticket(partner_id=self.gold_contact.id, service_type="installation")
        self.assertEqual(ticket.sla_policy_id, self.policy_any)

    def test_tier_change_moves_open_cases_only(self):
        open_case = self._create_ticket(
            partner_id=self.gold_contact.id, service_type="installation"
        )
        closed_case = self._create_ticket(
            partner_id=self.gold_contact.id,
            service_type="installation",
            user_id=self.user_reception.id,
        )
        # cancelled: closed without the quality check other addons may ask for
        closed_case.stage_id = self.stage_cancelled
        self.assertTrue(closed_case.is_closed)
        self.assertEqual(closed_case.sla_policy_id, self.policy_gold)
        self.company_contact.aftersales_customer_tier = "standard"
        self.assertEqual(open_case.sla_policy_id, self.policy_any)
        self.assertEqual(closed_case.sla_policy_id, self.policy_gold, "history is kept")
