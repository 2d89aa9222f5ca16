# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The periodic-service job as the scheduler runs it, chatter on: the units'
next dates are tracked, the cases logged and followed. A slice of 50 units
costs the queries of a slice of 5: the tracking of the units' next dates is
logged in one batch, not in one message per unit."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AftersalesCommon

# queries a slice may cost beyond those of its first units: the same queries
# repeated for more records would be many times this
QUERY_SLACK = 12


@tagged("post_install", "-at_install")
class TestPeriodicJobChatter(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the scheduler's context: tracking, logs and followers on
        cls.env = cls.env(context={"lang": "en_US", "tz": "UTC"})

    def _units(self, count, prefix):
        units = self.env["aftersales.equipment"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product_ac.id,
                    "serial_number": f"{prefix}-{index:03d}",
                    "periodic_interval_months": 6,
                    "next_service_date": date(2026, 2, 1 + index % 28),
                }
                for index in range(count)
            ]
        )
        self.env.flush_all()
        # units registered before the job's run (another transaction): their
        # changes are tracked, as Odoo does not track records it has just made
        self.env.cr.precommit.data.pop(f"mail.tracking.{units._name}", None)
        return units

    def _run_slice(self, limit):
        cron = self.env.ref("aftersales_reception.ir_cron_periodic_tickets")
        _cron, progress = cron._add_progress()
        model = self.env["aftersales.equipment"].with_context(
            ir_cron_progress_id=progress.id, lastcall=datetime(2020, 1, 1)
        )
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        tickets = model._cron_create_periodic_tickets(limit=limit)
        self.env.flush_all()
        # the tracking Odoo logs at commit
        self.env.cr.precommit.run()
        return tickets, self.env.cr.sql_log_count - before

    def _tracking(self, units):
        """{unit: [(old date, new date)]} of the next dates logged on them."""
        messages = self.env["mail.message"].search(
            [("model", "=", units._name), ("res_id", "in", units.ids)]
        )
        logged = {}
        for message in messages:
            for value in message.tracking_value_ids.filtered(
                lambda v: v.field_id.name == "next_service_date"
            ):
                logged.setdefault(message.res_id, []).append(
                    (value.old_value_datetime.date(), value.new_value_datetime.date())
                )
        return logged

    @freeze_time("2026-03-02")
    def test_slice_queries_do_not_grow_with_units(self):
        units = self._units(55, "T-CHATTER")
        small, small_queries = self._run_slice(limit=5)
        large, large_queries = self._run_slice(limit=50)
        self.assertEqual(len(small), 5)
        self.assertEqual(len(large), 50)
        self.assertEqual((small | large).equipment_id, units, "one case per unit")
        self.assertLessEqual(
            large_queries,
            small_queries + QUERY_SLACK,
            f"a slice of 50 units costs {large_queries} queries, one of 5 {small_queries}: "
            "the job works per unit instead of per batch",
        )

    @freeze_time("2026-03-02")
    def test_next_dates_are_tracked_on_each_unit(self):
        units = self._units(3, "T-TRACK")
        # the first unit missed two services: both cases opened, one log line
        units[0].with_context(mail_notrack=True).next_service_date = date(2025, 8, 20)
        self._run_slice(limit=10)
        logged = self._tracking(units)
        self.assertEqual(
            logged,
            {
                units[0].id: [(date(2025, 8, 20), date(2026, 8, 20))],
                units[1].id: [(date(2026, 2, 2), date(2026, 8, 2))],
                units[2].id: [(date(2026, 2, 3), date(2026, 8, 3))],
            },
            "each unit's chatter shows its next date moved on, once",
        )
        cases = self.env["aftersales.ticket"].search([("equipment_id", "in", units.ids)])
        self.assertEqual(len(cases), 4)
        missed = cases.filtered(lambda c: c.equipment_id == units[0])
        self.assertEqual(
            sorted(missed.mapped("periodic_due_date")), [date(2025, 8, 20), date(2026, 2, 20)]
        )
        # the case's customer follows it, as for any case
        self.assertTrue(all(self.customer in case.message_partner_ids for case in cases))
