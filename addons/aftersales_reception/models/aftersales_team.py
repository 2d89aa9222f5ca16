# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import email_normalize

from odoo.addons.mail.tools.alias_error import AliasError


class AftersalesTeam(models.Model):
    _name = "aftersales.team"
    _description = "After-Sales Team"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Team Leader",
        check_company=True,
        domain=[("share", "=", False)],
    )
    member_ids = fields.Many2many(
        comodel_name="res.users",
        relation="aftersales_team_user_rel",
        column1="team_id",
        column2="user_id",
        string="Members",
        check_company=True,
        domain=[("share", "=", False)],
    )
    stage_ids = fields.Many2many(
        comodel_name="aftersales.stage",
        relation="aftersales_stage_team_rel",
        column1="team_id",
        column2="stage_id",
        string="Stages",
        help="Stages used only by this team; stages without a team are shared by all teams.",
    )
    receipt_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Receipt Email",
        domain=[("model", "=", "aftersales.ticket")],
        default=lambda self: self.env.ref(
            "aftersales_reception.mail_template_ticket_received", raise_if_not_found=False
        ),
        help="Email acknowledging a new case to the customer; leave empty to send none.",
    )
    ticket_ids = fields.One2many(
        comodel_name="aftersales.ticket",
        inverse_name="team_id",
        string="Cases",
    )
    open_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    unassigned_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    overdue_ticket_count = fields.Integer(compute="_compute_ticket_counts")

    _check_company_auto = True

    def _compute_ticket_counts(self):
        ticket_model = self.env["aftersales.ticket"]
        domain = [("team_id", "in", self.ids), ("is_closed", "=", False)]
        # the open cases and, of them, those with a responsible: one read
        open_counts, unassigned = {}, {}
        for team, count, assigned in ticket_model._read_group(
            domain, ["team_id"], ["__count", "user_id:count"]
        ):
            open_counts[team] = count
            unassigned[team] = count - assigned
        overdue = dict(
            ticket_model._read_group(
                [("team_id", "in", self.ids)] + ticket_model._overdue_domain(),
                ["team_id"],
                ["__count"],
            )
        )
        for team in self:
            team.open_ticket_count = open_counts.get(team, 0)
            team.unassigned_ticket_count = unassigned.get(team, 0)
            team.overdue_ticket_count = overdue.get(team, 0)

    # Mail alias: an email to the team's address opens a case of that team
    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("aftersales.ticket")
        if self.id:
            defaults = dict(values.get("alias_defaults") or {})
            defaults.update({"team_id": self.id, "channel": "email"})
            values["alias_defaults"] = defaults
        return values

    def _alias_get_error(self, message, message_dict, alias):
        """Refuse emails without a sender address: a case needs a customer to
        answer. The sender-less email is bounced; the alias stays valid."""
        if not email_normalize(message_dict.get("email_from") or ""):
            return AliasError(
                "error_aftersales_no_sender",
                self.env._(
                    "the email has no sender address, so no case can be opened: the "
                    "customer must write from a valid email address"
                ),
            )
        return super()._alias_get_error(message, message_dict, alias)

    @api.model
    def _default_for_company(self, company):
        return self.search(
            [("company_id", "in", [company.id, False])], order="sequence, id", limit=1
        )

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_ticket_action"
        )
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id, "search_default_open": 1}
        return action

    def action_view_overdue_tickets(self):
        action = self.action_view_tickets()
        action["context"]["search_default_overdue"] = 1
        return action
