# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesSlaPolicy(models.Model):
    """Service level targets, in working hours of the service center's calendar.

    Of the policies whose criteria all match a case, the most specific one
    applies (``_select_for``): a policy for the customer's tier before one for
    any tier, then one for the service type, then for the priority, then for
    the team, then one of the case's company before a shared one; among
    equally specific policies the first by sequence.
    """

    _name = "aftersales.sla.policy"
    _description = "After-Sales SLA Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(comodel_name="res.company", default=lambda self: self.env.company)
    team_id = fields.Many2one(comodel_name="aftersales.team", check_company=True)
    service_type = fields.Selection(
        selection="_selection_service_type",
        help="Leave empty to apply to every service type.",
    )
    priority = fields.Selection(
        selection="_selection_priority",
        help="Leave empty to apply to every priority.",
    )
    customer_tier = fields.Selection(
        selection="_selection_customer_tier",
        help="Leave empty to apply to customers of every tier.",
    )
    response_hours = fields.Float(
        required=True,
        default=4.0,
        help="Working hours between reception and the first answer to the customer.",
    )
    resolution_hours = fields.Float(
        required=True,
        default=40.0,
        help="Working hours between reception and the repaired / resolved case.",
    )

    _check_company_auto = True

    def _selection_service_type(self):
        return self.env["aftersales.ticket"]._service_type_selection()

    def _selection_customer_tier(self):
        return self.env["res.partner"]._fields["aftersales_customer_tier"].selection

    def _selection_priority(self):
        return self.env["aftersales.ticket"]._fields["priority"].selection

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for policy in self:
            if policy.response_hours < 0 or policy.resolution_hours < 0:
                raise ValidationError(
                    self.env._(
                        "SLA policy %(name)s: response and resolution times must be "
                        "zero or more working hours.",
                        name=policy.name,
                    )
                )
            if policy.resolution_hours and policy.resolution_hours < policy.response_hours:
                raise ValidationError(
                    self.env._(
                        "SLA policy %(name)s: the resolution time (%(resolution)s h) "
                        "cannot be shorter than the response time (%(response)s h).",
                        name=policy.name,
                        resolution=policy.resolution_hours,
                        response=policy.response_hours,
                    )
                )

    def write(self, vals):
        self.env["aftersales.ticket"]._track_configuration_change(
            [("sla_policy_id", "in", self.ids)]
        )
        return super().write(vals)

    def _matches(self, ticket):
        self.ensure_one()
        return (
            (not self.company_id or self.company_id == ticket.company_id)
            and (not self.team_id or self.team_id == ticket.team_id)
            and (not self.service_type or self.service_type == ticket.service_type)
            and (not self.priority or self.priority == ticket.priority)
            and (
                not self.customer_tier
                or self.customer_tier
                == (ticket.commercial_partner_id.aftersales_customer_tier or "standard")
            )
        )

    def _specificity(self):
        """How specific the policy is, the most telling criterion first."""
        self.ensure_one()
        return (
            bool(self.customer_tier),
            bool(self.service_type),
            bool(self.priority),
            bool(self.team_id),
            bool(self.company_id),
        )

    def _select_for(self, ticket):
        """The policy of these that applies to ``ticket``: the most specific
        of those matching it, the first by sequence among equals."""
        matching = self.filtered(lambda policy: policy._matches(ticket))
        if not matching:
            return self.browse()
        return min(
            matching,
            key=lambda p: (tuple(not c for c in p._specificity()), p.sequence, p.id),
        )
