# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import tagged

from .common import AftersalesReportCommon


@tagged("post_install", "-at_install")
class TestAftersalesReports(AftersalesReportCommon):
    """Figures of the reports against the history built in the common class,
    worked out by hand."""

    def _groups(self, model, domain, groupby, aggregates):
        groups = self.env[model]._read_group(domain, [groupby], aggregates)
        return {
            (key.display_name if hasattr(key, "_name") else key): values for key, *values in groups
        }

    def _case_domain(self):
        return [("product_id", "in", self.test_products.ids), ("is_repair", "=", True)]

    # ------------------------------------------------------------
    # Repeat repairs on the cases
    # ------------------------------------------------------------

    def test_previous_repair_and_repeats(self):
        self.assertFalse(self.t1.previous_repair_id)
        self.assertEqual(self.t2.previous_repair_id, self.t1)
        self.assertTrue(self.t2.is_repeat_repair, "59 days after the previous repair")
        self.assertEqual(self.t4.previous_repair_id, self.t3)
        self.assertFalse(self.t4.is_repeat_repair, "122 days: not a repeat")
        self.assertEqual(self.t9.previous_repair_id, self.t5, "cancelled and consultations skipped")
        self.assertTrue(self.t9.is_repeat_repair)
        self.assertFalse(self.t7.is_repeat_repair)
        self.assertFalse(self.t8.previous_repair_id)

    def test_repeats_follow_changes_of_other_cases(self):
        # an earlier repair entered late makes t1 a repeat
        early = self._repair_ticket(date_received=datetime(2026, 1, 20, 10))
        self.assertEqual(self.t1.previous_repair_id, early)
        self.assertTrue(self.t1.is_repeat_repair)
        self.assertEqual(self.t2.previous_repair_id, self.t1)
        # cancelling it puts things back
        early.stage_id = self.stage_cancelled
        self.assertFalse(self.t1.previous_repair_id)
        self.assertFalse(self.t1.is_repeat_repair)
        # and so does the bulk recomputation
        self.env.cr.execute(
            "UPDATE aftersales_ticket SET is_repeat_repair = NULL, previous_repair_id = NULL"
            " WHERE id IN %s",
            (tuple((self.t2 | self.t9).ids),),
        )
        self.env["aftersales.ticket"]._recompute_repeat_repairs()
        self.assertEqual(self.t2.previous_repair_id, self.t1)
        self.assertTrue(self.t9.is_repeat_repair)

    # ------------------------------------------------------------
    # Failure analysis
    # ------------------------------------------------------------

    def test_failures_per_product_fault_and_age(self):
        model = "aftersales.case.report"
        domain = self._case_domain()
        per_product = self._groups(
            model, domain, "product_tmpl_id", ["__count", "repeat_count:sum"]
        )
        self.assertEqual(
            per_product, {"[T-WASH] Test Washer": [4, 1], "[T-AC] Test Air Conditioner": [3, 1]}
        )
        per_fault = self._groups(model, domain, "fault_category_id", ["__count"])
        self.assertEqual(per_fault, {"Test noise": [3], "Test leak": [4]})
        per_age = self._groups(model, domain, "age_range", ["__count"])
        self.assertEqual(per_age, {"00_06": [2], "24_36": [2], "36_60": [2], "unknown": [1]})
        [[count, age]] = self.env[model]._read_group(domain, [], ["__count", "age_months:avg"])
        self.assertEqual(count, 7, "t7 cancelled, t8 a consultation")
        self.assertAlmostEqual(age, (0 + 2 + 24 + 28 + 37 + 39) / 6, places=2)

    def test_case_lines(self):
        lines = {
            line.ticket_id: line
            for line in self.env["aftersales.case.report"].search(
                [("ticket_id", "in", (self.t2 | self.t4 | self.t6 | self.t7 | self.t8).ids)]
            )
        }
        self.assertNotIn(self.t7, lines, "cancelled cases are left out")
        self.assertFalse(lines[self.t8].is_repair)
        t2 = lines[self.t2]
        self.assertEqual((t2.age_months, t2.age_range), (2, "00_06"))
        self.assertEqual((t2.days_since_previous, t2.is_repeat, t2.repeat_count), (59, True, 1))
        self.assertEqual(t2.previous_ticket_id, self.t1)
        t4 = lines[self.t4]
        self.assertEqual((t4.days_since_previous, t4.is_repeat, t4.age_months), (122, False, 28))
        self.assertEqual(lines[self.t6].age_range, "unknown")
        self.assertEqual(lines[self.t6].agent_center_id, self.agent_tx)

    def test_reworks_sla_and_satisfaction_per_case(self):
        model = "aftersales.case.report"
        domain = self._case_domain()
        [[reworks, sla, satisfaction]] = self.env[model]._read_group(
            domain, [], ["rework_count:sum", "sla_resolution_rate:avg", "satisfaction_score:avg"]
        )
        self.assertEqual(reworks, 2, "t1 and t5 failed one check each")
        self.assertAlmostEqual(sla, 60.0, msg="3 met out of 5 decided")
        self.assertAlmostEqual(satisfaction, (100 + 25 + 75) / 3, places=2)
        per_center = self._groups(model, domain, "service_center_id", ["sla_resolution_rate:avg"])
        self.assertAlmostEqual(per_center["Test California Workshop"][0], 75.0)
        self.assertAlmostEqual(per_center["Test Texas Agent"][0], 0.0, msg="t5 missed")

    # ------------------------------------------------------------
    # Quality
    # ------------------------------------------------------------

    def test_qc_pass_rate_and_reworks(self):
        model = "aftersales.qc.report"
        domain = [("product_id", "in", self.test_products.ids)]
        [[count, passed, failed, rate, first]] = self.env[model]._read_group(
            domain,
            [],
            [
                "__count",
                "passed_count:sum",
                "failed_count:sum",
                "pass_rate:avg",
                "first_pass_rate:avg",
            ],
        )
        self.assertEqual((count, passed, failed), (5, 3, 2))
        self.assertAlmostEqual(rate, 60.0)
        self.assertAlmostEqual(first, 100 / 3, places=2, msg="only t3 passed first time")
        per_technician = self._groups(model, domain, "technician_id", ["failed_count:sum"])
        self.assertEqual(per_technician, {"Theo Technician": [1], "Olga Other": [1]})
        per_product = self._groups(
            model, domain, "product_tmpl_id", ["failed_count:sum", "__count"]
        )
        self.assertEqual(
            per_product, {"[T-WASH] Test Washer": [1, 3], "[T-AC] Test Air Conditioner": [1, 2]}
        )
        self.assertEqual(self.t1.qc_rework_count, 1)
        self.assertEqual(self.t3.qc_rework_count, 0)

    # ------------------------------------------------------------
    # Satisfaction
    # ------------------------------------------------------------

    def test_satisfaction_per_center_agent_and_technician(self):
        model = "aftersales.satisfaction.report"
        domain = [("product_id", "in", self.test_products.ids)]
        per_center = self._groups(
            model, domain, "service_center_id", ["__count", "score:avg", "low_count:sum"]
        )
        self.assertEqual(per_center["Test California Workshop"], [2, 62.5, 1])
        self.assertEqual(per_center["Test Texas Agent"], [1, 75.0, 0])
        per_agent = self._groups(model, domain, "agent_center_id", ["score:avg"])
        self.assertEqual(per_agent, {"Test Texas Agent": [75.0], False: [62.5]})
        per_technician = self._groups(model, domain, "technician_id", ["score:avg"])
        self.assertEqual(per_technician, {"Theo Technician": [62.5], "Olga Other": [75.0]})
        answered_on = self.env[model].search(domain + [("ticket_id", "=", self.t3.id)]).date
        self.assertEqual(answered_on, datetime(2026, 3, 10, 15))

    def test_dashboard_per_center(self):
        kpi = self._dashboard_cards(self.workshop_ca)
        self.assertEqual(kpi.open_count, 2, "t2 and t4 are still open")
        self.assertEqual(kpi.qc_todo_count, 0)
        # the other figures cover the twelve months before today
        since = fields.Datetime.now() - timedelta(days=365)
        recent = [t for t in (self.t1, self.t2, self.t3, self.t4) if t.date_received >= since]
        self.assertEqual(kpi.repair_count, len(recent))
        self.assertEqual(kpi.repeat_count, len([t for t in recent if t.is_repeat_repair]))
        checks = self.env["aftersales.qc.check"].search(
            [("ticket_id", "in", (self.t1 | self.t3).ids), ("date_done", ">=", since)]
        )
        self.assertEqual(kpi.rework_count, len(checks.filtered(lambda c: c.state == "failed")))
        action = kpi.action_open_failures()
        self.assertEqual(action["res_model"], "aftersales.case.report")
        self.assertIn(("service_center_id", "=", self.workshop_ca.id), action["domain"])
