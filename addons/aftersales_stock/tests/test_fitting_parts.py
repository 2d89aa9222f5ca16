# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Parts fitting a unit are counted for a whole list of cases, products or
device models at once: the number of queries does not grow with the list."""

from odoo import Command
from odoo.tests import tagged

from .common import AftersalesStockCommon


@tagged("post_install", "-at_install")
class TestFittingParts(AftersalesStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.part_gasket = cls._create_part(
            "Test Door Gasket", cls.family_pump, cls.component_hydro, models=cls.device_family
        )
        # listed on the model and on its family: one part all the same
        cls.part_belt = cls._create_part(
            "Test Drive Belt",
            cls.family_motor,
            cls.component_elec,
            models=cls.device_family | cls.device_washer,
        )
        cls.models = cls.env["aftersales.device.model"].create(
            [
                {
                    "name": f"Test Washer {index}",
                    "code": f"TW{index:03d}",
                    "parent_id": cls.device_family.id,
                }
                for index in range(20)
            ]
        )
        cls.products = cls.env["product.product"].create(
            [
                {"name": f"Test Washer Unit {index}", "device_model_id": model.id}
                for index, model in enumerate(cls.models)
            ]
        )
        cls.tickets = cls.env["aftersales.ticket"].create(
            [
                {
                    "partner_id": cls.customer.id,
                    "team_id": cls.team.id,
                    "summary": "Fitting",
                    "product_id": product.id,
                }
                for product in cls.products
            ]
        )

    def test_fitting_counts(self):
        # the washer model: pump and motor listed on it, gasket and belt on its family
        ticket = self._create_repair_ticket()
        self.assertEqual(ticket.fitting_part_count, 4)
        self.assertEqual(self.product_washer.product_tmpl_id.fitting_part_count, 4)
        self.assertEqual(self.device_washer.fitting_part_count, 4)
        self.assertEqual(self.device_ac.fitting_part_count, 1)
        self.assertEqual(self.device_family.fitting_part_count, 2, "gasket and belt")
        self.assertEqual(self.tickets.mapped("fitting_part_count"), [2] * 20)
        self.assertEqual(self.device_family.product_count, 21, "the washer and the 20 units")
        self.assertEqual(self.models[0].product_count, 1)
        fitting = self.env["product.template"].search(self.models[0]._fitting_parts_domain())
        self.assertEqual(fitting, (self.part_gasket | self.part_belt).product_tmpl_id)
        self.assertFalse(self._create_ticket(product_id=self.product_other.id).fitting_part_count)
        # a part listed on the family fits the products of all its models
        self.assertEqual(
            self.part_gasket.product_tmpl_id.compatible_product_tmpl_ids,
            (self.product_washer | self.products).product_tmpl_id,
        )
        self.assertEqual(
            self.part_filter.product_tmpl_id.compatible_product_tmpl_ids,
            self.product_ac.product_tmpl_id,
        )
        self.part_filter.product_tmpl_id.compatible_device_model_ids = [Command.clear()]
        self.assertFalse(self.part_filter.product_tmpl_id.compatible_product_tmpl_ids)

    def _assert_same_queries(self, records, field_name, count):
        # as a list view reads them: the records prefetch each other
        records = records.browse(records.ids)
        for batch in (records[:1], records):
            self.env.invalidate_all()
            with self.assertQueryCount(count):
                batch.mapped(field_name)

    def test_cases_count_their_fitting_parts_in_constant_queries(self):
        tickets = self.tickets.with_user(self.user_technician)
        tickets[-2:].mapped("fitting_part_count")
        self._assert_same_queries(tickets, "fitting_part_count", 6)

    def test_products_and_models_count_in_constant_queries(self):
        self._assert_same_queries(self.products.product_tmpl_id, "fitting_part_count", 3)
        self._assert_same_queries(self.models, "fitting_part_count", 2)
        self._assert_same_queries(self.models, "product_count", 2)
        parts = (self.part_gasket | self.part_belt | self.part_pump).product_tmpl_id
        self._assert_same_queries(parts, "compatible_product_tmpl_ids", 5)
