# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
import uuid
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import consteq

APPOINTMENT_STATES = [
    ("proposed", "Waiting for Customer"),
    ("confirmed", "Confirmed"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# states that hold the technician's time
BUSY_STATES = ("confirmed",)
# how far ahead free slots are looked for, in calendar days, whatever the
# number of working days asked
MAX_SEARCH_DAYS = 62
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance between two points given in degrees, in km."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _ics_text(value):
    """Escape a text value of an iCalendar property (RFC 5545, 3.3.11)."""
    value = (value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n")


def _ics_fold(line):
    """Fold a content line at 75 octets (RFC 5545, 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, chunk = [], b""
    for char in line:
        encoded = char.encode()
        if len(chunk) + len(encoded) > (75 if not parts else 74):
            parts.append(chunk.decode())
            chunk = b""
        chunk += encoded
    parts.append(chunk.decode())
    return "\r\n ".join(parts)


class AftersalesAppointment(models.Model):
    """A visit to the customer for on-site work: reception proposes a slot of
    a technician, the customer confirms it or picks another free slot through
    a link, and the technician's day is planned as a route."""

    _name = "aftersales.appointment"
    _description = "After-Sales Visit Appointment"
    _inherit = ["portal.mixin"]
    _order = "date_start, route_sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Case",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer", store=True)
    service_center_id = fields.Many2one(related="ticket_id.service_center_id", store=True)
    technician_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        index=True,
        domain=[("share", "=", False)],
        check_company=True,
    )
    date_start = fields.Datetime(string="Start", required=True)
    date_end = fields.Datetime(string="End", required=True)
    visit_date = fields.Date(
        compute="_compute_visit_date",
        store=True,
        index=True,
        help="The day of the visit in the technician's time zone.",
    )
    state = fields.Selection(
        selection=APPOINTMENT_STATES,
        string="Status",
        default="proposed",
        required=True,
        index=True,
        copy=False,
    )
    date_confirmed = fields.Datetime(string="Confirmed On", readonly=True, copy=False)
    location = fields.Char(compute="_compute_location")
    partner_latitude = fields.Float(related="partner_id.partner_latitude")
    partner_longitude = fields.Float(related="partner_id.partner_longitude")
    # the technician's day as a route
    route_sequence = fields.Integer(
        string="Stop", readonly=True, copy=False, help="Order of the visit in the technician's day."
    )
    distance_km = fields.Float(
        string="Distance (km)",
        digits=(16, 1),
        readonly=True,
        copy=False,
        help="Straight-line distance from the previous stop of the day (the service "
        "center for the first visit).",
    )
    color = fields.Integer(compute="_compute_color")

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("date_start", "technician_id.tz")
    def _compute_visit_date(self):
        for visit in self:
            if not visit.date_start:
                visit.visit_date = False
                continue
            tz = visit._technician_tz()
            visit.visit_date = pytz.utc.localize(visit.date_start).astimezone(tz).date()

    @api.depends("partner_id.street", "partner_id.zip", "partner_id.city", "partner_id.country_id")
    def _compute_location(self):
        for visit in self:
            partner = visit.partner_id
            visit.location = ", ".join(
                p
                for p in (
                    partner.street,
                    partner.street2,
                    " ".join(p for p in (partner.zip, partner.city) if p),
                    partner.country_id.name,
                )
                if p
            )

    @api.depends("state")
    def _compute_color(self):
        colors = {"proposed": 3, "confirmed": 10, "done": 4, "cancelled": 1}
        for visit in self:
            visit.color = colors.get(visit.state, 0)

    def _compute_access_url(self):
        # the customer's link: the token is the key, no login
        for visit in self:
            visit.access_url = f"/aftersales/visit/{visit.access_token or ''}"

    @api.depends("ticket_id.name", "date_start")
    def _compute_display_name(self):
        for visit in self:
            start = visit.date_start and fields.Datetime.context_timestamp(
                visit, visit.date_start
            ).strftime("%Y-%m-%d %H:%M")
            visit.display_name = " - ".join(p for p in (visit.ticket_id.name, start) if p)

    # ------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for visit in self:
            if visit.date_end <= visit.date_start:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s must end after it starts: correct its end.",
                        visit=visit.display_name,
                    )
                )

    @api.constrains("technician_id", "date_start", "date_end", "state")
    def _check_technician_free(self):
        for visit in self.filtered(lambda v: v.state in BUSY_STATES):
            clash = visit._overlapping_visits()
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(technician)s already has a confirmed visit at that time "
                        "(%(visits)s): pick another slot.",
                        technician=visit.technician_id.name,
                        visits=", ".join(clash.mapped("display_name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._portal_ensure_token()
        visits._update_routes()
        return visits

    def write(self, vals):
        route_fields = {"technician_id", "date_start", "date_end", "state"}
        planning = self.env.context.get("aftersales_route_planning")
        days = self._route_days() if route_fields & set(vals) and not planning else set()
        result = super().write(vals)
        if days:
            self._update_routes(days | self._route_days())
        return result

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_send_proposal(self):
        """Email the customer the proposed slot with the link to confirm it
        or pick another one."""
        for visit in self:
            visit._ensure_state("proposed", self.env._("send it to the customer"))
            visit._post_to_customer("aftersales_reception.mail_template_appointment_proposal")
        return True

    def action_confirm(self):
        """Confirm the proposed slot for the customer (e.g. on the phone)."""
        for visit in self:
            visit._action_confirm(visit.date_start, visit.date_end)
        return True

    def action_done(self):
        for visit in self:
            visit._ensure_state("confirmed", self.env._("mark it done"))
        self.state = "done"
        return True

    def action_cancel(self):
        closed = self.filtered(lambda v: v.state == "done")
        if closed:
            raise UserError(
                self.env._(
                    "Visit(s) %(visits)s already took place and cannot be cancelled.",
                    visits=", ".join(closed.mapped("display_name")),
                )
            )
        self.state = "cancelled"
        for visit in self:
            visit.ticket_id.message_post(
                body=self.env._("Visit of %(date)s cancelled.", date=visit.display_name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_reset_to_proposed(self):
        self.filtered(lambda v: v.state == "cancelled").state = "proposed"
        return True

    def action_open_ticket(self):
        self.ensure_one()
        return self.ticket_id._get_records_action(context={})

    # ------------------------------------------------------------
    # Business methods: confirmation
    # ------------------------------------------------------------

    def _ensure_state(self, state, step):
        self.ensure_one()
        if self.state != state:
            raise UserError(
                self.env._(
                    "Visit %(visit)s is %(state)s: it cannot %(step)s.",
                    visit=self.display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                    step=step,
                )
            )

    def _action_confirm(self, start, end):
        """Confirm the visit on the slot [start, end) (UTC, naive). The slot
        must lie in the future and be free; the customer is sent the
        confirmation with the visit as an iCalendar event."""
        self.ensure_one()
        self._ensure_state("proposed", self.env._("be confirmed again"))
        if start <= fields.Datetime.now():
            raise UserError(self.env._("This slot has already begun: pick a slot in the future."))
        if self._overlapping_visits(start, end):
            raise UserError(
                self.env._("This slot is no longer free: pick another one of the list.")
            )
        self.write(
            {
                "date_start": start,
                "date_end": end,
                "state": "confirmed",
                "date_confirmed": fields.Datetime.now(),
            }
        )
        self._post_to_customer(
            "aftersales_reception.mail_template_appointment_confirmed",
            attachments=[(self._ics_filename(), self._ics_content().encode())],
        )
        return True

    def _overlapping_visits(self, start=None, end=None):
        self.ensure_one()
        return self.sudo().search(
            [
                ("id", "!=", self.id),
                ("technician_id", "=", self.technician_id.id),
                ("state", "in", BUSY_STATES),
                ("date_start", "<", end or self.date_end),
                ("date_end", ">", start or self.date_start),
            ]
        )

    def _post_to_customer(self, template_xmlid, attachments=None):
        """Send a visit email to the customer through the case's chatter, so
        that the case keeps the whole history."""
        self.ensure_one()
        template = self.env.ref(template_xmlid)
        rendered = template._generate_template(self.ids, ("subject", "body_html"))[self.id]
        ticket = self.ticket_id
        user = self.env.user
        author = self.partner_id if user._is_public() else user.partner_id
        ticket.message_post(
            author_id=author.id,
            subject=rendered["subject"],
            body=rendered["body_html"],
            partner_ids=self.partner_id.ids,
            attachments=attachments or [],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _ics_filename(self):
        return f"visit-{(self.ticket_id.name or str(self.id)).replace('/', '-')}.ics"

    def _ics_content(self):
        """The visit as an iCalendar (RFC 5545) VEVENT, times in UTC."""
        self.ensure_one()

        def stamp(value):
            return value.strftime("%Y%m%dT%H%M%SZ")

        domain = (self.get_base_url() or "odoo").split("//")[-1].split("/")[0].split(":")[0]
        summary = self.env._(
            "Service visit: %(case)s (%(technician)s)",
            case=self.ticket_id.name,
            technician=self.technician_id.name,
        )
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//After-Sales Suite//Service Visits//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            f"UID:aftersales-appointment-{self.id}@{domain}",
            f"DTSTAMP:{stamp(fields.Datetime.now())}",
            f"DTSTART:{stamp(self.date_start)}",
            f"DTEND:{stamp(self.date_end)}",
            f"SUMMARY:{_ics_text(summary)}",
            f"LOCATION:{_ics_text(self.location)}",
            f"DESCRIPTION:{_ics_text(self.ticket_id.summary or '')}",
            "STATUS:CONFIRMED",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        return "\r\n".join(_ics_fold(line) for line in lines) + "\r\n"

    # ------------------------------------------------------------
    # Business methods: free slots
    # ------------------------------------------------------------

    def _technician_tz(self):
        tz_name = self.technician_id.tz or self._calendar().tz or "UTC"
        try:
            return pytz.timezone(tz_name)
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    def _calendar(self):
        """The technician's working calendar: theirs, else their service
        center's, else the company's."""
        technician = self.technician_id
        company = self.company_id or self.env.company
        return (
            technician.resource_calendar_id
            or self.service_center_id.resource_calendar_id
            or company.resource_calendar_id
        )

    def _slot_duration(self):
        company = self.company_id or self.env.company
        hours = company.aftersales_visit_hours or 2.0
        if self.date_start and self.date_end and self.state == "proposed":
            hours = (self.date_end - self.date_start).total_seconds() / 3600.0
        return timedelta(hours=hours)

    def _free_slots(self):
        """Free slots of the visit's technician over the next working days:
        attendances of their calendar, minus leaves, minus their other
        confirmed visits, in slots of the visit's length, from now.

        :return: list of (start, end), UTC naive datetimes
        """
        self.ensure_one()
        company = self.company_id or self.env.company
        days = max(company.aftersales_visit_days or 10, 1)
        calendar = self._calendar()
        if not calendar:
            return []
        duration = self._slot_duration()
        now = fields.Datetime.now()
        tz = self._technician_tz()
        local_today = pytz.utc.localize(now).astimezone(tz).date()
        start = tz.localize(datetime.combine(local_today, time.min))
        end = start + timedelta(days=MAX_SEARCH_DAYS)
        resource = self.technician_id.sudo().resource_ids.filtered(
            lambda r: r.company_id in (company, self.env["res.company"])
        )[:1]
        intervals = calendar.sudo()._work_intervals_batch(
            start, end, resources=resource or None, tz=tz
        )[resource.id]
        busy = (
            self.sudo()
            .search(
                [
                    ("id", "not in", self._origin.ids),
                    ("technician_id", "=", self.technician_id.id),
                    ("state", "in", BUSY_STATES),
                    ("date_end", ">", now),
                    ("date_start", "<", end.astimezone(pytz.utc).replace(tzinfo=None)),
                ]
            )
            .mapped(lambda v: (v.date_start, v.date_end))
        )
        slots, working_days = [], []
        for interval_start, interval_stop, _records in intervals:
            cursor = interval_start.astimezone(pytz.utc).replace(tzinfo=None)
            stop = interval_stop.astimezone(pytz.utc).replace(tzinfo=None)
            day = interval_start.astimezone(tz).date()
            if day not in working_days:
                if len(working_days) >= days:
                    break
                working_days.append(day)
            while cursor + duration <= stop:
                slot_end = cursor + duration
                if cursor > now and not any(s < slot_end and e > cursor for s, e in busy):
                    slots.append((cursor, slot_end))
                cursor = slot_end
        return slots

    @api.model
    def _next_free_slot(self, ticket, technician):
        """The first free slot of the technician for the case, or None."""
        probe = self.new({"ticket_id": ticket.id, "technician_id": technician.id})
        slots = probe._free_slots()
        return slots[0] if slots else None

    # ------------------------------------------------------------
    # Business methods: the technician's day
    # ------------------------------------------------------------

    def _route_days(self):
        return {(v.technician_id.id, v.visit_date) for v in self if v.visit_date}

    @api.model
    def _route_origin(self, visits):
        """Coordinates the technician's day starts from: the service center's
        address (else the company's)."""
        for visit in visits:
            partner = visit.service_center_id.partner_id or visit.company_id.partner_id
            if partner.partner_latitude or partner.partner_longitude:
                return partner.partner_latitude, partner.partner_longitude
        return None

    def _update_routes(self, days=None):
        """Order each technician's day of visits as a route, nearest
        neighbour first from the service center, and store each visit's
        distance from the previous stop."""
        days = days if days is not None else self._route_days()
        model = self.sudo()
        planned = model.browse()
        for technician_id, visit_date in days:
            if not technician_id or not visit_date:
                continue
            visits = model.search(
                [
                    ("technician_id", "=", technician_id),
                    ("visit_date", "=", visit_date),
                    ("state", "in", ("proposed", "confirmed", "done")),
                ],
                order="date_start, id",
            )
            planned |= visits
            for sequence, (visit, distance) in enumerate(model._plan_route(visits), start=1):
                values = {"route_sequence": sequence, "distance_km": distance}
                if visit.route_sequence != sequence or visit.distance_km != distance:
                    visit.with_context(aftersales_route_planning=True).write(values)
            cancelled = model.search(
                [
                    ("technician_id", "=", technician_id),
                    ("visit_date", "=", visit_date),
                    ("state", "=", "cancelled"),
                    ("route_sequence", "!=", 0),
                ]
            )
            if cancelled:
                cancelled.with_context(aftersales_route_planning=True).write(
                    {"route_sequence": 0, "distance_km": 0.0}
                )
                planned |= cancelled
        if planned:
            planned._on_routes_updated()
        return planned

    def _on_routes_updated(self):
        """Hook called with the visits whose route was planned again."""

    @api.model
    def _plan_route(self, visits):
        """Nearest-neighbour tour over the visits from the route's origin.
        Visits whose customer has no coordinates come last, by time.

        :return: list of (visit, km from the previous stop)
        """
        located = visits.filtered(lambda v: v.partner_latitude or v.partner_longitude)
        origin = self._route_origin(visits)
        route = []
        remaining = list(located)
        position = origin
        if position is None and remaining:
            first = remaining.pop(0)
            route.append((first, 0.0))
            position = (first.partner_latitude, first.partner_longitude)
        while remaining:
            distances = [
                haversine_km(position[0], position[1], v.partner_latitude, v.partner_longitude)
                for v in remaining
            ]
            index = min(range(len(remaining)), key=lambda i: (distances[i], remaining[i].id))
            visit = remaining.pop(index)
            route.append((visit, round(distances[index], 1)))
            position = (visit.partner_latitude, visit.partner_longitude)
        route.extend((visit, 0.0) for visit in visits - located)
        return route

    @api.model
    def _find_by_token(self, token):
        """The visit a customer's link points to, or an empty recordset."""
        if not token or not isinstance(token, str) or len(token) > 64:
            return self.browse()
        visit = self.sudo().search([("access_token", "=", token)], limit=1)
        if visit and consteq(visit.access_token, token):
            return visit
        return self.browse()

    def _portal_ensure_token(self):
        for visit in self.filtered(lambda v: not v.access_token):
            visit.sudo().access_token = str(uuid.uuid4())
        return self[:1].access_token if len(self) == 1 else True
