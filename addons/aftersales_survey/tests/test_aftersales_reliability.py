# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reliability figures (MTBF, MTTR, failure rate per lot and month, misuse
share) against a small history worked out by hand, with units without dates,
cancelled cases, consultations and a failure dated before its unit's start
of service."""

import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestAftersalesReliability(AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product_model = cls.env["product.product"]
        cls.product_a = product_model.create(
            {"name": "Test Reliable Dryer", "categ_id": cls.categ_appliances.id}
        )
        cls.product_b = product_model.create(
            {"name": "Test Reliable Oven", "categ_id": cls.categ_climate.id}
        )
        units = cls.env["aftersales.equipment"]

        def unit(product, serial, **values):
            return units.create(
                {
                    "partner_id": cls.customer.id,
                    "product_id": product.id,
                    "serial_number": serial,
                    **values,
                }
            )

        cls.u1 = unit(
            cls.product_a,
            "REL-1",
            purchase_date=date(2024, 12, 20),
            installation_date=date(2025, 1, 1),
            production_lot="LOT-A1",
            date_manufactured=date(2024, 11, 15),
        )
        cls.u2 = unit(
            cls.product_a,
            "REL-2",
            purchase_date=date(2025, 2, 1),
            production_lot="LOT-A1",
            date_manufactured=date(2024, 11, 20),
        )
        cls.u3 = unit(cls.product_a, "REL-3", production_lot="LOT-A2")  # no dates
        cls.u4 = unit(
            cls.product_a,
            "REL-4",
            purchase_date=date(2025, 1, 10),
            production_lot="LOT-A2",
            date_manufactured=date(2024, 12, 5),
        )
        cls.u5 = unit(
            cls.product_b,
            "REL-5",
            purchase_date=date(2025, 3, 1),
            production_lot="LOT-B1",
            date_manufactured=date(2025, 1, 10),
        )
        cls.u6 = unit(cls.product_b, "REL-6", purchase_date=date(2025, 6, 1))

        def failure(unit, received, done, cause, fault, **values):
            ticket = cls._repair_ticket(
                partner_id=unit.partner_id.id,
                equipment_id=unit.id,
                product_id=unit.product_id.id,
                date_received=received,
                failure_cause=cause,
                fault_category_id=fault.id,
                **values,
            )
            ticket.date_done = done
            return ticket

        noise, leak = cls.fault_noise, cls.fault_leak
        cls.f1 = failure(
            cls.u1, datetime(2025, 3, 2, 10), datetime(2025, 3, 4, 10), "defect", noise
        )
        cls.f2 = failure(
            cls.u1, datetime(2025, 5, 11, 10), datetime(2025, 5, 12, 22), "misuse", leak
        )
        cls.f3 = failure(
            cls.u2,
            datetime(2025, 4, 12, 10),
            False,
            False,
            leak,
            service_center_id=cls.agent_tx.id,
        )
        cls.f4 = failure(cls.u3, datetime(2025, 6, 1, 10), datetime(2025, 6, 4, 10), "misuse", leak)
        # neither a cancelled case nor a consultation is a failure
        failure(
            cls.u5,
            datetime(2025, 4, 1, 10),
            False,
            "defect",
            noise,
            stage_id=cls.stage_cancelled.id,
        )
        failure(
            cls.u5, datetime(2025, 4, 15, 10), False, "misuse", noise, service_type="consultation"
        )
        # received before the unit's recorded purchase: no service days
        cls.f7 = failure(cls.u6, datetime(2025, 5, 1, 10), datetime(2025, 5, 1, 22), "wear", noise)
        cls.env.flush_all()
        cls.products = cls.product_a | cls.product_b

    def _groups(self, model, groupby, aggregates, domain=()):
        groups = self.env[model]._read_group(
            [("product_id", "in", self.products.ids), *domain], groupby, aggregates
        )
        return {
            tuple(k.display_name if hasattr(k, "_name") else k for k in group[: len(groupby)])
            if len(groupby) > 1
            else (group[0].display_name if hasattr(group[0], "_name") else group[0]): [
                round(v, 2) if isinstance(v, float) else v for v in group[len(groupby) :]
            ]
            for group in groups
        }

    def test_failures_service_days_and_repair_times(self):
        lines = self.env["aftersales.reliability.report"].search(
            [("product_id", "in", self.products.ids)]
        )
        self.assertEqual(lines.ticket_id, self.f1 | self.f2 | self.f3 | self.f4 | self.f7)
        days = {line.ticket_id: line.mtbf_days for line in lines}
        # installation to first failure, failure to the next; the unit without
        # dates and the failure before the purchase have none
        self.assertEqual(days[self.f1], 60)
        self.assertEqual(days[self.f2], 70)
        self.assertEqual(days[self.f3], 70)
        self.assertFalse(days[self.f4])
        self.assertFalse(days[self.f7])

    def test_mtbf_mttr_and_misuse_per_product(self):
        aggregates = [
            "failure_count:sum",
            "mtbf_failure_count:sum",
            "service_days:sum",
            "mtbf_days:avg",
            "mttr_days:avg",
            "misuse_share:avg",
        ]
        per_product = self._groups("aftersales.reliability.report", ["product_id"], aggregates)
        self.assertEqual(
            per_product,
            {
                # 200 service days over 3 failures; MTTR (2 + 1.5 + 3) / 3 repairs
                # done; misuse 2 of the 3 failures with a cause
                "Test Reliable Dryer": [4, 3, 200, 66.67, 2.17, 66.67],
                # its one failure has no service days: no MTBF, not zero
                "Test Reliable Oven": [1, 0, 0, False, 0.5, 0.0],
            },
        )
        per_center = self._groups(
            "aftersales.reliability.report",
            ["service_center_id"],
            ["failure_count:sum", "mtbf_days:avg", "mttr_days:avg"],
        )
        self.assertEqual(
            per_center,
            {
                "Test California Workshop": [4, 65.0, 1.75],
                # its one failure is not repaired yet: no MTTR, not zero
                "Test Texas Agent": [1, 70.0, False],
            },
        )
        per_category = self._groups(
            "aftersales.reliability.report", ["product_categ_id"], ["mtbf_days:avg"]
        )
        self.assertEqual(
            per_category,
            {"Test Appliances": [66.67], "Test Appliances / Test Climate": [False]},
        )
        # a period without failures is empty, not zero
        empty = self.env["aftersales.reliability.report"]._read_group(
            [
                ("product_id", "in", self.products.ids),
                ("date_received", ">=", datetime(2025, 8, 1)),
                ("date_received", "<", datetime(2025, 9, 1)),
            ],
            ["product_id"],
            ["mtbf_days:avg"],
        )
        self.assertEqual(empty, [])

    def test_misuse_share_per_product_and_fault(self):
        per_fault = self._groups(
            "aftersales.reliability.report",
            ["product_id", "fault_category_id"],
            ["cause_count:sum", "misuse_count:sum", "misuse_share:avg"],
        )
        self.assertEqual(
            per_fault,
            {
                ("Test Reliable Dryer", "Test noise"): [1, 0, 0.0],
                # f3 has no cause: left out of the share
                ("Test Reliable Dryer", "Test leak"): [2, 2, 100.0],
                ("Test Reliable Oven", "Test noise"): [1, 0, 0.0],
            },
        )

    def test_failure_rate_per_lot_and_month(self):
        model = "aftersales.failure.rate.report"
        aggregates = [
            "unit_count:sum",
            "failed_unit_count:sum",
            "failure_count:sum",
            "failure_rate:avg",
        ]
        per_lot = self._groups(model, ["production_lot"], aggregates)
        self.assertEqual(
            per_lot,
            {
                "LOT-A1": [2, 2, 3, 100.0],
                "LOT-A2": [2, 1, 1, 50.0],
                # a cancelled case and a consultation are no failures
                "LOT-B1": [1, 0, 0, 0.0],
                # the unit without a lot stays apart
                False: [1, 1, 1, 100.0],
            },
        )
        per_month = self._groups(
            model,
            ["date_manufactured:month"],
            aggregates,
            domain=[("date_manufactured", "!=", False)],
        )
        self.assertEqual(
            {key.strftime("%Y-%m"): values for key, values in per_month.items()},
            {
                "2024-11": [2, 2, 3, 100.0],
                "2024-12": [1, 0, 0, 0.0],
                "2025-01": [1, 0, 0, 0.0],
            },
        )
        per_delivery = self._groups(
            model,
            ["date_in_service:month"],
            ["unit_count:sum", "failure_rate:avg"],
            domain=[("date_in_service", "!=", False)],
        )
        self.assertEqual(
            {key.strftime("%Y-%m"): values for key, values in per_delivery.items()},
            {
                "2025-01": [2, 50.0],
                "2025-02": [1, 100.0],
                "2025-03": [1, 0.0],
                "2025-06": [1, 100.0],
            },
        )

    def test_reliability_workbook(self):
        export = (
            self.env["aftersales.report.export"]
            .with_user(self.user_manager)
            .create(
                {
                    "report_type": "reliability",
                    "date_from": date(2025, 1, 1),
                    "date_to": date(2025, 12, 31),
                    "product_categ_ids": [Command.set(self.categ_appliances.ids)],
                }
            )
        )
        self.env["aftersales.equipment"].search(
            [("product_id", "not in", self.products.ids)]
        ).action_archive()
        self.env.flush_all()
        output = io.BytesIO()
        export._write_xlsx(output)
        workbook = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
        self.assertEqual(
            workbook.sheetnames,
            ["Summary", "Failure Rate per Lot", "Failure Rate per Month", "Misuse Share"],
        )
        summary = workbook["Summary"]
        values = {
            summary.cell(row, 1).value: summary.cell(row, 2).value
            for row in range(1, summary.max_row + 1)
        }
        self.assertEqual(values["Failures (warranty and paid repairs)"], 5)
        self.assertEqual(values["Service days before those failures"], 200)
        self.assertAlmostEqual(values["MTBF (days)"], 66.7)
        self.assertAlmostEqual(values["MTTR (days)"], round(7.0 / 4, 1))
        self.assertAlmostEqual(values["Misuse share"], 0.5)
        self.assertEqual(values["Installed units (all time)"], 6)
        lots = workbook["Failure Rate per Lot"]
        rows = {
            lots.cell(row, 2).value: [lots.cell(row, col).value for col in range(3, 7)]
            for row in range(1, lots.max_row + 1)
            if str(lots.cell(row, 2).value or "").startswith("LOT-")
        }
        self.assertEqual(
            rows,
            {
                "LOT-A1": [2, 2, 3, 1.0],
                "LOT-A2": [2, 1, 1, 0.5],
                "LOT-B1": [1, 0, 0, 0.0],
            },
        )

    @users("as_technician", "as_reception")
    def test_reports_for_managers_only(self):
        for model in ("aftersales.reliability.report", "aftersales.failure.rate.report"):
            with self.assertRaises(AccessError):
                self.env[model].search([])

    @users("as_manager")
    def test_manager_reads_reports(self):
        self.assertEqual(
            self.env["aftersales.reliability.report"].search_count(
                [("product_id", "in", self.products.ids)]
            ),
            5,
        )
        self.assertEqual(
            self.env["aftersales.failure.rate.report"].search_count(
                [("product_id", "in", self.products.ids)]
            ),
            6,
        )
