# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

CLOSED_STAGE_TYPES = ("closed", "cancelled")


class AftersalesStage(models.Model):
    _name = "aftersales.stage"
    _description = "After-Sales Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    stage_type = fields.Selection(
        selection=[
            ("new", "New"),
            ("progress", "In Progress"),
            ("waiting", "Waiting"),
            ("done", "Repaired / Ready"),
            ("closed", "Delivered / Closed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="progress",
        help="What the stage means to the case: reaching 'Repaired / Ready' "
        "stamps the done date, 'Delivered / Closed' stamps the delivery date "
        "and closes the case.",
    )
    sla_hold = fields.Selection(
        selection=[
            ("none", "No"),
            ("customer", "Waiting for Customer"),
            ("parts", "Waiting for Parts"),
        ],
        string="Stops the SLA Clock",
        required=True,
        default="none",
        help="While a case sits in this stage its SLA clock stops: its deadlines move "
        "out by the working hours it waits, counted per reason.",
    )
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the kanban view.",
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        compute="_compute_is_closed",
        store=True,
        help="Cases in a closing stage are finished: they count as closed in "
        "reports and no longer trigger duplicate warnings.",
    )
    team_ids = fields.Many2many(
        comodel_name="aftersales.team",
        relation="aftersales_stage_team_rel",
        column1="stage_id",
        column2="team_id",
        string="Teams",
        help="Teams using this stage. Leave empty to share it with every team.",
    )
    template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Email Template",
        domain=[("model", "=", "aftersales.ticket")],
        help="Email sent to the customer when a case reaches this stage.",
    )
    sms_template_id = fields.Many2one(
        comodel_name="sms.template",
        string="SMS Template",
        domain=[("model", "=", "aftersales.ticket")],
        help="Text message sent to the customer's mobile (or phone) when a case reaches "
        "this stage. Customers without a number get none.",
    )
    legend_normal = fields.Char(
        string="Grey Kanban Label", default=lambda s: s.env._("In Progress"), translate=True
    )
    legend_blocked = fields.Char(
        string="Red Kanban Label", default=lambda s: s.env._("Blocked"), translate=True
    )
    legend_done = fields.Char(
        string="Green Kanban Label", default=lambda s: s.env._("Ready"), translate=True
    )

    @api.depends("stage_type")
    def _compute_is_closed(self):
        for stage in self:
            stage.is_closed = stage.stage_type in CLOSED_STAGE_TYPES

    @api.constrains("sla_hold", "stage_type")
    def _check_sla_hold(self):
        for stage in self:
            if stage.sla_hold != "none" and stage.stage_type not in ("new", "progress", "waiting"):
                raise ValidationError(
                    self.env._(
                        "Stage %(stage)s: only a stage where the work waits can stop the SLA "
                        "clock, not a done, closing or cancelling stage. Set 'Stops the SLA "
                        "Clock' to 'No' or change the stage's type.",
                        stage=stage.name,
                    )
                )
