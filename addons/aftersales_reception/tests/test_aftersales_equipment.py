# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestAftersalesEquipment(AftersalesCommon):
    def _periodic_unit(self, **values):
        vals = {
            "partner_id": self.customer.id,
            "product_id": self.product_ac.id,
            "serial_number": "T-AC-PERIODIC",
            "purchase_date": date(2026, 1, 1),
            "periodic_interval_months": 6,
            "next_service_date": date(2026, 3, 1),
        }
        vals.update(values)
        return self.env["aftersales.equipment"].create(vals)

    def _periodic_tickets(self, unit):
        return self.env["aftersales.ticket"].search(
            [("equipment_id", "=", unit.id), ("service_type", "=", "periodic_service")]
        )

    def test_name_and_warranty(self):
        self.assertEqual(self.equipment.name, "[T-WASH] Test Washer [T-WASH-0001]")
        self.assertEqual(self.equipment.warranty_end_date, date(2028, 1, 10))
        with freeze_time("2028-01-10"):
            self.equipment.invalidate_recordset(["warranty_state"])
            self.assertEqual(self.equipment.warranty_state, "in_warranty")
        with freeze_time("2028-01-11"):
            self.equipment.invalidate_recordset(["warranty_state"])
            self.assertEqual(self.equipment.warranty_state, "expired")
            expired = self.env["aftersales.equipment"].search(
                [("warranty_state", "=", "expired"), ("id", "=", self.equipment.id)]
            )
            self.assertEqual(expired, self.equipment)

    def test_serial_unique_per_product(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["aftersales.equipment"].create(
                {
                    "partner_id": self.customer_tx.id,
                    "product_id": self.product_washer.id,
                    "serial_number": "T-WASH-0001",
                }
            )

    def test_bad_dates_and_periods(self):
        with self.assertRaisesRegex(ValidationError, "installation date"):
            self.equipment.write(
                {"purchase_date": date(2026, 5, 1), "installation_date": date(2026, 4, 1)}
            )
        with self.assertRaisesRegex(ValidationError, "positive number of months"):
            self._periodic_unit(periodic_interval_months=-3, serial_number="BAD-1")
        with self.assertRaisesRegex(ValidationError, "next periodic service"):
            self._periodic_unit(next_service_date=False, serial_number="BAD-2")
        with self.assertRaisesRegex(ValidationError, "zero or more months"):
            self.policy_ac.duration_months = -1

    def test_routing_of_unit(self):
        self.assertEqual(self.equipment.service_center_id, self.workshop_ca)

    def test_partner_smart_buttons(self):
        contact = self.env["res.partner"].create(
            {"name": "Contact of customer", "parent_id": self.customer.id}
        )
        self._create_ticket(equipment_id=self.equipment.id)
        self._create_ticket(partner_id=contact.id, summary="Via contact")
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.aftersales_equipment_count, 1)
        self.assertEqual(self.customer.aftersales_ticket_count, 2)
        self.assertEqual(self.customer.aftersales_open_ticket_count, 2)
        action = self.customer.action_view_aftersales_tickets()
        self.assertEqual(len(self.env["aftersales.ticket"].search(action["domain"])), 2)
        action = self.equipment.action_open_ticket()
        self.assertEqual(action["context"]["default_equipment_id"], self.equipment.id)

    @freeze_time("2026-03-02")
    def test_periodic_cron_opens_due_cases_once(self):
        unit = self._periodic_unit()
        not_due = self._periodic_unit(
            serial_number="T-AC-LATER", next_service_date=date(2026, 4, 1)
        )
        equipment_model = self.env["aftersales.equipment"]
        tickets = equipment_model._cron_create_periodic_tickets()
        self.assertEqual(tickets.equipment_id, unit)
        self.assertEqual(tickets.periodic_due_date, date(2026, 3, 1))
        self.assertEqual(tickets.service_type, "periodic_service")
        self.assertEqual(tickets.channel, "scheduled")
        self.assertEqual(unit.next_service_date, date(2026, 9, 1))
        # second run: nothing new
        self.assertFalse(equipment_model._cron_create_periodic_tickets())
        self.assertEqual(len(self._periodic_tickets(unit)), 1)
        self.assertFalse(self._periodic_tickets(not_due))

    @freeze_time("2026-10-02")
    def test_periodic_cron_catches_up_missed_services(self):
        unit = self._periodic_unit(periodic_interval_months=3)
        self.env["aftersales.equipment"]._cron_create_periodic_tickets()
        self.assertEqual(
            self._periodic_tickets(unit).mapped("periodic_due_date"),
            [date(2026, 9, 1), date(2026, 6, 1), date(2026, 3, 1)],
        )
        self.assertEqual(unit.next_service_date, date(2026, 12, 1))

    @freeze_time("2026-03-02")
    def test_periodic_same_due_date_refused_by_database(self):
        unit = self._periodic_unit()
        vals = unit._prepare_periodic_ticket_vals()
        self.env["aftersales.ticket"].create(vals)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["aftersales.ticket"].create(vals)


@tagged("post_install", "-at_install")
class TestAftersalesPeriodicConcurrency(AftersalesCommon):
    """Two scheduler workers on committed data, each with its own cursor.

    The workers must see the unit, so it is committed (with its customer and
    product, and nothing of the test's fixtures) by a cursor of its own. Its
    removal is registered before the commit and runs on a fresh cursor
    whatever happens, with the cases the workers committed."""

    def setUp(self):
        super().setUp()
        self.committed = {}
        self.addCleanup(self._cleanup_committed)
        with self.registry.cursor() as cr:  # commits when the block succeeds
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrent periodic customer"})
            product = env["product.product"].create({"name": "Concurrent periodic unit"})
            unit = env["aftersales.equipment"].create(
                {
                    "partner_id": partner.id,
                    "product_id": product.id,
                    "serial_number": "CONC-1",
                    "periodic_interval_months": 12,
                    "next_service_date": date.today(),
                }
            )
            self.committed.update(partner=partner.id, product=product.id, unit=unit.id)

    def _cleanup_committed(self):
        if not self.committed:
            return
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            unit = env["aftersales.equipment"].browse(self.committed["unit"]).exists()
            env["aftersales.ticket"].with_context(active_test=False).search(
                [("equipment_id", "in", unit.ids)]
            ).unlink()
            unit.unlink()
            env["product.product"].browse(self.committed["product"]).exists().unlink()
            env["res.partner"].browse(self.committed["partner"]).exists().unlink()

    def _run_worker(self, cr):
        """What a scheduler worker does for the unit (the cron's loop body)."""
        env = api.Environment(cr, SUPERUSER_ID, {})
        unit = env["aftersales.equipment"].browse(self.committed["unit"])
        return unit._open_due_periodic_tickets(date.today())

    def _count_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["aftersales.ticket"].search_count(
                [("equipment_id", "=", self.committed["unit"])]
            )

    def test_worker_skips_unit_locked_by_another(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            self.assertEqual(len(self._run_worker(cr_a)), 1)
            # worker A holds the unit's lock until it commits
            self.assertFalse(self._run_worker(cr_b))
            cr_b.commit()
            cr_a.commit()
        self.assertEqual(self._count_committed(), 1)

    def test_worker_with_older_snapshot_does_not_duplicate(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            cr_b.execute("SELECT 1")  # worker B's snapshot starts before A commits
            self.assertEqual(len(self._run_worker(cr_a)), 1)
            cr_a.commit()
            self.assertFalse(self._run_worker(cr_b))
            cr_b.commit()
        self.assertEqual(self._count_committed(), 1)
        # and a later run finds nothing due
        with self.registry.cursor() as cr:
            self.assertFalse(self._run_worker(cr))
        self.assertEqual(self._count_committed(), 1)


@tagged("post_install", "-at_install")
class TestAftersalesPeriodicLeadTime(AftersalesCommon):
    @freeze_time("2026-02-20")
    def test_lead_time_opens_cases_ahead(self):
        unit = self.env["aftersales.equipment"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product_ac.id,
                "serial_number": "T-AC-LEAD",
                "periodic_interval_months": 6,
                "next_service_date": date(2026, 3, 1),
            }
        )
        equipment_model = self.env["aftersales.equipment"]
        self.assertFalse(
            equipment_model._cron_create_periodic_tickets().filtered(
                lambda t: t.equipment_id == unit
            )
        )
        self.company.aftersales_periodic_lead_days = 10
        tickets = equipment_model._cron_create_periodic_tickets()
        self.assertEqual(
            tickets.filtered(lambda t: t.equipment_id == unit).periodic_due_date, date(2026, 3, 1)
        )
        with self.assertRaisesRegex(ValidationError, "zero or more"):
            self.company.aftersales_periodic_lead_days = -1
