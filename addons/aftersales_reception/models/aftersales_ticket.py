# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import bisect
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import email_normalize, html2plaintext

from ..tools import next_references

SERVICE_TYPES = [
    ("installation", "Installation"),
    ("warranty_repair", "Warranty Repair"),
    ("paid_repair", "Paid Repair"),
    ("periodic_service", "Periodic Service"),
    ("consultation", "Consultation"),
    ("recall", "Recall Campaign"),
]
WARRANTY_STATES = [
    ("in_warranty", "In Warranty"),
    ("expired", "Expired"),
    ("void", "Void"),
    ("not_applicable", "Not Applicable"),
]
SLA_STATES = [("ongoing", "Ongoing"), ("met", "Met"), ("missed", "Missed")]
# set only through the warranty override, by reception and managers: they
# decide what the customer gets free of charge
WARRANTY_OVERRIDE_FIELDS = (
    "warranty_override",
    "warranty_override_state",
    "warranty_override_reason",
)
# what a case is closed with stays as it was when configuration changes
FROZEN_WHEN_CLOSED = (
    "warranty_policy_id",
    "warranty_state",
    "service_type",
    "sla_policy_id",
    "sla_response_deadline",
    "sla_resolution_deadline",
)
# channels where reception answers the customer while recording the case
STAFF_INTAKE_CHANNELS = ("phone", "walk_in")


class AftersalesTicket(models.Model):
    """The after-sales case: one file per customer contact, from intake to
    hand-back, holding the whole history so the customer never has to repeat
    their story."""

    _name = "aftersales.ticket"
    _description = "After-Sales Case"
    _inherit = ["portal.mixin", "mail.thread.cc", "mail.activity.mixin"]
    _order = "priority desc, id desc"
    _rec_names_search = ["name", "summary", "serial_number", "partner_id"]
    _primary_email = "partner_email"
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
    summary = fields.Char(
        string="Subject",
        tracking=True,
        index="trigram",
        help="The customer's problem in a few words.",
    )
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    channel = fields.Selection(
        selection=[
            ("phone", "Phone"),
            ("fax", "Fax"),
            ("sms", "SMS"),
            ("walk_in", "Walk-in"),
            ("email", "Email"),
            ("portal", "Web / Portal"),
            ("api", "External System (API)"),
            ("scheduled", "Scheduled Service"),
        ],
        string="Contact Channel",
        required=True,
        default="phone",
        tracking=True,
    )
    # Customer
    # required at intake (``_check_partner_id``), except while the sender of
    # an SMS or fax from an unknown number waits to be identified
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    contact_name = fields.Char(
        string="Contact Person", help="Who called or came in, when not the customer."
    )
    partner_phone = fields.Char(
        string="Phone",
        compute="_compute_partner_contact",
        store=True,
        readonly=False,
        precompute=True,
    )
    partner_email = fields.Char(
        string="Email",
        compute="_compute_partner_contact",
        store=True,
        readonly=False,
        precompute=True,
    )
    # Unit
    product_id = fields.Many2one(
        comodel_name="product.product",
        tracking=True,
        index=True,
        check_company=True,
    )
    product_categ_id = fields.Many2one(
        related="product_id.categ_id", string="Product Category", store=True
    )
    serial_number = fields.Char(tracking=True, index="trigram")
    equipment_id = fields.Many2one(
        comodel_name="aftersales.equipment",
        compute="_compute_equipment_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The customer's unit in the installed base; found from the serial number.",
    )
    purchase_date = fields.Date(
        copy=False,
        help="When the customer bought a unit new to the installed base: its warranty "
        "runs from this date when the case registers the unit.",
    )
    # Problem
    fault_description = fields.Text(tracking=True)
    fault_category_id = fields.Many2one(comodel_name="aftersales.fault.category", tracking=True)
    service_type = fields.Selection(
        selection=SERVICE_TYPES,
        required=True,
        compute="_compute_service_type",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    priority = fields.Selection(
        selection=[("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")],
        default="1",
        required=True,
        tracking=True,
    )
    # Warranty
    warranty_policy_id = fields.Many2one(
        comodel_name="aftersales.warranty.policy",
        compute="_compute_warranty_policy_id",
        store=True,
        precompute=True,
    )
    warranty_scope = fields.Selection(related="warranty_policy_id.scope")
    warranty_end_date = fields.Date(related="equipment_id.warranty_end_date")
    warranty_exclusion_ids = fields.Many2many(
        comodel_name="aftersales.warranty.exclusion",
        string="Conditions Found",
        help="Conditions found on the unit; those the policy lists void the warranty.",
    )
    warranty_state = fields.Selection(
        selection=WARRANTY_STATES,
        compute="_compute_warranty_state",
        store=True,
        precompute=True,
        tracking=True,
        help="Computed at intake from the unit's warranty policy and dates; a "
        "manual override needs a reason.",
    )
    warranty_override = fields.Boolean(tracking=True, copy=False)
    warranty_override_state = fields.Selection(
        selection=WARRANTY_STATES, string="Overridden Warranty State", copy=False
    )
    warranty_override_reason = fields.Text(tracking=True, copy=False)
    # Workflow
    team_id = fields.Many2one(
        comodel_name="aftersales.team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    stage_id = fields.Many2one(
        comodel_name="aftersales.stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        domain="['|', ('team_ids', '=', False), ('team_ids', '=', team_id)]",
    )
    stage_type = fields.Selection(related="stage_id.stage_type", store=True)
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    kanban_state = fields.Selection(
        selection=[("normal", "In Progress"), ("blocked", "Blocked"), ("done", "Ready")],
        default="normal",
        required=True,
        copy=False,
        tracking=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        default=lambda self: self._default_user_id(),
        domain=[("share", "=", False)],
        tracking=True,
        index=True,
        check_company=True,
        help="The one person who owns the case end to end.",
    )
    service_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        compute="_compute_service_center_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        check_company=True,
        help="Proposed from the customer's address: the center whose territory covers it.",
    )
    service_center_type = fields.Selection(related="service_center_id.center_type", store=True)
    technician_id = fields.Many2one(
        comodel_name="res.users",
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
        check_company=True,
    )
    # Dates
    date_received = fields.Datetime(
        string="Received",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        # the periods of the reports, exports and the dashboard's daily figures
        index=True,
    )
    date_promised = fields.Date(string="Promised", tracking=True)
    date_first_response = fields.Datetime(string="First Response", copy=False)
    date_done = fields.Datetime(
        string="Done",
        compute="_compute_date_done",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
    )
    date_delivered = fields.Datetime(
        string="Delivered",
        compute="_compute_date_delivered",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
    )
    date_last_stage_update = fields.Datetime(
        string="Last Stage Update", default=fields.Datetime.now, copy=False
    )
    # SLA
    sla_policy_id = fields.Many2one(
        comodel_name="aftersales.sla.policy",
        string="SLA Policy",
        compute="_compute_sla_policy_id",
        store=True,
        precompute=True,
    )
    sla_response_deadline = fields.Datetime(
        string="Response Deadline",
        compute="_compute_sla_deadlines",
        store=True,
        precompute=True,
        tracking=True,
    )
    sla_resolution_deadline = fields.Datetime(
        string="Resolution Deadline",
        compute="_compute_sla_deadlines",
        store=True,
        precompute=True,
        tracking=True,
    )
    sla_response_state = fields.Selection(
        selection=SLA_STATES, compute="_compute_sla_states", store=True, precompute=True
    )
    sla_resolution_state = fields.Selection(
        selection=SLA_STATES, compute="_compute_sla_states", store=True, precompute=True
    )
    sla_response_overdue = fields.Boolean(
        compute="_compute_sla_overdue", search="_search_sla_response_overdue"
    )
    sla_resolution_overdue = fields.Boolean(
        compute="_compute_sla_overdue", search="_search_sla_resolution_overdue"
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Open case past its SLA resolution deadline.",
    )
    # Links
    origin_ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Earlier Case",
        index="btree_not_null",
        check_company=True,
        help="The earlier case this one follows up (complaint, repeat repair).",
    )
    followup_ticket_ids = fields.One2many(
        comodel_name="aftersales.ticket",
        inverse_name="origin_ticket_id",
        string="Follow-up Cases",
    )
    duplicate_ticket_ids = fields.Many2many(
        comodel_name="aftersales.ticket",
        compute="_compute_duplicate_ticket_ids",
        string="Open Cases for the Same Unit",
    )
    duplicate_ticket_count = fields.Integer(compute="_compute_duplicate_ticket_ids")
    receipt_pending = fields.Boolean(
        compute="_compute_receipt_pending",
        store=True,
        precompute=True,
        copy=False,
        index="btree_not_null",
        help="The reception receipt waits in the mail queue for the customer.",
    )
    periodic_due_date = fields.Date(
        copy=False, readonly=True, help="Due date of the periodic service this case performs."
    )
    internal_note = fields.Html()

    _sql_constraints = [
        (
            "name_company_unique",
            "UNIQUE(name, company_id)",
            "The case reference must be unique per company.",
        ),
        (
            "periodic_unique",
            "UNIQUE(equipment_id, periodic_due_date)",
            "A periodic service case already exists for this unit and due date.",
        ),
    ]

    # ------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------

    def _default_user_id(self):
        user = self.env.user
        return user if not user.share and not user._is_superuser() else False

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    def _closed_history(self):
        """Cases already stored as done or closed: they keep the warranty,
        service type and SLA (and so the fees) they were finished with,
        whatever the configuration says later (policies, calendars)."""
        return self.filtered(
            lambda t: t._origin.id and (t._origin.is_closed or t._origin.date_done)
        )

    @api.model
    def _track_configuration_change(self, domain):
        """Before a change of configuration (a policy, a calendar) that moves
        the warranty or SLA of the open cases matching ``domain``: their new
        values are tracked on each case's chatter. Closed cases do not move
        (``_closed_history``)."""
        cases = (
            self.sudo().with_context(active_test=False).search([("is_closed", "=", False)] + domain)
        )
        cases._track_prepare(FROZEN_WHEN_CLOSED)

    @api.depends("partner_id")
    def _compute_partner_contact(self):
        for ticket in self:
            if ticket.partner_id:
                ticket.partner_phone = ticket.partner_id.phone or ticket.partner_id.mobile
                ticket.partner_email = ticket.partner_id.email

    @api.depends("serial_number", "product_id", "company_id")
    def _compute_equipment_id(self):
        with_serial = self.filtered("serial_number")
        (self - with_serial).filtered(
            lambda t: t.equipment_id and t.equipment_id.product_id != t.product_id
        ).equipment_id = False
        if not with_serial:
            return
        found = self.env["aftersales.equipment"].search(
            [
                ("serial_number", "in", list(set(with_serial.mapped("serial_number")))),
                ("company_id", "in", with_serial.company_id.ids),
            ]
        )
        by_key = {}
        for equipment in found:
            by_key.setdefault((equipment.company_id.id, equipment.serial_number), equipment)
            by_key[(equipment.company_id.id, equipment.serial_number, equipment.product_id.id)] = (
                equipment
            )
        for ticket in with_serial:
            key = (ticket.company_id.id, ticket.serial_number)
            if ticket.product_id:
                # a serial known for another product is reported by _check_equipment
                ticket.equipment_id = by_key.get(key + (ticket.product_id.id,)) or by_key.get(key)
            else:
                ticket.equipment_id = by_key.get(key)

    @api.depends("product_id", "equipment_id.warranty_policy_id", "company_id")
    def _compute_warranty_policy_id(self):
        policy_model = self.env["aftersales.warranty.policy"]
        closed = self._closed_history()
        for ticket in closed:
            ticket.warranty_policy_id = ticket._origin.warranty_policy_id
        for company, tickets in (self - closed).grouped("company_id").items():
            without_equipment = tickets.filtered(
                lambda t: not t.equipment_id.warranty_policy_id and t.product_id
            )
            policies = policy_model._find_for_products(without_equipment.product_id, company)
            for ticket in tickets:
                ticket.warranty_policy_id = ticket.equipment_id.warranty_policy_id or policies.get(
                    ticket.product_id, False
                )

    @api.depends(
        "warranty_policy_id",
        "equipment_id.warranty_end_date",
        "date_received",
        "warranty_exclusion_ids",
        "warranty_override",
        "warranty_override_state",
    )
    def _compute_warranty_state(self):
        closed = self._closed_history()
        for ticket in self:
            if ticket in closed:
                ticket.warranty_state = ticket._origin.warranty_state
            else:
                ticket.warranty_state = ticket._get_warranty_state()

    def _get_warranty_state(self):
        self.ensure_one()
        if self.warranty_override and self.warranty_override_state:
            return self.warranty_override_state
        policy = self.warranty_policy_id
        if not policy:
            return "not_applicable"
        # compare ids: in forms and at creation the case is a draft record
        if set(self.warranty_exclusion_ids._origin.ids) & set(policy._origin.exclusion_ids.ids):
            return "void"
        if not self.equipment_id:
            return "not_applicable"
        received = (self.date_received or fields.Datetime.now()).date()
        return self.equipment_id._warranty_state_on(received)

    @api.model
    def _service_type_selection(self):
        """The service types with their labels in the user's language, for
        the models that offer the cases' service types (fee rules, fee lines,
        SLA policies...): a selection given by a method is not translated by
        Odoo, unlike the cases' own field."""
        return self._fields["service_type"]._description_selection(self.env)

    @api.depends("warranty_state")
    def _compute_service_type(self):
        closed = self._closed_history()
        for ticket in self:
            if ticket in closed:
                ticket.service_type = ticket._origin.service_type
            elif ticket.service_type in (False, "warranty_repair", "paid_repair"):
                ticket.service_type = (
                    "warranty_repair" if ticket.warranty_state == "in_warranty" else "paid_repair"
                )

    @api.depends("company_id")
    def _compute_team_id(self):
        team_model = self.env["aftersales.team"]
        for company, tickets in self.grouped("company_id").items():
            missing = tickets.filtered(
                lambda t, company=company: not t.team_id or t.team_id.company_id != company
            )
            if missing:
                missing.team_id = team_model._default_for_company(company)

    @api.depends("team_id")
    def _compute_stage_id(self):
        stages_by_team = {}
        for ticket in self:
            if ticket.stage_id and (
                not ticket.stage_id.team_ids or ticket.team_id in ticket.stage_id.team_ids
            ):
                continue
            team = ticket.team_id
            if team not in stages_by_team:
                stages_by_team[team] = self.env["aftersales.stage"].search(
                    ["|", ("team_ids", "=", False), ("team_ids", "=", team.id)],
                    order="sequence, id",
                    limit=1,
                )
            ticket.stage_id = stages_by_team[team]

    @api.depends("partner_id", "company_id")
    def _compute_service_center_id(self):
        center_model = self.env["aftersales.service.center"]
        for company, tickets in self.grouped("company_id").items():
            todo = tickets.filtered(lambda t: t.partner_id and not t.service_center_id)
            centers = center_model._find_for_partners(todo.partner_id, company)
            for ticket in todo:
                ticket.service_center_id = centers.get(ticket.partner_id, False)

    @api.depends("stage_id")
    def _compute_date_done(self):
        now = fields.Datetime.now()
        for ticket in self:
            if ticket.stage_type in ("done", "closed"):
                ticket.date_done = ticket.date_done or now
            elif ticket.stage_type in ("new", "progress", "waiting"):
                ticket.date_done = False

    @api.depends("stage_id")
    def _compute_date_delivered(self):
        now = fields.Datetime.now()
        for ticket in self:
            if ticket.stage_type == "closed":
                ticket.date_delivered = ticket.date_delivered or now
            else:
                ticket.date_delivered = False

    @api.depends("company_id", "team_id", "service_type", "priority")
    def _compute_sla_policy_id(self):
        policies = self.env["aftersales.sla.policy"].search(
            [("company_id", "in", self.company_id.ids + [False])]
        )
        closed = self._closed_history()
        for ticket in closed:
            ticket.sla_policy_id = ticket._origin.sla_policy_id
        for ticket in self - closed:
            ticket.sla_policy_id = policies._select_for(ticket)

    @api.depends(
        "sla_policy_id.response_hours",
        "sla_policy_id.resolution_hours",
        "date_received",
        "service_center_id.resource_calendar_id",
        "company_id.resource_calendar_id",
    )
    def _compute_sla_deadlines(self):
        closed = self._closed_history()
        for ticket in closed:
            ticket.sla_response_deadline = ticket._origin.sla_response_deadline
            ticket.sla_resolution_deadline = ticket._origin.sla_resolution_deadline
        todo = (self - closed).filtered(lambda t: t.sla_policy_id and t.date_received)
        (self - closed - todo).sla_response_deadline = False
        (self - closed - todo).sla_resolution_deadline = False
        by_calendar = todo.grouped(
            lambda t: t.service_center_id.resource_calendar_id or t.company_id.resource_calendar_id
        )
        for calendar, tickets in by_calendar.items():
            # both deadlines of every case from one read of the calendar
            deadlines = self._plan_working_hours(
                calendar,
                [(t.date_received, t.sla_policy_id.response_hours) for t in tickets]
                + [(t.date_received, t.sla_policy_id.resolution_hours) for t in tickets],
            )
            for ticket, response, resolution in zip(
                tickets, deadlines[: len(tickets)], deadlines[len(tickets) :], strict=True
            ):
                ticket.sla_response_deadline = response
                ticket.sla_resolution_deadline = resolution

    @api.depends(
        "sla_response_deadline", "sla_resolution_deadline", "date_first_response", "date_done"
    )
    def _compute_sla_states(self):
        for ticket in self:
            ticket.sla_response_state = self._sla_state(
                ticket.sla_response_deadline, ticket.date_first_response
            )
            ticket.sla_resolution_state = self._sla_state(
                ticket.sla_resolution_deadline, ticket.date_done
            )

    @staticmethod
    def _sla_state(deadline, reached):
        if not deadline:
            return False
        if not reached:
            return "ongoing"
        return "met" if reached <= deadline else "missed"

    @api.depends(
        "sla_response_state",
        "sla_resolution_state",
        "sla_response_deadline",
        "sla_resolution_deadline",
    )
    def _compute_sla_overdue(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.sla_response_overdue = (
                ticket.sla_response_state == "ongoing" and ticket.sla_response_deadline < now
            ) or ticket.sla_response_state == "missed"
            ticket.sla_resolution_overdue = (
                ticket.sla_resolution_state == "ongoing" and ticket.sla_resolution_deadline < now
            ) or ticket.sla_resolution_state == "missed"

    def _search_sla_overdue(self, kind, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        positive = (operator == "=") == bool(value)
        domain = [
            "|",
            (f"sla_{kind}_state", "=", "missed"),
            "&",
            (f"sla_{kind}_state", "=", "ongoing"),
            (f"sla_{kind}_deadline", "<", fields.Datetime.now()),
        ]
        return domain if positive else ["!"] + domain

    def _search_sla_response_overdue(self, operator, value):
        return self._search_sla_overdue("response", operator, value)

    def _search_sla_resolution_overdue(self, operator, value):
        return self._search_sla_overdue("resolution", operator, value)

    @api.model
    def _overdue_domain(self):
        """The one definition of an overdue case, for the case views, the
        teams' overview and the management dashboard: open, and past its SLA
        resolution deadline (``sla_resolution_overdue``)."""
        return [("is_closed", "=", False), ("sla_resolution_overdue", "=", True)]

    @api.depends("is_closed", "sla_resolution_overdue")
    def _compute_is_overdue(self):
        overdue = self.filtered_domain(self._overdue_domain())
        for ticket in self:
            ticket.is_overdue = ticket in overdue

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        domain = expression.normalize_domain(self._overdue_domain())
        return domain if (operator == "=") == bool(value) else ["!"] + domain

    @api.depends("partner_id", "equipment_id", "serial_number", "is_closed")
    def _compute_duplicate_ticket_ids(self):
        for ticket in self:
            duplicates = self.browse()
            domain = ticket._duplicate_domain()
            if domain:
                # read with what the form shows of them (their name) and
                # checks (that they are active), in the same query
                duplicates = self.search_fetch(domain, ["name", "active"], limit=10)
            ticket.duplicate_ticket_ids = duplicates
            ticket.duplicate_ticket_count = len(duplicates)

    def _duplicate_domain(self):
        """Open cases of the same customer for the same unit."""
        self.ensure_one()
        if not self.partner_id or not (self.equipment_id or self.serial_number):
            return []
        unit = (
            [("equipment_id", "=", self.equipment_id.id)]
            if self.equipment_id
            else [("serial_number", "=", self.serial_number)]
        )
        domain = [
            ("commercial_partner_id", "=", self.partner_id.commercial_partner_id.id),
            ("is_closed", "=", False),
        ] + unit
        if self._origin.id:
            domain.append(("id", "!=", self._origin.id))
        return domain

    @api.depends("partner_id", "team_id")
    def _compute_receipt_pending(self):
        """Acknowledge reception to customers with an email address, through
        a queue: a scheduled job (every few minutes) sends the receipts in
        batches, so that intake (a desk, the API, an import) is not slowed
        down by mailing. Only new cases are acknowledged, and only while a
        receipt can go out: a case without a team's receipt email or without
        the customer's address is not queued, and leaves the queue when it
        loses them."""
        for ticket in self:
            can_send = bool(ticket.partner_id.email and ticket.team_id.receipt_template_id)
            if ticket._origin.id:
                ticket.receipt_pending = ticket._origin.receipt_pending and can_send
            else:
                ticket.receipt_pending = can_send and not ticket.stage_id.is_closed

    def _compute_access_url(self):
        for ticket in self:
            ticket.access_url = f"/my/aftersales/{ticket.id}"

    # ------------------------------------------------------------
    # Working-time planning
    # ------------------------------------------------------------

    @api.model
    def _plan_working_hours(self, calendar, starts_and_hours):
        """Deadlines after ``hours`` working hours from each start, for a whole
        batch of cases with one read of the calendar.

        :param calendar: resource.calendar (may be empty: then plain hours)
        :param starts_and_hours: list of (naive UTC datetime, hours)
        :return: list of naive UTC datetimes
        """
        if not starts_and_hours:
            return []
        if not calendar:
            return [start + timedelta(hours=hours) for start, hours in starts_and_hours]
        first = min(start for start, _hours in starts_and_hours)
        last = max(start for start, _hours in starts_and_hours)
        max_hours = max(hours for _start, hours in starts_and_hours)
        # a working week has at least a few hours: leave ample room for
        # weekends and public holidays, and fall back on plan_hours when short
        span = timedelta(days=14 + int(max_hours / 4) * 2)
        start_dt = pytz.utc.localize(datetime.combine(first.date(), time.min))
        end_dt = pytz.utc.localize(last) + span
        intervals = [
            (
                start.astimezone(pytz.utc).replace(tzinfo=None),
                stop.astimezone(pytz.utc).replace(tzinfo=None),
            )
            for start, stop, _meta in calendar._work_intervals_batch(start_dt, end_dt)[False]
        ]
        stops = [stop for _start, stop in intervals]
        result = []
        for start, hours in starts_and_hours:
            deadline = None
            remaining = hours
            index = bisect.bisect_right(stops, start)
            for interval_start, interval_stop in intervals[index:]:
                begin = max(interval_start, start)
                available = (interval_stop - begin).total_seconds() / 3600
                if remaining <= available:
                    deadline = begin + timedelta(hours=remaining)
                    break
                remaining -= available
            if deadline is None:
                deadline = calendar.plan_hours(hours, start, compute_leaves=True)
            result.append(deadline)
        return result

    # ------------------------------------------------------------
    # Selections and group expand
    # ------------------------------------------------------------

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        team_id = self.env.context.get("default_team_id")
        search_domain = [("team_ids", "=", False)]
        if team_id:
            search_domain = ["|", ("team_ids", "=", team_id)] + search_domain
        search_domain = ["|", ("id", "in", stages.ids)] + search_domain
        return stages.search(search_domain, order=stages._order)

    # ------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------

    @api.constrains("date_promised", "date_received")
    def _check_date_promised(self):
        for ticket in self:
            if (
                ticket.date_promised
                and ticket.date_received
                and ticket.date_promised < ticket.date_received.date()
            ):
                raise ValidationError(
                    self.env._(
                        "Case %(ref)s: the promised date (%(promised)s) is before the date "
                        "the unit was received (%(received)s). Promise a later date.",
                        ref=ticket.name,
                        promised=ticket.date_promised,
                        received=ticket.date_received.date(),
                    )
                )

    @api.constrains("equipment_id", "product_id", "serial_number")
    def _check_equipment(self):
        for ticket in self:
            equipment = ticket.equipment_id
            if equipment and ticket.product_id and equipment.product_id != ticket.product_id:
                raise ValidationError(
                    self.env._(
                        "Case %(ref)s: serial number %(serial)s is registered for "
                        "%(registered)s, not for %(product)s. Check the serial number "
                        "or the product.",
                        ref=ticket.name,
                        serial=equipment.serial_number or ticket.serial_number,
                        registered=equipment.product_id.display_name,
                        product=ticket.product_id.display_name,
                    )
                )
            if (
                equipment
                and ticket.serial_number
                and equipment.serial_number
                and equipment.serial_number != ticket.serial_number
            ):
                raise ValidationError(
                    self.env._(
                        "Case %(ref)s: the serial number %(serial)s does not match the "
                        "equipment %(equipment)s. Correct the serial number or pick the "
                        "right equipment.",
                        ref=ticket.name,
                        serial=ticket.serial_number,
                        equipment=equipment.display_name,
                    )
                )

    @api.constrains("warranty_override", "warranty_override_state", "warranty_override_reason")
    def _check_warranty_override(self):
        for ticket in self:
            if ticket.warranty_override and not (
                ticket.warranty_override_state and (ticket.warranty_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Case %(ref)s: overriding the warranty state needs the new state and "
                        "a reason.",
                        ref=ticket.name,
                    )
                )

    @api.onchange("equipment_id")
    def _onchange_equipment_id(self):
        equipment = self.equipment_id
        if equipment:
            self.product_id = equipment.product_id
            self.serial_number = equipment.serial_number
            if not self.partner_id:
                self.partner_id = equipment.partner_id

    @api.onchange("partner_id", "serial_number", "equipment_id")
    def _onchange_warn_duplicate(self):
        domain = self._duplicate_domain()
        duplicates = self.search(domain, limit=5) if domain else self.browse()
        if duplicates:
            return {
                "warning": {
                    "title": self.env._("This unit already has an open case"),
                    "message": self.env._(
                        "%(customer)s already has open case(s) for this unit: %(refs)s.\n"
                        "Add to the existing case instead of opening a new one, unless "
                        "this is a different problem.",
                        customer=self.partner_id.display_name,
                        refs=", ".join(duplicates.mapped("name")),
                    ),
                }
            }

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def _vals_record_id(self, vals, fname):
        """The id a value of ``vals`` gives for a many2one: an id, or the
        (id, name) pair Odoo's clients send. Anything else is bad input."""
        value = vals.get(fname)
        if isinstance(value, (list, tuple)) and value:
            value = value[0]
        if isinstance(value, models.BaseModel):
            value = value.id
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if value in (False, None) or (isinstance(value, int) and not isinstance(value, bool)):
            return value or False
        raise ValidationError(
            self.env._(
                "%(field)s: %(value)r is not a record; give the id of one.",
                field=self._fields[fname].get_description(self.env)["string"],
                value=vals.get(fname),
            )
        )

    def _check_intake_values(self, vals_list):
        """Values of creates and writes, whatever the door (forms, JSON-RPC,
        imports): a clear error for what is not a case's value."""
        for vals in vals_list:
            if not isinstance(vals, dict):
                raise ValidationError(
                    self.env._(
                        "A case is created from a set of field values, not from %(value)r.",
                        value=vals,
                    )
                )
            if "company_id" in vals:
                vals["company_id"] = self._vals_record_id(vals, "company_id")
            if vals.get("date_received"):
                received = fields.Datetime.to_datetime(vals["date_received"])
                latest = fields.Datetime.now() + timedelta(days=1)
                if received > latest or received.year < 1970:
                    raise ValidationError(
                        self.env._(
                            "Received: %(date)s is not the date of a contact. Give the date the "
                            "customer called, wrote or came in.",
                            date=vals["date_received"],
                        )
                    )
            if (
                set(vals) & set(WARRANTY_OVERRIDE_FIELDS)
                and not self.env.su
                and not self.env.user.has_group("aftersales_reception.group_aftersales_reception")
            ):
                raise AccessError(
                    self.env._(
                        "Only reception and after-sales managers override the warranty state "
                        "of a case."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        equipment_model = self.env["aftersales.equipment"]
        self._check_intake_values(vals_list)
        for vals in vals_list:
            if vals.get("equipment_id"):
                equipment = equipment_model.browse(vals["equipment_id"])
                if not vals.get("product_id"):
                    vals["product_id"] = equipment.product_id.id
                if not vals.get("serial_number"):
                    vals["serial_number"] = equipment.serial_number
        self._assign_references(vals_list)
        self._register_missing_equipment(vals_list)
        tickets = super().create(vals_list)
        tickets._on_stage_changed({})
        tickets._subscribe_customers()
        return tickets

    def _assign_references(self, vals_list):
        """Number new cases from the company's sequence, one query per batch.
        Every case is numbered, whatever the channel: a reference given by a
        client (or an email's subject) is never taken."""
        todo = vals_list
        by_company = {}
        for vals in todo:
            by_company.setdefault(vals.get("company_id") or self.env.company.id, []).append(vals)
        for company_id, company_vals in by_company.items():
            for vals, reference in zip(
                company_vals,
                self._next_references(
                    self.env["res.company"].browse(company_id), len(company_vals)
                ),
                strict=True,
            ):
                vals["name"] = reference

    @api.model
    def _next_references(self, company, count):
        # numbering is technical: customers opening a case on the portal
        # have no access to sequences
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .with_company(company)
            .search(
                [("code", "=", "aftersales.ticket"), ("company_id", "in", [company.id, False])],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            return [self.env._("New")] * count
        return next_references(sequence, count)

    def _subscribe_customers(self):
        """Customers follow their cases (stage news, replies), in one batch."""
        user_partner = self.env.user.partner_id
        todo = self.filtered(lambda t: t.partner_id and t.partner_id != user_partner)
        if not todo or self.env.context.get("mail_create_nosubscribe_customer"):
            return
        subtypes_all, _internal, subtypes_external = self.env[
            "mail.message.subtype"
        ].default_subtypes(self._name)
        existing = set(
            self.env["mail.followers"]
            .sudo()
            ._read_group(
                [("res_model", "=", self._name), ("res_id", "in", todo.ids)],
                ["res_id", "partner_id"],
            )
        )
        self.env["mail.followers"].sudo().create(
            [
                {
                    "res_model": self._name,
                    "res_id": ticket.id,
                    "partner_id": ticket.partner_id.id,
                    "subtype_ids": [
                        Command.set(
                            subtypes_external.ids
                            if ticket.partner_id.partner_share
                            else subtypes_all.ids
                        )
                    ],
                }
                for ticket in todo
                if (ticket.id, ticket.partner_id) not in existing
            ]
        )

    @api.model
    def _cron_send_receipts(self, limit=200):
        """Send the pending receipts, the oldest case first, ``limit`` a call;
        the scheduler calls again while some remain.

        One case never blocks the others: each receipt is posted on its own.
        A case that cannot get one (its team sends no receipt, its customer has
        no email address) leaves the queue; so does a case whose receipt
        fails, with an activity asking its responsible to send it by hand.
        Safe to run twice or in two workers at once: each batch is locked
        (SKIP LOCKED) and taken off the queue in the same transaction."""
        from odoo.tools import SQL

        from ..tools import job_user, lock_batch, run_isolated

        self.flush_model(["receipt_pending"])
        tickets = self.browse(
            lock_batch(
                self.env,
                SQL(
                    """SELECT id FROM aftersales_ticket
                        WHERE receipt_pending
                        ORDER BY id
                        LIMIT %s
                        FOR UPDATE SKIP LOCKED""",
                    limit,
                ),
            )
        )
        sent = self.browse()
        for ticket in tickets:
            template = ticket.team_id.receipt_template_id
            if not template or not ticket.partner_id.email:
                continue
            posted, _message = run_isolated(
                ticket,
                lambda ticket=ticket, template=template: ticket.message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    email_layout_xmlid="mail.mail_notification_light",
                ),
                summary=self.env._("Reception receipt not sent"),
                message=self.env._(
                    "The reception receipt of case %(case)s was not sent to %(email)s: send "
                    "it from the case's chatter.",
                    case=ticket.name,
                    email=ticket.partner_id.email,
                ),
                user=job_user(ticket.company_id, ticket.user_id, ticket.team_id.user_id),
            )
            if posted:
                sent |= ticket
        tickets.receipt_pending = False
        remaining = (
            self.search_count([("receipt_pending", "=", True)]) if len(tickets) == limit else 0
        )
        self.env["ir.cron"]._notify_progress(done=len(tickets), remaining=remaining)
        return sent

    def write(self, vals):
        self._check_intake_values([vals])
        if "name" in vals and not self.env.su and any(t.name != vals["name"] for t in self):
            raise UserError(
                self.env._(
                    "The reference of a case comes from its numbering and cannot be changed."
                )
            )
        if set(vals) & set(WARRANTY_OVERRIDE_FIELDS):
            closed = self.filtered("is_closed")
            if closed and not self.env.su:
                raise UserError(
                    self.env._(
                        "Case %(refs)s is closed: it keeps the warranty state it was closed "
                        "with. Reopen it to override the warranty.",
                        refs=", ".join(closed.mapped("name")),
                    )
                )
        if "stage_id" in vals and len(vals) > 1:
            # other values first, so that the stage checks see them (e.g. the
            # responsible set together with the closing stage)
            vals = dict(vals)
            stage_vals = {"stage_id": vals.pop("stage_id")}
            if "date_last_stage_update" in vals:
                stage_vals["date_last_stage_update"] = vals.pop("date_last_stage_update")
            return self.write(vals) and self.write(stage_vals)
        previous_stages = {}
        if "stage_id" in vals:
            stage = self.env["aftersales.stage"].browse(vals["stage_id"])
            changing = self.filtered(lambda t: t.stage_id != stage)
            changing._check_stage_transition(stage)
            changing._on_stage_leaving(stage)
            previous_stages = {ticket.id: ticket.stage_id for ticket in changing}
            vals.setdefault("date_last_stage_update", fields.Datetime.now())
        if vals.get("user_id") and "kanban_state" not in vals:
            vals["kanban_state"] = "normal"
        res = super().write(vals)
        if previous_stages:
            self.filtered(lambda t: t.id in previous_stages)._on_stage_changed(previous_stages)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        closed = self.filtered("is_closed")
        if closed:
            raise UserError(
                self.env._(
                    "Closed cases are kept as history and cannot be deleted; archive them "
                    "instead.\nConcerned case(s):\n%(refs)s",
                    refs="\n".join(closed.mapped("name")),
                )
            )

    @api.model
    def _register_missing_equipment(self, vals_list):
        """Add units seen at intake to the installed base, in one batch, and
        link the new cases to them. Known serial numbers are left to
        ``_compute_equipment_id``."""
        todo = [
            vals
            for vals in vals_list
            if not vals.get("equipment_id")
            and vals.get("serial_number")
            and vals.get("product_id")
            and vals.get("partner_id")
        ]
        if not todo:
            return
        default_company = self.env.company.id
        known = {
            (unit.company_id.id, unit.serial_number)
            for unit in self.env["aftersales.equipment"]
            .with_context(active_test=False)
            .search([("serial_number", "in", [vals["serial_number"] for vals in todo])])
        }
        new_units = {}
        for vals in todo:
            key = (vals.get("company_id") or default_company, vals["serial_number"])
            if key not in known and key not in new_units:
                new_units[key] = vals
        if not new_units:
            return
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in new_units.values()}
        )
        commercial = {partner.id: partner.commercial_partner_id.id for partner in partners}
        units = self.env["aftersales.equipment"].create(
            [
                {
                    "partner_id": commercial[vals["partner_id"]],
                    "product_id": vals["product_id"],
                    "serial_number": serial,
                    "company_id": company_id,
                    "purchase_date": vals.get("purchase_date") or False,
                }
                for (company_id, serial), vals in new_units.items()
            ]
        )
        unit_by_key = dict(zip(new_units, units, strict=True))
        for vals in todo:
            key = (vals.get("company_id") or default_company, vals["serial_number"])
            unit = unit_by_key.get(key)
            if not unit:
                continue
            vals["equipment_id"] = unit.id
            # the unit was just routed from the same address: the case goes
            # to the same center without a second lookup
            if (
                "service_center_id" not in vals
                and unit.partner_id.id == vals["partner_id"]
                and unit.service_center_id
            ):
                vals["service_center_id"] = unit.service_center_id.id

    # ------------------------------------------------------------
    # Stage hooks
    # ------------------------------------------------------------

    def _check_stage_transition(self, stage):
        """Refuse a move to ``stage`` with a UserError saying what to do first.

        Extended by other after-sales addons (QC before delivery, loaners
        back before closing, ...)."""
        if stage.stage_type == "closed":
            missing = self.filtered(lambda t: not t.user_id)
            if missing:
                raise UserError(
                    self.env._(
                        "A case needs a responsible person before it can be closed.\n"
                        "Concerned case(s):\n%(refs)s",
                        refs="\n".join(missing.mapped("name")),
                    )
                )

    def _on_stage_leaving(self, stage):
        """Called before cases move to ``stage``, once the move is allowed:
        what must be settled under the stage they leave (SLA holds).
        Extended by other after-sales addons."""

    def _on_stage_changed(self, previous_stages):
        """Called after cases moved to a new stage (and after creation, with
        empty ``previous_stages``). Extended by other after-sales addons."""
        # a case opened by the customer (portal, email, API) is answered when
        # staff move it on, not by landing in a team's first stage
        responded = self.filtered(
            lambda t: (
                not t.date_first_response
                and t.stage_type not in (False, "new")
                and (previous_stages or t.channel in STAFF_INTAKE_CHANNELS)
            )
        )
        if responded:
            responded.date_first_response = fields.Datetime.now()

    # ------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "stage_id" in init_values:
            return self.env.ref("aftersales_reception.mt_ticket_stage")
        if "user_id" in init_values and self.user_id:
            return self.env.ref("aftersales_reception.mt_ticket_assigned")
        return super()._track_subtype(init_values)

    def _track_template(self, changes):
        res = super()._track_template(changes)
        ticket = self[0]
        if "stage_id" in changes and ticket.stage_id.template_id and ticket.partner_id.email:
            res["stage_id"] = (
                ticket.stage_id.template_id,
                {
                    "auto_delete_keep_log": False,
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                    "email_layout_xmlid": "mail.mail_notification_light",
                },
            )
        return res

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if self.partner_id:
            self._message_add_suggested_recipient(
                recipients, partner=self.partner_id, reason=self.env._("Customer")
            )
        return recipients

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to a team's alias opens a case for its sender."""
        email_from = email_normalize(msg_dict.get("email_from") or "")
        if not email_from:
            raise ValidationError(
                self.env._(
                    "The email %(subject)s has no sender address, so no case can be opened "
                    "for it: the customer must write from a valid email address.",
                    subject=msg_dict.get("subject") or self.env._("(no subject)"),
                )
            )
        values = self._prepare_mail_intake_vals(msg_dict, custom_values or {})
        # no default responsible for cases opened by the mail gateway
        return super(AftersalesTicket, self.with_context(default_user_id=False)).message_new(
            msg_dict, custom_values=values
        )

    @api.model
    def _prepare_mail_intake_vals(self, msg_dict, custom_values):
        """Values of the case an email opens: its sender is the customer.
        Extended by the other intake channels that arrive as email (fax)."""
        partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
        if not partner:
            partner = self.env["mail.thread"]._mail_find_partner_from_emails(
                [msg_dict["email_from"]], force_create=True
            )[0]
        values = {
            # the subject is the case's subject: its reference comes from the numbering
            "name": self.env._("New"),
            "summary": msg_dict.get("subject") or self.env._("No Subject"),
            "partner_id": partner.id,
            "channel": "email",
            "fault_description": html2plaintext(msg_dict.get("body") or "").strip(),
        }
        values.update(custom_values)
        return values

    def message_update(self, msg_dict, update_vals=None):
        """A reply by the customer threads into the case; a reply to a closed
        case is flagged for the responsible."""
        result = super().message_update(msg_dict, update_vals=update_vals)
        for ticket in self.filtered(lambda t: t.is_closed and t.user_id):
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=ticket.user_id.id,
                summary=self.env._("Customer wrote on a closed case"),
            )
        return result

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if (
            message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            self.filtered(
                lambda t: not t.date_first_response
            ).date_first_response = fields.Datetime.now()
        return message

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Reception receipt %(ref)s", ref=self.name)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_assign_to_me(self):
        self.write({"user_id": self.env.user.id})

    def action_view_duplicates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_ticket_action"
        )
        action["domain"] = [("id", "in", self.duplicate_ticket_ids.ids)]
        return action

    def action_view_equipment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.equipment",
            "res_id": self.equipment_id.id,
            "view_mode": "form",
        }

    def action_create_followup(self):
        """Open a new case for the same customer and unit, linked to this one."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_ticket_action"
        )
        action.update(
            {
                "views": [(False, "form")],
                "view_mode": "form",
                "context": {
                    "default_origin_ticket_id": self.id,
                    "default_partner_id": self.partner_id.id,
                    "default_product_id": self.product_id.id,
                    "default_serial_number": self.serial_number,
                    "default_equipment_id": self.equipment_id.id,
                    "default_service_center_id": self.service_center_id.id,
                },
            }
        )
        return action

    def action_print_receipt(self):
        return self.env.ref("aftersales_reception.action_report_aftersales_receipt").report_action(
            self
        )
