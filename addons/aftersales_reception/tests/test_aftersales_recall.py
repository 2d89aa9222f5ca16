# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Recall campaigns: which units they find, one case per unit however often
they run, the customers told, the progress counted, and their fences."""

from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestAftersalesRecall(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_portal = mail_new_test_user(
            cls.env,
            login="as_recall_portal",
            name="Paula Portal",
            email="paula@example.com",
            groups="base.group_portal",
        )
        equipment = cls.env["aftersales.equipment"]
        cls.washers = equipment.create(
            [
                {
                    "partner_id": (
                        cls.user_portal.partner_id if index == 3 else cls.customer_tx
                    ).id,
                    "product_id": cls.product_washer.id,
                    "serial_number": f"RC-{index:03d}",
                    "production_lot": f"L{2400 + index}",
                    "purchase_date": date(2026, 2, 1),
                }
                for index in range(1, 6)
            ]
        )
        cls.ac_unit = equipment.create(
            {
                "partner_id": cls.customer_far.id,
                "product_id": cls.product_ac.id,
                "serial_number": "RC-AC-1",
                "production_lot": "L2402",
            }
        )

    def _recall(self, **values):
        vals = {
            "name": "Test door hinge",
            "product_id": self.product_washer.id,
            "reason": "The door hinge may break: we replace it free of charge.",
        }
        vals.update(values)
        return self.env["aftersales.recall"].sudo().create(vals).sudo(self.env.su)

    # ------------------------------------------------------------
    # Units found
    # ------------------------------------------------------------

    def test_find_units_by_serials_ranges_and_product(self):
        recall = self._recall(serial_list="RC-001\nRC-004, RC-999")
        recall.action_find_units()
        self.assertEqual(recall.unit_ids.equipment_id, self.washers[0] | self.washers[3])
        self.assertEqual(recall.unit_count, 2)
        # a serial range, compared as text, adds to the listed ones
        recall.write({"serial_from": "RC-002", "serial_to": "RC-003"})
        recall.action_find_units()
        self.assertEqual(recall.unit_ids.equipment_id, self.washers[:4])
        # lots only (the AC of lot L2402 is another product: not recalled)
        recall.write({"serial_list": False, "serial_from": False, "serial_to": False})
        recall.write({"lot_from": "L2404", "lot_to": "L2405"})
        recall.action_find_units()
        self.assertEqual(recall.unit_ids.equipment_id, self.washers[3:])
        # a whole category, every product in it
        recall.write({"product_id": False, "product_categ_id": self.categ_appliances.id})
        recall.write({"lot_from": "L2402", "lot_to": "L2402"})
        recall.action_find_units()
        self.assertEqual(recall.unit_ids.equipment_id, self.washers[1] | self.ac_unit)
        # the whole product
        everything = self._recall()
        everything.action_find_units()
        self.assertEqual(everything.unit_ids.equipment_id, self.washers | self.equipment)

    def test_bad_criteria_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "choose the recalled product or product"):
            self._recall(product_id=False)
        with self.assertRaisesRegex(ValidationError, "starts at RC-009, after its end RC-002"):
            self._recall(serial_from="RC-009", serial_to="RC-002")
        with self.assertRaisesRegex(ValidationError, "give both ends of the range"):
            self._recall(lot_from="L2401")
        with self.assertRaisesRegex(ValidationError, "is not of category"):
            self._recall(product_categ_id=self.categ_climate.id)
        recall = self._recall(serial_list="NO-SUCH-SERIAL")
        with self.assertRaisesRegex(UserError, "No unit of the installed base matches"):
            recall.action_find_units()
        with self.assertRaisesRegex(UserError, "No unit of the installed base matches"):
            recall.action_open_cases()
        self.assertEqual(recall.state, "draft")
        self.assertFalse(recall.unit_ids)

    # ------------------------------------------------------------
    # Cases, notices, progress
    # ------------------------------------------------------------

    def test_open_cases_once_per_unit(self):
        recall = self._recall(serial_from="RC-001", serial_to="RC-003")
        recall.action_open_cases()
        self.assertEqual(recall.state, "running")
        tickets = self.env["aftersales.ticket"].search([("recall_id", "=", recall.id)])
        self.assertEqual(tickets.equipment_id, self.washers[:3])
        self.assertEqual(len(tickets), 3)
        self.assertEqual(set(tickets.mapped("service_type")), {"recall"})
        self.assertEqual(
            tickets.filtered(lambda t: t.equipment_id == self.washers[2]).partner_id,
            self.user_portal.partner_id,
        )
        self.assertEqual(recall.unit_ids.ticket_id, tickets)
        # the customers got the notice, not the reception receipt
        for ticket in tickets:
            notices = ticket.message_ids.filtered(
                lambda m, t=ticket: m.subject and "needs a free check" in m.subject
            )
            self.assertEqual(len(notices), 1, ticket.name)
            self.assertIn(ticket.partner_id, notices.partner_ids)
            self.assertFalse(ticket.receipt_pending)
        self.assertEqual((recall.unit_count, recall.ticket_count, recall.notified_count), (3, 3, 3))
        # running it again (or a second click) opens nothing more
        recall.action_open_cases()
        recall._open_cases()
        self.assertEqual(
            self.env["aftersales.ticket"].search_count([("recall_id", "=", recall.id)]), 3
        )
        # widened while running: only the new unit gets a case
        recall.write({"serial_to": "RC-004"})
        recall.action_open_cases()
        tickets = self.env["aftersales.ticket"].search([("recall_id", "=", recall.id)])
        self.assertEqual(tickets.equipment_id, self.washers[:4])
        self.assertEqual(len(tickets), 4)

    def test_second_case_for_a_unit_refused_by_the_database(self):
        recall = self._recall(serial_list="RC-001")
        recall.action_open_cases()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["aftersales.ticket"].create(
                recall._prepare_recall_ticket_vals(self.washers[0])
            )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["aftersales.recall.unit"].create(
                {"recall_id": recall.id, "equipment_id": self.washers[0].id}
            )

    def test_customer_without_email_not_reached_and_progress(self):
        self.customer_tx.email = False
        recall = self._recall(serial_from="RC-001", serial_to="RC-003")
        recall.action_open_cases()
        self.assertEqual((recall.unit_count, recall.notified_count), (3, 1))
        first, second, third = recall.unit_ids.sorted(lambda u: u.equipment_id.serial_number)
        self.assertFalse(first.date_notified)
        self.assertTrue(third.date_notified)
        self.assertEqual((recall.booked_count, recall.done_count), (0, 0))
        first.ticket_id.stage_id = self.stage_diagnosis
        second.ticket_id.write({"stage_id": self.stage_done.id})
        self.assertEqual((recall.booked_count, recall.done_count), (2, 1))
        groups = self.env["aftersales.recall.unit"]._read_group(
            [("recall_id", "=", recall.id)],
            ["recall_id"],
            ["unit_count:sum", "notified_count:sum", "booked_count:sum", "done_count:sum"],
        )
        self.assertEqual(groups, [(recall, 3, 1, 2, 1)])
        recall.action_done()
        self.assertEqual(recall.state, "done")
        with self.assertRaisesRegex(UserError, "is done"):
            recall.serial_to = "RC-005"
        with self.assertRaisesRegex(UserError, "is done"):
            recall.action_open_cases()
        with self.assertRaisesRegex(UserError, "has opened cases"):
            recall.unlink()

    def test_customer_sees_the_recall_case_on_the_portal(self):
        recall = self._recall(serial_list="RC-003")
        recall.action_open_cases()
        ticket = recall.unit_ids.ticket_id
        mine = self.env["aftersales.ticket"].with_user(self.user_portal).search([])
        self.assertEqual(mine, ticket)
        self.assertEqual(
            ticket.with_user(self.user_portal).read(["name", "service_type"])[0]["service_type"],
            "recall",
        )

    # ------------------------------------------------------------
    # Rights and companies
    # ------------------------------------------------------------

    @users("as_technician", "as_reception")
    def test_only_managers_run_recalls(self):
        recall = self._recall()
        self.assertEqual(recall.name, "Test door hinge")
        with self.assertRaises(AccessError):
            recall.action_open_cases()
        with self.assertRaises(AccessError):
            self.env["aftersales.recall"].create(
                {"name": "Mine", "product_id": self.product_washer.id, "reason": "x"}
            )

    @users("as_manager")
    def test_manager_runs_a_recall(self):
        recall = self.env["aftersales.recall"].create(
            {"name": "Managed", "product_id": self.product_washer.id, "reason": "Check"}
        )
        recall.action_open_cases()
        self.assertEqual(recall.ticket_count, 6)

    def test_recall_of_another_company_is_fenced(self):
        company_b = self.env["res.company"].create({"name": "Recall Company B"})
        product_b = self.env["product.product"].create(
            {"name": "Test B Washer", "company_id": company_b.id}
        )
        customer_b = self.env["res.partner"].create(
            {"name": "Test B Customer", "company_id": company_b.id, "email": "b@example.com"}
        )
        unit_b = self.env["aftersales.equipment"].create(
            {
                "partner_id": customer_b.id,
                "product_id": product_b.id,
                "serial_number": "RC-001",
                "company_id": company_b.id,
            }
        )
        recall_b = self._recall(product_id=product_b.id, company_id=company_b.id)
        # the same serial in this company is not recalled by company B's campaign
        recall_b.action_open_cases()
        self.assertEqual(recall_b.unit_ids.equipment_id, unit_b)
        self.assertEqual(recall_b.unit_ids.ticket_id.company_id, company_b)
        # a manager of the first company does not see it, nor its units
        manager = self.user_manager
        self.assertNotIn(company_b, manager.company_ids)
        self.assertFalse(
            self.env["aftersales.recall"].with_user(manager).search([("id", "=", recall_b.id)])
        )
        self.assertFalse(
            self.env["aftersales.recall.unit"]
            .with_user(manager)
            .search([("recall_id", "=", recall_b.id)])
        )
        with self.assertRaises(AccessError):
            recall_b.with_user(manager).read(["name"])
        # nor can a campaign of one company take the other's products
        with self.assertRaises(UserError):
            self._recall(product_id=product_b.id)


@tagged("post_install", "-at_install")
class TestAftersalesFailureCause(AftersalesCommon):
    def test_cause_set_at_diagnosis_and_kept_when_closed(self):
        tracked_env = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        ticket = tracked_env["aftersales.ticket"].create(
            {
                "partner_id": self.customer.id,
                "team_id": self.team.id,
                "user_id": self.user_reception.id,
                "technician_id": self.user_technician.id,
            }
        )
        # as if the case had been created in an earlier transaction
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket.with_user(self.user_technician).failure_cause = "misuse"
        self.assertEqual(ticket.failure_cause, "misuse")
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written before commit
        tracked = ticket.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "failure_cause"
        )
        self.assertEqual(len(tracked), 1)
        ticket.stage_id = self.stage_closed
        with self.assertRaisesRegex(UserError, "keeps the cause of failure it was closed with"):
            ticket.with_user(self.user_reception).failure_cause = "defect"
        self.assertEqual(ticket.failure_cause, "misuse")
        # the same value is no change
        ticket.with_user(self.user_reception).write({"failure_cause": "misuse"})

    def test_manufacture_date_checked(self):
        self.equipment.write({"production_lot": "L1", "date_manufactured": date(2025, 12, 1)})
        with self.assertRaisesRegex(ValidationError, "cannot have been manufactured"):
            self.equipment.date_manufactured = date(2026, 2, 1)
        with self.assertRaisesRegex(ValidationError, "cannot have been manufactured"):
            self.equipment.date_manufactured = date(2099, 1, 1)
