# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestWarrantyCostReport(AgentsCommon):
    """Warranty cost per product and device model, per unit sold and per
    1,000 installed units, against figures computed by hand.

    Months: A (three months ago), E (two months ago, nothing happens) and B
    (last month).

    Washer (device model "Test Cost Family"):
    - installed base: one unit installed the month before A, one bought in E,
      one registered without any date (counts from today), one archived;
    - sold: 4 units in A; 5 delivered and 1 returned in B;
    - A: a warranty case at the own workshop, 2 hours of labour at the
      internal 25.00 an hour and a pump at its cost of 30.00 = 80.00 (plus a
      paid case, which is no warranty cost);
    - B: a warranty case at the Texas agent: a motor valued 40.00 in stock,
      a 50.00 fee, 10.00 travel, less a 12.00 supplier refund = 88.00.
    Dryer (same device model): one unit installed in A; in B a warranty case
    of a technician paid 10% of the labour value (1 hour at 60.00) = 6.00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_labour_cost_hour = 25.0
        this_month = cls.today.replace(day=1)
        cls.month_a = this_month - relativedelta(months=3)
        cls.month_e = this_month - relativedelta(months=2)
        cls.month_b = this_month - relativedelta(months=1)
        cls.this_month = this_month
        cls.device_model = cls.env["aftersales.device.model"].create(
            {"name": "Test Cost Family", "code": "TCF"}
        )
        cls.washer = cls._sold_product("Test Cost Washer")
        cls.dryer = cls._sold_product("Test Cost Dryer")
        cls.motor = cls.env["product.product"].create(
            {
                "name": "Test Cost Motor",
                "is_spare_part": True,
                "type": "consu",
                "is_storable": True,
                "list_price": 120.0,
                "standard_price": 40.0,
            }
        )
        warehouse = cls.company._aftersales_warehouse()
        cls.env["stock.quant"]._update_available_quantity(
            cls.motor, warehouse.aftersales_parts_location_id, 3
        )

        # Installed base
        unit_model = cls.env["aftersales.equipment"]
        base = {"partner_id": cls.customer.id, "product_id": cls.washer.id}
        unit_model.create(
            [
                dict(base, serial_number="TC-W-1", installation_date=cls._day(cls.month_a, -1)),
                dict(base, serial_number="TC-W-2", purchase_date=cls._day(cls.month_e, 0, 19)),
                dict(base, serial_number="TC-W-3"),
                dict(
                    base,
                    serial_number="TC-W-4",
                    installation_date=cls._day(cls.month_a, -1),
                    active=False,
                ),
                {
                    "partner_id": cls.customer.id,
                    "product_id": cls.dryer.id,
                    "serial_number": "TC-D-1",
                    "installation_date": cls._day(cls.month_a, 0, 4),
                },
            ]
        )

        # Units sold
        cls._ship(cls.washer, 4, cls.month_a)
        cls._ship(cls.washer, 5, cls.month_b)
        cls._ship(cls.washer, 1, cls.month_b, returned=True)

        # A: warranty case at the workshop, and a paid one
        cls.case_a = cls._create_ticket(product_id=cls.washer.id, **cls._warranty_values())
        cls._repair(cls.case_a, labour_hours=2.0, parts=1)
        cls._done(cls.case_a, cls.month_a)
        paid = cls._create_ticket(product_id=cls.washer.id)
        cls._repair(paid, labour_hours=2.0, parts=1)
        cls._done(paid, cls.month_a)

        # B: warranty case at the agent, with travel and a supplier refund
        cls.case_b = cls._agent_ticket(
            warranty=True,
            labour_hours=0.0,
            parts=0,
            done=False,
            product_id=cls.washer.id,
            travel_distance_km=15.0,
            visit_count=1,
        )
        cls._repair(
            cls.case_b,
            labour_hours=1.0,
            parts=1,
            part=cls.motor,
            location=warehouse.aftersales_parts_location_id,
        )
        cls._done(cls.case_b, cls.month_b)
        cls.motor.standard_price = 99.0  # the stock value of the part used stays
        supplier = cls.env["res.partner"].create({"name": "Test Motor Works"})
        supplier.property_account_payable_id = cls.account_payable
        claim = cls.env["aftersales.supplier.claim"].create(
            {
                "ticket_id": cls.case_b.id,
                "partner_id": supplier.id,
                "product_id": cls.motor.id,
                "quantity": 1.0,
                "amount_claimed": 12.0,
            }
        )
        claim.action_send()
        claim.action_create_refund()
        claim.refund_move_id.invoice_date = cls.today
        claim.refund_move_id.action_post()
        # a second claim whose credit note is still a draft recovers nothing
        draft = claim.copy({"amount_claimed": 7.0})
        draft.action_send()
        draft.action_create_refund()

        # B: dryer case of the technician paid per service
        cls.case_dryer = cls._create_ticket(
            product_id=cls.dryer.id,
            technician_id=cls.user_technician.id,
            **cls._warranty_values(),
        )
        cls._repair(cls.case_dryer, labour_hours=1.0)
        cls._done(cls.case_dryer, cls.month_b)

    @classmethod
    def _day(cls, month, months=0, days=14):
        return month + relativedelta(months=months, days=days)

    @classmethod
    def _sold_product(cls, name):
        return (
            cls.env["product.template"]
            .create({"name": name, "type": "consu", "device_model_id": cls.device_model.id})
            .product_variant_id
        )

    @classmethod
    def _ship(cls, product, quantity, month, returned=False):
        stock = cls.company._aftersales_warehouse().lot_stock_id
        customer = cls.env.ref("stock.stock_location_customers")
        source, dest = (customer, stock) if returned else (stock, customer)
        move = cls.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": quantity,
                "location_id": source.id,
                "location_dest_id": dest.id,
            }
        )
        move._action_confirm()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        move.date = datetime.combine(cls._day(month), time(12))

    @classmethod
    def _done(cls, ticket, month):
        ticket.stage_id = cls.stage_done
        ticket.date_done = datetime.combine(cls._day(month), time(12))

    def _rows(self, groupby, domain=()):
        self.env.flush_all()
        measures = [
            "case_count:sum",
            "parts_cost:sum",
            "labour_cost:sum",
            "agent_fee:sum",
            "travel_cost:sum",
            "recovery:sum",
            "warranty_cost:sum",
            "units_sold:sum",
            "cost_per_unit_sold:avg",
            "installed_base:sum",
            "cost_per_1000_installed:avg",
        ]
        groups = self.env["aftersales.warranty.cost.report"]._read_group(
            [("product_id", "in", (self.washer | self.dryer).ids), *domain],
            groupby,
            measures,
        )
        return {
            tuple(k.id if hasattr(k, "_name") else k for k in group[: len(groupby)]): tuple(
                round(v, 2) if isinstance(v, float) else v for v in group[len(groupby) :]
            )
            for group in groups
        }

    def test_cost_per_product_and_month(self):
        rows = self._rows(["product_id", "date:month"])
        washer, dryer = self.washer.id, self.dryer.id
        m_a, m_e, m_b = self.month_a, self.month_e, self.month_b
        # cases, parts, labour, agent, travel, recovery, cost, sold, per unit,
        # installed, per 1,000 installed (no unit sold: no cost per unit)
        expected = {
            (washer, m_a): (1, 30.0, 50.0, 0.0, 0.0, 0.0, 80.0, 4.0, 20.0, 1.0, 80000.0),
            (washer, m_e): (0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, False, 2.0, 0.0),
            (washer, m_b): (1, 40.0, 0.0, 50.0, 10.0, 12.0, 88.0, 4.0, 22.0, 2.0, 44000.0),
            (dryer, m_a): (0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, False, 1.0, 0.0),
            (dryer, m_b): (1, 0.0, 6.0, 0.0, 0.0, 0.0, 6.0, 0.0, False, 1.0, 6000.0),
        }
        for key, figures in expected.items():
            self.assertEqual(rows[key], figures, key)
        # the month before A: one washer installed, nothing else
        before = m_a - relativedelta(months=1)
        self.assertEqual(rows[washer, before][-2:], (1.0, 0.0))
        self.assertNotIn((dryer, before), rows, "the dryer's history starts in A")
        # the unit registered without a date counts from today
        self.assertEqual(rows[washer, self.this_month][-2], 3.0)

    def test_ratios_over_a_period(self):
        """Over A to B, per unit sold is the cost over the units; per 1,000
        installed, the cost over the installed base averaged over the months."""
        rows = self._rows(
            ["product_id"], [("date", ">=", self.month_a), ("date", "<=", self.month_b)]
        )
        self.assertEqual(
            rows[(self.washer.id,)],
            (2, 70.0, 50.0, 50.0, 10.0, 12.0, 168.0, 8.0, 21.0, 5.0, 100800.0),
        )

    def test_cost_per_device_model(self):
        rows = self._rows(["device_model_id", "date:month"], [("date", "=", self.month_b)])
        # washer and dryer: 88.00 + 6.00 over 4 units sold and 2 + 1 installed
        self.assertEqual(
            rows[self.device_model.id, self.month_b],
            (2, 40.0, 6.0, 50.0, 10.0, 12.0, 94.0, 4.0, 23.5, 3.0, 31333.33),
        )

    def test_case_reopened_leaves_the_report(self):
        self.case_b.stage_id = self.stage_repair
        rows = self._rows(["product_id", "date:month"])
        self.assertEqual(rows[self.washer.id, self.month_b][:7], (0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0))

    def test_labour_without_internal_cost(self):
        self.company.aftersales_labour_cost_hour = 0.0
        rows = self._rows(["product_id", "date:month"])
        self.assertEqual(rows[self.washer.id, self.month_a][2], 0.0)

    @users("as_manager")
    def test_manager_reads_the_report(self):
        self.assertTrue(self._rows(["product_id"]))

    @users("as_accountant")
    def test_accountant_reads_the_report(self):
        self.assertTrue(self._rows(["product_id"]))

    @users("as_technician", "as_portal_agent")
    def test_technicians_and_agents_do_not(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.warranty.cost.report"].search([])

    def test_menu_for_the_manager(self):
        menu = self.env.ref("aftersales_agents.aftersales_menu_warranty_cost")
        visible = menu.with_user(self.user_manager)._filter_visible_menus()
        self.assertEqual(visible, menu)
        self.assertFalse(menu.with_user(self.user_technician)._filter_visible_menus())

    def test_sheet_in_the_failure_workbook(self):
        if "aftersales.report.export" not in self.env:
            self.skipTest("the XLSX exports come with aftersales_survey")
        import io

        import openpyxl

        export = (
            self.env["aftersales.report.export"]
            .with_user(self.user_manager)
            .create(
                {
                    "report_type": "failure",
                    "date_from": self.month_a,
                    "date_to": self.month_b + relativedelta(day=31),
                }
            )
        )
        output = io.BytesIO()
        export._write_xlsx(output)
        sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue()))["Warranty Cost"]
        rows = {
            values[0]: values[1:]
            for values in sheet.iter_rows(min_row=5, values_only=True)
            if values[0]
        }
        self.assertEqual(
            rows["Test Cost Washer"],
            ("[TCF] Test Cost Family", 2, 70, 50, 50, 10, 12, 168, 8, 21, 100800),
        )
        # no unit sold: no cost per unit; one unit installed all along
        self.assertEqual(
            rows["Test Cost Dryer"], ("[TCF] Test Cost Family", 1, 0, 6, 0, 0, 0, 6, 0, None, 6000)
        )
