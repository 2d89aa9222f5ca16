# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The scheduled jobs of reception: one bad record never blocks the others,
its failure is reported where someone acts on it, and a run done twice does
nothing twice."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AftersalesCommon

FAILURE_ACTIVITY = "mail.mail_activity_data_warning"


class CronCase(AftersalesCommon):
    """Runs a job the way Odoo's scheduler does: call after call, while the
    job reports work done and work remaining."""

    def _run_scheduled(self, cron_xmlid, method, max_calls=10, lastcall=None, **kwargs):
        cron = self.env.ref(cron_xmlid)
        model = self.env[cron.model_id.model]
        calls = []
        for _i in range(max_calls):
            _cron, progress = cron._add_progress()
            model = model.with_context(
                ir_cron_progress_id=progress.id, lastcall=lastcall or datetime(2020, 1, 1)
            )
            getattr(model, method)(**kwargs)
            calls.append((progress.done, progress.remaining))
            if not progress.done or not progress.remaining:
                break
        return calls

    def _failures(self, record, summary):
        return record.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(FAILURE_ACTIVITY) and a.summary == summary
        )


@tagged("post_install", "-at_install")
class TestPeriodicJobIsolation(CronCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Test Second Company"})
        cls.workshop_ca.manager_id = cls.user_manager
        cls.customer_other = cls.env["res.partner"].create(
            {
                "name": "Test Customer Oakland",
                "city": "Oakland",
                "state_id": cls.state_ca.id,
                "country_id": cls.country.id,
            }
        )

    def _unit(self, serial, due, partner=None, company=None, months=6):
        return self.env["aftersales.equipment"].create(
            {
                "partner_id": (partner or self.customer).id,
                "product_id": self.product_ac.id,
                "serial_number": serial,
                "company_id": (company or self.company).id,
                "periodic_interval_months": months,
                "next_service_date": due,
            }
        )

    def _cases(self, units):
        return self.env["aftersales.ticket"].search(
            [("equipment_id", "in", units.ids), ("service_type", "=", "periodic_service")]
        )

    @freeze_time("2026-03-02")
    def test_poisoned_unit_is_reported_and_the_others_served(self):
        good = self._unit("T-AC-GOOD-1", date(2026, 3, 1)) | self._unit(
            "T-AC-GOOD-2", date(2026, 3, 2)
        )
        bad = self._unit("T-AC-BAD", date(2026, 2, 1), partner=self.customer_other)
        # the customer was moved to another company after the unit was
        # registered: a case of this company cannot be opened for them
        self.customer_other.company_id = self.company_b
        self.assertEqual(bad.service_center_id, self.workshop_ca)

        equipment_model = self.env["aftersales.equipment"]
        tickets = equipment_model._cron_create_periodic_tickets()
        self.assertEqual(tickets.equipment_id, good)
        self.assertEqual(self._cases(good), tickets)
        self.assertEqual(good.mapped("next_service_date"), [date(2026, 9, 1), date(2026, 9, 2)])
        self.assertFalse(self._cases(bad))
        self.assertEqual(bad.next_service_date, date(2026, 2, 1), "still due: tried again")
        summary = "Periodic service case not opened"
        report = self._failures(bad, summary)
        self.assertEqual(len(report), 1)
        self.assertEqual(report.user_id, self.user_manager, "the center's manager acts on it")
        self.assertIn("2026", report.note)
        self.assertIn("Incompatible companies", report.note)

        # the next run: nothing twice, the same report
        self.assertFalse(equipment_model._cron_create_periodic_tickets())
        self.assertEqual(len(self._cases(good)), 2)
        self.assertFalse(self._cases(bad))
        self.assertEqual(self._failures(bad, summary), report)

        # once the customer is fixed, the case opens and the report is closed
        self.customer_other.company_id = False
        tickets = equipment_model._cron_create_periodic_tickets()
        self.assertEqual(tickets.equipment_id, bad)
        self.assertFalse(self._failures(bad, summary))
        self.assertIn(f"Case {tickets.name} opened.", "".join(bad.message_ids.mapped("body")))

    @freeze_time("2026-03-02")
    def test_each_company_served_up_to_its_own_lead_time(self):
        self.company_b.aftersales_periodic_lead_days = 30
        first = self.env["res.partner"].create({"name": "Aaa First Customer"})
        last = self.env["res.partner"].create({"name": "Zzz Last Customer"})
        # within the second company's lead time, not within this company's
        not_due = self.env["aftersales.equipment"]
        for n in range(3):
            not_due |= self._unit(f"T-AC-A-LATER-{n}", date(2026, 3, 20), partner=first)
        due_here = self._unit("T-AC-A-DUE", date(2026, 3, 1), partner=last)
        due_b = self._unit(
            "T-AC-B-DUE-1", date(2026, 3, 20), partner=last, company=self.company_b
        ) | self._unit("T-AC-B-DUE-2", date(2026, 3, 25), partner=last, company=self.company_b)
        not_due_b = self._unit(
            "T-AC-B-LATER", date(2026, 4, 20), partner=last, company=self.company_b
        )

        calls = self._run_scheduled(
            "aftersales_reception.ir_cron_periodic_tickets",
            "_cron_create_periodic_tickets",
            limit=2,
        )
        self.assertEqual(self._cases(due_here | due_b).equipment_id, due_here | due_b)
        self.assertFalse(self._cases(not_due | not_due_b))
        self.assertEqual(calls[0], (2, 1), "two units served, one left")
        self.assertEqual(calls[-1][1], 0, "the job ends when every due unit is served")
        self.assertEqual(sum(done for done, _remaining in calls), 3)


@tagged("post_install", "-at_install")
class TestReceiptJobIsolation(CronCase):
    def _receipts(self, ticket):
        return ticket.message_ids.filtered(lambda m: m.subject and ticket.name in m.subject)

    def test_case_without_team_does_not_block_the_queue(self):
        no_team = self._create_ticket(team_id=False, summary="No team")
        self.assertFalse(no_team.receipt_pending)
        moved = self._create_ticket(summary="Team cleared before the receipt went")
        self.assertTrue(moved.receipt_pending)
        moved.team_id = False
        self.assertFalse(moved.receipt_pending, "no team, no receipt email: off the queue")
        good = self._create_ticket(summary="Receipt please")
        sent = self.env["aftersales.ticket"]._cron_send_receipts()
        self.assertIn(good, sent)
        self.assertEqual(len(self._receipts(good)), 1)
        self.assertFalse(self._receipts(no_team) or self._receipts(moved))

    def test_poisoned_cases_leave_the_queue_and_the_others_get_their_receipt(self):
        ticket_model = self.env["aftersales.ticket"]
        goods = self._create_ticket(summary="One") | self._create_ticket(summary="Two")
        legacy = self._create_ticket(summary="Queued by an earlier version without a team")
        self.env.cr.execute(
            "UPDATE aftersales_ticket SET team_id = NULL, receipt_pending = TRUE WHERE id = %s",
            [legacy.id],
        )
        legacy.invalidate_recordset()
        leaving = self.env["res.partner"].create(
            {"name": "Test Customer Leaving", "email": "leaving@example.com"}
        )
        lost_email = self._create_ticket(partner_id=leaving.id, summary="Address removed")
        leaving.email = False
        broken_team = self.env["aftersales.team"].create(
            {
                "name": "Test Team With A Broken Receipt",
                "receipt_template_id": self.env["mail.template"]
                .create(
                    {
                        "name": "Test broken receipt",
                        "model_id": self.env["ir.model"]._get_id("aftersales.ticket"),
                        "subject": "Received {{ object.no_such_field }}",
                        "body_html": "<p>Received</p>",
                    }
                )
                .id,
            }
        )
        broken = self._create_ticket(
            team_id=broken_team.id, user_id=self.user_reception.id, summary="Broken receipt"
        )
        queue = goods | legacy | lost_email | broken
        self.assertEqual(queue.filtered("receipt_pending"), queue)

        calls = self._run_scheduled(
            "aftersales_reception.ir_cron_send_receipts", "_cron_send_receipts", limit=5
        )
        self.assertFalse(ticket_model.search_count([("receipt_pending", "=", True)]))
        self.assertTrue(all(done == 5 for done, _remaining in calls[:-1]))
        self.assertEqual(calls[-1][1], 0)
        for ticket in goods:
            self.assertEqual(len(self._receipts(ticket)), 1)
        self.assertFalse(self._receipts(legacy) or self._receipts(lost_email))
        self.assertFalse(self._receipts(broken))
        summary = "Reception receipt not sent"
        report = self._failures(broken, summary)
        self.assertEqual(len(report), 1)
        self.assertEqual(report.user_id, self.user_reception, "the case's responsible sends it")
        self.assertIn("fremont.customer@example.com", report.note)
        self.assertFalse(self._failures(legacy, summary), "nothing to send is not a failure")

        # a second run sends nothing again
        self.assertFalse(ticket_model._cron_send_receipts())
        for ticket in goods:
            self.assertEqual(len(self._receipts(ticket)), 1)
        self.assertEqual(len(self._failures(broken, summary)), 1)
