# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.aftersales_reception.models.aftersales_ticket_failure import (
    failure_condition_sql,
)
from odoo.addons.aftersales_reception.tools import without_jit

from .aftersales_reliability_report import reliability_measures_sql

_logger = logging.getLogger(__name__)

# the days the dashboard shows: today and the 364 days before it
DASHBOARD_DAYS = 365
# the days the job keeps fresh: those, the day before, which the dashboard
# shows again from the next day on, and the UTC day after today, which has
# begun already in the centers east of UTC
WINDOW_DAYS = DASHBOARD_DAYS + 2
# days refreshed per transaction of the job: one query per source over these
# days, a month of the history
DAYS_PER_SLICE = 31
# the key of the lock that keeps two refreshes from running at once
REFRESH_LOCK = 58_142_022


def local_day(column, center_column, zones):
    """The date of the UTC timestamp ``column`` in the time zone of its
    center ``center_column``, from ``zones`` ({zone: center ids}; UTC for
    the centers of none)."""
    if not zones:
        return SQL("%s::date", SQL(column))
    zone = SQL(
        "CASE %s ELSE 'UTC' END",
        SQL(" ").join(
            SQL("WHEN %s = ANY(%s) THEN %s", SQL(center_column), center_ids, name)
            for name, center_ids in sorted(zones.items())
        ),
    )
    return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", SQL(column), zone)


class AftersalesCenterKpiDay(models.Model):
    """The figures of the management dashboard, per service center and day,
    kept by a job: the dashboard adds up a year of these rows instead of
    reading a year of cases, checks and happy calls at each opening.

    Each day is refreshed as a whole from its cases (by their date received),
    checks and happy calls (by their date done) and recommendations (by the
    date answered), whatever changed in it: a case closed today changes the
    figures of the day it was received. The job refreshes every day of the
    window at each run (:meth:`_cron_refresh`); the dashboard says when its
    figures were taken (the oldest refresh among its days).

    A day is the service center's own: a record counts on its date in the
    time zone of the center's working hours (UTC for a center without), so
    that a case received in the early morning in Jakarta counts on that
    morning's day, not on the UTC day before."""

    _name = "aftersales.center.kpi.day"
    _description = "After-Sales Service Center Daily Figures"
    _order = "day desc, service_center_id"
    _rec_name = "day"
    _log_access = False

    service_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    day = fields.Date(required=True, readonly=True, index=True)
    repair_count = fields.Integer(string="Repairs", readonly=True)
    repeat_count = fields.Integer(string="Repeat Repairs", readonly=True)
    sla_decided_count = fields.Integer(string="Cases with SLA Outcome", readonly=True)
    sla_met_count = fields.Integer(string="Resolution SLA Met", readonly=True)
    mtbf_days_sum = fields.Float(string="Service Days before Failures", readonly=True)
    mtbf_failure_count = fields.Integer(string="Failures with Service Days", readonly=True)
    mttr_days_sum = fields.Float(string="Days to Repair", readonly=True)
    repaired_count = fields.Integer(string="Repairs Done", readonly=True)
    qc_decided_count = fields.Integer(string="Checks Decided", readonly=True)
    qc_passed_count = fields.Integer(string="Checks Passed", readonly=True)
    rework_count = fields.Integer(string="Reworks", readonly=True)
    score_sum = fields.Float(string="Satisfaction Scores", readonly=True)
    score_count = fields.Integer(string="Answers with a Score", readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)
    low_score_count = fields.Integer(string="Low Scores", readonly=True)
    nps_sum = fields.Float(string="Recommendation Scores", readonly=True)
    nps_answer_count = fields.Integer(string="Recommendations", readonly=True)

    _sql_constraints = [
        (
            "center_day_uniq",
            "UNIQUE(service_center_id, day)",
            "A service center has one line of figures per day.",
        ),
    ]

    @api.model
    def _window_start(self):
        """The first day the job keeps fresh."""
        return self._last_day() - timedelta(days=WINDOW_DAYS - 1)

    @api.model
    def _last_day(self):
        """The last day the job keeps fresh: the UTC day after today, which
        has begun already in the centers east of UTC."""
        return self._today() + timedelta(days=1)

    @api.model
    def _first_day(self):
        """The first day the dashboard shows."""
        return self._today() - timedelta(days=DASHBOARD_DAYS - 1)

    @api.model
    def _today(self):
        return fields.Datetime.now().date()

    @api.model
    def _center_time_zones(self):
        """{time zone: ids of the centers working in it}, for the zones of
        the centers' working hours that PostgreSQL knows: a center whose zone
        it does not know counts in UTC rather than stopping the figures of
        every center."""
        self.env.cr.execute(
            SQL(
                """
                SELECT rc.tz, ARRAY_AGG(sc.id ORDER BY sc.id)
                  FROM aftersales_service_center sc
                  JOIN resource_calendar rc ON rc.id = sc.resource_calendar_id
                 WHERE rc.tz IS NOT NULL AND rc.tz != 'UTC'
                 GROUP BY rc.tz
                """
            )
        )
        zones = {}
        for zone, center_ids in self.env.cr.fetchall():
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        SQL("SELECT now() AT TIME ZONE %s", zone), log_exceptions=False
                    )
            except psycopg2.DataError:
                _logger.warning(
                    "Time zone %s unknown to the database: its centers count in UTC", zone
                )
                continue
            zones[zone] = center_ids
        return zones

    @api.model
    def _figures_sql(self, date_from, date_to):
        """One row per service center and day from ``date_from`` to
        ``date_to`` (included) with activity, each day the center's own (in
        the time zone of its working hours), each source read through its
        date's index over the UTC hours these days may cover."""
        zones = self._center_time_zones()
        # local days lie within UTC-12 and UTC+14 of the UTC day
        margin_before, margin_after = (1, 1) if zones else (0, 0)
        start = SQL("(%s::date - %s)::timestamp", fields.Date.to_string(date_from), margin_before)
        stop = SQL("(%s::date + 1 + %s)::timestamp", fields.Date.to_string(date_to), margin_after)
        nps = SQL(self.env["aftersales.nps.report"]._table_query)
        return SQL(
            """
            SELECT f.service_center_id, sc.company_id, f.day,
                   SUM(f.repair_count), SUM(f.repeat_count), SUM(f.sla_decided_count),
                   SUM(f.sla_met_count), SUM(f.mtbf_days_sum), SUM(f.mtbf_failure_count),
                   SUM(f.mttr_days_sum), SUM(f.repaired_count), SUM(f.qc_decided_count),
                   SUM(f.qc_passed_count), SUM(f.rework_count), SUM(f.score_sum),
                   SUM(f.score_count), SUM(f.answer_count), SUM(f.low_score_count),
                   SUM(f.nps_sum), SUM(f.nps_answer_count)
              FROM (
                SELECT t.service_center_id, %(received)s AS day,
                       COUNT(*) FILTER (
                           WHERE t.service_type IN ('warranty_repair', 'paid_repair')
                       ) AS repair_count,
                       COUNT(*) FILTER (WHERE t.is_repeat_repair) AS repeat_count,
                       COUNT(*) FILTER (
                           WHERE t.sla_resolution_state IN ('met', 'missed')
                       ) AS sla_decided_count,
                       COUNT(*) FILTER (WHERE t.sla_resolution_state = 'met') AS sla_met_count,
                       -- the reliability report's figures, from the same rows
                       SUM(%(mtbf_days)s) FILTER (WHERE %(failure)s) AS mtbf_days_sum,
                       SUM(%(mtbf_failure_count)s) FILTER (WHERE %(failure)s)
                           AS mtbf_failure_count,
                       SUM(%(mttr_days)s) FILTER (WHERE %(failure)s) AS mttr_days_sum,
                       SUM(%(repaired_count)s) FILTER (WHERE %(failure)s) AS repaired_count,
                       0 AS qc_decided_count, 0 AS qc_passed_count, 0 AS rework_count,
                       0 AS score_sum, 0 AS score_count, 0 AS answer_count,
                       0 AS low_score_count, 0 AS nps_sum, 0 AS nps_answer_count
                  FROM aftersales_ticket t
                 WHERE t.date_received >= %(start)s AND t.date_received < %(stop)s
                   AND t.active AND t.stage_type IS DISTINCT FROM 'cancelled'
                 GROUP BY 1, 2
                UNION ALL
                SELECT c.service_center_id, %(checked)s,
                       0, 0, 0, 0, 0, 0, 0, 0,
                       COUNT(*) FILTER (WHERE c.state IN ('passed', 'failed')),
                       COUNT(*) FILTER (WHERE c.state = 'passed'),
                       COUNT(*) FILTER (WHERE c.state = 'failed'),
                       0, 0, 0, 0, 0, 0
                  FROM aftersales_qc_check c
                 WHERE c.date_done >= %(start)s AND c.date_done < %(stop)s
                 GROUP BY 1, 2
                UNION ALL
                SELECT hc.service_center_id, %(called)s,
                       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                       -- the calls answered, tested on the rows the date's
                       -- index gives (the status would lure the planner to
                       -- its own index on a small table)
                       SUM(hc.satisfaction_score) FILTER (
                           WHERE hc.state = 'done' AND hc.has_score
                       ),
                       COUNT(hc.satisfaction_score) FILTER (
                           WHERE hc.state = 'done' AND hc.has_score
                       ),
                       COUNT(*) FILTER (WHERE hc.state = 'done'),
                       COUNT(*) FILTER (WHERE hc.state = 'done' AND hc.is_low_score),
                       0, 0
                  FROM aftersales_happy_call hc
                 WHERE hc.date_done >= %(start)s AND hc.date_done < %(stop)s
                 GROUP BY 1, 2
                UNION ALL
                SELECT n.service_center_id, %(answered)s,
                       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                       SUM(n.nps), COUNT(*)
                  FROM (%(nps)s) n
                 WHERE n.date >= %(start)s AND n.date < %(stop)s
                 GROUP BY 1, 2
              ) f
              JOIN aftersales_service_center sc ON sc.id = f.service_center_id
             %(in_days)s
             GROUP BY f.service_center_id, sc.company_id, f.day
            """,
            start=start,
            stop=stop,
            in_days=SQL("WHERE f.day BETWEEN %s AND %s", date_from, date_to) if zones else SQL(),
            received=local_day("t.date_received", "t.service_center_id", zones),
            checked=local_day("c.date_done", "c.service_center_id", zones),
            called=local_day("hc.date_done", "hc.service_center_id", zones),
            answered=local_day("n.date", "n.service_center_id", zones),
            nps=nps,
            failure=failure_condition_sql("t"),
            **reliability_measures_sql("t"),
        )

    @api.model
    def _refresh_days(self, date_from, date_to):
        """Compute again the figures of the days from ``date_from`` to
        ``date_to`` (included), for every center, and stamp these days."""
        self.env.flush_all()
        without_jit(self.env.cr)
        self.env.cr.execute(
            SQL(
                "DELETE FROM aftersales_center_kpi_day WHERE day BETWEEN %s AND %s",
                date_from,
                date_to,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO aftersales_center_kpi_day (
                    service_center_id, company_id, day,
                    repair_count, repeat_count, sla_decided_count, sla_met_count,
                    mtbf_days_sum, mtbf_failure_count, mttr_days_sum, repaired_count,
                    qc_decided_count, qc_passed_count, rework_count,
                    score_sum, score_count, answer_count, low_score_count,
                    nps_sum, nps_answer_count)
                %s
                """,
                self._figures_sql(date_from, date_to),
            )
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO aftersales_center_kpi_refresh (day, refresh_date)
                SELECT d::date, now() AT TIME ZONE 'UTC'
                  FROM generate_series(%s::date, %s::date, interval '1 day') d
                ON CONFLICT (day) DO UPDATE SET refresh_date = EXCLUDED.refresh_date
                """,
                date_from,
                date_to,
            )
        )
        for model_name in (self._name, "aftersales.center.kpi.refresh", "aftersales.center.kpi"):
            self.env[model_name].invalidate_model()

    @api.model
    def _lock_refresh(self):
        """Whether this transaction holds the refresh lock: one refresh at a
        time, the other leaves the days to it."""
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", REFRESH_LOCK))
        return self.env.cr.fetchone()[0]

    @api.model
    def _stale_days(self, since=None):
        """The days of the window never refreshed, or not after ``since``,
        the most recent first."""
        self.env.cr.execute(
            SQL(
                """
                SELECT d::date
                  FROM generate_series(%(start)s::date, %(today)s::date, interval '1 day') d
                  LEFT JOIN aftersales_center_kpi_refresh r ON r.day = d::date
                 WHERE r.refresh_date IS NULL OR r.refresh_date <= %(since)s::timestamp
                 ORDER BY d DESC
                """,
                start=self._window_start(),
                today=self._last_day(),
                since=since,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cron_refresh(self, days_per_slice=DAYS_PER_SLICE):
        """Refresh the dashboard's figures: every day of the window not
        refreshed since the job last completed, ``days_per_slice`` days per
        call, the most recent first. The scheduler calls again while days
        remain; a run stopped halfway goes on with the days it left.

        Safe to run twice or in several workers at once: the refresh holds a
        lock, and a run that finds it taken leaves the days to the other."""
        # the days the job refreshed in its last complete run are older than
        # its end; before its first complete run, those computed when the
        # job was installed are stale too: the modules installed after it
        # (and their demonstration data) add cases, checks and calls
        since = self.env.context.get("lastcall")
        if not since:
            job = self.env.ref(
                "aftersales_survey.ir_cron_refresh_dashboard_figures", raise_if_not_found=False
            )
            since = job.sudo().create_date if job else None
        if not self._lock_refresh():
            _logger.info("The dashboard's figures are being refreshed by another run")
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return 0
        self._forget_old_days()
        stale = self._stale_days(since)
        days = sorted(stale[:days_per_slice])
        if days:
            self._refresh_days(days[0], days[-1])
        remaining = len(stale) - len(days)
        _logger.info(
            "Refreshed the dashboard's figures of %s day(s), %s left", len(days), remaining
        )
        self.env["ir.cron"]._notify_progress(done=len(days), remaining=remaining)
        return len(days)

    @api.model
    def _forget_old_days(self):
        """The days before the window are shown nowhere and no longer kept
        fresh: their figures are removed rather than left to grow stale."""
        for table in ("aftersales_center_kpi_day", "aftersales_center_kpi_refresh"):
            self.env.cr.execute(
                SQL("DELETE FROM %s WHERE day < %s", SQL.identifier(table), self._window_start())
            )

    @api.model
    def _refresh_window(self):
        """Refresh every day of the window now (install, a manager's
        request), once the refresh going on, if any, has ended; returns the
        number of days."""
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", REFRESH_LOCK))
        start, last = self._window_start(), self._last_day()
        self._refresh_days(start, last)
        return (last - start).days + 1


class AftersalesCenterKpiRefresh(models.Model):
    """When the figures of a day were last computed."""

    _name = "aftersales.center.kpi.refresh"
    _description = "After-Sales Dashboard Refresh"
    _order = "day desc"
    _rec_name = "day"
    _log_access = False

    day = fields.Date(required=True, readonly=True)
    refresh_date = fields.Datetime(string="Refreshed On", required=True, readonly=True)

    _sql_constraints = [
        ("day_uniq", "UNIQUE(day)", "A day is refreshed as a whole."),
    ]
