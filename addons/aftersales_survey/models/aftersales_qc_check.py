# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_repr

QC_STATES = [
    ("todo", "To Check"),
    ("passed", "Passed"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]


class AftersalesQcCheck(models.Model):
    """One inspection of a repaired unit against its checklist. A case may get
    several: each failed check sends the unit back to repair (a rework) and
    the next check is a new attempt."""

    _name = "aftersales.qc.check"
    _description = "After-Sales Quality Check"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.numbered.mixin"]
    _order = "id desc"
    _aftersales_sequence_code = "aftersales.qc.check"
    _check_company_auto = True

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
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer")
    template_id = fields.Many2one(
        comodel_name="aftersales.qc.template",
        string="Checklist",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    # Outcome
    state = fields.Selection(
        selection=QC_STATES,
        string="Status",
        required=True,
        default="todo",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    is_required = fields.Boolean(
        string="Required",
        readonly=True,
        help="A required check must pass before the case can be handed back.",
    )
    attempt = fields.Integer(
        readonly=True, default=1, help="1 for the first check of the case, 2 after one rework..."
    )
    inspector_id = fields.Many2one(
        comodel_name="res.users",
        tracking=True,
        domain=[("share", "=", False)],
        check_company=True,
    )
    # the dashboard's daily figures read a day's checks by it
    date_done = fields.Datetime(
        string="Checked On", readonly=True, copy=False, index="btree_not_null"
    )
    # The work inspected, as it stood when the check was opened (reworks are
    # counted against the technician and product of that repair)
    technician_id = fields.Many2one(
        comodel_name="res.users", readonly=True, index=True, check_company=True
    )
    product_id = fields.Many2one(
        comodel_name="product.product", readonly=True, index=True, check_company=True
    )
    product_categ_id = fields.Many2one(
        related="product_id.categ_id", string="Product Category", store=True
    )
    service_center_id = fields.Many2one(
        comodel_name="aftersales.service.center", readonly=True, index=True, check_company=True
    )
    service_center_type = fields.Selection(related="service_center_id.center_type", store=True)
    # Steps
    line_ids = fields.One2many(
        comodel_name="aftersales.qc.check.line",
        inverse_name="check_id",
        string="Steps",
        copy=True,
    )
    failed_line_count = fields.Integer(
        string="Failed Steps", compute="_compute_failed_line_count", store=True
    )
    note = fields.Html()

    _sql_constraints = [
        ("attempt_positive", "CHECK(attempt > 0)", "The attempt number starts at 1."),
    ]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("line_ids.result")
    def _compute_failed_line_count(self):
        for check in self:
            check.failed_line_count = len(check.line_ids.filtered(lambda l: l.result == "fail"))

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        ticket_model = self.env["aftersales.ticket"]
        for vals in vals_list:
            ticket = ticket_model.browse(vals.get("ticket_id"))
            vals.setdefault("technician_id", ticket.technician_id.id)
            vals.setdefault("product_id", ticket.product_id.id)
            vals.setdefault("service_center_id", ticket.service_center_id.id)
            if "line_ids" not in vals and vals.get("template_id"):
                template = self.env["aftersales.qc.template"].browse(vals["template_id"])
                vals["line_ids"] = [
                    fields.Command.create(self._prepare_line_vals(step))
                    for step in template.step_ids
                ]
        checks = super().create(vals_list)
        for ticket in checks.ticket_id:
            ticket.qc_check_id = checks.filtered(lambda c, t=ticket: c.ticket_id == t)[-1:]
        return checks

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        done = self.filtered(lambda c: c.state in ("passed", "failed"))
        if done:
            raise UserError(
                self.env._(
                    "Quality checks that passed or failed are kept as the history of the "
                    "repair and cannot be deleted.\nConcerned check(s):\n%(refs)s",
                    refs="\n".join(done.mapped("name")),
                )
            )

    @api.model
    def _prepare_line_vals(self, step):
        return {
            "step_id": step.id,
            "sequence": step.sequence,
            "name": step.name,
            "instructions": step.instructions,
            "measurement_required": step.measurement_required,
            "unit": step.unit,
            "has_tolerance": step.has_tolerance,
            "min_value": step.min_value,
            "max_value": step.max_value,
        }

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_validate(self):
        self._ensure_can_be_validated()
        self._action_validate()
        return True

    def action_cancel(self):
        not_todo = self.filtered(lambda c: c.state != "todo")
        if not_todo:
            raise UserError(
                self.env._(
                    "Only quality checks still to do can be cancelled.\nConcerned check(s):\n"
                    "%(refs)s",
                    refs="\n".join(not_todo.mapped("name")),
                )
            )
        self.state = "cancelled"
        return True

    def action_pass_remaining(self):
        """Mark the steps without a result as passed (measured steps keep
        needing their value)."""
        self._ensure_todo()
        self.line_ids.filtered(
            lambda l: not l.result and not l.measurement_required
        ).result = "pass"
        return True

    def action_open_form(self):
        self.ensure_one()
        return self._get_records_action(context={})

    def action_view_ticket(self):
        self.ensure_one()
        return self.ticket_id._get_records_action(context={})

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _ensure_todo(self):
        not_todo = self.filtered(lambda c: c.state != "todo")
        if not_todo:
            raise UserError(
                self.env._(
                    "Quality check %(ref)s is already %(state)s; request a new check on the "
                    "case to inspect the unit again.",
                    ref=not_todo[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        not_todo[0].state
                    ],
                )
            )

    def _ensure_can_be_validated(self):
        self._ensure_todo()
        for check in self:
            unmeasured = check.line_ids.filtered(
                lambda l: l.measurement_required and not l.measurement_recorded
            )
            if unmeasured:
                raise UserError(
                    self.env._(
                        "Quality check %(ref)s (case %(case)s): record the measured value of "
                        "these steps before validating:\n%(steps)s",
                        ref=check.name,
                        case=check.ticket_id.name,
                        steps="\n".join(f"- {line.name}" for line in unmeasured),
                    )
                )
            undecided = check.line_ids.filtered(lambda l: not l.result and not l._is_measured())
            if undecided:
                raise UserError(
                    self.env._(
                        "Quality check %(ref)s (case %(case)s): pass or fail these steps "
                        "before validating:\n%(steps)s",
                        ref=check.name,
                        case=check.ticket_id.name,
                        steps="\n".join(f"- {line.name}" for line in undecided),
                    )
                )
            if not check.line_ids:
                raise UserError(
                    self.env._(
                        "Quality check %(ref)s has no step to check.",
                        ref=check.name,
                    )
                )

    def _action_validate(self):
        for line in self.line_ids.filtered(lambda l: l._is_measured()):
            # a measured step is judged by its value, whatever was ticked
            expected = "pass" if line._in_tolerance() else "fail"
            if line.result != expected:
                line.result = expected
        now = fields.Datetime.now()
        for check in self:
            failed = check.line_ids.filtered(lambda l: l.result == "fail")
            check.write(
                {
                    "state": "failed" if failed else "passed",
                    "date_done": now,
                    "inspector_id": check.inspector_id.id or self.env.user.id,
                }
            )
        self.filtered(lambda c: c.state == "failed")._on_failed()
        self.filtered(lambda c: c.state == "passed")._on_passed()

    def _on_failed(self):
        """Send the unit back to repair, with the failing steps on the case."""
        for check in self:
            ticket = check.ticket_id
            failed = check.line_ids.filtered(lambda l: l.result == "fail")
            items = Markup("").join(Markup("<li>%s</li>") % line._failure_text() for line in failed)
            ticket.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._(
                        "Quality check %(ref)s failed (attempt %(attempt)s): the unit goes "
                        "back to repair. Failing steps:",
                        ref=check.name,
                        attempt=check.attempt,
                    ),
                    items,
                ),
                subtype_xmlid="mail.mt_note",
            )
            rework_stage = ticket._get_qc_rework_stage()
            if rework_stage and ticket.stage_id != rework_stage:
                ticket.stage_id = rework_stage
            assignee = ticket.technician_id or ticket.user_id
            if assignee:
                ticket.activity_schedule(
                    "aftersales_survey.mail_activity_type_qc_rework",
                    user_id=assignee.id,
                    summary=self.env._("Rework after failed check %(ref)s", ref=check.name),
                    note=Markup("<ul>%s</ul>") % items,
                )

    def _on_passed(self):
        for check in self:
            ticket = check.ticket_id
            ticket.message_post(
                body=self.env._(
                    "Quality check %(ref)s passed (attempt %(attempt)s).",
                    ref=check.name,
                    attempt=check.attempt,
                ),
                subtype_xmlid="mail.mt_note",
            )
            ticket.activity_feedback(
                ["aftersales_survey.mail_activity_type_qc_rework"],
                feedback=self.env._("Check %(ref)s passed.", ref=check.name),
            )
            if ticket.stage_id.is_qc_stage:
                ready_stage = ticket._get_qc_ready_stage()
                if ready_stage:
                    ticket.stage_id = ready_stage


class AftersalesQcCheckLine(models.Model):
    _name = "aftersales.qc.check.line"
    _description = "After-Sales Quality Check Step"
    _order = "check_id, sequence, id"

    check_id = fields.Many2one(
        comodel_name="aftersales.qc.check",
        string="Quality Check",
        required=True,
        ondelete="cascade",
        index=True,
    )
    state = fields.Selection(related="check_id.state")
    step_id = fields.Many2one(
        comodel_name="aftersales.qc.template.step", string="Checklist Step", ondelete="set null"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True)
    instructions = fields.Text()
    measurement_required = fields.Boolean()
    unit = fields.Char()
    has_tolerance = fields.Boolean(string="Check Range")
    min_value = fields.Float(string="Minimum")
    max_value = fields.Float(string="Maximum")
    measured_value = fields.Float()
    measurement_recorded = fields.Boolean(
        string="Measured",
        help="Set when a value is entered; tick it to record a measured value of zero.",
    )
    result = fields.Selection(selection=[("pass", "Pass"), ("fail", "Fail")])
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "measured_value" in vals:
                vals.setdefault("measurement_recorded", True)
        return super().create(vals_list)

    def write(self, vals):
        if "measured_value" in vals or "result" in vals or "measurement_recorded" in vals:
            self.check_id._ensure_todo()
        if "measured_value" in vals:
            vals = dict(vals, measurement_recorded=vals.get("measurement_recorded", True))
        res = super().write(vals)
        if "measured_value" in vals and "result" not in vals:
            for line in self.filtered(lambda l: l._is_measured()):
                line.result = "pass" if line._in_tolerance() else "fail"
        return res

    @api.onchange("measured_value")
    def _onchange_measured_value(self):
        if self.measured_value:
            self.measurement_recorded = True
        if self._is_measured():
            self.result = "pass" if self._in_tolerance() else "fail"

    def _is_measured(self):
        """A recorded value with a range to judge it by."""
        self.ensure_one()
        return self.measurement_recorded and self.has_tolerance

    def _in_tolerance(self):
        self.ensure_one()
        return self.min_value <= self.measured_value <= self.max_value

    def _format_value(self, value):
        text = float_repr(value, 4).rstrip("0").rstrip(".")
        return f"{text} {self.unit}".strip() if self.unit else text

    def _failure_text(self):
        self.ensure_one()
        parts = [self.name]
        if self.measurement_recorded:
            if self.has_tolerance:
                parts.append(
                    self.env._(
                        "measured %(value)s, allowed %(min)s to %(max)s",
                        value=self._format_value(self.measured_value),
                        min=self._format_value(self.min_value),
                        max=self._format_value(self.max_value),
                    )
                )
            else:
                parts.append(
                    self.env._("measured %(value)s", value=self._format_value(self.measured_value))
                )
        if self.note:
            parts.append(self.note)
        return " — ".join(parts)
