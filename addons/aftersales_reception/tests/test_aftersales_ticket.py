# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestAftersalesTicket(AftersalesCommon):
    # ------------------------------------------------------------
    # Numbering and defaults
    # ------------------------------------------------------------

    def test_reference_from_sequence(self):
        first = self._create_ticket()
        second = self._create_ticket()
        self.assertRegex(first.name, r"^AS/\d{4}/\d{5}$")
        self.assertNotEqual(first.name, second.name)
        self.assertEqual(first.stage_id, self.stage_new, "a new case starts in the first stage")
        self.assertEqual(first.team_id, self.team)

    def test_customer_is_follower_and_contact_copied(self):
        ticket = self._create_ticket()
        self.assertEqual(ticket.partner_phone, self.customer.phone)
        self.assertEqual(ticket.partner_email, self.customer.email)
        self.assertIn(self.customer, ticket.message_partner_ids)

    # ------------------------------------------------------------
    # Warranty
    # ------------------------------------------------------------

    @freeze_time("2026-06-01 09:00:00")
    def test_warranty_in_warranty_from_category_policy(self):
        ticket = self._create_ticket(product_id=self.product_washer.id, serial_number="T-WASH-0001")
        self.assertEqual(ticket.equipment_id, self.equipment, "the serial finds the installed unit")
        self.assertEqual(ticket.warranty_policy_id, self.policy_appliances)
        self.assertEqual(self.equipment.warranty_end_date, date(2028, 1, 10))
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(ticket.service_type, "warranty_repair")

    @freeze_time("2026-06-01 09:00:00")
    def test_warranty_expired(self):
        self.equipment.purchase_date = date(2023, 1, 1)
        ticket = self._create_ticket(equipment_id=self.equipment.id)
        self.assertEqual(ticket.product_id, self.product_washer, "the unit fills in the product")
        self.assertEqual(ticket.warranty_state, "expired")
        self.assertEqual(ticket.service_type, "paid_repair")

    def test_warranty_computed_at_intake_date(self):
        """The state holds on the day the unit was received, not today."""
        self.equipment.purchase_date = date(2023, 1, 1)  # ends 2025-01-01
        ticket = self._create_ticket(
            equipment_id=self.equipment.id, date_received=datetime(2024, 12, 20, 10, 0)
        )
        self.assertEqual(ticket.warranty_state, "in_warranty")

    def test_warranty_installation_date_counts_first(self):
        self.equipment.write(
            {"purchase_date": date(2023, 1, 1), "installation_date": date(2023, 6, 1)}
        )
        self.assertEqual(self.equipment.warranty_end_date, date(2025, 6, 1))

    def test_product_policy_beats_category_policy(self):
        unit = self.env["aftersales.equipment"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product_ac.id,
                "serial_number": "T-AC-1",
                "purchase_date": date(2026, 1, 1),
            }
        )
        self.assertEqual(unit.warranty_policy_id, self.policy_ac)
        self.assertEqual(unit.warranty_end_date, date(2029, 1, 1))

    def test_subcategory_inherits_parent_category_policy(self):
        product = self.env["product.product"].create(
            {"name": "Test Fan", "categ_id": self.categ_climate.id}
        )
        policies = self.env["aftersales.warranty.policy"]._find_for_products(product)
        self.assertEqual(policies[product], self.policy_appliances)

    def test_warranty_void_by_exclusion(self):
        ticket = self._create_ticket(
            equipment_id=self.equipment.id,
            date_received=datetime(2026, 3, 1, 10, 0),
            warranty_exclusion_ids=[Command.link(self.exclusion_liquid.id)],
        )
        self.assertEqual(ticket.warranty_state, "void")
        self.assertEqual(ticket.service_type, "paid_repair")

    def test_exclusion_not_in_policy_keeps_warranty(self):
        ticket = self._create_ticket(
            equipment_id=self.equipment.id,
            date_received=datetime(2026, 3, 1, 10, 0),
            warranty_exclusion_ids=[Command.link(self.exclusion_power.id)],
        )
        self.assertEqual(ticket.warranty_state, "in_warranty")

    def test_warranty_not_applicable_without_policy(self):
        ticket = self._create_ticket(product_id=self.product_other.id, serial_number="GADGET-1")
        self.assertEqual(ticket.warranty_state, "not_applicable")

    def test_warranty_override_needs_reason_and_is_tracked(self):
        ticket = self._create_ticket(
            equipment_id=self.equipment.id, date_received=datetime(2026, 3, 1, 10, 0)
        )
        with self.assertRaises(ValidationError):
            ticket.write({"warranty_override": True, "warranty_override_state": "void"})
        wizard = Form(
            self.env["aftersales.ticket.warranty.override"].with_context(
                active_model="aftersales.ticket", active_id=ticket.id
            )
        )
        wizard.new_state = "void"
        wizard.reason = "Seal broken, customer admits opening the unit"
        wizard.save().action_apply()
        self.assertEqual(ticket.warranty_state, "void")
        self.assertEqual(ticket.service_type, "paid_repair")
        self.assertIn("Seal broken", ticket.message_ids[0].body)
        # back to the computed state
        wizard = Form(
            self.env["aftersales.ticket.warranty.override"].with_context(
                active_model="aftersales.ticket", active_id=ticket.id
            )
        )
        wizard.restore = True
        wizard.reason = "Seal was intact after all"
        wizard.save().action_apply()
        self.assertEqual(ticket.warranty_state, "in_warranty")

    def test_warranty_override_wizard_refuses_empty_reason(self):
        ticket = self._create_ticket(equipment_id=self.equipment.id)
        wizard = self.env["aftersales.ticket.warranty.override"].create(
            {"ticket_id": ticket.id, "new_state": "void", "reason": "  "}
        )
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertFalse(ticket.warranty_override)

    def test_warranty_override_tracked_on_chatter(self):
        tracked_env = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        ticket = tracked_env["aftersales.ticket"].create(
            {"partner_id": self.customer.id, "equipment_id": self.equipment.id}
        )
        # as if the case had been created in an earlier transaction
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket.write(
            {
                "warranty_override": True,
                "warranty_override_state": "in_warranty",
                "warranty_override_reason": "Goodwill",
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written before commit
        tracked = ticket.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("warranty_override_reason", tracked)
        self.assertIn("warranty_override", tracked)

    # ------------------------------------------------------------
    # Routing
    # ------------------------------------------------------------

    def test_routing_by_state_territory(self):
        self.assertEqual(self._create_ticket().service_center_id, self.workshop_ca)
        self.assertEqual(
            self._create_ticket(partner_id=self.customer_tx.id).service_center_id, self.agent_tx
        )

    def test_routing_falls_back_to_head_office(self):
        ticket = self._create_ticket(partner_id=self.customer_far.id)
        self.assertEqual(ticket.service_center_id, self.head_office)

    def test_routing_zip_range_beats_state(self):
        zip_center = self.env["aftersales.service.center"].create(
            {
                "name": "Test Fremont Zip Center",
                "center_type": "agent",
                "territory_ids": [
                    Command.create(
                        {
                            "country_id": self.country.id,
                            "state_id": self.state_ca.id,
                            "zip_from": "94536",
                            "zip_to": "94539",
                        }
                    )
                ],
            }
        )
        self.assertEqual(self._create_ticket().service_center_id, zip_center)
        other = self.customer.copy({"zip": "90001", "city": "Los Angeles"})
        self.assertEqual(
            self._create_ticket(partner_id=other.id).service_center_id, self.workshop_ca
        )

    def test_routing_city_beats_state(self):
        city_center = self.env["aftersales.service.center"].create(
            {
                "name": "Test Fremont City Center",
                "territory_ids": [
                    Command.create({"country_id": self.country.id, "city": "fremont"})
                ],
            }
        )
        self.assertEqual(self._create_ticket().service_center_id, city_center)

    def test_routing_proposal_can_be_changed(self):
        ticket = self._create_ticket()
        ticket.service_center_id = self.agent_tx
        ticket.partner_id = self.customer_far
        self.assertEqual(ticket.service_center_id, self.agent_tx, "a manual choice is kept")

    def test_territory_bad_zip_range(self):
        with self.assertRaisesRegex(ValidationError, "inverted"):
            self.workshop_ca.territory_ids = [
                Command.create(
                    {"country_id": self.country.id, "zip_from": "95000", "zip_to": "94000"}
                )
            ]
        with self.assertRaisesRegex(ValidationError, "both ends"):
            self.workshop_ca.territory_ids = [
                Command.create({"country_id": self.country.id, "zip_from": "95000"})
            ]
        with self.assertRaisesRegex(ValidationError, "not in"):
            self.workshop_ca.territory_ids = [
                Command.create(
                    {"country_id": self.env.ref("base.de").id, "state_id": self.state_tx.id}
                )
            ]

    # ------------------------------------------------------------
    # SLA
    # ------------------------------------------------------------

    def test_sla_deadlines_use_working_hours(self):
        """Standard calendar: Mon-Fri 8-12 and 13-17 (UTC here)."""
        policy = self.env["aftersales.sla.policy"].create(
            {
                "name": "Test SLA",
                "sequence": -10,
                "team_id": self.team.id,
                "response_hours": 4,
                "resolution_hours": 16,
            }
        )
        # Friday 2026-11-20 15:00: 2 h left on Friday, then Monday
        ticket = self._create_ticket(date_received=datetime(2026, 11, 20, 15, 0))
        self.assertEqual(ticket.sla_policy_id, policy)
        self.assertEqual(ticket.sla_response_deadline, datetime(2026, 11, 23, 10, 0))
        # 2 h on Friday, 8 h on Monday, 6 h on Tuesday (8-12, 13-15)
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2026, 11, 24, 15, 0))

    def test_sla_batch_planning_matches_plan_hours(self):
        starts = [
            (datetime(2026, 11, 20, 15, 0), 4.0),
            (datetime(2026, 11, 21, 3, 0), 9.5),
            (datetime(2026, 11, 23, 12, 30), 0.5),
            (datetime(2026, 12, 24, 16, 0), 40.0),
        ]
        planned = self.env["aftersales.ticket"]._plan_working_hours(self.calendar, starts)
        expected = [
            self.calendar.plan_hours(hours, start, compute_leaves=True) for start, hours in starts
        ]
        self.assertEqual(planned, expected)

    def test_sla_priority_policy_and_states(self):
        self.env["aftersales.sla.policy"].create(
            {
                "name": "Test urgent",
                "sequence": -20,
                "priority": "3",
                "response_hours": 1,
                "resolution_hours": 8,
            }
        )
        received = datetime(2026, 11, 23, 8, 0)  # a Monday
        urgent = self._create_ticket(priority="3", date_received=received)
        self.assertEqual(urgent.sla_response_deadline, datetime(2026, 11, 23, 9, 0))
        self.assertEqual(urgent.sla_resolution_deadline, datetime(2026, 11, 23, 17, 0))
        self.assertEqual(urgent.sla_resolution_state, "ongoing")
        with freeze_time("2026-11-23 18:00:00"):
            self.assertTrue(urgent.sla_resolution_overdue)
            overdue = self.env["aftersales.ticket"].search(
                [("sla_resolution_overdue", "=", True), ("id", "=", urgent.id)]
            )
            self.assertEqual(overdue, urgent)
            urgent.write({"stage_id": self.stage_done.id})
            urgent.flush_recordset()
        self.assertEqual(urgent.date_done, datetime(2026, 11, 23, 18, 0))
        self.assertEqual(urgent.sla_resolution_state, "missed")

    def test_sla_met_and_first_response(self):
        with freeze_time("2026-11-23 08:00:00"):
            ticket = self._create_ticket(date_received=datetime(2026, 11, 23, 8, 0))
        self.assertEqual(ticket.sla_response_state, "ongoing")
        with freeze_time("2026-11-23 09:00:00"):
            ticket.stage_id = self.stage_diagnosis
            ticket.flush_recordset()
        self.assertEqual(ticket.date_first_response, datetime(2026, 11, 23, 9, 0))
        self.assertEqual(ticket.sla_response_state, "met")
        with freeze_time("2026-11-24 09:00:00"):
            ticket.stage_id = self.stage_done
            ticket.flush_recordset()
        self.assertEqual(ticket.sla_resolution_state, "met")
        not_overdue = self.env["aftersales.ticket"].search(
            [("sla_resolution_overdue", "=", False), ("id", "=", ticket.id)]
        )
        self.assertEqual(not_overdue, ticket)

    def test_sla_policy_bad_hours(self):
        with self.assertRaisesRegex(ValidationError, "zero or more"):
            self.env["aftersales.sla.policy"].create(
                {"name": "Bad", "response_hours": -1, "resolution_hours": 8}
            )
        with self.assertRaisesRegex(ValidationError, "shorter than the response"):
            self.env["aftersales.sla.policy"].create(
                {"name": "Bad", "response_hours": 10, "resolution_hours": 8}
            )

    # ------------------------------------------------------------
    # Stages and dates
    # ------------------------------------------------------------

    def test_stage_dates(self):
        ticket = self._create_ticket(user_id=self.user_reception.id)
        self.assertFalse(ticket.date_done)
        ticket.stage_id = self.stage_done
        self.assertTrue(ticket.date_done)
        self.assertFalse(ticket.date_delivered)
        ticket.stage_id = self.stage_closed
        self.assertTrue(ticket.date_delivered)
        self.assertTrue(ticket.is_closed)
        ticket.stage_id = self.stage_repair  # reopened: rework
        self.assertFalse(ticket.date_done)
        self.assertFalse(ticket.date_delivered)
        self.assertFalse(ticket.is_closed)

    def test_close_needs_responsible(self):
        ticket = self._create_ticket(user_id=False)
        with self.assertRaisesRegex(UserError, "responsible"):
            ticket.stage_id = self.stage_closed
        self.assertEqual(ticket.stage_id, self.stage_new)

    def test_team_stages_in_kanban(self):
        team_stage = self.env["aftersales.stage"].create(
            {"name": "Team only", "team_ids": [Command.link(self.team.id)], "sequence": 99}
        )
        other_team = self.env["aftersales.team"].create({"name": "Other"})
        other_stage = self.env["aftersales.stage"].create(
            {"name": "Other only", "team_ids": [Command.link(other_team.id)], "sequence": 98}
        )
        groups = (
            self.env["aftersales.ticket"]
            .with_context(default_team_id=self.team.id)
            .web_read_group([], ["stage_id"], ["stage_id"])
        )
        stage_ids = [g["stage_id"][0] for g in groups["groups"]]
        self.assertIn(team_stage.id, stage_ids)
        self.assertNotIn(other_stage.id, stage_ids)
        self.assertIn(self.stage_new.id, stage_ids)

    def test_closed_case_cannot_be_deleted(self):
        ticket = self._create_ticket(user_id=self.user_reception.id)
        ticket.stage_id = self.stage_closed
        with self.assertRaisesRegex(UserError, "archive"):
            ticket.with_user(self.user_manager).unlink()
        self.assertTrue(ticket.exists())
        draft = self._create_ticket()
        draft.with_user(self.user_manager).unlink()
        self.assertFalse(draft.exists())

    # ------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------

    def test_promised_before_received(self):
        with self.assertRaisesRegex(ValidationError, "promised date"):
            self._create_ticket(
                date_received=datetime(2026, 5, 10, 9, 0), date_promised=date(2026, 5, 9)
            )
        ticket = self._create_ticket(
            date_received=datetime(2026, 5, 10, 9, 0), date_promised=date(2026, 5, 10)
        )
        self.assertEqual(ticket.date_promised, date(2026, 5, 10))

    def test_serial_of_another_product(self):
        with self.assertRaisesRegex(ValidationError, "registered for"):
            self._create_ticket(product_id=self.product_ac.id, serial_number="T-WASH-0001")

    def test_equipment_mismatch_serial(self):
        with self.assertRaisesRegex(ValidationError, "does not match"):
            self._create_ticket(equipment_id=self.equipment.id, serial_number="OTHER")

    def test_unknown_serial_registers_equipment(self):
        ticket = self._create_ticket(product_id=self.product_ac.id, serial_number="T-AC-NEW")
        self.assertTrue(ticket.equipment_id)
        self.assertEqual(ticket.equipment_id.serial_number, "T-AC-NEW")
        self.assertEqual(ticket.equipment_id.partner_id, self.customer)
        self.assertEqual(ticket.equipment_id.product_id, self.product_ac)

    # ------------------------------------------------------------
    # Duplicates
    # ------------------------------------------------------------

    def test_duplicate_warning(self):
        first = self._create_ticket(equipment_id=self.equipment.id)
        second = self._create_ticket(equipment_id=self.equipment.id)
        self.assertEqual(second.duplicate_ticket_ids, first)
        self.assertEqual(first.duplicate_ticket_ids, second)
        other_unit = self._create_ticket(product_id=self.product_ac.id, serial_number="T-AC-9")
        self.assertFalse(other_unit.duplicate_ticket_ids)
        # a closed case is no duplicate
        first.write({"user_id": self.user_reception.id, "stage_id": self.stage_closed.id})
        second.invalidate_recordset(["duplicate_ticket_ids"])
        self.assertFalse(second.duplicate_ticket_ids)

    def test_duplicate_warning_in_form(self):
        self._create_ticket(equipment_id=self.equipment.id)
        form = Form(self.env["aftersales.ticket"])
        form.partner_id = self.customer
        form.summary = "Again"
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.equipment_id = self.equipment
        self.assertIn("already has an open case", logs.output[0])
        self.assertEqual(form.duplicate_ticket_count, 1)

    def test_followup_links_earlier_case(self):
        first = self._create_ticket(equipment_id=self.equipment.id)
        action = first.action_create_followup()
        # the earlier case is still open: the form warns about it
        with self.assertLogs("odoo.tests.form.onchange", "WARNING"):
            form = Form(self.env["aftersales.ticket"].with_context(**action["context"]))
        form.summary = "Same fault again"
        followup = form.save()
        self.assertEqual(followup.origin_ticket_id, first)
        self.assertEqual(first.followup_ticket_ids, followup)
        self.assertEqual(followup.equipment_id, self.equipment)

    # ------------------------------------------------------------
    # Reception receipt
    # ------------------------------------------------------------

    def test_receipt_report(self):
        ticket = self._create_ticket(
            equipment_id=self.equipment.id,
            date_received=datetime(2026, 3, 1, 10, 0),
            date_promised=date(2026, 3, 5),
            fault_description="Drum does not turn",
        )
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_reception.report_aftersales_receipt", ticket.ids
        )
        html = html.decode()
        for expected in (ticket.name, "T-WASH-0001", "Drum does not turn", "In Warranty"):
            self.assertIn(expected, html)


@tagged("post_install", "-at_install")
class TestAftersalesReceipt(AftersalesCommon):
    def test_receipt_queued_and_sent_once(self):
        with_email = self._create_ticket(summary="Receipt please")
        no_email = self._create_ticket(partner_id=self.customer_far.id)
        self.assertTrue(with_email.receipt_pending)
        self.assertFalse(no_email.receipt_pending, "no email address, no receipt")
        sent = self.env["aftersales.ticket"]._cron_send_receipts()
        self.assertIn(with_email, sent)
        self.assertFalse(with_email.receipt_pending)
        message = with_email.message_ids.filtered(
            lambda m: m.subject and with_email.name in m.subject
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.customer, message.partner_ids)
        # a second run sends nothing again
        self.assertNotIn(with_email, self.env["aftersales.ticket"]._cron_send_receipts())
        self.assertEqual(
            len(
                with_email.message_ids.filtered(
                    lambda m: m.subject and with_email.name in m.subject
                )
            ),
            1,
        )

    def test_team_without_receipt_template(self):
        self.team.receipt_template_id = False
        self.assertFalse(self._create_ticket().receipt_pending)

    def test_intake_queries_stay_flat_per_batch(self):
        """Creating cases in a batch costs a constant number of queries plus
        one per case (its reference number)."""
        ticket_model = self.env["aftersales.ticket"]

        def batch(size, offset):
            return [
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "product_id": self.product_washer.id,
                    "serial_number": f"Q-{offset + i}",
                    "summary": "Batch",
                }
                for i in range(size)
            ]

        ticket_model.create(batch(5, 0))  # warm the caches
        self.env.flush_all()
        counts = []
        for size, offset in ((10, 100), (50, 200)):
            vals = batch(size, offset)
            before = self.env.cr.sql_log_count
            ticket_model.create(vals)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        small, large = counts
        self.assertLessEqual(large - small, 40 + 5, f"queries: {counts}")
