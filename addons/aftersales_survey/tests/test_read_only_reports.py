# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The management reports, the dashboard and the XLSX exports only read: they
run on a read replica (a transaction that refuses writes) as on the primary."""

import io
from contextlib import contextmanager
from datetime import date

from odoo import Command
from odoo.tests import tagged

from ..controllers.main import AftersalesReportController
from .common import AftersalesReportCommon

REPORT_MODELS = (
    "aftersales.case.report",
    "aftersales.center.kpi",
    "aftersales.qc.report",
    "aftersales.satisfaction.report",
)


@contextmanager
def read_only_transaction(env):
    """The block runs in a transaction that refuses any write, as on a read
    replica; what it did is rolled back."""
    env.flush_all()
    env.cr.execute("SAVEPOINT read_only_block")
    env.cr.execute("SET LOCAL transaction_read_only = on")
    try:
        yield
    finally:
        env.cr.execute("ROLLBACK TO SAVEPOINT read_only_block")
        env.invalidate_all()


@tagged("post_install", "-at_install")
class TestReadOnlyReports(AftersalesReportCommon):
    def test_read_only_transaction_refuses_writes(self):
        """The test's replica stand-in does refuse a write."""
        with self.assertRaises(Exception) as caught, read_only_transaction(self.env):
            self.env.cr.execute(
                "UPDATE res_partner SET write_date = write_date", log_exceptions=False
            )
        self.assertIn("read-only transaction", str(caught.exception))

    def test_reports_on_read_replica(self):
        env = self.env(user=self.user_manager)
        for name in REPORT_MODELS:
            model = env[name]
            with self.subTest(report=name), read_only_transaction(env):
                groups = model.read_group([], [], ["company_id"], lazy=False)
                rows = model.search_read([], limit=80)
                self.assertTrue(groups, f"{name}: figures are read")
                self.assertTrue(rows, f"{name}: rows are read")

    def test_exports_on_read_replica(self):
        self.assertTrue(
            AftersalesReportController.aftersales_report_export.original_routing["readonly"]
        )
        exports = (
            self.env["aftersales.report.export"]
            .with_user(self.user_manager)
            .create(
                [
                    {
                        "report_type": report_type,
                        "date_from": date(2026, 1, 1),
                        "date_to": date(2026, 12, 31),
                        "product_categ_ids": [Command.set(self.categ_appliances.ids)],
                    }
                    for report_type in ("failure", "satisfaction", "marketing")
                ]
            )
        )
        for export in exports:
            output = io.BytesIO()
            with self.subTest(report=export.report_type), read_only_transaction(self.env):
                export._write_xlsx(output)
            self.assertGreater(len(output.getvalue()), 1000, "a workbook was written")
