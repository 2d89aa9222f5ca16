# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from odoo.addons.aftersales_reception.tools import (
    claim_records,
    failure_reported_domain,
    job_user,
    run_batch_isolated,
    solve_failures,
)

_logger = logging.getLogger(__name__)

HAPPY_CALL_STATES = [
    ("scheduled", "Scheduled"),
    ("sent", "Survey Sent"),
    ("done", "Answered"),
    ("refused", "Refused"),
    ("unreachable", "Unreachable"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("scheduled", "sent")
MAX_ATTEMPTS = 3


class AftersalesHappyCall(models.Model):
    """The satisfaction call made some days after a case is closed. The call
    script is a survey: the operator fills it in during the call, or the
    customer answers the link sent by email."""

    _name = "aftersales.happy.call"
    _description = "Happy Call"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.numbered.mixin"]
    _order = "date_scheduled desc, id desc"
    _aftersales_sequence_code = "aftersales.happy.call"
    _check_company_auto = True
    _rec_names_search = ["name", "ticket_id", "partner_id"]

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    # Identification
    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Case",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    # What the answers are linked to
    partner_id = fields.Many2one(
        related="ticket_id.partner_id", string="Customer", store=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", string="Customer Company", store=True
    )
    partner_phone = fields.Char(related="ticket_id.partner_phone", string="Phone")
    partner_email = fields.Char(related="ticket_id.partner_email", string="Email")
    product_id = fields.Many2one(related="ticket_id.product_id", store=True, index=True)
    technician_id = fields.Many2one(related="ticket_id.technician_id", store=True, index=True)
    service_center_id = fields.Many2one(
        related="ticket_id.service_center_id", store=True, index=True
    )
    service_center_type = fields.Selection(related="ticket_id.service_center_type", store=True)
    agent_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        string="Agent Workshop",
        compute="_compute_agent_center_id",
        store=True,
        index="btree_not_null",
        help="The agent workshop that did the work, when it was not done in-house.",
    )
    agent_partner_id = fields.Many2one(
        related="agent_center_id.partner_id", string="Agent", store=True
    )
    date_closed = fields.Datetime(related="ticket_id.date_delivered", string="Case Closed On")
    # the repair figures of the case, kept with the call: the satisfaction
    # and NPS reports read the calls alone, without a pass over the cases
    date_received = fields.Datetime(
        related="ticket_id.date_received", string="Case Received On", store=True
    )
    date_case_done = fields.Datetime(
        related="ticket_id.date_done", string="Case Done On", store=True
    )
    case_service_type = fields.Selection(
        related="ticket_id.service_type", string="Service Type", store=True
    )
    is_repeat_repair = fields.Boolean(related="ticket_id.is_repeat_repair", store=True)
    # The call
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Call Operator",
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
        check_company=True,
    )
    date_scheduled = fields.Date(string="Call On", required=True, tracking=True, index=True)
    # the dashboard's daily figures read a day's answers by it
    date_done = fields.Datetime(
        string="Answered On", readonly=True, copy=False, index="btree_not_null"
    )
    state = fields.Selection(
        selection=HAPPY_CALL_STATES,
        string="Status",
        required=True,
        default="scheduled",
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    answer_channel = fields.Selection(
        selection=[("call", "Phone Call"), ("email", "Customer (Link)")],
        string="Answered By",
        readonly=True,
        copy=False,
    )
    attempt_count = fields.Integer(
        string="Unanswered Attempts", readonly=True, copy=False, tracking=True
    )
    survey_id = fields.Many2one(
        comodel_name="survey.survey",
        string="Call Script",
        default=lambda self: self.env.company._get_happy_call_survey(),
        domain=[("survey_type", "in", ("survey", "custom"))],
    )
    user_input_ids = fields.One2many(
        comodel_name="survey.user_input",
        inverse_name="aftersales_happy_call_id",
        string="Survey Answers",
    )
    user_input_id = fields.Many2one(
        comodel_name="survey.user_input",
        string="Answers",
        compute="_compute_user_input_id",
        store=True,
        index="btree_not_null",
        help="The answers of the call: the completed ones, else the latest started.",
    )
    satisfaction_score = fields.Float(
        related="user_input_id.aftersales_satisfaction_score",
        string="Satisfaction (%)",
        store=True,
        aggregator="avg",
    )
    has_score = fields.Boolean(related="user_input_id.aftersales_has_score", store=True)
    # the answers' figures kept with the call: the satisfaction and NPS
    # reports read the calls alone
    answer_state = fields.Selection(
        related="user_input_id.state", string="Answers Status", store=True
    )
    date_answered = fields.Datetime(
        related="user_input_id.end_datetime", string="Answers Completed On", store=True
    )
    answer_survey_id = fields.Many2one(
        related="user_input_id.survey_id", string="Answered Survey", store=True
    )
    nps_value = fields.Integer(
        related="user_input_id.aftersales_nps_value", string="Recommendation (0-10)", store=True
    )
    has_nps = fields.Boolean(related="user_input_id.aftersales_has_nps", store=True)
    is_low_score = fields.Boolean(
        string="Low Score",
        readonly=True,
        copy=False,
        help="The score was below the company's threshold: the manager was asked to follow up.",
    )
    complaint_ticket_ids = fields.One2many(
        comodel_name="aftersales.ticket",
        inverse_name="origin_happy_call_id",
        string="Complaint Cases",
    )
    complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_complaint_count",
        store=True,
        help="Complaint cases opened from this call, archived ones included.",
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "ticket_unique",
            "UNIQUE(ticket_id)",
            "A case gets one happy call: reschedule the existing one instead.",
        ),
    ]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("service_center_id.center_type")
    def _compute_agent_center_id(self):
        for call in self:
            center = call.service_center_id
            call.agent_center_id = center if center.center_type == "agent" else False

    @api.depends("user_input_ids.state", "user_input_ids.test_entry")
    def _compute_user_input_id(self):
        for call in self:
            answers = call.user_input_ids.filtered(lambda a: not a.test_entry)
            done = answers.filtered(lambda a: a.state == "done")
            call.user_input_id = (done or answers).sorted("id")[-1:]

    @api.depends("complaint_ticket_ids")
    def _compute_complaint_count(self):
        counts = dict(
            self.env["aftersales.ticket"]
            .with_context(active_test=False)
            ._read_group(
                [("origin_happy_call_id", "in", self._origin.ids)],
                ["origin_happy_call_id"],
                ["__count"],
            )
        )
        for call in self:
            call.complaint_count = counts.get(call._origin, 0)

    # ------------------------------------------------------------
    # Database
    # ------------------------------------------------------------

    def _auto_init(self):
        # on a large base, the columns the reports read are filled in one
        # statement each when they are added, not recomputed call by call
        cr = self.env.cr
        missing = [
            (name, column_type)
            for name, column_type in (
                ("date_received", "timestamp"),
                ("date_case_done", "timestamp"),
                ("case_service_type", "varchar"),
                ("is_repeat_repair", "bool"),
                ("complaint_count", "int4"),
                ("answer_state", "varchar"),
                ("date_answered", "timestamp"),
                ("answer_survey_id", "int4"),
                ("nps_value", "int4"),
                ("has_nps", "bool"),
            )
            if not column_exists(cr, self._table, name)
        ]
        if missing and column_exists(cr, self._table, "user_input_id"):
            for name, column_type in missing:
                create_column(cr, self._table, name, column_type)
            cr.execute(
                SQL(
                    """UPDATE aftersales_happy_call hc
                          SET date_received = t.date_received,
                              date_case_done = t.date_done,
                              case_service_type = t.service_type,
                              is_repeat_repair = t.is_repeat_repair,
                              complaint_count = (SELECT COUNT(*) FROM aftersales_ticket c
                                                  WHERE c.origin_happy_call_id = hc.id),
                              nps_value = 0,
                              has_nps = false
                         FROM aftersales_ticket t
                        WHERE t.id = hc.ticket_id"""
                )
            )
            cr.execute(
                SQL(
                    """UPDATE aftersales_happy_call hc
                          SET answer_state = ui.state,
                              date_answered = ui.end_datetime,
                              answer_survey_id = ui.survey_id,
                              nps_value = ui.aftersales_nps_value,
                              has_nps = ui.aftersales_has_nps
                         FROM survey_user_input ui
                        WHERE ui.id = hc.user_input_id"""
                )
            )
        return super()._auto_init()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    # ------------------------------------------------------------
    # Scheduling
    # ------------------------------------------------------------

    @api.model
    def _schedule_for_tickets(self, tickets):
        """Schedule the happy call of each closed case, once.

        Idempotent: a case that already has a call (whatever its state) gets no
        second one, which a unique index also enforces. Customers who refused
        satisfaction calls get none."""
        tickets = tickets.filtered(
            lambda t: t.stage_type == "closed" and t.company_id.aftersales_happy_call_enabled
        )
        if not tickets:
            return self.browse()
        # the case is closed by whoever hands the unit back; scheduling its
        # call is the system's follow-up and needs no call-operator rights
        calls_sudo = self.sudo()
        existing = calls_sudo.search([("ticket_id", "in", tickets.ids)]).ticket_id
        todo = tickets - existing
        refused = todo.filtered(lambda t: t.partner_id._aftersales_refuses_calls())
        for ticket in refused:
            ticket.message_post(
                body=self.env._(
                    "No happy call scheduled: %(customer)s asked not to receive "
                    "satisfaction calls.",
                    customer=ticket.partner_id.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        todo -= refused
        if not todo:
            return self.browse()
        operators = calls_sudo._pick_operators(todo)
        surveys = {company: company._get_happy_call_survey() for company in todo.company_id}
        vals_list = []
        for ticket in todo:
            closed_on = fields.Date.context_today(
                self, timestamp=ticket.date_delivered or fields.Datetime.now()
            )
            vals_list.append(
                {
                    "ticket_id": ticket.id,
                    "date_scheduled": closed_on
                    + timedelta(days=ticket.company_id.aftersales_happy_call_delay),
                    "survey_id": surveys[ticket.company_id].id,
                }
            )
        # the operator finds the calls in their activities: no assignment
        # email per call
        calls_sudo = calls_sudo.with_context(mail_auto_subscribe_no_notify=True)
        calls = calls_sudo.create(vals_list)
        calls._assign_operators(operators)
        calls._schedule_call_activities()
        return calls.with_env(self.env)

    def _assign_operators(self, operators):
        """Give the new calls to their operators ({case: user}), who follow
        them: one write per operator, not one subscription per call (Odoo
        subscribes the responsible of each record it creates on its own)."""
        by_operator = defaultdict(list)
        for call in self:
            operator = operators.get(call.ticket_id)
            if operator:
                by_operator[operator.id].append(call.id)
        for operator_id, call_ids in by_operator.items():
            self.browse(call_ids).write({"user_id": operator_id})

    def _pick_operators(self, tickets):
        """The operator of each case's call: the company's call operator, or
        the operator with the fewest open calls."""
        group = self.env.ref("aftersales_survey.group_aftersales_call_operator")
        manager_group = self.env.ref("aftersales_reception.group_aftersales_manager")
        loads = dict(
            self._read_group(
                [("state", "in", OPEN_STATES), ("user_id", "!=", False)],
                ["user_id"],
                ["__count"],
            )
        )
        # one read of the operators for the whole batch, not one per case
        operators = group.users.filtered(lambda u: u.active and not u.share)
        managers = manager_group.users
        candidates_by_company = {}
        for company in tickets.company_id:
            candidates = operators.filtered(lambda u, c=company: c in u.company_ids)
            # managers make calls only when nobody else does
            candidates_by_company[company] = (candidates - managers) or candidates
        result = {}
        for ticket in tickets:
            company = ticket.company_id
            operator = company.aftersales_happy_call_user_id
            if not operator:
                candidates = candidates_by_company[company]
                if candidates:
                    operator = min(candidates, key=lambda u: (loads.get(u, 0), u.id))
            operator = operator or ticket.user_id
            if operator:
                loads[operator] = loads.get(operator, 0) + 1
            result[ticket] = operator
        return result

    def _schedule_call_activities(self):
        """The operator's to-do for each call, created in one batch."""
        activity_type = self.env.ref("aftersales_survey.mail_activity_type_happy_call")
        model_id = self.env["ir.model"]._get_id(self._name)
        # the operator finds the calls in their activities on the day: no
        # email per call scheduled
        activities = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        return activities.create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": call.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": call.date_scheduled,
                    "user_id": call.user_id.id or self.env.uid,
                    "automated": True,
                    "summary": self.env._(
                        "Happy call to %(customer)s about %(case)s",
                        customer=call.partner_id.display_name,
                        case=call.ticket_id.name,
                    ),
                }
                for call in self
            ]
        )

    @api.model
    def _cron_schedule_missing_calls(self, days=30, limit=1000):
        """Schedule the calls of cases closed recently but without one (closed
        before the feature was enabled, or by an import), the earliest closed
        first.

        One case never blocks the others: a call that cannot be scheduled is
        reported on its case to the satisfaction manager, and the job goes on;
        it tries again at its next run. Each call handles ``limit`` cases and
        tells the scheduler how many remain. Safe to run twice or in several
        workers at once: each case is claimed (see ``claim_records``) while its
        call is created, and a case with a call gets no second one."""
        since = fields.Datetime.now() - timedelta(days=days)
        summary = self.env._("Happy call not scheduled")
        lastcall = self.env.context.get("lastcall")
        domain = [
            ("stage_type", "=", "closed"),
            ("date_delivered", ">=", since),
            # no call among those of the recently closed cases: PostgreSQL
            # compares the cases with that short list, where "no call at
            # all" would make it compare each case with every call ever made
            ("happy_call_ids", "not any", [("ticket_id.date_delivered", ">=", since)]),
            ("partner_id.aftersales_call_refused", "=", False),
            ("commercial_partner_id.aftersales_call_refused", "=", False),
            ("company_id.aftersales_happy_call_enabled", "=", True),
        ] + failure_reported_domain(self.env, summary, lastcall)
        ticket_model = self.env["aftersales.ticket"]
        tickets = ticket_model.search(domain, limit=limit, order="date_delivered, id")
        # the batch in one go: claimed in one query, its calls created at once;
        # only when it fails is each case tried on its own
        scheduled, calls = run_batch_isolated(
            claim_records(tickets),
            self._schedule_for_tickets,
            summary=summary,
            message=lambda ticket: self.env._(
                "The happy call of case %(case)s was not scheduled; the job tries again at "
                "its next run.",
                case=ticket.name,
            ),
            user=lambda ticket: job_user(
                ticket.company_id,
                ticket.company_id.aftersales_satisfaction_manager_id,
                ticket.service_center_id.manager_id,
            ),
        )
        calls = calls or self.browse()
        call_by_ticket = {call.ticket_id.id: call for call in calls}
        solve_failures(
            scheduled.filtered(lambda ticket: ticket.id in call_by_ticket),
            summary,
            lambda ticket: self.env._(
                "Happy call %(ref)s scheduled.", ref=call_by_ticket[ticket.id].name
            ),
        )
        _logger.info("Scheduled %s missing happy call(s)", len(calls))
        # a case that failed counts as handled only when the next call of this
        # run leaves it alone (its report is newer than the run's start)
        done = len(tickets) if lastcall else len(calls)
        remaining = ticket_model.search_count(domain) if done and len(tickets) == limit else 0
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return calls

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def _ensure_open(self):
        closed = self.filtered(lambda c: c.state not in OPEN_STATES)
        if closed:
            raise UserError(
                self.env._(
                    "Happy call %(ref)s is %(state)s: reopen it first if the customer "
                    "should be called again.",
                    ref=closed[0].name,
                    state=dict(HAPPY_CALL_STATES)[closed[0].state],
                )
            )

    def _get_or_create_answer(self):
        """The survey answer of this call, created on first use."""
        self.ensure_one()
        if self.user_input_id:
            return self.user_input_id
        if not self.survey_id:
            raise UserError(
                self.env._(
                    "Happy call %(ref)s has no call script: choose the survey to use in "
                    "After-Sales settings, or on the call.",
                    ref=self.name,
                )
            )
        return self.survey_id._create_answer(
            partner=self.partner_id,
            check_attempts=False,
            aftersales_happy_call_id=self.id,
        )

    def action_start_call(self):
        """Open the call script to fill in the customer's answers."""
        self.ensure_one()
        self._ensure_open()
        if not self.user_id:
            self.user_id = self.env.user
        answer = self._get_or_create_answer()
        return {"type": "ir.actions.act_url", "url": answer.get_start_url(), "target": "self"}

    def action_send_survey(self):
        """Email the customer a link to answer the survey themselves."""
        self._ensure_open()
        no_email = self.filtered(lambda c: not c.partner_id.email)
        if no_email:
            raise UserError(
                self.env._(
                    "These customers have no email address, so the survey cannot be sent: "
                    "call them, or add their address first.\n%(details)s",
                    details="\n".join(f"{c.name}: {c.partner_id.display_name}" for c in no_email),
                )
            )
        template = self.env.ref("aftersales_survey.mail_template_happy_call_survey")
        for call in self:
            call._get_or_create_answer()
            call.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )
        self.write({"state": "sent"})
        return True

    def action_refuse(self):
        """The customer does not want satisfaction calls: respect it now and
        for their future cases."""
        self._ensure_open()
        customers = self.commercial_partner_id
        # recording the customer's wish is part of the call: operators need
        # no right to edit contacts for it (the change is tracked)
        customers.sudo().write({"aftersales_call_refused": True})
        calls = self | self.search(
            [("commercial_partner_id", "in", customers.ids), ("state", "in", OPEN_STATES)]
        )
        calls.write({"state": "refused"})
        calls.activity_feedback(
            ["aftersales_survey.mail_activity_type_happy_call"],
            feedback=self.env._("The customer refused satisfaction calls."),
        )
        return True

    def action_unreachable(self):
        """Nobody answered: try again the next day, up to three times."""
        self._ensure_open()
        tomorrow = fields.Date.context_today(self) + timedelta(days=1)
        for call in self:
            attempts = call.attempt_count + 1
            if attempts >= MAX_ATTEMPTS:
                call.write({"attempt_count": attempts, "state": "unreachable"})
                call.activity_feedback(
                    ["aftersales_survey.mail_activity_type_happy_call"],
                    feedback=self.env._("No answer after %(count)s attempts.", count=attempts),
                )
            else:
                call.write({"attempt_count": attempts, "date_scheduled": tomorrow})
                call.activity_reschedule(
                    ["aftersales_survey.mail_activity_type_happy_call"],
                    date_deadline=tomorrow,
                )
        return True

    def action_cancel(self):
        self._ensure_open()
        self.write({"state": "cancelled"})
        self.activity_unlink(["aftersales_survey.mail_activity_type_happy_call"])
        return True

    def action_reopen(self):
        """Schedule again a call that was cancelled or could not reach the
        customer (not one the customer refused: lift the refusal first)."""
        not_reopenable = self.filtered(lambda c: c.state not in ("cancelled", "unreachable"))
        refusing = self.filtered(lambda c: c.partner_id._aftersales_refuses_calls())
        if not_reopenable or refusing:
            raise UserError(
                self.env._(
                    "Only cancelled or unreachable calls of customers who accept calls can "
                    "be scheduled again.\nConcerned call(s):\n%(refs)s",
                    refs="\n".join((not_reopenable | refusing).mapped("name")),
                )
            )
        today = fields.Date.context_today(self)
        self.write({"state": "scheduled", "attempt_count": 0, "date_scheduled": today})
        self._schedule_call_activities()
        return True

    def action_open_complaint(self):
        """Open a new case from a complaint made during the call, linked to the
        case the call was about."""
        self.ensure_one()
        action = self.ticket_id.action_create_followup()
        action["context"] = dict(
            action["context"],
            default_origin_happy_call_id=self.id,
            default_channel="phone",
            default_summary=self.env._("Complaint after %(case)s", case=self.ticket_id.name),
        )
        return action

    def action_view_answers(self):
        self.ensure_one()
        return self.user_input_id._get_records_action(context={})

    def action_view_ticket(self):
        self.ensure_one()
        return self.ticket_id._get_records_action(context={})

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_ticket_action"
        )
        action["domain"] = [("origin_happy_call_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------

    def _on_answer_done(self):
        """The survey of the call was completed (during the call or by the
        customer): record the score and ask the manager to follow up a low
        one. Runs for the customer too, through the survey link."""
        for call in self:
            answer = call.user_input_id
            by_operator = not self.env.user.share and (
                self.env.user.partner_id.commercial_partner_id != call.commercial_partner_id
            )
            threshold = call.company_id.aftersales_low_score_threshold
            low = answer.aftersales_has_score and answer.aftersales_satisfaction_score < threshold
            call.write(
                {
                    "state": "done",
                    "date_done": answer.end_datetime or fields.Datetime.now(),
                    "answer_channel": "call" if by_operator else "email",
                    "is_low_score": low,
                }
            )
            call.activity_feedback(
                ["aftersales_survey.mail_activity_type_happy_call"],
                feedback=self.env._("Survey answered."),
            )
            ticket = call.ticket_id
            score = (
                self.env._("%(score)s%%", score=round(answer.aftersales_satisfaction_score))
                if answer.aftersales_has_score
                else self.env._("no score")
            )
            ticket.message_post(
                body=self.env._(
                    "Happy call %(ref)s answered: satisfaction %(score)s.",
                    ref=call.name,
                    score=score,
                ),
                subtype_xmlid="mail.mt_note",
            )
            if low:
                call._request_low_score_followup()

    def _request_low_score_followup(self):
        self.ensure_one()
        ticket = self.ticket_id
        manager = (
            ticket.service_center_id.manager_id
            or self.company_id.aftersales_satisfaction_manager_id
            or ticket.team_id.user_id
            or ticket.user_id
        )
        ticket.activity_schedule(
            "aftersales_survey.mail_activity_type_low_score",
            user_id=manager.id or self.env.uid,
            summary=self.env._(
                "Low satisfaction (%(score)s%%) from %(customer)s",
                score=round(self.satisfaction_score),
                customer=self.partner_id.display_name,
            ),
            note=self.env._(
                "Happy call %(ref)s scored %(score)s%%, below the %(threshold)s%% threshold. "
                "Call the customer back and open a complaint case if needed.",
                ref=self.name,
                score=round(self.satisfaction_score),
                threshold=round(self.company_id.aftersales_low_score_threshold),
            ),
        )
