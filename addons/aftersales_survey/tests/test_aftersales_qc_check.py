# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestAftersalesQcCheck(AftersalesSurveyCommon):
    # ------------------------------------------------------------
    # Checklists
    # ------------------------------------------------------------

    def test_most_specific_checklist_wins(self):
        template_model = self.env["aftersales.qc.template"]
        step = [Command.create({"name": "Look at it"})]
        generic = template_model.create({"name": "Generic", "sequence": 1, "step_ids": step})
        climate = template_model.create(
            {
                "name": "Climate",
                "sequence": 50,
                "categ_ids": [Command.link(self.categ_climate.id)],
                "step_ids": step,
            }
        )
        installation = template_model.create(
            {
                "name": "Installation",
                "sequence": 90,
                "service_type": "installation",
                "step_ids": step,
            }
        )
        washer = self._repair_ticket()
        ac = self._repair_ticket(product_id=self.product_ac.id, equipment_id=False)
        install = self._repair_ticket(
            product_id=self.product_ac.id, equipment_id=False, service_type="installation"
        )
        consultation = self._repair_ticket(
            product_id=self.product_other.id, equipment_id=False, service_type="consultation"
        )
        found = template_model._find_for_tickets(washer | ac | install | consultation)
        self.assertEqual(found[washer], self.template_appliances, "category beats generic")
        self.assertEqual(found[ac], climate, "the sub-category beats its parent category")
        self.assertEqual(found[install], installation, "the service type beats the category")
        self.assertFalse(found[consultation], "consultations have no checklist by default")
        self.assertTrue(generic.active)

    def test_step_range_needs_measurement_and_order(self):
        with self.assertRaisesRegex(ValidationError, "above the maximum"):
            self.template_appliances.step_ids[1].min_value = 2.0
        with self.assertRaisesRegex(ValidationError, "Measurement Required"):
            self.template_appliances.step_ids[0].has_tolerance = True
        with self.assertRaisesRegex(ValidationError, "no step"):
            self.env["aftersales.qc.template"].create({"name": "Empty"})

    # ------------------------------------------------------------
    # The gate
    # ------------------------------------------------------------

    def test_gate_blocks_ready_and_delivery_without_passed_check(self):
        ticket = self._repair_ticket()
        self.assertTrue(ticket.qc_required, "in-house repair of a unit with a checklist")
        for stage in (self.stage_done, self.stage_closed):
            with self.assertRaises(UserError) as error:
                ticket.stage_id = stage
            self.assertIn(ticket.name, str(error.exception))
            self.assertIn("Request QC Check", str(error.exception))
        self.assertEqual(ticket.stage_id, self.stage_repair, "nothing moved")

    def test_gate_names_pending_and_failed_checks(self):
        ticket = self._repair_ticket()
        check = ticket._create_qc_checks()
        with self.assertRaisesRegex(UserError, f"{check.name} is still to do"):
            ticket.stage_id = self.stage_done
        self._fill_check(check, leak=0.9).action_validate()
        ticket.invalidate_recordset()
        with self.assertRaisesRegex(UserError, f"{check.name} failed"):
            ticket.stage_id = self.stage_done

    def test_quality_stage_opens_check_from_checklist(self):
        ticket = self._repair_ticket()
        ticket.stage_id = self.stage_qc
        check = ticket.qc_check_id
        self.assertEqual(check.state, "todo")
        self.assertEqual(ticket.qc_state, "todo")
        self.assertEqual(check.template_id, self.template_appliances)
        self.assertEqual(check.attempt, 1)
        self.assertTrue(check.is_required)
        self.assertRegex(check.name, r"^QC/\d{4}/\d{5}$")
        self.assertEqual(check.technician_id, self.user_technician)
        self.assertEqual(check.product_id, self.product_washer)
        self.assertEqual(
            check.line_ids.sorted("sequence").mapped("name"),
            ["Visual inspection", "Leak test", "Motor temperature"],
        )
        leak = check.line_ids.filtered(lambda l: l.name == "Leak test")
        self.assertEqual((leak.min_value, leak.max_value, leak.unit), (0.0, 0.5, "bar"))
        # entering the stage again keeps the open check
        ticket.stage_id = self.stage_repair
        ticket.stage_id = self.stage_qc
        self.assertEqual(ticket.qc_check_ids, check)

    def test_passed_check_moves_case_to_ready(self):
        ticket = self._repair_ticket()
        ticket.stage_id = self.stage_qc
        self._fill_check(ticket.qc_check_id).action_validate()
        self.assertEqual(ticket.qc_state, "passed")
        self.assertEqual(ticket.stage_id, self.stage_done, "passing QC makes the unit ready")
        self.assertEqual(ticket.qc_check_id.inspector_id, self.env.user)
        self.assertTrue(ticket.qc_check_id.date_done)
        self._close(ticket)
        self.assertEqual(ticket.stage_type, "closed")

    # ------------------------------------------------------------
    # Failures and rework
    # ------------------------------------------------------------

    def test_failed_check_sends_unit_back_to_repair(self):
        ticket = self._repair_ticket()
        ticket.stage_id = self.stage_qc
        check = ticket.qc_check_id
        self._fill_check(check, leak=0.9)
        check.line_ids.filtered(lambda l: l.name == "Leak test").note = "Drips at the gasket"
        check.with_user(self.user_inspector).action_validate()

        self.assertEqual(check.state, "failed")
        self.assertEqual(check.inspector_id, self.user_inspector)
        self.assertEqual(check.failed_line_count, 1)
        self.assertEqual(ticket.stage_id, self.stage_repair, "back to repair")
        self.assertEqual(ticket.qc_rework_count, 1)
        note = ticket.message_ids.filtered(lambda m: check.name in (m.body or ""))[:1]
        self.assertTrue(note, "the failure is told on the case")
        self.assertIn("Leak test", note.body)
        self.assertIn("measured 0.9 bar, allowed 0 bar to 0.5 bar", note.body)
        self.assertIn("Drips at the gasket", note.body)
        self.assertNotIn("Visual inspection", note.body, "only failing steps are listed")
        rework = ticket.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("aftersales_survey.mail_activity_type_qc_rework")
            )
        )
        self.assertEqual(rework.user_id, self.user_technician)

        # after the rework, a new attempt
        ticket.stage_id = self.stage_qc
        second = ticket.qc_check_id
        self.assertNotEqual(second, check)
        self.assertEqual(second.attempt, 2)
        self._fill_check(second).action_validate()
        self.assertEqual(ticket.stage_id, self.stage_done)
        self.assertEqual(ticket.qc_rework_count, 1, "one rework for one failed check")
        self.assertEqual(ticket.qc_check_count, 2)
        self.assertFalse(ticket.activity_ids.filtered(lambda a: a.id in rework.ids))

    def test_measured_value_out_of_range_fails_the_step(self):
        ticket = self._repair_ticket()
        check = ticket._create_qc_checks()
        self._fill_check(check, leak=0.7)
        leak = check.line_ids.filtered(lambda l: l.name == "Leak test")
        self.assertEqual(leak.result, "fail", "judged by the range when the value is entered")
        leak.result = "pass"  # an inspector cannot overrule the measurement
        check.action_validate()
        self.assertEqual(leak.result, "fail")
        self.assertEqual(check.state, "failed")

    def test_missing_measurement_is_refused_and_nothing_lost(self):
        ticket = self._repair_ticket()
        check = ticket._create_qc_checks()
        visual, leak, temperature = check.line_ids.sorted("sequence")
        visual.write({"result": "pass", "note": "Clean"})
        leak.measured_value = 0.2
        temperature.result = "pass"
        with self.assertRaises(UserError) as error:
            check.action_validate()
        message = str(error.exception)
        self.assertIn(check.name, message)
        self.assertIn(ticket.name, message)
        self.assertIn("Motor temperature", message)
        self.assertNotIn("Leak test", message)
        self.assertEqual(check.state, "todo")
        self.assertEqual((visual.note, leak.measured_value), ("Clean", 0.2))

    def test_undecided_step_is_refused(self):
        check = self._repair_ticket()._create_qc_checks()
        _visual, leak, temperature = check.line_ids.sorted("sequence")
        leak.measured_value = 0.2
        temperature.write({"measured_value": 55.0, "result": "pass"})
        with self.assertRaisesRegex(UserError, "pass or fail these steps"):
            check.action_validate()

    def test_zero_can_be_recorded(self):
        check = self._repair_ticket()._create_qc_checks()
        with Form(check) as form:
            with form.line_ids.edit(1) as line:
                line.measurement_recorded = True
            with form.line_ids.edit(0) as line:
                line.result = "pass"
            with form.line_ids.edit(2) as line:
                line.measured_value = 35.0
                line.result = "pass"
        check.action_validate()
        self.assertEqual(check.state, "passed", "0 bar is a valid leak measurement")

    def test_validated_check_is_locked(self):
        check = self._fill_check(self._repair_ticket()._create_qc_checks())
        check.action_validate()
        with self.assertRaisesRegex(UserError, "already Passed"):
            check.line_ids[0].result = "fail"
        with self.assertRaises(UserError):
            check.action_validate()
        with self.assertRaises(UserError):
            check.action_cancel()
        with self.assertRaisesRegex(UserError, "kept as the history"):
            check.unlink()

    def test_pass_remaining_steps(self):
        check = self._repair_ticket()._create_qc_checks()
        check.action_pass_remaining()
        self.assertEqual(
            check.line_ids.sorted("sequence").mapped("result"),
            ["pass", False, False],
            "measured steps still need their value",
        )

    def test_request_without_checklist(self):
        ticket = self._repair_ticket(product_id=self.product_other.id, equipment_id=False)
        self.assertFalse(ticket.qc_required)
        with self.assertRaisesRegex(UserError, ticket.name):
            ticket.action_request_qc_check()
        ticket.stage_id = self.stage_done  # nothing to check: no gate
        self.assertEqual(ticket.stage_id, self.stage_done)

    def test_request_opens_the_check(self):
        ticket = self._repair_ticket()
        action = ticket.action_request_qc_check()
        self.assertEqual(action["res_model"], "aftersales.qc.check")
        self.assertEqual(action["res_id"], ticket.qc_check_id.id)
        ticket.action_request_qc_check()
        self.assertEqual(len(ticket.qc_check_ids), 1, "a pending check is not duplicated")

    # ------------------------------------------------------------
    # Agents and reopened cases
    # ------------------------------------------------------------

    def test_check_optional_at_agent_workshop(self):
        ticket = self._repair_ticket(service_center_id=self.agent_tx.id, technician_id=False)
        self.assertFalse(ticket.qc_required)
        ticket.stage_id = self.stage_done
        self.assertEqual(ticket.stage_id, self.stage_done)
        # but a check that was opened must pass
        other = self._repair_ticket(service_center_id=self.agent_tx.id, technician_id=False)
        check = other._create_qc_checks()
        self.assertFalse(check.is_required)
        with self.assertRaisesRegex(UserError, "still to do"):
            other.stage_id = self.stage_done
        self.template_appliances.required_for_agents = True
        other.invalidate_recordset(["qc_required"])
        self.assertTrue(other.qc_required)

    def test_reopened_case_needs_a_new_check(self):
        ticket = self._repair_ticket()
        ticket.stage_id = self.stage_qc
        self._fill_check(ticket.qc_check_id).action_validate()
        self.assertEqual(ticket.stage_id, self.stage_done)
        ticket.stage_id = self.stage_repair
        self.assertFalse(ticket.qc_check_id, "the passed check no longer vouches for the unit")
        with self.assertRaises(UserError):
            ticket.stage_id = self.stage_done
        self.assertEqual(len(ticket.qc_check_ids), 1, "the history stays")

    def test_checks_of_many_cases_in_one_batch(self):
        """Opening checks costs the same queries for 2 or 10 cases."""
        few = self.env["aftersales.ticket"].concat(*[self._repair_ticket() for _i in range(2)])
        many = self.env["aftersales.ticket"].concat(*[self._repair_ticket() for _i in range(10)])
        counts = []
        for tickets in (few, many):
            tickets.invalidate_recordset()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            tickets._create_qc_checks()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(len(many.qc_check_ids), 10)
        # references come from a sequence (two queries each); the rest is batched
        self.assertLessEqual(counts[1] - counts[0], 8 * 2, f"queries per check: {counts}")
