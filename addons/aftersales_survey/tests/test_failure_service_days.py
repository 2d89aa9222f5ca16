# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Since when a unit ran before each failure, stored on the failure,
follows the unit's start of service and its other failures, and equals what
the SQL fill of an upgrade writes."""

from datetime import date, datetime

from .common import AftersalesSurveyCommon


class TestFailureServiceDays(AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit = cls.env["aftersales.equipment"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.product_washer.id,
                "serial_number": "T-DAYS-1",
                "purchase_date": date(2025, 1, 1),
            }
        )

    def _failure(self, received, **values):
        return self._repair_ticket(equipment_id=self.unit.id, date_received=received, **values)

    def test_interval_follows_the_unit_and_its_failures(self):
        first = self._failure(datetime(2025, 3, 2, 10))
        second = self._failure(datetime(2025, 5, 11, 10))
        consultation = self._failure(datetime(2025, 4, 1, 10), service_type="consultation")
        self.assertEqual(first.service_interval_start, date(2025, 1, 1))
        self.assertEqual(second.service_interval_start, date(2025, 3, 2))
        # neither a consultation nor a case of no unit has an interval
        self.assertFalse(consultation.service_interval_start)
        self.assertFalse(self._repair_ticket(equipment_id=False).service_interval_start)
        # the unit's start of service corrected
        self.unit.installation_date = date(2025, 2, 1)
        self.assertEqual(first.service_interval_start, date(2025, 2, 1))
        self.assertEqual(second.service_interval_start, date(2025, 3, 2))
        # the first failure cancelled: the second runs from the start
        first.stage_id = self.stage_cancelled
        self.assertFalse(first.service_interval_start)
        self.assertEqual(second.service_interval_start, date(2025, 2, 1))
        first.stage_id = self.stage_repair
        self.assertEqual(second.service_interval_start, date(2025, 3, 2))
        # a failure received before the unit's start of service has none, and
        # the next one runs from the start
        self.unit.installation_date = date(2025, 4, 1)
        self.assertFalse(first.service_interval_start)
        self.assertEqual(second.service_interval_start, date(2025, 4, 1))
        # a failure moved to a unit without dates has none
        undated = self.unit.copy(
            {"serial_number": "T-DAYS-2", "purchase_date": False, "installation_date": False}
        )
        second.write({"equipment_id": undated.id, "serial_number": undated.serial_number})
        self.assertFalse(second.service_interval_start)

    def test_sql_fill_equals_the_compute(self):
        cases = self._failure(datetime(2025, 3, 2, 10))
        cases |= self._failure(datetime(2025, 5, 11, 10))
        cases |= self._failure(datetime(2024, 12, 11, 10))  # before the start
        cases |= self._failure(datetime(2025, 4, 1, 10), service_type="consultation")
        cases |= self._failure(datetime(2025, 4, 2, 10), stage_id=self.stage_cancelled.id)
        self.env.flush_all()
        computed = {case.id: case.service_interval_start for case in cases}
        self.assertEqual(
            list(computed.values()), [date(2025, 1, 1), date(2025, 3, 2), False, False, False]
        )
        self.env.cr.execute(
            "UPDATE aftersales_ticket SET service_interval_start = '2000-01-01' WHERE id IN %s",
            [tuple(cases.ids)],
        )
        self.env.invalidate_all()
        self.assertEqual(cases._sql_fill_service_interval_start(), 5)
        self.assertEqual({case.id: case.service_interval_start for case in cases}, computed)
        # nothing left to write: a second fill changes no row
        self.assertEqual(cases._sql_fill_service_interval_start(), 0)
        # the repeat repairs recomputed in bulk bring the intervals along
        self.env.cr.execute(
            "UPDATE aftersales_ticket SET service_interval_start = NULL, previous_repair_id = NULL"
            " WHERE id IN %s",
            [tuple(cases.ids)],
        )
        self.env.invalidate_all()
        self.env["aftersales.ticket"]._recompute_repeat_repairs()
        self.assertEqual({case.id: case.service_interval_start for case in cases}, computed)
