# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The unit's stored failure figures and the case's stored product template
follow every change of the cases, equal what the SQL fill of an upgrade
writes, and cost the same queries for 5 units as for 50."""

from datetime import date, datetime

from odoo.tests import users

from ..models.aftersales_ticket_failure import sql_fill_product_tmpl_id
from .common import AftersalesCommon


class TestEquipmentFailure(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit_other = cls.env["aftersales.equipment"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.product_washer.id,
                "serial_number": "T-WASH-0002",
                "purchase_date": date(2026, 1, 10),
            }
        )

    def _failure(self, unit=None, received=datetime(2026, 3, 2, 10), **values):
        unit = unit or self.equipment
        vals = {
            "equipment_id": unit.id,
            "product_id": unit.product_id.id,
            "service_type": "paid_repair",
            "date_received": received,
        }
        return self._create_ticket(**dict(vals, **values))

    def _figures(self, unit):
        return unit.failure_count, unit.date_first_failure

    def test_failures_follow_the_cases(self):
        unit = self.equipment
        self.assertEqual(self._figures(unit), (0, False))
        first = self._failure(received=datetime(2026, 3, 2, 10))
        self.assertEqual(self._figures(unit), (1, datetime(2026, 3, 2, 10)))
        # an earlier warranty repair: counted, and the first failure moves
        earlier = self._failure(received=datetime(2026, 2, 1, 9), service_type="warranty_repair")
        self.assertEqual(self._figures(unit), (2, datetime(2026, 2, 1, 9)))
        # neither a consultation nor an installation is a failure
        self._failure(received=datetime(2026, 1, 15, 9), service_type="consultation")
        self._failure(received=datetime(2026, 1, 12, 9), service_type="installation")
        self.assertEqual(self._figures(unit), (2, datetime(2026, 2, 1, 9)))
        # service type changed
        earlier.service_type = "consultation"
        self.assertEqual(self._figures(unit), (1, datetime(2026, 3, 2, 10)))
        earlier.service_type = "warranty_repair"
        self.assertEqual(self._figures(unit), (2, datetime(2026, 2, 1, 9)))
        # date received corrected
        earlier.date_received = datetime(2026, 1, 20, 9)
        self.assertEqual(self._figures(unit), (2, datetime(2026, 1, 20, 9)))
        # cancelled, then reopened
        earlier.stage_id = self.stage_cancelled
        self.assertEqual(self._figures(unit), (1, datetime(2026, 3, 2, 10)))
        earlier.stage_id = self.stage_new
        self.assertEqual(self._figures(unit), (2, datetime(2026, 1, 20, 9)))
        # archived, then restored
        first.action_archive()
        self.assertEqual(self._figures(unit), (1, datetime(2026, 1, 20, 9)))
        first.action_unarchive()
        self.assertEqual(self._figures(unit), (2, datetime(2026, 1, 20, 9)))
        # moved to another unit
        earlier.write(
            {"equipment_id": self.unit_other.id, "serial_number": self.unit_other.serial_number}
        )
        self.assertEqual(self._figures(unit), (1, datetime(2026, 3, 2, 10)))
        self.assertEqual(self._figures(self.unit_other), (1, datetime(2026, 1, 20, 9)))
        # deleted
        first.unlink()
        self.assertEqual(self._figures(unit), (0, False))
        # what is stored is what the ORM computed
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id, failure_count, date_first_failure FROM aftersales_equipment "
            "WHERE id IN %s ORDER BY id",
            [(unit.id, self.unit_other.id)],
        )
        self.assertEqual(
            self.env.cr.fetchall(),
            [(unit.id, 0, None), (self.unit_other.id, 1, datetime(2026, 1, 20, 9))],
        )

    def test_failure_moved_by_its_serial_number(self):
        """A case whose serial number is corrected moves to the unit of that
        serial: both units' figures follow."""
        case = self._failure(serial_number=self.equipment.serial_number)
        self.assertEqual(case.equipment_id, self.equipment)
        self.assertEqual(self.equipment.failure_count, 1)
        case.serial_number = self.unit_other.serial_number
        self.assertEqual(case.equipment_id, self.unit_other)
        self.assertEqual(self.equipment.failure_count, 0)
        self.assertEqual(self.unit_other.failure_count, 1)

    @users("as_technician")
    def test_failures_counted_whoever_reads(self):
        """A technician who sees only some cases reads the unit's every
        failure."""
        self._failure()
        self._failure(received=datetime(2026, 4, 2, 10))
        self.env.invalidate_all()
        self.env.add_to_compute(
            self.env["aftersales.equipment"]._fields["failure_count"], self.equipment
        )
        unit = self.equipment.with_user(self.env.user)
        self.assertEqual(unit.failure_count, 2)

    def test_sql_fill_equals_the_compute(self):
        units = self.equipment | self.unit_other
        self._failure(received=datetime(2026, 3, 2, 10))
        self._failure(received=datetime(2026, 2, 2, 10), service_type="warranty_repair")
        self._failure(received=datetime(2026, 1, 2, 10), stage_id=self.stage_cancelled.id)
        self._failure(received=datetime(2025, 12, 2, 10)).action_archive()
        self._failure(unit=self.unit_other, service_type="consultation")
        self.env.flush_all()
        computed = {unit.id: self._figures(unit) for unit in units}
        self.assertEqual(computed[self.equipment.id], (2, datetime(2026, 2, 2, 10)))
        self.assertEqual(computed[self.unit_other.id], (0, False))
        self.env.cr.execute(
            "UPDATE aftersales_equipment SET failure_count = NULL, date_first_failure = NULL "
            "WHERE id IN %s",
            [tuple(units.ids)],
        )
        self.env.invalidate_all()
        self.assertEqual(units._sql_fill_failure_figures(), 2)
        self.assertEqual({unit.id: self._figures(unit) for unit in units}, computed)
        # nothing left to write: a second fill changes no row
        self.assertEqual(units._sql_fill_failure_figures(), 0)

    def test_sql_fill_of_the_product_template(self):
        cases = self._failure() | self._create_ticket(product_id=self.product_ac.id)
        cases |= self._create_ticket()  # no product
        self.env.flush_all()
        self.assertEqual(
            cases.mapped("product_tmpl_id"),
            self.product_washer.product_tmpl_id | self.product_ac.product_tmpl_id,
        )
        computed = {case.id: case.product_tmpl_id.id for case in cases}
        self.env.cr.execute(
            "UPDATE aftersales_ticket SET product_tmpl_id = NULL WHERE id IN %s",
            [tuple(cases.ids)],
        )
        self.env.invalidate_all()
        self.assertEqual(cases._sql_fill_product_tmpl_id(), 2)
        self.assertEqual({case.id: case.product_tmpl_id.id for case in cases}, computed)
        # the units' too
        units = self.equipment | self.unit_other
        self.env.cr.execute(
            "UPDATE aftersales_equipment SET product_tmpl_id = NULL WHERE id = %s",
            [self.equipment.id],
        )
        self.env.invalidate_all()
        self.assertEqual(sql_fill_product_tmpl_id(units), 1)
        self.assertEqual(units.product_tmpl_id, self.product_washer.product_tmpl_id)
        self.assertEqual(self.equipment.product_tmpl_id, self.product_washer.product_tmpl_id)

    def test_product_template_follows_the_product(self):
        case = self._failure()
        self.assertEqual(case.product_tmpl_id, self.product_washer.product_tmpl_id)
        case.write({"equipment_id": False, "product_id": self.product_ac.id})
        self.assertEqual(case.product_tmpl_id, self.product_ac.product_tmpl_id)
        self.unit_other.product_id = self.product_ac
        self.assertEqual(self.unit_other.product_tmpl_id, self.product_ac.product_tmpl_id)

    def test_failure_figures_queries_do_not_grow_with_units(self):
        """Computing the figures of 50 units costs the queries of 5: one
        grouped read for the batch, no query per unit."""
        units = self.env["aftersales.equipment"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product_washer.id,
                    "serial_number": f"T-WASH-Q{i:03d}",
                }
                for i in range(50)
            ]
        )
        self.env["aftersales.ticket"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "summary": "Test case",
                    "channel": "phone",
                    "equipment_id": unit.id,
                    "product_id": unit.product_id.id,
                    "service_type": "paid_repair",
                    "date_received": datetime(2026, 3, 2, 10),
                }
                for unit in units
            ]
        )
        self.env.flush_all()
        fields = [units._fields["failure_count"], units._fields["date_first_failure"]]

        def queries(batch):
            self.env.invalidate_all()
            for field in fields:
                self.env.add_to_compute(field, batch)
            before = self.env.cr.sql_log_count
            batch.flush_recordset([field.name for field in fields])
            return self.env.cr.sql_log_count - before

        few, many = queries(units[:5]), queries(units)
        self.assertEqual(few, many)
        # the grouped read of the cases and the update of the units
        self.assertLessEqual(many, 3)
        self.assertEqual(set(units.mapped("failure_count")), {1})
