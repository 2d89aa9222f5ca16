# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import request


class AftersalesCallerCard(http.Controller):
    """The door a telephony system opens for reception on an incoming call."""

    @http.route("/odoo/aftersales/caller", type="http", auth="user", methods=["GET"])
    def aftersales_caller(self, number="", **_kwargs):
        """Open the caller card of ``number``: reception only."""
        env = request.env
        if not env.user.has_group("aftersales_reception.group_aftersales_reception"):
            raise Forbidden()
        caller = env["aftersales.caller"].create({"number": (number or "").strip()[:64]})
        return request.redirect(f"/odoo/aftersales-caller/{caller.id}")
