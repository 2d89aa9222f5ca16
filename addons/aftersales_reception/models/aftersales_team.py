# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL, email_normalize

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

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        """The teams are read with their company, which the reading user's
        record rule tests: checking access to the overview's cards reads
        nothing more of them."""
        if field_names and not self.env.su and "company_id" not in field_names:
            field_names = [*field_names, "company_id"]
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)

    def _compute_ticket_counts(self):
        counts = self._ticket_counts()
        for team in self:
            open_count, assigned, overdue = counts.get(team.id, (0, 0, 0))
            team.open_ticket_count = open_count
            team.unassigned_ticket_count = open_count - assigned
            team.overdue_ticket_count = overdue

    def _ticket_counts(self):
        """{team id: (open cases, of them with a responsible, of them
        overdue)}, in one read of the teams' open cases as the reading user
        sees them (``_ticket_counts_query``)."""
        query = self._ticket_counts_query()
        if query is None:
            return {}
        # the cases' pending changes are written first, as for any search
        return {team_id: counts for team_id, *counts in self.env.execute_query(query)}

    def _ticket_counts_query(self):
        """The query of ``_ticket_counts``: the overdue cases are counted by
        a condition on the open case itself (``aftersales.ticket.
        _overdue_domain``), so that the counts come from the index of the
        open cases alone, which carries the columns it tests."""
        if not self.ids:
            return None
        ticket_model = self.env["aftersales.ticket"]
        is_open = ("is_closed", "=", False)
        open_cases = ticket_model._search([("team_id", "in", self.ids), is_open])
        if open_cases.is_empty():
            return None
        table = open_cases.table
        # the condition only, less what open_cases already tests
        overdue = ticket_model._where_calc(
            [leaf for leaf in ticket_model._overdue_domain() if leaf != is_open],
            active_test=False,
        )
        if overdue._joins or overdue.table != table:
            is_overdue = SQL(
                "%s IN %s", ticket_model._field_to_sql(table, "id", open_cases), overdue.subselect()
            )
        else:
            is_overdue = overdue.where_clause
        team = ticket_model._field_to_sql(table, "team_id", open_cases)
        open_cases.groupby = team
        return open_cases.select(
            team,
            SQL("COUNT(*)"),
            SQL("COUNT(%s)", ticket_model._field_to_sql(table, "user_id", open_cases)),
            SQL("COUNT(*) FILTER (WHERE %s)", is_overdue),
        )

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
