# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.aftersales_reception.models.aftersales_ticket_failure import (
    failure_condition_sql,
)

from .aftersales_happy_call import HAPPY_CALL_STATES

REPEAT_DAYS = 90
# what this module adds to the index of open cases (removed again at uninstall)
OPEN_INDEX_COLUMNS = ["qc_state"]
# fields whose change may change which repair comes before which
REPEAT_FIELDS = {"equipment_id", "date_received", "service_type", "stage_id", "active"}
HAPPY_CALL_GROUPS = (
    "aftersales_reception.group_aftersales_reception,"
    "aftersales_survey.group_aftersales_call_operator"
)


class AftersalesTicket(models.Model):
    _inherit = "aftersales.ticket"

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    # Quality control
    qc_check_ids = fields.One2many(
        comodel_name="aftersales.qc.check", inverse_name="ticket_id", string="Quality Checks"
    )
    qc_check_id = fields.Many2one(
        comodel_name="aftersales.qc.check",
        string="Current Quality Check",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The check that decides whether the unit can be handed back.",
    )
    qc_state = fields.Selection(
        related="qc_check_id.state", string="QC Status", store=True, index=True
    )
    qc_required = fields.Boolean(
        string="QC Required",
        compute="_compute_qc_required",
        help="A quality checklist applies and the repair is done in-house (or the "
        "checklist is also required at agent workshops).",
    )
    qc_rework_count = fields.Integer(
        string="Reworks",
        compute="_compute_qc_rework_count",
        store=True,
        help="Number of failed quality checks: each sent the unit back to repair.",
    )
    qc_check_count = fields.Integer(
        string="QC Checks", compute="_compute_qc_rework_count", store=True
    )
    # Repeat repairs
    previous_repair_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        compute="_compute_previous_repair_id",
        store=True,
        index="btree_not_null",
        copy=False,
        help="The latest earlier repair of the same unit.",
    )
    is_repeat_repair = fields.Boolean(
        string="Repeat Repair",
        compute="_compute_previous_repair_id",
        store=True,
        copy=False,
        help="The same unit was repaired less than 90 days before this case was received.",
    )
    # Happy calls
    happy_call_ids = fields.One2many(
        comodel_name="aftersales.happy.call",
        inverse_name="ticket_id",
        string="Happy Calls",
        groups=HAPPY_CALL_GROUPS,
    )
    happy_call_state = fields.Selection(
        selection=HAPPY_CALL_STATES,
        compute="_compute_happy_call",
        groups=HAPPY_CALL_GROUPS,
    )
    satisfaction_score = fields.Float(
        compute="_compute_happy_call",
        groups=HAPPY_CALL_GROUPS,
        help="Satisfaction score (0-100) given in the happy call of this case.",
    )
    origin_happy_call_id = fields.Many2one(
        comodel_name="aftersales.happy.call",
        string="Opened from Happy Call",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=HAPPY_CALL_GROUPS,
        help="The satisfaction call in which the customer complained.",
    )

    def _open_stage_index_include(self):
        """The open cases to check per service center, on the management
        dashboard, are counted from the index of open cases too."""
        return [*super()._open_stage_index_include(), *OPEN_INDEX_COLUMNS]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("product_id", "service_type", "service_center_id", "company_id")
    def _compute_qc_required(self):
        templates = self.env["aftersales.qc.template"]._find_for_tickets(self)
        for ticket in self:
            template = templates[ticket]
            ticket.qc_required = bool(template) and (
                ticket.service_center_id.center_type != "agent" or template.required_for_agents
            )

    @api.depends("qc_check_ids.state")
    def _compute_qc_rework_count(self):
        for ticket in self:
            checks = ticket.qc_check_ids.filtered(lambda c: c.state != "cancelled")
            ticket.qc_check_count = len(checks)
            ticket.qc_rework_count = len(checks.filtered(lambda c: c.state == "failed"))

    @api.depends("equipment_id", "date_received", "service_type", "stage_type", "active")
    def _compute_previous_repair_id(self):
        repairs = self.filtered(lambda t: t._is_counted_repair())
        (self - repairs).previous_repair_id = False
        (self - repairs).is_repeat_repair = False
        if not repairs:
            return
        candidates = self.search(
            [("equipment_id", "in", repairs.equipment_id.ids)] + self._failure_domain(),
            order="date_received, id",
        )
        by_unit = defaultdict(list)
        for candidate in candidates:
            by_unit[candidate.equipment_id.id].append(candidate)
        for ticket in repairs:
            # a case being created sorts after every saved one received at the same time
            key = (ticket.date_received, ticket._origin.id or float("inf"))
            previous = self.browse()
            for candidate in by_unit[ticket.equipment_id.id]:
                if candidate == ticket._origin:
                    continue
                if (candidate.date_received, candidate.id) >= key:
                    break
                previous = candidate
            ticket.previous_repair_id = previous
            ticket.is_repeat_repair = bool(previous) and (
                ticket.date_received - previous.date_received <= timedelta(days=REPEAT_DAYS)
            )

    def _is_counted_repair(self):
        """The failures of a unit count for repeat repairs."""
        self.ensure_one()
        return bool(self.equipment_id and self.date_received and self._is_failure())

    @api.depends("happy_call_ids.state", "happy_call_ids.satisfaction_score")
    def _compute_happy_call(self):
        # the latest call of each saved case, read with its state and score in
        # one query for the batch; a case being edited gives its calls in memory
        saved = self.filtered(lambda ticket: isinstance(ticket.id, int))
        latest = {}
        for call in self.env["aftersales.happy.call"].search_fetch(
            [("ticket_id", "in", saved.ids)], ["ticket_id", "state", "satisfaction_score"]
        ):
            latest.setdefault(call.ticket_id.id, call)
        for ticket in self:
            if isinstance(ticket.id, int):
                call = latest.get(ticket.id, self.env["aftersales.happy.call"])
            else:
                call = ticket.happy_call_ids[:1]
            ticket.happy_call_state = call.state
            ticket.satisfaction_score = call.satisfaction_score

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._recompute_unit_repairs(tickets._unit_siblings())
        return tickets

    def write(self, vals):
        if not REPEAT_FIELDS & vals.keys():
            return super().write(vals)
        # the units' other cases before the write differ only when the unit does
        before = self._unit_siblings() if "equipment_id" in vals else self.browse()
        res = super().write(vals)
        self._recompute_unit_repairs(before | self._unit_siblings())
        return res

    def unlink(self):
        siblings = self._unit_siblings()
        res = super().unlink()
        self._recompute_unit_repairs(siblings.exists())
        return res

    def _unit_siblings(self):
        """The other cases of the same units: their previous repair may change
        with these cases."""
        if not self.equipment_id:
            return self.browse()
        return self.with_context(active_test=False).search(
            [("equipment_id", "in", self.equipment_id.ids), ("id", "not in", self.ids)]
        )

    def _recompute_unit_repairs(self, siblings):
        siblings -= self
        if siblings:
            self.env.add_to_compute(self._fields["previous_repair_id"], siblings)
            self.env.add_to_compute(self._fields["is_repeat_repair"], siblings)

    @api.model
    def _recompute_repeat_repairs(self):
        """Recompute the previous repair of every case in one statement (after
        a bulk import, where recomputing case by case would be slow)."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH repairs AS (
                    SELECT t.id,
                           t.date_received,
                           LAG(t.id) OVER w AS previous_id,
                           LAG(t.date_received) OVER w AS previous_date
                      FROM aftersales_ticket t
                     WHERE t.equipment_id IS NOT NULL
                       AND t.date_received IS NOT NULL
                       AND %(failure)s
                    WINDOW w AS (PARTITION BY t.equipment_id ORDER BY t.date_received, t.id)
                ),
                computed AS (
                    SELECT t.id,
                           r.previous_id,
                           COALESCE(r.date_received - r.previous_date <= %(days)s, FALSE)
                               AS is_repeat
                      FROM aftersales_ticket t
                      LEFT JOIN repairs r ON r.id = t.id
                )
                UPDATE aftersales_ticket t
                   SET previous_repair_id = c.previous_id,
                       is_repeat_repair = c.is_repeat
                  FROM computed c
                 WHERE c.id = t.id
                   AND (t.previous_repair_id IS DISTINCT FROM c.previous_id
                        OR t.is_repeat_repair IS DISTINCT FROM c.is_repeat)
                """,
                failure=failure_condition_sql("t"),
                days=timedelta(days=REPEAT_DAYS),
            )
        )
        updated = self.env.cr.rowcount
        self.invalidate_model(["previous_repair_id", "is_repeat_repair"])
        return updated

    # ------------------------------------------------------------
    # Stage hooks
    # ------------------------------------------------------------

    def _check_stage_transition(self, stage):
        """A repaired unit reaches 'Repaired / Ready' (and delivery) only once
        its quality check passed: telling the customer it is ready and then
        finding a fault would cost more than checking first."""
        super()._check_stage_transition(stage)
        if stage.stage_type not in ("done", "closed"):
            return
        blocked = [(ticket, ticket._qc_blocking_reason()) for ticket in self]
        blocked = [(ticket, reason) for ticket, reason in blocked if reason]
        if blocked:
            raise UserError(
                self.env._(
                    "A repaired unit can be declared ready or handed back only after its "
                    "quality check passed.\n%(details)s",
                    details="\n".join(f"{ticket.name}: {reason}" for ticket, reason in blocked),
                )
            )

    def _on_stage_changed(self, previous_stages):
        res = super()._on_stage_changed(previous_stages)
        # a unit reopened after hand-back must be checked again
        reopened = self.filtered(
            lambda t: (
                t.qc_state == "passed"
                and t.stage_type in ("new", "progress", "waiting")
                and previous_stages.get(t.id)
                and previous_stages[t.id].stage_type in ("done", "closed")
            )
        )
        if reopened:
            reopened.qc_check_id = False
        to_check = self.filtered(lambda t: t.stage_id.is_qc_stage and t.qc_state != "todo")
        if to_check:
            to_check._create_qc_checks(raise_if_missing=False)
        closed = self.filtered(lambda t: t.stage_type == "closed")
        if closed:
            self.env["aftersales.happy.call"]._schedule_for_tickets(closed)
        return res

    def _qc_blocking_reason(self):
        """Why the case cannot be handed back yet, or False."""
        self.ensure_one()
        check = self.qc_check_id
        if check.state == "passed":
            return False
        if check.state == "todo":
            return self.env._("quality check %(check)s is still to do.", check=check.name)
        if check.state == "failed":
            return self.env._(
                "quality check %(check)s failed; finish the rework, then request a new check.",
                check=check.name,
            )
        if self.qc_required:
            return self.env._(
                "no quality check has passed yet; use 'Request QC Check' once the repair is "
                "finished."
            )
        return False

    # ------------------------------------------------------------
    # Quality control
    # ------------------------------------------------------------

    def _create_qc_checks(self, raise_if_missing=True):
        """Open a quality check for each case from its checklist (cases with a
        check still to do keep it)."""
        templates = self.env["aftersales.qc.template"]._find_for_tickets(self)
        missing = self.filtered(lambda t: not templates[t])
        if missing and raise_if_missing:
            service_types = dict(self._fields["service_type"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "No quality checklist applies to these cases; add one under "
                    "After-Sales > Configuration > Quality Checklists for their product "
                    "category and service type:\n%(details)s",
                    details="\n".join(
                        f"{t.name} ({t.product_id.categ_id.display_name or '-'}, "
                        f"{service_types.get(t.service_type, '-')})"
                        for t in missing
                    ),
                )
            )
        todo = (self - missing).filtered(lambda t: t.qc_state != "todo")
        if not todo:
            return self.env["aftersales.qc.check"]
        previous = dict(
            self.env["aftersales.qc.check"]._read_group(
                [("ticket_id", "in", todo.ids), ("state", "!=", "cancelled")],
                ["ticket_id"],
                ["__count"],
            )
        )
        return self.env["aftersales.qc.check"].create(
            [
                {
                    "ticket_id": ticket.id,
                    "template_id": templates[ticket].id,
                    "is_required": ticket.qc_required,
                    "attempt": previous.get(ticket, 0) + 1,
                }
                for ticket in todo
            ]
        )

    def _team_stages(self, stage_type):
        self.ensure_one()
        return self.env["aftersales.stage"].search(
            [
                ("stage_type", "=", stage_type),
                "|",
                ("team_ids", "=", False),
                ("team_ids", "=", self.team_id.id),
            ],
            order="sequence, id",
        )

    def _get_qc_rework_stage(self):
        """The repair stage a unit goes back to when its check fails."""
        self.ensure_one()
        stage = self.env.ref("aftersales_reception.stage_repair", raise_if_not_found=False)
        candidates = self._team_stages("progress").filtered(lambda s: not s.is_qc_stage)
        if stage and stage in candidates:
            return stage
        before = candidates.filtered(lambda s: s.sequence <= self.stage_id.sequence)
        return (before or candidates)[-1:]

    def _get_qc_ready_stage(self):
        """The 'Repaired / Ready' stage a unit reaches when its check passes."""
        self.ensure_one()
        return self._team_stages("done")[:1]

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_request_qc_check(self):
        checks = self._create_qc_checks()
        if len(checks) == 1:
            return checks.action_open_form()
        return self.action_view_qc_checks()

    def action_view_qc_checks(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_survey.aftersales_qc_check_action"
        )
        action["domain"] = [("ticket_id", "in", self.ids)]
        action["context"] = {}
        return action

    def action_view_happy_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_survey.aftersales_happy_call_action"
        )
        calls = self.happy_call_ids
        if len(calls) == 1:
            action.update({"views": [(False, "form")], "view_mode": "form", "res_id": calls.id})
        else:
            action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {}
        return action
