# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class AftersalesTicket(models.Model):
    """Assignment of new cases by their team's method (see
    ``aftersales.team.assign_method``): at intake for cases created without
    a person, and by the Assign button for unassigned cases."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    team_assign_method = fields.Selection(related="team_id.assign_method")
    team_assign_field = fields.Selection(related="team_id.assign_field")

    def _default_user_id(self):
        # a team that shares its cases by a rule does not give them to
        # whoever records them (checked once per batch by ``create``)
        if not self.env.context.get("aftersales_assign_defaults_done"):
            team_id = self.env.context.get("default_team_id")
            if self._assign_team_rules_responsible(
                team_id if isinstance(team_id, int) else False, self.env.company.id, {}
            ):
                return False
        return super()._default_user_id()

    @api.model
    def _assign_team_rules_responsible(self, team_id, company_id, cache):
        """Whether new cases of the team (given, or the company's default
        team) get their responsible from the team's rule. The rule is
        configuration: it is read whatever the user's rights on teams."""
        key = (team_id, company_id)
        if key not in cache:
            team_model = self.env["aftersales.team"].sudo()
            team = team_model.browse(team_id).exists() if team_id else team_model
            if not team:
                team = team_model._default_for_company(self.env["res.company"].browse(company_id))
            cache[key] = team.assign_method != "manual" and team.assign_field == "user_id"
        return cache[key]

    @api.model_create_multi
    def create(self, vals_list):
        if "default_user_id" not in self.env.context:
            cache = {}
            context_team_id = self.env.context.get("default_team_id")
            for vals in vals_list:
                if not isinstance(vals, dict) or "user_id" in vals:
                    continue
                team_id = self._vals_record_id(vals, "team_id") if "team_id" in vals else False
                if not team_id and isinstance(context_team_id, int):
                    team_id = context_team_id
                company_id = self._vals_record_id(vals, "company_id") or self.env.company.id
                if self._assign_team_rules_responsible(team_id, company_id, cache):
                    vals["user_id"] = False
        tickets = super(
            AftersalesTicket, self.with_context(aftersales_assign_defaults_done=True)
        ).create(vals_list)
        tickets = tickets.with_env(self.env)
        tickets._assign_by_team()
        return tickets

    def _assign_unassigned(self):
        """Open cases of teams with an assignment rule that still lack the
        person their team assigns."""
        return self.filtered(
            lambda t: (
                not t.is_closed
                and t.team_id.assign_method not in (False, "manual")
                and not t[t.team_id.assign_field]
            )
        )

    def _assign_by_team(self):
        """Give each unassigned case to a member of its team, by the team's
        method, in one batch per team. Returns the cases left unassigned
        (nobody available or allowed to take them)."""
        # the rule of the team decides: whoever triggers it (a customer on the
        # portal, the mail gateway) needs no right on the team or the field
        todo = self.sudo()._assign_unassigned()
        assigned = self.browse()
        for team, tickets in todo.grouped("team_id").items():
            choice = team._assign_choose(tickets)
            by_user = {}
            for ticket, user in choice.items():
                by_user[user] = by_user.get(user, ticket.browse()) | ticket
            for user, user_tickets in by_user.items():
                user_tickets.write({team.assign_field: user.id})
                assigned |= user_tickets
        return self.browse((todo - assigned).ids)

    def action_assign(self):
        """Assign the selected unassigned cases by their team's method."""
        self.check_access("write")
        todo = self.browse(self.sudo()._assign_unassigned().ids)
        if not todo:
            raise UserError(
                self.env._(
                    "There is nothing to assign: the selected cases are closed, already "
                    "assigned, or their team assigns cases by hand."
                )
            )
        left = todo._assign_by_team()
        message = self.env._(
            "No member of the team is available for these cases (all on leave, or none "
            "allowed to take them): add members to the team or assign the cases by hand.\n"
            "Concerned case(s):\n%(refs)s",
            refs="\n".join(left.mapped("name")),
        )
        if left == todo:
            raise UserError(message)
        if left:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {"type": "warning", "sticky": True, "message": message},
            }
        return True
