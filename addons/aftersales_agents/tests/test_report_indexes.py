# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestReportIndexes(TransactionCase):
    """The cost reports read the history from the indexes made for them, so
    that a pivot over a million cases does not read every case and unit."""

    def _plan(self, sql):
        """The plan's scans, as (relation, index or None); sequential scans
        (and bitmap scans) are refused, so that the plan shows the index the
        query can use."""
        cr = self.env.cr
        cr.execute("SET enable_seqscan = off")
        cr.execute("SET enable_bitmapscan = off")
        try:
            cr.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cr.fetchone()[0]
        finally:
            cr.execute("RESET enable_seqscan")
            cr.execute("RESET enable_bitmapscan")
        if isinstance(plan, str):
            plan = json.loads(plan)
        scans = set()

        def walk(node):
            if "Relation Name" in node:
                scans.add((node["Relation Name"], node.get("Index Name")))
            for child in node.get("Plans", []):
                walk(child)

        walk(plan[0]["Plan"])
        return scans

    def test_warranty_cost_reads_its_indexes(self):
        scans = self._plan(
            "SELECT product_id, SUM(warranty_cost) FROM aftersales_warranty_cost_report GROUP BY 1"
        )
        self.assertIn(("aftersales_ticket", "aftersales_ticket_warranty_cost_index"), scans)
        self.assertIn(("aftersales_equipment", "aftersales_equipment_installed_base_index"), scans)
        # the warranty cases are never read all from the cases' table
        self.assertNotIn(("aftersales_ticket", None), scans)

    def test_warranty_cost_reads_without_jit(self):
        """A read of the report is one query after switching PostgreSQL's
        JIT off for the transaction (its plan is costed on the history)."""
        report = self.env["aftersales.warranty.cost.report"]
        report._read_group([], ["product_id"], ["warranty_cost:sum"])  # caches warm
        self.env.cr.execute("SET LOCAL jit = on")
        with self.assertQueryCount(2):
            report._read_group([], ["product_id"], ["warranty_cost:sum"])
        self.env.cr.execute("SHOW jit")
        self.assertEqual(self.env.cr.fetchone()[0], "off")
        self.env.cr.execute("SET LOCAL jit = on")
        with self.assertQueryCount(2):
            report.search_fetch([], ["warranty_cost"], limit=80)
        self.env.cr.execute("SHOW jit")
        self.assertEqual(self.env.cr.fetchone()[0], "off")
