# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.aftersales_reception.tests.common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestAssignCertified(AftersalesCommon):
    """Teams assigning by certification give a case only to members
    certified (today) for its product category."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["aftersales.certification"])
        cls.team.write(
            {
                "assign_method": "certified",
                "assign_field": "technician_id",
                "member_ids": [Command.set((cls.user_technician | cls.user_technician_other).ids)],
            }
        )

    def _certify(self, user, category, **values):
        return self.env["aftersales.certification"].create(
            dict(
                {
                    "provider_type": "technician",
                    "user_id": user.id,
                    "categ_id": category.id,
                    "date_certified": self.today - timedelta(days=30),
                },
                **values,
            )
        )

    def test_only_certified_members_take_the_case(self):
        self._certify(self.user_technician_other, self.categ_appliances)
        washers = self._create_ticket(product_id=self.product_washer.id) | self._create_ticket(
            product_id=self.product_washer.id
        )
        self.assertEqual(washers.technician_id, self.user_technician_other)
        # certified for a category: for its subcategories too
        air = self._create_ticket(product_id=self.product_ac.id)
        self.assertEqual(air.technician_id, self.user_technician_other)

    def test_expired_certification_does_not_count(self):
        self._certify(
            self.user_technician_other,
            self.categ_appliances,
            date_expiry=self.today - timedelta(days=1),
        )
        self._certify(self.user_technician, self.categ_climate)
        washer = self._create_ticket(product_id=self.product_washer.id)
        self.assertFalse(washer.technician_id, "nobody certified today: left to assign by hand")
        air = self._create_ticket(product_id=self.product_ac.id)
        self.assertEqual(air.technician_id, self.user_technician)

    def test_case_without_product_goes_to_any_member(self):
        case = self._create_ticket()
        self.assertIn(case.technician_id, self.team.member_ids)
