# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The dashboard's twelve months' figures come from daily figures a job
keeps: what the cards show until and after a refresh, the job's slices and
how it resumes, two runs at once, and who may ask for a refresh."""

import re
from datetime import timedelta

import pytz

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import JsonRpcException, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.aftersales_reception.tests.common import QueryCounting

from ..report.aftersales_center_kpi_day import REFRESH_LOCK, WINDOW_DAYS
from .common import AftersalesSurveyCommon, AftersalesSurveyHttpCommon


@tagged("post_install", "-at_install")
class TestCenterDashboardRefresh(QueryCounting, AftersalesSurveyCommon):
    def _day_model(self):
        return self.env["aftersales.center.kpi.day"]

    def _card(self):
        return self.env["aftersales.center.kpi"].search(
            [("service_center_id", "=", self.workshop_ca.id)]
        )

    def test_cards_show_the_figures_of_the_last_refresh(self):
        before = self._dashboard_cards(self.workshop_ca)
        repairs, opened = before.repair_count, before.open_count
        self.assertTrue(before.figures_date)
        ticket = self._repair_ticket()
        self.env.flush_all()
        self.env.invalidate_all()
        card = self._card()
        self.assertEqual(card.open_count, opened + 1, "open work counts as it stands")
        self.assertEqual(card.repair_count, repairs, "the year's figures wait for the refresh")
        card = self._dashboard_cards(self.workshop_ca)
        self.assertEqual(card.repair_count, repairs + 1)
        # the day of the center's working hours, as the figures count it
        zone = pytz.timezone(self.workshop_ca.resource_calendar_id.tz or "UTC")
        day = pytz.utc.localize(ticket.date_received).astimezone(zone).date()
        received_that_day = len(
            self.env["aftersales.ticket"]
            .search(
                [
                    ("service_center_id", "=", self.workshop_ca.id),
                    ("service_type", "in", ("warranty_repair", "paid_repair")),
                    ("date_received", ">=", fields.Datetime.to_datetime(day - timedelta(days=1))),
                    ("date_received", "<", fields.Datetime.to_datetime(day + timedelta(days=2))),
                ]
            )
            .filtered(
                lambda case: pytz.utc.localize(case.date_received).astimezone(zone).date() == day
            )
        )
        figures = self._day_model().search(
            [("service_center_id", "=", self.workshop_ca.id), ("day", "=", day)]
        )
        self.assertEqual(figures.repair_count, received_that_day)

    def _repairs_per_day(self, days):
        self._day_model()._refresh_days(days[0], days[-1])
        figures = self._day_model().search(
            [("service_center_id", "=", self.workshop_ca.id), ("day", "in", days)]
        )
        return [
            sum(figures.filtered(lambda f, d=d: f.day == d).mapped("repair_count")) for d in days
        ]

    def _set_center_zone(self, zone):
        calendar = self.env["resource.calendar"].create({"name": f"Hours in {zone}", "tz": zone})
        self.workshop_ca.resource_calendar_id = calendar
        return calendar

    def test_days_are_the_centers_own(self):
        """A case counts on the day it was received where the center works:
        20:00 UTC is already the next morning in Jakarta."""
        day = self._day_model()._today() - timedelta(days=3)
        days = [day - timedelta(days=1), day, day + timedelta(days=1)]
        self._set_center_zone("Asia/Jakarta")
        before = self._repairs_per_day(days)
        evening = fields.Datetime.to_datetime(day).replace(hour=20)
        self._repair_ticket(date_received=evening)
        self._repair_ticket(date_received=evening.replace(hour=10))
        self.assertEqual(
            [
                after - count
                for after, count in zip(self._repairs_per_day(days), before, strict=True)
            ],
            [0, 1, 1],
            "10:00 UTC is 17:00 in Jakarta, the same day; 20:00 UTC is 03:00 the next day",
        )
        self._set_center_zone("America/Los_Angeles")
        self.assertEqual(
            [
                after - count
                for after, count in zip(self._repairs_per_day(days), before, strict=True)
            ],
            [0, 2, 0],
            "in California both are the same day (03:00 and 13:00)",
        )

    def test_a_zone_unknown_to_the_database_counts_in_utc(self):
        """A zone name the database does not know (an old name kept on the
        working hours) falls back on UTC instead of stopping the figures of
        every center."""
        day = self._day_model()._today() - timedelta(days=3)
        days = [day, day + timedelta(days=1)]
        calendar = self._set_center_zone("Asia/Jakarta")
        self.env.flush_all()

        def rename_zone(zone):
            self.env.cr.execute(
                "UPDATE resource_calendar SET tz = %s WHERE id = %s", [zone, calendar.id]
            )
            calendar.invalidate_recordset(["tz"])

        # Odoo itself cannot plan with such a zone: the case is received
        # under the zone's right name, the figures computed under the old one
        rename_zone("Atlantis/Capital")
        with mute_logger("odoo.addons.aftersales_survey.report.aftersales_center_kpi_day"):
            before = self._repairs_per_day(days)
        rename_zone("Asia/Jakarta")
        self._repair_ticket(date_received=fields.Datetime.to_datetime(day).replace(hour=20))
        self.env.flush_all()
        rename_zone("Atlantis/Capital")
        with self.assertLogs(
            "odoo.addons.aftersales_survey.report.aftersales_center_kpi_day", "WARNING"
        ) as logs:
            after = self._repairs_per_day(days)
        self.assertEqual([a - b for a, b in zip(after, before, strict=True)], [1, 0])
        self.assertIn("Atlantis/Capital", logs.output[0])

    def test_a_day_emptied_loses_its_figures(self):
        ticket = self._repair_ticket()
        card = self._dashboard_cards(self.workshop_ca)
        repairs = card.repair_count
        ticket.action_archive()
        card = self._dashboard_cards(self.workshop_ca)
        self.assertEqual(card.repair_count, repairs - 1, "an archived case leaves the figures")

    def test_job_works_in_slices_and_resumes(self):
        days = self._day_model()
        # a run of the scheduler that started after the last refresh: every
        # day is stale; each call refreshes 100 of them, the most recent first
        later = fields.Datetime.now() + timedelta(minutes=1)
        job = days.with_context(lastcall=later)
        self._repair_ticket()
        refreshed = []
        for _slice in range(10):
            # each slice is a transaction of its own for the scheduler: the
            # stamps of the days done are newer than the run's start
            stale = job._stale_days(later)
            if not stale:
                break
            done = job._cron_refresh(days_per_slice=100)
            self.assertEqual(done, min(100, len(stale)))
            refreshed.extend(stale[:done])
            self.env.cr.execute(
                SQL(
                    "UPDATE aftersales_center_kpi_refresh SET refresh_date = %s WHERE day IN %s",
                    later + timedelta(seconds=1),
                    tuple(stale[:done]),
                )
            )
        self.assertEqual(len(refreshed), WINDOW_DAYS, "four slices, then nothing left")
        self.assertEqual(len(set(refreshed)), WINDOW_DAYS, "no day twice")
        self.assertEqual(
            refreshed[0],
            fields.Datetime.now().date() + timedelta(days=1),
            "the UTC day after today first: it has begun east of UTC",
        )
        self.assertEqual(job._cron_refresh(days_per_slice=100), 0)
        by_job = self._card().repair_count
        self.assertEqual(by_job, self._dashboard_cards(self.workshop_ca).repair_count)

    def test_first_run_refreshes_the_days_computed_at_install(self):
        """The figures computed when the job was installed miss what the
        modules installed after it added: the job's first run (it has no
        last call yet) computes every day again, once."""
        days = self._day_model()
        job = self.env.ref("aftersales_survey.ir_cron_refresh_dashboard_figures")
        self.env.cr.execute(
            SQL("UPDATE aftersales_center_kpi_refresh SET refresh_date = %s", job.create_date)
        )
        self._repair_ticket()
        repairs = self._card().repair_count
        refreshed = []
        for _slice in range(20):
            done = days._cron_refresh(days_per_slice=100)
            if not done:
                break
            refreshed.append(done)
        self.assertEqual(refreshed, [100, 100, 100, WINDOW_DAYS - 300])
        self.assertEqual(self._card().repair_count, repairs + 1)

    def test_days_before_the_window_are_forgotten(self):
        days = self._day_model()
        old_day = days._window_start() - timedelta(days=1)
        self.env.cr.execute(
            SQL(
                """INSERT INTO aftersales_center_kpi_day (service_center_id, day, repair_count)
                   VALUES (%s, %s, 1)""",
                self.workshop_ca.id,
                old_day,
            )
        )
        self.env.cr.execute(
            SQL(
                "INSERT INTO aftersales_center_kpi_refresh (day, refresh_date) VALUES (%s, now())",
                old_day,
            )
        )
        days._cron_refresh()
        self.assertFalse(days.search([("day", "<", days._window_start())]))
        self.assertFalse(
            self.env["aftersales.center.kpi.refresh"].search([("day", "<", days._window_start())])
        )

    def test_two_runs_at_once(self):
        """A run that finds another refreshing leaves the days to it."""
        later = fields.Datetime.now() + timedelta(minutes=1)
        with self.env.registry.cursor() as other_cr:
            other_cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", REFRESH_LOCK))
            done = self._day_model().with_context(lastcall=later)._cron_refresh()
            other_cr.rollback()
        self.assertEqual(done, 0)
        self.assertEqual(len(self._day_model()._stale_days(later)), WINDOW_DAYS)

    def test_open_counts_read_the_open_cases_index_alone(self):
        """The open, overdue and to-check cases per center come from the
        index of open cases, which carries every column they test."""
        cards = self.env(user=self.user_manager)["aftersales.center.kpi"]
        query = cards._table_query
        open_cases = query.code.split("days AS")[0]
        columns = set(re.findall(r'"aftersales_ticket"\."(\w+)"', open_cases))
        in_index = {
            "stage_id",
            "priority",
            "id",
            *self.env["aftersales.ticket"]._open_stage_index_include(),
        }
        self.assertIn("qc_state", columns)
        self.assertLessEqual(columns, in_index)
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'aftersales_ticket_open_stage_index'"
        )
        self.assertIn("qc_state) WHERE", self.env.cr.fetchone()[0])

    def test_uninstall_keeps_the_index_of_open_cases(self):
        """Uninstalling this module drops the QC state's column, and with it
        any index that carries it: the index of open cases is made again
        without it first."""
        from .. import uninstall_hook

        self.env.flush_all()
        index = (
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'aftersales_ticket_open_stage_index'"
        )
        with self.env.cr.savepoint(flush=False) as savepoint:
            uninstall_hook(self.env)
            self.env.cr.execute(index)
            definition = self.env.cr.fetchone()[0]
            self.assertNotIn("qc_state", definition)
            self.assertIn("service_center_id, active, is_closed) WHERE", definition)
            self.env.cr.execute("ALTER TABLE aftersales_ticket DROP COLUMN qc_state")
            self.env.cr.execute(index)
            self.assertTrue(self.env.cr.fetchone(), "the index outlives the column")
            savepoint.rollback()
        self.env.cr.execute(index)
        self.assertIn("qc_state) WHERE", self.env.cr.fetchone()[0])

    def test_a_slice_reads_its_days_through_the_dates_indexes(self):
        """A slice of the job reads the cases, checks and calls of its days
        alone, whatever the size of the history."""
        today = self._day_model()._today()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(
            SQL("EXPLAIN %s", self._day_model()._figures_sql(today - timedelta(days=30), today))
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        for index in (
            "aftersales_ticket__date_received_index",
            "aftersales_qc_check__date_done_index",
            "aftersales_happy_call__date_done_index",
        ):
            self.assertIn(index, plan)

    def test_dashboard_queries_do_not_grow_with_the_history(self):
        """The cards read the same queries whatever the number of cases."""
        env = self.env(user=self.user_manager)
        cards = env["aftersales.center.kpi"]
        spec = {
            name: {}
            for name in ("service_center_id", "open_count", "repair_count", "nps", "figures_date")
        }

        def read_cards():
            cards.web_search_read([], spec)

        before = self.queries(env, read_cards)
        for _case in range(10):
            self._closed_ticket()
        self._day_model()._refresh_window()
        after = self.queries(env, read_cards)
        self.assertNoMoreQueries(before, after)

    def test_others_may_not_refresh(self):
        cards = self.env["aftersales.center.kpi"].search([])
        for user in (self.user_reception, self.user_technician):
            with self.assertRaises(AccessError, msg=user.login):
                cards.with_user(user).action_refresh_figures()
            with self.assertRaises(AccessError, msg=user.login):
                self._day_model().with_user(user).search([])


@tagged("post_install", "-at_install")
class TestCenterDashboardRefreshJsonRpc(AftersalesSurveyHttpCommon):
    def _refresh(self, card_ids):
        return self.make_jsonrpc_request(
            "/web/dataset/call_button/aftersales.center.kpi/action_refresh_figures",
            {
                "model": "aftersales.center.kpi",
                "method": "action_refresh_figures",
                "args": [card_ids],
                "kwargs": {},
            },
        )

    def _repairs(self):
        self.env.invalidate_all()
        return (
            self.env["aftersales.center.kpi"]
            .search([("service_center_id", "=", self.workshop_ca.id)])
            .repair_count
        )

    def test_header_button_as_each_role(self):
        cards = self.env["aftersales.center.kpi"].search([])
        self.env["aftersales.center.kpi.day"]._refresh_window()
        repairs = self._repairs()
        self._repair_ticket()
        self.env.flush_all()
        for login in ("as_reception", "as_technician"):
            self.authenticate(login, login)
            with mute_logger("odoo.http"), self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self._refresh(cards.ids)
            self.assertEqual(self._repairs(), repairs, login)
        self.authenticate("as_manager", "as_manager")
        action = self._refresh(cards.ids)
        self.assertEqual(action["tag"], "soft_reload")
        self.assertEqual(self._repairs(), repairs + 1)
