# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import format_date, format_datetime, groupby

SLOT_FORMAT = "%Y-%m-%d %H:%M:%S"


class AftersalesAppointmentController(http.Controller):
    """The customer's link to a proposed visit: confirm the slot or pick
    another free one, without logging in. The link's token is the key."""

    def _visit_or_404(self, token):
        visit = request.env["aftersales.appointment"]._find_by_token(token)
        if not visit:
            raise request.not_found()
        return visit

    def _visit_values(self, visit, **values):
        env = request.env
        tz = visit.partner_id.tz or visit.technician_id.tz or "UTC"
        slots = visit._free_slots() if visit.state == "proposed" else []
        proposed = (visit.date_start, visit.date_end)
        if (
            visit.state == "proposed"
            and visit.date_start > fields.Datetime.now()
            and proposed not in slots
            and not visit._overlapping_visits()
        ):
            slots.insert(0, proposed)
        days = []
        for day, day_slots in groupby(
            sorted(slots),
            key=lambda s: fields.Datetime.context_timestamp(visit.with_context(tz=tz), s[0]).date(),
        ):
            days.append(
                {
                    "label": format_date(env, day, date_format="EEEE d MMMM"),
                    "slots": [
                        {
                            "value": start.strftime(SLOT_FORMAT),
                            "label": format_datetime(env, start, tz=tz, dt_format="HH:mm")
                            + " - "
                            + format_datetime(env, end, tz=tz, dt_format="HH:mm"),
                            "proposed": (start, end) == proposed,
                        }
                        for start, end in day_slots
                    ],
                }
            )
        values.update(
            {
                "visit": visit,
                "days": days,
                "token": visit.access_token,
                "visit_when": format_datetime(
                    env, visit.date_start, tz=tz, dt_format="EEEE d MMMM y, HH:mm"
                ),
            }
        )
        return values

    def _render(self, visit, status=200, **values):
        return request.render(
            "aftersales_reception.aftersales_appointment_page",
            self._visit_values(visit, **values),
            status=status,
        )

    @http.route(
        "/aftersales/visit/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def aftersales_visit(self, token, **kw):
        visit = self._visit_or_404(token)
        return self._render(visit)

    @http.route(
        "/aftersales/visit/<string:token>/confirm",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def aftersales_visit_confirm(self, token, slot=None, **kw):
        env = request.env
        visit = self._visit_or_404(token)
        if visit.state != "proposed":
            return self._render(
                visit,
                status=409,
                error=env._(
                    "This visit is already %(state)s: nothing was changed. Contact us to move it.",
                    state=dict(visit._fields["state"]._description_selection(env))[visit.state],
                ),
            )
        try:
            start = datetime.strptime(slot or "", SLOT_FORMAT)
        except ValueError:
            return self._render(visit, status=400, error=env._("Pick a slot of the list."))
        if start <= fields.Datetime.now():
            return self._render(
                visit,
                status=400,
                error=env._("This slot has already begun: pick a slot in the future."),
            )
        if start == visit.date_start:
            end = visit.date_end
        else:
            end = dict(visit._free_slots()).get(start)
            if not end:
                return self._render(
                    visit,
                    status=409,
                    error=env._("This slot is no longer free: pick another one of the list."),
                )
        try:
            visit._action_confirm(start, end)
        except (UserError, ValidationError) as error:
            return self._render(visit, status=409, error=error.args[0])
        return self._render(visit, confirmed=True)
