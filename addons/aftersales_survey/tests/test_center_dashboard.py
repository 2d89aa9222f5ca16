# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The management dashboard's cards at their edges: a center without any
case, and a center whose history is older than the twelve months shown;
and the figures other addons add to the cards."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged, users

from .common import AftersalesSurveyCommon

COUNTS_12_MONTHS = (
    "repair_count",
    "repeat_count",
    "qc_decided_count",
    "rework_count",
    "sla_decided_count",
    "answer_count",
    "low_score_count",
    "mtbf_failure_count",
    "repaired_count",
    "nps_answer_count",
)
RATES_12_MONTHS = (
    "qc_pass_rate",
    "sla_resolution_rate",
    "satisfaction_score",
    "mtbf_days",
    "mttr_days",
    "nps",
)


@tagged("post_install", "-at_install")
class TestCenterDashboard(AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        center_model = cls.env["aftersales.service.center"]
        cls.center_empty = center_model.create(
            {"name": "Test Empty Workshop", "code": "T-EMPTY", "center_type": "workshop"}
        )
        cls.center_old = center_model.create(
            {"name": "Test Old Workshop", "code": "T-OLD", "center_type": "workshop"}
        )
        now = fields.Datetime.now().replace(microsecond=0)
        long_ago = now - timedelta(days=500)
        unit = cls.env["aftersales.equipment"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.product_washer.id,
                "serial_number": "T-OLD-0001",
                "purchase_date": (long_ago - timedelta(days=200)).date(),
            }
        )
        old = {
            "service_center_id": cls.center_old.id,
            "equipment_id": unit.id,
            "date_received": long_ago,
        }
        # repaired, checked (a rework, then a pass), answered and closed
        # 500 days ago
        cls.old_closed = cls._repair_ticket(**old)
        for leak in (0.9, 0.1):
            cls.old_closed.stage_id = cls.stage_qc
            cls._fill_check(cls.old_closed.qc_check_id, leak=leak).action_validate()
        cls.old_closed.qc_check_ids.date_done = long_ago + timedelta(days=2)
        cls._close(cls.old_closed)
        cls.old_closed.write(
            {"date_done": long_ago + timedelta(days=3), "sla_resolution_state": "met"}
        )
        call = cls.old_closed.happy_call_ids
        answer = call._get_or_create_answer().sudo()
        answer._save_lines(cls.q_overall, 1)
        answer._save_lines(cls.env.ref("aftersales_survey.survey_happy_call_q_recommend"), 10)
        answer._mark_done()
        answer.end_datetime = long_ago + timedelta(days=10)
        call.date_done = long_ago + timedelta(days=10)
        # received 400 days ago and still open, past its deadline
        cls.old_open = cls._repair_ticket(**dict(old, date_received=now - timedelta(days=400)))
        cls.old_open.sla_resolution_state = "missed"
        cls.env.flush_all()

    def _card(self, center):
        return self._dashboard_cards(center)

    def test_center_without_cases(self):
        card = self._card(self.center_empty)
        self.assertEqual(len(card), 1, "every active center has its card")
        self.assertEqual((card.open_count, card.overdue_count, card.qc_todo_count), (0, 0, 0))
        for fname in COUNTS_12_MONTHS:
            self.assertEqual(card[fname], 0, fname)
        for fname in RATES_12_MONTHS:
            self.assertFalse(card[fname], fname)
        self.assertEqual(card.center_type, "workshop")

    def test_center_with_only_old_cases(self):
        card = self._card(self.center_old)
        # open work counts whatever its age
        self.assertEqual(card.open_count, 1)
        self.assertEqual(card.overdue_count, 1)
        self.assertEqual(
            self.env["aftersales.ticket"].search(card.action_open_overdue()["domain"]),
            self.old_open,
        )
        # the history is older than the twelve months shown
        self.assertTrue(self.old_closed.qc_check_ids, "the old case was checked")
        self.assertEqual(self.old_closed.happy_call_ids.state, "done")
        for fname in COUNTS_12_MONTHS:
            self.assertEqual(card[fname], 0, fname)
        for fname in RATES_12_MONTHS:
            self.assertFalse(card[fname], fname)

    def test_old_cases_in_reports_but_not_on_card(self):
        """The reports the card reads hold the old case: only the card's
        twelve months leave it out."""
        failures = self.env["aftersales.reliability.report"].search(
            [("service_center_id", "=", self.center_old.id)]
        )
        self.assertEqual(failures.ticket_id, self.old_closed | self.old_open)
        answers = self.env["aftersales.nps.report"].search(
            [("service_center_id", "=", self.center_old.id)]
        )
        self.assertEqual(answers.ticket_id, self.old_closed)

    def test_center_moving_into_the_twelve_months(self):
        received = fields.Datetime.now().replace(microsecond=0) - timedelta(days=300)
        self.old_closed.write(
            {"date_received": received, "date_done": received + timedelta(days=3)}
        )
        self.env.flush_all()
        self.old_closed.sla_resolution_state = "met"
        self.env.flush_all()
        card = self._card(self.center_old)
        self.assertEqual((card.repair_count, card.sla_decided_count), (1, 1))
        self.assertEqual(card.sla_resolution_rate, 100.0)
        self.assertEqual(card.repaired_count, 1)
        self.assertAlmostEqual(card.mttr_days, 3.0, places=2)
        self.assertEqual(card.open_count, 1)

    def test_reliability_figures_are_the_reports(self):
        """The card's MTBF and MTTR are the reliability report's over the
        center's failures received in the twelve months: cases that are no
        failure and failures not done yet count in neither average."""
        now = fields.Datetime.now().replace(microsecond=0)
        received = now - timedelta(days=300)
        self.old_closed.write(
            {"date_received": received, "date_done": received + timedelta(days=4)}
        )
        self.old_open.date_received = now - timedelta(days=100)
        self._repair_ticket(
            service_center_id=self.center_old.id,
            service_type="installation",
            equipment_id=False,
            date_received=now - timedelta(days=10),
            date_done=now - timedelta(days=2),
        )
        self.env.flush_all()
        groups = self.env["aftersales.reliability.report"]._read_group(
            [
                ("service_center_id", "=", self.center_old.id),
                ("date_received", ">=", now - timedelta(days=365)),
            ],
            [],
            ["mtbf_days:avg", "mttr_days:avg", "mtbf_failure_count:sum", "repaired_count:sum"],
        )
        mtbf, mttr, mtbf_failures, repaired = groups[0]
        card = self._card(self.center_old)
        self.assertEqual((card.mtbf_failure_count, card.repaired_count), (2, 1))
        self.assertEqual((mtbf_failures, repaired), (2, 1))
        self.assertAlmostEqual(card.mttr_days, 4.0, places=2)
        self.assertAlmostEqual(card.mttr_days, mttr, places=2)
        # the unit's service days: bought 700 days ago, failed 300 days ago
        # (400 days) and again 100 days ago (200 days)
        self.assertAlmostEqual(card.mtbf_days, mtbf, places=2)
        self.assertAlmostEqual(card.mtbf_days, (400 + 200) / 2, places=2)

    # ------------------------------------------------------------
    # Figures of other addons
    # ------------------------------------------------------------

    def _contributor(self, model_name, figures):
        """Make ``model_name`` contribute ``figures(centers)`` to the cards."""
        model_class = type(self.env[model_name])
        patches = (
            patch.object(model_class, "_aftersales_dashboard_figures", True, create=True),
            patch.object(
                model_class,
                "_aftersales_dashboard_figures_by_center",
                lambda _self, centers: figures(centers),
                create=True,
            ),
        )
        for patcher in patches:
            patcher.start()
            self.addCleanup(patcher.stop)

    def _own_figures(self, card):
        return [f for f in card.dashboard_figures or [] if f["label"].startswith("Test ")]

    @users("as_manager")
    def test_figures_of_other_addons(self):
        calls = []

        def figures(centers):
            calls.append(centers)
            return {
                center.id: [("Test figure", f"{center.code}!", {"type": "ir.actions.act_window"})]
                for center in centers
                if center != self.center_empty
            }

        self._contributor("aftersales.qc.report", figures)
        cards = self.env["aftersales.center.kpi"].search(
            [("service_center_id", "in", (self.center_old | self.center_empty).ids)]
        )
        cards.mapped("dashboard_figures")
        self.assertEqual(len(calls), 1, "one call for all the cards")
        self.assertEqual(calls[0], self.center_old | self.center_empty)
        old, empty = cards.sorted(lambda c: c.service_center_id != self.center_old)
        self.assertEqual(
            self._own_figures(old),
            [
                {
                    "label": "Test figure",
                    "value": "T-OLD!",
                    "action": {"type": "ir.actions.act_window"},
                }
            ],
        )
        self.assertEqual(self._own_figures(empty), [])

    @users("as_manager")
    def test_figures_of_models_the_user_cannot_read(self):
        self.assertFalse(self.env["ir.config_parameter"].has_access("read"))
        self._contributor(
            "ir.config_parameter",
            lambda centers: {center.id: [("Test secret", "1", {})] for center in centers},
        )
        card = self._card(self.center_old)
        self.assertEqual(self._own_figures(card), [])

    def _company_contributor(self, model_name, figures):
        """Make ``model_name`` contribute ``figures(companies)`` above the
        cards."""
        model_class = type(self.env[model_name])
        patches = (
            patch.object(model_class, "_aftersales_dashboard_company_figures", True, create=True),
            patch.object(
                model_class,
                "_aftersales_dashboard_figures_by_company",
                lambda _self, companies: figures(companies),
                create=True,
            ),
        )
        for patcher in patches:
            patcher.start()
            self.addCleanup(patcher.stop)

    def _own_company_figures(self):
        return [
            dict(entry, figures=[f for f in entry["figures"] if f["label"].startswith("Test ")])
            for entry in self.env["aftersales.center.kpi"].get_company_figures()
            if any(f["label"].startswith("Test ") for f in entry["figures"])
        ]

    @users("as_manager")
    def test_company_figures_of_other_addons(self):
        calls = []

        def figures(companies):
            calls.append(companies)
            return {
                company.id: [("Test company figure", "42", {"type": "ir.actions.act_window"})]
                for company in companies
            }

        self._company_contributor("aftersales.qc.report", figures)
        self.assertEqual(
            self._own_company_figures(),
            [
                {
                    "company_id": self.env.company.id,
                    "company_name": self.env.company.name,
                    "figures": [
                        {
                            "label": "Test company figure",
                            "value": "42",
                            "action": {"type": "ir.actions.act_window"},
                        }
                    ],
                }
            ],
        )
        self.assertEqual(calls, [self.env.companies], "one call for all the companies")

    @users("as_manager")
    def test_company_figures_of_models_the_user_cannot_read(self):
        self._company_contributor(
            "ir.config_parameter",
            lambda companies: {company.id: [("Test secret", "1", {})] for company in companies},
        )
        self.assertEqual(self._own_company_figures(), [])
