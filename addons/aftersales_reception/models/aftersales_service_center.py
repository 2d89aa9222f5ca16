# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

CENTER_TYPES = [
    ("head_office", "Head Office"),
    ("workshop", "Own Workshop"),
    ("agent", "Agent Workshop"),
]


class AftersalesServiceCenter(models.Model):
    """A node of the two-tier service network.

    The head office works with customers; own workshops and agent workshops
    (outside repairers) do the work in their territory.
    """

    _name = "aftersales.service.center"
    _description = "After-Sales Service Center"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(help="Short code printed on documents, e.g. HO or WS-BER.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    color = fields.Integer()
    center_type = fields.Selection(
        selection=CENTER_TYPES,
        required=True,
        default="workshop",
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    parent_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        string="Head Office",
        domain=[("center_type", "=", "head_office")],
        check_company=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Address",
        help="Address of the center; for an agent workshop, the agent's company.",
        tracking=True,
        check_company=True,
    )
    street = fields.Char(related="partner_id.street")
    city = fields.Char(related="partner_id.city")
    zip = fields.Char(related="partner_id.zip")
    state_id = fields.Many2one(related="partner_id.state_id")
    country_id = fields.Many2one(related="partner_id.country_id")
    phone = fields.Char(related="partner_id.phone")
    email = fields.Char(related="partner_id.email")
    manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Center Manager",
        domain=[("share", "=", False)],
        check_company=True,
        tracking=True,
    )
    user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="aftersales_service_center_user_rel",
        column1="center_id",
        column2="user_id",
        string="Technicians",
        domain=[("share", "=", False)],
        help="People working at this center: they see its cases.",
    )
    resource_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        check_company=True,
        help="Opening hours of the center; SLA deadlines count these hours only.",
    )
    territory_ids = fields.One2many(
        comodel_name="aftersales.service.center.territory",
        inverse_name="center_id",
        copy=True,
    )
    ticket_ids = fields.One2many(
        comodel_name="aftersales.ticket", inverse_name="service_center_id", string="Cases"
    )
    open_ticket_count = fields.Integer(compute="_compute_open_ticket_count")
    note = fields.Html()

    _check_company_auto = True
    _sql_constraints = [
        (
            "code_company_unique",
            "UNIQUE(code, company_id)",
            "The code of a service center must be unique in its company.",
        ),
    ]

    def _compute_open_ticket_count(self):
        counts = dict(
            self.env["aftersales.ticket"]._read_group(
                [("service_center_id", "in", self.ids), ("is_closed", "=", False)],
                ["service_center_id"],
                ["__count"],
            )
        )
        for center in self:
            center.open_ticket_count = counts.get(center, 0)

    @api.constrains("parent_id", "center_type")
    def _check_parent_id(self):
        for center in self:
            if center.center_type == "head_office" and center.parent_id:
                raise ValidationError(
                    self.env._(
                        "The head office %(name)s cannot report to another head office: "
                        "clear its Head Office field.",
                        name=center.name,
                    )
                )

    # ------------------------------------------------------------
    # Routing
    # ------------------------------------------------------------

    @api.model
    def _find_for_partners(self, partners, company=None):
        """Map each partner to the center whose territory covers its address
        most precisely (zip range > city > state > country); to the company's
        head office when no territory covers it."""
        if not partners:
            return {}
        company = company or self.env.company
        centers = self.search([("company_id", "=", company.id)])
        head_office = centers.filtered(lambda c: c.center_type == "head_office")[:1]
        lines = centers.territory_ids
        result = {}
        for partner in partners:
            address = partner._aftersales_service_address()
            best, best_score = head_office, 0
            for line in lines:
                score = line._match_score(address)
                if score > best_score:
                    best, best_score = line.center_id, score
            result[partner] = best
        return result

    @api.model
    def _find_for_partner(self, partner, company=None):
        if not partner:
            return self.browse()
        return self._find_for_partners(partner, company)[partner]

    def write(self, vals):
        if "resource_calendar_id" in vals:
            self.env["aftersales.ticket"]._track_configuration_change(
                [("service_center_id", "in", self.ids)]
            )
        return super().write(vals)

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_ticket_action"
        )
        action["domain"] = [("service_center_id", "=", self.id)]
        action["context"] = {"default_service_center_id": self.id, "search_default_open": 1}
        return action


class AftersalesTerritoryMixin(models.AbstractModel):
    """One area: every criterion set on a line must match an address; empty
    criteria match anything. Shared by the service centers' territories and
    by whatever else is bound to an area (agent contracts, ...)."""

    _name = "aftersales.territory.mixin"
    _description = "After-Sales Territory Line"

    sequence = fields.Integer(default=10)
    country_id = fields.Many2one(comodel_name="res.country", required=True)
    state_id = fields.Many2one(
        comodel_name="res.country.state",
        domain="[('country_id', '=', country_id)]",
    )
    city = fields.Char()
    zip_from = fields.Char()
    zip_to = fields.Char()

    def _territory_owner_label(self):
        """Names the line in error messages, e.g. "Territory of Hamburg"."""
        self.ensure_one()
        return self.env._("Territory")

    @api.constrains("zip_from", "zip_to", "state_id", "country_id")
    def _check_territory_area(self):
        for line in self:
            owner = line._territory_owner_label()
            if bool(line.zip_from) != bool(line.zip_to):
                raise ValidationError(
                    self.env._(
                        "%(owner)s: give both ends of the zip range (Zip From and Zip To), "
                        "or neither.",
                        owner=owner,
                    )
                )
            if line.zip_from and line._zip_key(line.zip_from) > line._zip_key(line.zip_to):
                raise ValidationError(
                    self.env._(
                        "%(owner)s: the zip range %(start)s - %(end)s is inverted; Zip From "
                        "must not come after Zip To.",
                        owner=owner,
                        start=line.zip_from,
                        end=line.zip_to,
                    )
                )
            if line.state_id and line.state_id.country_id != line.country_id:
                raise ValidationError(
                    self.env._(
                        "%(owner)s: the state %(state)s is not in %(country)s.",
                        owner=owner,
                        state=line.state_id.name,
                        country=line.country_id.name,
                    )
                )

    @staticmethod
    def _zip_key(value):
        value = (value or "").strip().upper().replace(" ", "")
        # numeric zips of different lengths compare by value
        return (0, value.zfill(12)) if value.isdigit() else (1, value)

    def _match_score(self, address):
        """0 when the line does not cover ``address`` (see
        res.partner._aftersales_service_address), else a score that grows
        with how precise the line is."""
        self.ensure_one()
        if self.country_id.id != address["country_id"]:
            return 0
        score = 1
        if self.state_id:
            if self.state_id.id != address["state_id"]:
                return 0
            score += 2
        if self.city:
            if self.city.strip().casefold() != address["city"]:
                return 0
            score += 4
        if self.zip_from:
            zip_key = self._zip_key(address["zip"])
            if not address["zip"] or not (
                self._zip_key(self.zip_from) <= zip_key <= self._zip_key(self.zip_to)
            ):
                return 0
            score += 8
        return score


class AftersalesServiceCenterTerritory(models.Model):
    """One area served by a center."""

    _name = "aftersales.service.center.territory"
    _inherit = ["aftersales.territory.mixin"]
    _description = "After-Sales Service Center Territory"
    _order = "center_id, sequence, id"

    center_id = fields.Many2one(
        comodel_name="aftersales.service.center", required=True, ondelete="cascade", index=True
    )

    def _territory_owner_label(self):
        self.ensure_one()
        return self.env._("Territory of %(center)s", center=self.center_id.name)
