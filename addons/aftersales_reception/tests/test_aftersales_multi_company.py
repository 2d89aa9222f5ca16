# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A warranty policy or a unit of one company never points to records of
another company."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesCommon

INCOMPATIBLE = "Incompatible companies on records"


@tagged("post_install", "-at_install")
class TestAftersalesMultiCompany(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "After-Sales Company B"})
        cls.product_b = cls.env["product.product"].create(
            {"name": "Test Company B Dryer", "company_id": cls.company_b.id}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Test Company B Customer", "company_id": cls.company_b.id}
        )
        cls.center_b = cls.env["aftersales.service.center"].create(
            {
                "name": "Test Company B Workshop",
                "code": "T-B",
                "center_type": "workshop",
                "company_id": cls.company_b.id,
                "resource_calendar_id": cls.company_b.resource_calendar_id.id,
            }
        )
        cls.policy_b = cls.env["aftersales.warranty.policy"].create(
            {
                "name": "Test Company B 6 months",
                "duration_months": 6,
                "company_id": cls.company_b.id,
            }
        )

    def test_policy_products_of_its_company(self):
        self.assertEqual(self.policy_ac.company_id, self.company)
        with self.assertRaises(UserError) as caught:
            self.policy_ac.product_tmpl_ids = [Command.link(self.product_b.product_tmpl_id.id)]
        self.assertIn(INCOMPATIBLE, str(caught.exception))
        self.assertNotIn(self.product_b.product_tmpl_id, self.policy_ac.product_tmpl_ids)
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            self.env["aftersales.warranty.policy"].create(
                {
                    "name": "Test mixed policy",
                    "product_tmpl_ids": [Command.link(self.product_b.product_tmpl_id.id)],
                }
            )
        # a policy shared by all companies names shared products only
        shared = self.env["aftersales.warranty.policy"].create(
            {
                "name": "Test shared policy",
                "company_id": False,
                "product_tmpl_ids": [Command.link(self.product_washer.product_tmpl_id.id)],
            }
        )
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            shared.product_tmpl_ids = [Command.link(self.product_b.product_tmpl_id.id)]
        # the policy of company B names its products
        self.policy_b.product_tmpl_ids = [Command.link(self.product_b.product_tmpl_id.id)]
        self.assertEqual(self.policy_b.product_tmpl_ids, self.product_b.product_tmpl_id)

    def test_unit_links_of_its_company(self):
        unit = self.equipment
        self.assertEqual(unit.company_id, self.company)
        for field_name, value in (
            ("partner_id", self.customer_b),
            ("product_id", self.product_b),
            ("service_center_id", self.center_b),
            ("warranty_policy_id", self.policy_b),
        ):
            with self.subTest(field=field_name):
                with self.assertRaises(UserError) as caught:
                    unit.write({field_name: value.id})
                self.assertIn(INCOMPATIBLE, str(caught.exception))
                self.assertIn(f"({field_name}:", str(caught.exception))
                self.assertNotEqual(unit[field_name], value)
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            self.env["aftersales.equipment"].create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product_washer.id,
                    "serial_number": "T-WASH-B",
                    "warranty_policy_id": self.policy_b.id,
                }
            )
        # the unit of company B links records of company B
        unit_b = (
            self.env["aftersales.equipment"]
            .with_company(self.company_b)
            .create(
                {
                    "partner_id": self.customer_b.id,
                    "product_id": self.product_b.id,
                    "service_center_id": self.center_b.id,
                    "warranty_policy_id": self.policy_b.id,
                    "serial_number": "T-DRY-B1",
                }
            )
        )
        self.assertEqual(unit_b.company_id, self.company_b)
        self.assertEqual(unit_b.warranty_policy_id, self.policy_b)
