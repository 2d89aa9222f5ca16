# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

_logger = logging.getLogger(__name__)

# what SMS gateways call the sender and the text
SENDER_KEYS = ("from", "sender", "msisdn", "From")
TEXT_KEYS = ("text", "body", "message", "Body")


class AftersalesSmsGateway(http.Controller):
    """Text messages from customers, forwarded by an SMS gateway."""

    @http.route(
        "/aftersales/sms/inbound",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def aftersales_sms_inbound(self, **params):
        """Thread an inbound text message on its sender's open case, or open
        an SMS case. The gateway authenticates with its company's token, in
        the X-Aftersales-Token header or the token parameter of the URL, and
        posts a form or a JSON object with the sender (``from``) and the
        text (``text`` or ``body``)."""
        httprequest = request.httprequest
        token = httprequest.headers.get("X-Aftersales-Token") or httprequest.args.get("token")
        company = request.env["res.company"].sudo()._aftersales_company_for_sms_token(token)
        if not company:
            _logger.info(
                "Inbound SMS refused: wrong or missing token, from %s", httprequest.remote_addr
            )
            return self._sms_response({"error": "forbidden"}, 403)
        payload = dict(params)
        payload.pop("token", None)
        if httprequest.mimetype == "application/json":
            try:
                data = request.get_json_data()
            except ValueError:
                data = None
            if not isinstance(data, dict):
                return self._sms_response({"error": "The body is no JSON object."}, 400)
            payload.update(data)
        number = next((payload[key] for key in SENDER_KEYS if payload.get(key)), False)
        text = next((payload[key] for key in TEXT_KEYS if payload.get(key)), False)
        tickets = request.env["aftersales.ticket"].sudo().with_company(company)
        try:
            ticket = tickets._sms_intake(
                str(number) if number else False, str(text) if text else False
            )
        except ValidationError as error:
            _logger.info("Inbound SMS refused for %s: %s", company.name, error)
            return self._sms_response({"error": str(error)}, 400)
        return self._sms_response({"case": ticket.name, "id": ticket.id}, 200)

    def _sms_response(self, data, status):
        return request.make_response(
            json.dumps(data),
            headers=[("Content-Type", "application/json")],
            status=status,
        )
