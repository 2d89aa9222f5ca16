# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.aftersales_reception.tools import without_jit

from .aftersales_case_report import CENTER_TYPES


class AftersalesCenterKpi(models.Model):
    """The manager's dashboard: one card per service center with its open
    work, counted as it stands, and its figures over the last twelve months
    (today and the 364 days before), added up from the daily figures a job
    keeps (``aftersales.center.kpi.day``) and as fresh as their last
    refresh (``figures_date``)."""

    _name = "aftersales.center.kpi"
    _description = "After-Sales Service Center Dashboard"
    _auto = False
    _order = "sequence, id"
    _rec_name = "service_center_id"

    service_center_id = fields.Many2one(comodel_name="aftersales.service.center", readonly=True)
    sequence = fields.Integer(readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    center_type = fields.Selection(
        selection=CENTER_TYPES,
        readonly=True,
    )
    open_count = fields.Integer(string="Open Cases", readonly=True)
    overdue_count = fields.Integer(string="Overdue Cases", readonly=True)
    qc_todo_count = fields.Integer(string="Checks to Do", readonly=True)
    repair_count = fields.Integer(string="Repairs (12 months)", readonly=True)
    repeat_count = fields.Integer(string="Repeat Repairs (12 months)", readonly=True)
    qc_decided_count = fields.Integer(string="Checks Decided (12 months)", readonly=True)
    qc_pass_rate = fields.Float(string="QC Pass Rate (%)", readonly=True, aggregator="avg")
    rework_count = fields.Integer(string="Reworks (12 months)", readonly=True)
    sla_decided_count = fields.Integer(string="Cases with SLA Outcome (12 months)", readonly=True)
    sla_resolution_rate = fields.Float(
        string="Resolution SLA Met (%)", readonly=True, aggregator="avg"
    )
    satisfaction_score = fields.Float(string="Satisfaction (%)", readonly=True, aggregator="avg")
    answer_count = fields.Integer(string="Answers (12 months)", readonly=True)
    low_score_count = fields.Integer(string="Low Scores (12 months)", readonly=True)
    mtbf_days = fields.Float(
        string="MTBF (days, 12 months)",
        readonly=True,
        aggregator="avg",
        help="Mean time between failures of the failures received in the last twelve months "
        "(units without a start of service left out).",
    )
    mttr_days = fields.Float(
        string="MTTR (days, 12 months)",
        readonly=True,
        aggregator="avg",
        help="Mean time to repair of the failures received in the last twelve months.",
    )
    mtbf_failure_count = fields.Integer(
        string="Failures with Service Days (12 months)", readonly=True
    )
    repaired_count = fields.Integer(string="Repairs Done (12 months)", readonly=True)
    nps = fields.Float(
        string="NPS (12 months)",
        readonly=True,
        aggregator="avg",
        help="Net promoter score of the happy calls answered in the last twelve months.",
    )
    nps_answer_count = fields.Integer(string="Recommendations (12 months)", readonly=True)
    figures_date = fields.Datetime(
        string="Figures as of",
        readonly=True,
        help="When the twelve months' figures were computed: they are refreshed every hour "
        '(scheduled action "After-Sales: refresh the dashboard\'s figures") and on request. '
        "Open, overdue and to-check cases are counted as they stand.",
    )
    dashboard_figures = fields.Json(
        string="More Figures",
        compute="_compute_dashboard_figures",
        help="Figures other addons show on the card, such as the service profit and loss.",
    )

    @property
    def _table_query(self):
        """The open cases (a few percent of the history) through the partial
        indexes on open cases, and the twelve months' figures from a year of
        daily rows per center: the cards' cost does not grow with the
        history."""
        without_jit(self.env.cr)
        # open cases and overdue ones: the cases' own definitions, as the ORM
        # writes them (the "Open" filter of the case list and
        # aftersales.ticket._overdue_domain), which the partial indexes on open
        # cases serve
        ticket_model = self.env["aftersales.ticket"].sudo()
        open_cases = ticket_model._search([("is_closed", "=", False)])
        overdue = ticket_model._search(ticket_model._overdue_domain())
        table = ticket_model._table
        if overdue._joins or overdue.table != open_cases.table:
            is_overdue = SQL(
                "%s IN %s",
                ticket_model._field_to_sql(table, "id", open_cases),
                overdue.subselect(),
            )
        else:
            # a condition on the open case itself: no second read of the cases
            is_overdue = overdue.where_clause
        center = ticket_model._field_to_sql(table, "service_center_id", open_cases)
        open_cases.groupby = center
        open_cases_sql = open_cases.select(
            SQL("%s AS service_center_id", center),
            SQL("COUNT(*) AS open_count"),
            SQL("COUNT(*) FILTER (WHERE %s) AS overdue_count", is_overdue),
            SQL(
                "COUNT(*) FILTER (WHERE %s = 'todo') AS qc_todo_count",
                ticket_model._field_to_sql(table, "qc_state", open_cases),
            ),
        )
        return SQL(
            """
            WITH open_cases AS (%(open_cases)s),
            days AS (
                SELECT d.service_center_id,
                       SUM(d.repair_count) AS repair_count,
                       SUM(d.repeat_count) AS repeat_count,
                       SUM(d.sla_decided_count) AS sla_decided_count,
                       100.0 * SUM(d.sla_met_count) / NULLIF(SUM(d.sla_decided_count), 0)
                           AS sla_resolution_rate,
                       SUM(d.mtbf_days_sum) / NULLIF(SUM(d.mtbf_failure_count), 0) AS mtbf_days,
                       SUM(d.mttr_days_sum) / NULLIF(SUM(d.repaired_count), 0) AS mttr_days,
                       SUM(d.mtbf_failure_count) AS mtbf_failure_count,
                       SUM(d.repaired_count) AS repaired_count,
                       SUM(d.qc_decided_count) AS qc_decided_count,
                       100.0 * SUM(d.qc_passed_count) / NULLIF(SUM(d.qc_decided_count), 0)
                           AS qc_pass_rate,
                       SUM(d.rework_count) AS rework_count,
                       SUM(d.score_sum) / NULLIF(SUM(d.score_count), 0) AS satisfaction_score,
                       SUM(d.answer_count) AS answer_count,
                       SUM(d.low_score_count) AS low_score_count,
                       SUM(d.nps_sum) / NULLIF(SUM(d.nps_answer_count), 0) AS nps,
                       SUM(d.nps_answer_count) AS nps_answer_count
                  FROM aftersales_center_kpi_day d
                 WHERE d.day >= %(first_day)s
                 GROUP BY d.service_center_id
            ),
            refresh AS (
                SELECT MIN(r.refresh_date) AS figures_date
                  FROM aftersales_center_kpi_refresh r
                 WHERE r.day >= %(first_day)s
            )
            SELECT sc.id AS id,
                   sc.id AS service_center_id,
                   sc.sequence AS sequence,
                   sc.company_id AS company_id,
                   sc.center_type AS center_type,
                   COALESCE(open_cases.open_count, 0) AS open_count,
                   COALESCE(open_cases.overdue_count, 0) AS overdue_count,
                   COALESCE(open_cases.qc_todo_count, 0) AS qc_todo_count,
                   COALESCE(days.repair_count, 0) AS repair_count,
                   COALESCE(days.repeat_count, 0) AS repeat_count,
                   COALESCE(days.qc_decided_count, 0) AS qc_decided_count,
                   days.qc_pass_rate AS qc_pass_rate,
                   COALESCE(days.rework_count, 0) AS rework_count,
                   COALESCE(days.sla_decided_count, 0) AS sla_decided_count,
                   days.sla_resolution_rate AS sla_resolution_rate,
                   days.satisfaction_score AS satisfaction_score,
                   COALESCE(days.answer_count, 0) AS answer_count,
                   COALESCE(days.low_score_count, 0) AS low_score_count,
                   days.mtbf_days AS mtbf_days,
                   days.mttr_days AS mttr_days,
                   COALESCE(days.mtbf_failure_count, 0) AS mtbf_failure_count,
                   COALESCE(days.repaired_count, 0) AS repaired_count,
                   days.nps AS nps,
                   COALESCE(days.nps_answer_count, 0) AS nps_answer_count,
                   refresh.figures_date AS figures_date
              FROM aftersales_service_center sc
              CROSS JOIN refresh
              LEFT JOIN open_cases ON open_cases.service_center_id = sc.id
              LEFT JOIN days ON days.service_center_id = sc.id
             WHERE sc.active
            """,
            open_cases=open_cases_sql,
            first_day=self.env["aftersales.center.kpi.day"]._first_day(),
        )

    def _compute_dashboard_figures(self):
        """Figures that addons which do not depend on this one add to the
        cards: a model (a report) declaring ``_aftersales_dashboard_figures``
        returns them for all the cards at once from
        ``_aftersales_dashboard_figures_by_center(centers)``, as
        ``{center id: [(label, formatted value, action to open)]}``. Models
        the user may not read add nothing."""
        by_center = defaultdict(list)
        centers = self.service_center_id
        if centers:
            for model in self._aftersales_figure_models("_aftersales_dashboard_figures"):
                for center_id, figures in model._aftersales_dashboard_figures_by_center(
                    centers
                ).items():
                    by_center[center_id].extend(figures)
        for card in self:
            card.dashboard_figures = self._aftersales_figure_dicts(
                by_center.get(card.service_center_id.id, [])
            )

    def _aftersales_figure_models(self, flag):
        """The models declaring ``flag`` that the user may read."""
        return [
            self.env[model_name]
            for model_name in sorted(self.env.registry)
            if getattr(self.env[model_name], flag, False)
            and self.env[model_name].has_access("read")
        ]

    @api.model
    def _aftersales_figure_dicts(self, figures):
        return [
            {"label": label, "value": value, "action": action} for label, value, action in figures
        ]

    @api.model
    def get_company_figures(self):
        """The figures of the companies the user works in (the allowed
        companies of the context), shown above the cards: a model declaring
        ``_aftersales_dashboard_company_figures`` returns them for all these
        companies at once from
        ``_aftersales_dashboard_figures_by_company(companies)``, as
        ``{company id: [(label, formatted value, action to open)]}``. Models
        the user may not read add nothing. Returns one entry per company with
        figures, in the order of the companies."""
        self.check_access("read")
        companies = self.env.companies
        by_company = defaultdict(list)
        for model in self._aftersales_figure_models("_aftersales_dashboard_company_figures"):
            for company_id, figures in model._aftersales_dashboard_figures_by_company(
                companies
            ).items():
                by_company[company_id].extend(figures)
        return [
            {
                "company_id": company.id,
                "company_name": company.name,
                "figures": self._aftersales_figure_dicts(by_company[company.id]),
            }
            for company in companies
            if by_company.get(company.id)
        ]

    def _action_open(self, xmlid, extra_domain=None, context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("service_center_id", "=", self.service_center_id.id)] + (
            extra_domain or []
        )
        action["context"] = dict(context or {})
        action["display_name"] = f"{action['name']} - {self.service_center_id.display_name}"
        return action

    def action_refresh_figures(self):
        """Compute the twelve months' figures again now, for all centers."""
        self.check_access("read")
        self.env["aftersales.center.kpi.day"]._refresh_window()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_open_cases(self):
        return self._action_open(
            "aftersales_reception.aftersales_ticket_action",
            context={"search_default_open": 1},
        )

    def action_open_overdue(self):
        return self._action_open(
            "aftersales_reception.aftersales_ticket_action",
            self.env["aftersales.ticket"]._overdue_domain(),
        )

    def action_open_failures(self):
        return self._action_open("aftersales_survey.aftersales_case_report_action_failure")

    def action_open_quality(self):
        return self._action_open("aftersales_survey.aftersales_qc_report_action")

    def action_open_satisfaction(self):
        return self._action_open("aftersales_survey.aftersales_satisfaction_report_action")

    def action_open_reliability(self):
        return self._action_open("aftersales_survey.aftersales_reliability_report_action")

    def action_open_nps(self):
        return self._action_open("aftersales_survey.aftersales_nps_report_action")
