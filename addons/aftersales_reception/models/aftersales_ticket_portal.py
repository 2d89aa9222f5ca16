# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import format_list

# What customers (portal users) read of their own cases, whatever the door
# (portal pages, JSON-RPC): the case's story, never the service's internals
# (notes, overrides, SLA deadlines, technicians, fees).
PORTAL_READABLE_FIELDS = {
    "id",
    "display_name",
    "name",
    "summary",
    "active",
    "company_id",
    "currency_id",
    "channel",
    "partner_id",
    "commercial_partner_id",
    "contact_name",
    "partner_phone",
    "partner_email",
    "product_id",
    "product_categ_id",
    "serial_number",
    "equipment_id",
    "fault_description",
    "service_type",
    "warranty_state",
    "warranty_end_date",
    "stage_id",
    "stage_type",
    "is_closed",
    "user_id",
    "service_center_id",
    # the default order of cases
    "priority",
    "date_received",
    "date_promised",
    "date_done",
    "date_delivered",
    "create_date",
    "write_date",
    "create_uid",
    "write_uid",
    # portal mixin and chatter
    "access_url",
    "access_token",
    "access_warning",
    "message_ids",
    "website_message_ids",
    "message_follower_ids",
    "message_partner_ids",
    "message_is_follower",
    "message_attachment_count",
    "message_main_attachment_id",
    "has_message",
    "message_needaction",
    "message_needaction_counter",
    "message_has_error",
    "message_has_error_counter",
}

# What the portal's new-case form passes on to a case: everything else
# (reference, priority, warranty, team, technician, SLA dates ...) is set
# by the suite.
PORTAL_CREATE_FIELDS = {
    "partner_id",
    "summary",
    "fault_description",
    "equipment_id",
    "contact_name",
    "partner_phone",
}


class AftersalesTicket(models.Model):
    """Cases as seen by customers: portal users hold read access to their own
    cases only, and of those only the fields of ``_portal_readable_fields``;
    they create cases through the portal controllers, which pass on the
    fields of ``_portal_create_fields`` (as Odoo's project does for tasks)."""

    _inherit = "aftersales.ticket"

    @api.model
    def _portal_readable_fields(self):
        """Extended by addons that show more of a case on the portal."""
        return set(PORTAL_READABLE_FIELDS)

    @api.model
    def _portal_create_fields(self):
        return set(PORTAL_CREATE_FIELDS)

    @api.model
    def _portal_page_query(self, domain):
        """The customer's cases matching ``domain``, as a query: the record
        rules are applied once (the portal rule walks down the customer's
        contacts and followers), for both the count of the pager
        (``len(query)``) and the page (``_portal_page``)."""
        return self._search(domain)

    @api.model
    def _portal_page(self, query, order, limit, offset=0):
        """One page of the cases of ``query`` (``_portal_page_query``), with
        the fields the portal's list shows read in the same query."""
        if query.is_empty():
            return self.browse()
        query.order = self._order_to_sql(order, query)
        query.limit = limit
        query.offset = offset
        fields = self._determine_fields_to_fetch(self._portal_list_fields())
        return self._fetch_query(query, fields)

    @api.model
    def _portal_list_fields(self):
        """What the portal's list of cases shows of each case."""
        return ["name", "summary", "date_received", "date_promised", "stage_id", "is_closed"]

    @api.model
    def _is_portal_fenced(self):
        return not self.env.su and self.env.user.share

    @api.model
    def _raise_portal_field_access(self, field_names):
        raise AccessError(
            self.env._(
                "You cannot read these fields of after-sales cases: %(fields)s. "
                "Your cases are on your portal page.",
                fields=format_list(self.env, sorted(field_names)),
            )
        )

    @api.model
    def check_field_access_rights(self, operation, field_names):
        if not self._is_portal_fenced():
            return super().check_field_access_rights(operation, field_names)
        readable = self._portal_readable_fields()
        if field_names:
            hidden = {name for name in field_names if name in self._fields} - readable
            if hidden:
                self._raise_portal_field_access(hidden)
            return super().check_field_access_rights(operation, field_names)
        return [
            name
            for name in super().check_field_access_rights(operation, field_names)
            if name in readable
        ]

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        if self._is_portal_fenced():
            readable = self._portal_readable_fields()
            field_names = [name for name in field_names if name in readable]
        return super()._determine_fields_to_fetch(field_names, ignore_when_in_cache)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        descriptions = super().fields_get(allfields=allfields, attributes=attributes)
        if not self._is_portal_fenced():
            return descriptions
        readable = self._portal_readable_fields()
        return {name: desc for name, desc in descriptions.items() if name in readable}

    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return key + (self.env.user.share,)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """A customer cannot filter cases on what they cannot read (which
        would reveal it one guess at a time)."""
        if self._is_portal_fenced() and domain:
            readable = self._portal_readable_fields()
            hidden = {
                leaf[0].split(".")[0]
                for leaf in domain
                if isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str)
            } - readable
            hidden &= set(self._fields)
            if hidden:
                self._raise_portal_field_access(hidden)
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)
