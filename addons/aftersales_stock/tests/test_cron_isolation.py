# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The overdue-loaner job never lets one loaner block the others, and the
database refuses to lend one unit twice at once."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AftersalesStockCommon

FAILURE_ACTIVITY = "mail.mail_activity_data_warning"


class LoanerCase(AftersalesStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loaner_product = (
            cls.env["product.template"]
            .create(
                {
                    "name": "Test Cron Loaner Washer",
                    "is_loaner_unit": True,
                    "type": "consu",
                    "is_storable": True,
                    "tracking": "serial",
                }
            )
            .product_variant_id
        )
        cls.units = cls.env["stock.lot"].create(
            [{"name": f"T-CRON-LOAN-{n}", "product_id": cls.loaner_product.id} for n in range(4)]
        )
        for unit in cls.units:
            cls._add_stock(cls.loaner_product, cls.loaner_location, 1, lot=unit)

    def _lend(self, unit, ticket, due):
        loaner = self.env["aftersales.loaner"].create(
            {
                "ticket_id": ticket.id,
                "product_id": self.loaner_product.id,
                "lot_id": unit.id,
                "date_due": due,
            }
        )
        loaner.action_lend()
        return loaner


@tagged("post_install", "-at_install")
class TestLoanerJobIsolation(LoanerCase):
    def _reminders(self, loaner):
        todo = self.env.ref("mail.mail_activity_data_todo")
        return loaner.activity_ids.filtered(lambda a: a.activity_type_id == todo)

    def _failures(self, loaner):
        return loaner.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(FAILURE_ACTIVITY)
        )

    def test_poisoned_loaner_is_reported_and_the_others_reminded(self):
        self.workshop_ca.manager_id = self.user_manager
        ticket = self._create_repair_ticket()
        good = self._lend(self.units[0], ticket, date(2026, 3, 1))
        bad = self._lend(self.units[1], self._create_repair_ticket(), date(2026, 3, 2))
        orphan_ticket = self._create_repair_ticket(user_id=False, technician_id=False)
        orphan = self._lend(self.units[2], orphan_ticket, date(2026, 3, 3))
        on_time = self._lend(self.units[3], ticket, date(2026, 3, 20))
        self.assertEqual(orphan_ticket.service_center_id, self.workshop_ca)

        loaner_class = type(self.env["aftersales.loaner"])
        prepare = loaner_class._prepare_overdue_reminder_vals

        def prepare_reminder(loaner):
            if loaner == bad:
                raise RuntimeError("The responsible's activities cannot be reached")
            return prepare(loaner)

        loaner_model = self.env["aftersales.loaner"]
        with (
            freeze_time("2026-03-10"),
            patch.object(loaner_class, "_prepare_overdue_reminder_vals", prepare_reminder),
        ):
            loaner_model._cron_remind_overdue()
            loaner_model._cron_remind_overdue()
        self.assertEqual(self._reminders(good).user_id, self.user_reception)
        self.assertEqual(
            self._reminders(orphan).user_id,
            self.user_manager,
            "nobody on the case: the center's manager gets the unit back",
        )
        self.assertFalse(self._reminders(bad))
        report = self._failures(bad)
        self.assertEqual(len(report), 1, "reported once, even if run twice")
        self.assertEqual(report.summary, "Overdue loaner reminder not scheduled")
        self.assertEqual(report.user_id, self.user_manager)
        self.assertIn("cannot be reached", report.note)
        self.assertFalse(on_time.activity_ids)
        self.assertEqual(len(self._reminders(good)), 1)

        # the next run reminds it and closes the report
        with freeze_time("2026-03-11"):
            loaner_model._cron_remind_overdue()
        self.assertEqual(self._reminders(bad).user_id, self.user_reception)
        self.assertFalse(self._failures(bad))
        self.assertEqual(len(self._reminders(good)), 1)


@tagged("post_install", "-at_install")
class TestLoanerLentOnceConcurrently(AftersalesStockCommon):
    """Two workers lend the same unit at once, each with its own cursor: the
    second cannot see the first lend, the database refuses it."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            product = (
                env["product.template"]
                .create(
                    {
                        "name": "Concurrent loaner",
                        "is_loaner_unit": True,
                        "type": "consu",
                        "is_storable": True,
                        "tracking": "serial",
                    }
                )
                .product_variant_id
            )
            lot = env["stock.lot"].create({"name": "CONC-LOAN-1", "product_id": product.id})
            partner = env["res.partner"].create({"name": "Concurrent loaner customer"})
            tickets = env["aftersales.ticket"].create(
                [{"partner_id": partner.id, "summary": f"Concurrent {n}"} for n in (1, 2)]
            )
            loaners = env["aftersales.loaner"].create(
                [
                    {"ticket_id": ticket.id, "product_id": product.id, "lot_id": lot.id}
                    for ticket in tickets
                ]
            )
            self.committed = (product.product_tmpl_id.id, lot.id, partner.id, tickets.ids)
            self.loaner_ids = loaners.ids
        self.addCleanup(self._cleanup_committed)

    def _cleanup_committed(self):
        template_id, lot_id, partner_id, ticket_ids = self.committed
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute("DELETE FROM aftersales_loaner WHERE id IN %s", [tuple(self.loaner_ids)])
            env["aftersales.ticket"].browse(ticket_ids).unlink()
            env["stock.lot"].browse(lot_id).unlink()
            env["product.template"].browse(template_id).unlink()
            env["res.partner"].browse(partner_id).unlink()

    def _lend_in(self, cr, loaner_id):
        """The state a lend leaves (the transfers aside)."""
        env = api.Environment(cr, SUPERUSER_ID, {})
        loaner = env["aftersales.loaner"].browse(loaner_id)
        loaner.write({"state": "out"})
        loaner.flush_recordset()

    def test_second_concurrent_lend_refused_by_the_database(self):
        first, second = self.loaner_ids
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            cr_b.execute("SELECT 1")  # worker B's snapshot starts before A commits
            self._lend_in(cr_a, first)
            cr_a.commit()
            with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
                self._lend_in(cr_b, second)
            cr_b.rollback()
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM aftersales_loaner WHERE id IN %s AND state = 'out'",
                [tuple(self.loaner_ids)],
            )
            self.assertEqual([row[0] for row in cr.fetchall()], [first])
