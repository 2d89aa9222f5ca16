# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class AftersalesHandbackPortal(CustomerPortal):
    """The customer signs for the hand-back on their case's page."""

    @http.route(
        ["/my/aftersales/<int:ticket_id>/handback/sign"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_aftersales_handback_sign(
        self, ticket_id, access_token=None, name=None, signature=None
    ):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            ticket_sudo = self._document_check_access("aftersales.ticket", ticket_id, access_token)
        except (AccessError, MissingError):
            return {"error": request.env._("This case does not exist or is not yours.")}
        try:
            ticket_sudo._aftersales_sign_handback(name, signature)
        except (UserError, ValidationError) as error:
            return {"error": error.args[0]}
        return {
            "force_refresh": True,
            "redirect_url": ticket_sudo.get_portal_url(query_string="&message=sign_ok"),
        }
