# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestHistoryReports(TransactionCase):
    """The reports read from the whole history switch PostgreSQL's JIT
    compilation off for the transaction before reading: their plans are
    costed on millions of rows, compiled on every read otherwise."""

    def _jit(self):
        self.env.cr.execute("SHOW jit")
        return self.env.cr.fetchone()[0]

    def test_reads_switch_jit_off(self):
        reports = [
            name
            for name in self.env.registry.descendants(["aftersales.history.report"], "_inherit")
            if not self.env[name]._abstract
        ]
        self.assertIn("aftersales.case.report", reports)
        self.assertIn("aftersales.nps.report", reports)
        self.assertIn("aftersales.qc.report", reports)
        for name in reports:
            report = self.env[name]
            with self.subTest(report=name):
                self.env.cr.execute("SET LOCAL jit = on")
                report._read_group([], [], ["__count"])
                self.assertEqual(self._jit(), "off")
                self.env.cr.execute("SET LOCAL jit = on")
                report.search_fetch([], ["id"], limit=1)
                self.assertEqual(self._jit(), "off")
