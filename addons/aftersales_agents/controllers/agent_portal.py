# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class AftersalesAgentWorkshopPortal(CustomerPortal):
    """Agent workshops work on the cases given to them from /my/workshop:
    they move them through the work stages, record the parts taken from
    their consignment stock and add photos.

    Cases are listed and read with the agent's own rights (record rules);
    every action goes through one method of the case that checks the agent
    first and takes only the values it needs."""

    _workshop_page_size = 20
    _workshop_done = ("stage", "part", "photos")

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_workshop_count" in counters:
            ticket_model = request.env["aftersales.ticket"]
            values["aftersales_workshop_count"] = (
                ticket_model.search_count(
                    ticket_model._agent_portal_domain() + [("is_closed", "=", False)]
                )
                if ticket_model._agent_portal_centers()
                else 0
            )
        return values

    def _workshop_filters(self):
        env = request.env
        return {
            "open": {"label": env._("To Do"), "domain": [("is_closed", "=", False)]},
            "all": {"label": env._("All"), "domain": []},
        }

    def _workshop_ticket(self, ticket_id):
        """The case ``ticket_id`` if the current user is an agent of its
        workshop; a 404 otherwise (whether it exists or not)."""
        ticket = request.env["aftersales.ticket"].browse(ticket_id)
        try:
            if not ticket.exists():
                raise MissingError(request.env._("This case does not exist."))
            ticket._agent_portal_check_access()
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        return ticket

    @http.route(
        ["/my/workshop", "/my/workshop/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_workshop(self, page=1, filterby="open", **kw):
        ticket_model = request.env["aftersales.ticket"]
        if not ticket_model._agent_portal_centers():
            return request.redirect("/my")
        filters = self._workshop_filters()
        filterby = filterby if filterby in filters else "open"
        domain = ticket_model._agent_portal_domain() + filters[filterby]["domain"]
        count = ticket_model.search_count(domain)
        pager = portal_pager(
            url="/my/workshop",
            url_args={"filterby": filterby},
            total=count,
            page=page,
            step=self._workshop_page_size,
        )
        tickets = ticket_model.search(
            domain,
            order="priority desc, date_received, id",
            limit=self._workshop_page_size,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "tickets": tickets,
                "page_name": "aftersales_workshop",
                "default_url": "/my/workshop",
                "pager": pager,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("aftersales_agents.portal_my_workshop", values)

    def _workshop_ticket_values(self, ticket, **extra):
        ticket_sudo = ticket.sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "aftersales_workshop_ticket",
                "ticket": ticket,
                # what the agent needs of the case beyond the customer's view of
                # it (customer address, parts), read once access is checked
                "ticket_sudo": ticket_sudo,
                "stages": ticket._agent_portal_stages(),
                "part_moves": ticket._agent_portal_part_moves(),
                "stock": ticket._agent_portal_stock(),
                "consignment": ticket._agent_portal_consignment_location(),
                "photos": ticket._agent_portal_photos(),
                "photo_max_kb": ticket._agent_portal_photo_max_size() // 1024,
                "error_message": False,
                "success": False,
            }
        )
        values.update(extra)
        return values

    @http.route(["/my/workshop/<int:ticket_id>"], type="http", auth="user", website=True)
    def portal_my_workshop_ticket(self, ticket_id, done=None, **kw):
        ticket = self._workshop_ticket(ticket_id)
        return request.render(
            "aftersales_agents.portal_my_workshop_ticket",
            self._workshop_ticket_values(
                ticket, success=done if done in self._workshop_done else False
            ),
        )

    def _workshop_act(self, ticket, action, done):
        """Run ``action`` on the case; back to the case's page, with what was
        wrong when it was refused."""
        try:
            with request.env.cr.savepoint():
                action()
        except (UserError, ValidationError, AccessError) as error:
            return request.render(
                "aftersales_agents.portal_my_workshop_ticket",
                self._workshop_ticket_values(ticket, error_message=error.args[0]),
                status=400,
            )
        return request.redirect(f"/my/workshop/{ticket.id}?done={done}")

    @staticmethod
    def _workshop_id(value):
        value = (value if isinstance(value, str) else "").strip()
        return int(value) if value.isdigit() else 0

    @http.route(
        ["/my/workshop/<int:ticket_id>/stage"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_workshop_stage(self, ticket_id, stage_id=None, **kw):
        ticket = self._workshop_ticket(ticket_id)
        stage = request.env["aftersales.stage"].browse(self._workshop_id(stage_id))
        return self._workshop_act(ticket, lambda: ticket._agent_portal_move_stage(stage), "stage")

    @http.route(
        ["/my/workshop/<int:ticket_id>/part"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_workshop_part(
        self, ticket_id, product_id=None, quantity=None, location_id=None, **kw
    ):
        ticket = self._workshop_ticket(ticket_id)
        env = request.env
        product = env["product.product"].browse(self._workshop_id(product_id))
        location = env["stock.location"].browse(self._workshop_id(location_id))
        try:
            quantity = float(quantity or 0)
        except ValueError:
            quantity = 0.0
        return self._workshop_act(
            ticket,
            lambda: ticket._agent_portal_add_part(product, quantity, location=location or None),
            "part",
        )

    @http.route(
        ["/my/workshop/<int:ticket_id>/photos"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_workshop_photos(self, ticket_id, **kw):
        ticket = self._workshop_ticket(ticket_id)
        photos = [
            (upload.filename, upload.read())
            for upload in request.httprequest.files.getlist("photos")
            if upload.filename
        ]
        return self._workshop_act(ticket, lambda: ticket._agent_portal_add_photos(photos), "photos")
