# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The periodic-service job at scale: a slice costs about the same number of
queries whatever its size (its units are claimed, read and served in batch),
and a job stopped at its limit goes on where it stopped at its next call,
doing nothing twice."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AftersalesCommon

# queries a slice may cost beyond those of its first units: the same queries
# repeated for more records would be many times this
QUERY_SLACK = 12


@tagged("post_install", "-at_install")
class TestPeriodicJobBatches(AftersalesCommon):
    def _units(self, count, prefix):
        return self.env["aftersales.equipment"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product_ac.id,
                    "serial_number": f"{prefix}-{index:03d}",
                    "periodic_interval_months": 6,
                    # a day apart: the job serves the earliest first
                    "next_service_date": date(2026, 2, 1 + index % 28),
                }
                for index in range(count)
            ]
        )

    def _run_slice(self, limit):
        """One call of the job as the scheduler makes it: (cases, done,
        remaining, queries)."""
        cron = self.env.ref("aftersales_reception.ir_cron_periodic_tickets")
        _cron, progress = cron._add_progress()
        model = self.env["aftersales.equipment"].with_context(
            ir_cron_progress_id=progress.id, lastcall=datetime(2020, 1, 1)
        )
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        tickets = model._cron_create_periodic_tickets(limit=limit)
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        return tickets, progress.done, progress.remaining, queries

    def _cases(self, units):
        return self.env["aftersales.ticket"].search(
            [("equipment_id", "in", units.ids), ("service_type", "=", "periodic_service")]
        )

    @freeze_time("2026-03-02")
    def test_queries_do_not_grow_with_the_slice(self):
        units = self._units(55, "T-BATCH")
        small, done, _remaining, small_queries = self._run_slice(limit=5)
        self.assertEqual(len(small), 5)
        self.assertEqual(done, 5)
        large, done, _remaining, large_queries = self._run_slice(limit=50)
        self.assertEqual(len(large), 50)
        self.assertEqual(done, 50)
        self.assertEqual(self._cases(units), small | large, "one case per unit")
        self.assertLessEqual(
            large_queries,
            small_queries + QUERY_SLACK,
            f"a slice of 50 units costs {large_queries} queries, one of 5 {small_queries}: "
            "the job works per unit instead of per batch",
        )

    @freeze_time("2026-03-02")
    def test_job_resumes_after_a_slice(self):
        units = self._units(7, "T-SLICE")
        earliest = units.sorted(lambda unit: (unit.next_service_date, unit.id))[:3]
        first, done, remaining, _queries = self._run_slice(limit=3)
        self.assertEqual(done, 3, "the slice did its three units")
        self.assertEqual(remaining, 4, "and tells the scheduler that four remain")
        self.assertEqual(first.equipment_id, earliest, "the earliest due first")
        second, done, remaining, _queries = self._run_slice(limit=3)
        self.assertEqual(len(second), 3)
        self.assertFalse(second.equipment_id & first.equipment_id, "the next slice goes on")
        self.assertEqual(remaining, 1)
        third, done, remaining, _queries = self._run_slice(limit=3)
        self.assertEqual(len(third), 1)
        self.assertEqual(remaining, 0, "the last slice says nothing remains")
        cases = self._cases(units)
        self.assertEqual(cases, first | second | third)
        self.assertEqual(cases.equipment_id, units, "every unit got its case, once")
        self.assertTrue(all(unit.next_service_date > date(2026, 3, 2) for unit in units))
        again, done, remaining, _queries = self._run_slice(limit=3)
        self.assertFalse(again, "a run after the last slice does nothing twice")
        self.assertEqual((done, remaining), (0, 0))
        self.assertEqual(self._cases(units), cases)
