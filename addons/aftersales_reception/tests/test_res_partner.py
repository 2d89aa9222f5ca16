# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import AftersalesCommon

COUNT_FIELDS = [
    "aftersales_equipment_count",
    "aftersales_ticket_count",
    "aftersales_open_ticket_count",
]


@tagged("post_install", "-at_install")
class TestResPartnerCounts(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner_model = cls.env["res.partner"]
        cls.companies = partner_model.create(
            [{"name": f"Test Counted Company {index}", "is_company": True} for index in range(20)]
        )
        cls.contacts = partner_model.create(
            [
                {"name": f"Test Counted Contact {index}", "parent_id": company.id}
                for index, company in enumerate(cls.companies)
            ]
        )
        # every company: its unit, a case of its own, a cancelled case of its
        # contact; the first company two more units
        cls.env["aftersales.equipment"].create(
            [
                {
                    "partner_id": partner.id,
                    "product_id": cls.product_washer.id,
                    "serial_number": f"T-COUNT-{index}",
                }
                for index, partner in enumerate([*cls.companies, cls.companies[0], cls.contacts[0]])
            ]
        )
        ticket_model = cls.env["aftersales.ticket"]
        ticket_model.create(
            [
                {"partner_id": partner.id, "team_id": cls.team.id, "summary": "Counted"}
                for partner in cls.companies
            ]
        )
        ticket_model.create(
            [
                {"partner_id": partner.id, "team_id": cls.team.id, "summary": "Counted"}
                for partner in cls.contacts
            ]
        ).stage_id = cls.stage_cancelled

    def test_counts_cover_the_contacts(self):
        first, second = self.companies[:2]
        self.assertEqual(
            [first[name] for name in COUNT_FIELDS], [3, 2, 1], "units, cases, open cases"
        )
        self.assertEqual([second[name] for name in COUNT_FIELDS], [1, 2, 1])
        self.assertEqual([self.contacts[0][name] for name in COUNT_FIELDS], [1, 1, 0])
        self.assertEqual([self.contacts[1][name] for name in COUNT_FIELDS], [0, 1, 0])
        new_partner = self.env["res.partner"].new({"name": "Not saved yet"})
        self.assertEqual([new_partner[name] for name in COUNT_FIELDS], [0, 0, 0])

    def test_counts_take_the_same_queries_for_one_or_twenty_partners(self):
        companies = self.companies.with_user(self.user_reception)
        # the user's access rules are read once, then cached
        companies[-2:].mapped("aftersales_ticket_count")
        for partners in (companies[:1], companies):
            self.env.invalidate_all()
            with self.assertQueryCount(5):
                counts = partners.mapped("aftersales_open_ticket_count")
            self.assertEqual(counts, [1] * len(partners))
