# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class AftersalesPortal(CustomerPortal):
    """Customers follow their cases and open new ones from /my."""

    _ticket_page_size = 20

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_ticket_count" in counters:
            ticket_model = request.env["aftersales.ticket"]
            values["aftersales_ticket_count"] = (
                ticket_model.search_count(self._ticket_domain())
                if ticket_model.has_access("read")
                else 0
            )
        return values

    def _ticket_domain(self):
        """The cases of the customer's company and of its contacts: read from
        the commercial partner stored (and indexed) on each case, without
        walking down the company's contacts on every page."""
        partner = request.env.user.partner_id
        return [("commercial_partner_id", "=", partner.commercial_partner_id.id)]

    def _ticket_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "date_received desc, id desc"},
            "name": {"label": env._("Reference"), "order": "name desc"},
            "stage": {"label": env._("Stage"), "order": "stage_id, id desc"},
        }

    def _ticket_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "open": {"label": env._("Open"), "domain": [("is_closed", "=", False)]},
            "closed": {"label": env._("Closed"), "domain": [("is_closed", "=", True)]},
        }

    @http.route(
        ["/my/aftersales", "/my/aftersales/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_aftersales_tickets(self, page=1, sortby="date", filterby="all", **kw):
        ticket_model = request.env["aftersales.ticket"]
        sortings = self._ticket_sortings()
        filters = self._ticket_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = self._ticket_domain() + filters[filterby]["domain"]
        # the customer's access rules are worked out once for the count and
        # the page
        query = ticket_model._portal_page_query(domain)
        pager = portal_pager(
            url="/my/aftersales",
            url_args={"sortby": sortby, "filterby": filterby},
            total=len(query),
            page=page,
            step=self._ticket_page_size,
        )
        tickets = ticket_model._portal_page(
            query,
            order=sortings[sortby]["order"],
            limit=self._ticket_page_size,
            offset=pager["offset"],
        )
        request.session["my_aftersales_history"] = tickets.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "tickets": tickets,
                "page_name": "aftersales",
                "default_url": "/my/aftersales",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("aftersales_reception.portal_my_aftersales_tickets", values)

    @http.route(["/my/aftersales/<int:ticket_id>"], type="http", auth="public", website=True)
    def portal_my_aftersales_ticket(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access("aftersales.ticket", ticket_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = {"page_name": "aftersales_ticket", "ticket": ticket_sudo}
        values = self._get_page_view_values(
            ticket_sudo, access_token, values, "my_aftersales_history", False, **kw
        )
        return request.render("aftersales_reception.portal_my_aftersales_ticket", values)

    @http.route(
        ["/my/aftersales/new"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_my_aftersales_new(self, **post):
        values = self._prepare_portal_layout_values()
        partner = request.env.user.partner_id
        equipment = request.env["aftersales.equipment"].search(
            [("partner_id", "child_of", partner.commercial_partner_id.id)]
        )
        values.update(
            {"page_name": "aftersales_new", "equipment": equipment, "error": {}, "post": post}
        )
        if request.httprequest.method == "POST":
            try:
                ticket = self._portal_create_ticket(post)
            except (UserError, ValidationError, AccessError) as error:
                values["error_message"] = error.args[0] if error.args else str(error)
            else:
                return request.redirect(ticket.get_portal_url())
        return request.render("aftersales_reception.portal_aftersales_new_ticket", values)

    @staticmethod
    def _portal_text(value):
        """Text typed into a form, without the NUL characters PostgreSQL refuses."""
        return (value if isinstance(value, str) else "").replace("\x00", "").strip()

    @staticmethod
    def _portal_record_id(value, label):
        """A record picked in a form: its id, or a clear error for anything else."""
        value = AftersalesPortal._portal_text(value)
        if not value:
            return False
        if not value.isdigit():
            raise ValidationError(
                request.env._("%(field)s: pick an entry of the list.", field=label)
            )
        return int(value)

    def _portal_create_ticket(self, post):
        """Open a case for the portal user. Customers have no create access on
        cases: the values they may give (``_portal_create_fields``) are
        checked here, everything else is set by the suite, and the case is
        created as the suite."""
        env = request.env
        partner = env.user.partner_id
        customer_id = self._portal_record_id(post.get("partner_id"), env._("Customer"))
        if customer_id and customer_id != partner.id:
            customer = env["res.partner"].sudo().browse(customer_id).exists()
            if not customer or customer.commercial_partner_id != partner.commercial_partner_id:
                raise AccessError(
                    env._(
                        "You can only open a case for yourself or your own company, not for "
                        "another customer."
                    )
                )
            partner = customer
        summary = self._portal_text(post.get("summary"))
        description = self._portal_text(post.get("fault_description"))
        if not summary:
            raise ValidationError(env._("Subject: say in a few words what the problem is."))
        if not description:
            raise ValidationError(
                env._("Description: describe the problem, so nobody has to ask you again.")
            )
        values = {
            "partner_id": partner.id,
            "summary": summary,
            "fault_description": description,
        }
        equipment_id = self._portal_record_id(post.get("equipment_id"), env._("Unit"))
        if equipment_id:
            equipment = env["aftersales.equipment"].browse(equipment_id).exists()
            if not equipment or not equipment.has_access("read"):
                raise AccessError(env._("That equipment is not registered to you."))
            values["equipment_id"] = equipment.id
        else:
            unit = " ".join(
                v
                for v in (
                    self._portal_text(post.get("unit")),
                    self._portal_text(post.get("serial_number")),
                )
                if v
            )
            # the unit is checked by reception before it is linked to the
            # installed base: a typed serial number is not trusted as is
            if unit:
                values["fault_description"] = env._(
                    "Unit: %(unit)s\n\n%(description)s", unit=unit, description=description
                )
        ticket_model = env["aftersales.ticket"]
        allowed = ticket_model._portal_create_fields()
        values = {key: value for key, value in values.items() if key in allowed}
        values["channel"] = "portal"
        # no default_* from the request's context reaches the case
        context = {key: val for key, val in env.context.items() if not key.startswith("default_")}
        return env(context=context)["aftersales.ticket"].sudo().create(values)
