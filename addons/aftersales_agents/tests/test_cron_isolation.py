# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The jobs meet the agents' rules: a case or a contract the rules refuse is
reported to whoever must act, and the job goes on with the others."""

from datetime import timedelta

from odoo.tests import tagged

from .common import AgentsCommon

FAILURE_ACTIVITY = "mail.mail_activity_data_warning"


@tagged("post_install", "-at_install")
class TestAgentsCronIsolation(AgentsCommon):
    def _failures(self, record, summary):
        return record.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(FAILURE_ACTIVITY) and a.summary == summary
        )

    @staticmethod
    def _number(ticket):
        return int(ticket.name.rsplit("/", 1)[1])

    def test_periodic_case_refused_by_the_agent_contract_takes_no_number(self):
        self.agent_tx.manager_id = self.user_agent_manager
        equipment_model = self.env["aftersales.equipment"]
        due = self.today - timedelta(days=2)
        units = equipment_model.create(
            [
                {
                    "partner_id": partner.id,
                    "product_id": self.product_ac.id,
                    "serial_number": serial,
                    "periodic_interval_months": 6,
                    "next_service_date": due,
                }
                for partner, serial in (
                    (self.customer, "T-AC-CA-1"),
                    (self.customer_tx, "T-AC-TX-1"),
                    (self.customer, "T-AC-CA-2"),
                )
            ]
        )
        bad = units[1]
        self.assertEqual(bad.service_center_id, self.agent_tx)
        self.assertNotIn("periodic_service", self.contract_tx.service_type_ids.mapped("code"))

        before = self._create_ticket(summary="Before the run")
        tickets = equipment_model._cron_create_periodic_tickets()
        after = self._create_ticket(summary="After the run")
        self.assertEqual(
            tickets.filtered(lambda t: t.equipment_id in units).equipment_id, units - bad
        )
        self.assertEqual(
            self._number(after),
            self._number(before) + len(tickets) + 1,
            "the cases opened took a number, the refused one did not",
        )
        self.assertEqual(bad.next_service_date, due)
        summary = "Periodic service case not opened"
        report = self._failures(bad, summary)
        self.assertEqual(len(report), 1)
        self.assertEqual(report.user_id, self.user_agent_manager)
        self.assertIn("no active contract covering", report.note)

        self.assertFalse(equipment_model._cron_create_periodic_tickets(), "nothing twice")
        self.assertEqual(self._failures(bad, summary), report)
        self.assertFalse(
            self.env["aftersales.ticket"].search_count(
                [("equipment_id", "=", bad.id), ("periodic_due_date", "!=", False)]
            )
        )

    def test_contract_that_cannot_expire_is_reported_and_the_others_expire(self):
        yesterday = self.today - timedelta(days=1)
        center_nv = self.env["aftersales.service.center"].create(
            {
                "name": "Test Nevada Agent",
                "code": "T-NV",
                "center_type": "agent",
                "parent_id": self.head_office.id,
                "partner_id": self.env["res.partner"].create({"name": "Test Nevada Agent Co"}).id,
            }
        )
        good = self._create_agent_contract(
            service_center_id=center_nv.id, responsible_id=self.user_agent_manager.id
        )
        good.action_activate()
        bad = self.contract_tx
        bad.responsible_id = self.user_manager
        (good | bad).write({"date_end": yesterday})
        renewal = self._create_agent_contract(date_start=self.today)
        renewal.action_activate()
        # imported before the rule: the renewal starts before the old one ended
        self.env.cr.execute(
            "UPDATE aftersales_agent_contract SET date_start = %s WHERE id = %s",
            [self.today - timedelta(days=10), renewal.id],
        )
        renewal.invalidate_recordset()

        contract_model = self.env["aftersales.agent.contract"]
        contract_model._cron_expire_contracts()
        contract_model._cron_expire_contracts()
        self.assertEqual(good.state, "expired")
        self.assertEqual(
            len(good.message_ids.filtered(lambda m: "is now expired" in (m.body or ""))), 1
        )
        self.assertEqual(bad.state, "active")
        summary = "Contract not expired"
        report = self._failures(bad, summary)
        self.assertEqual(len(report), 1, "reported once, even if run twice")
        self.assertEqual(report.user_id, self.user_manager)
        self.assertIn(renewal.name, report.note)
        self.assertFalse(self._failures(good, summary))
